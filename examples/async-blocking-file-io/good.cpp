// async-blocking-file-io, fixed: asyncrt's files (like aiofiles) run the I/O off the loop, so
// another task keeps running while the file is written and read back.
#include <asyncrt/file.hpp>
#include <asyncrt/gather.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <unistd.h>

asyncrt::task<std::string> roundtrip(std::string path) {
  co_await asyncrt::write_file(path, "hello from the disk\n");
  std::string text = co_await asyncrt::read_file(path);
  co_return text.substr(0, text.find('\n'));
}

asyncrt::task<int> ticker() {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));
  co_return 1;
}

asyncrt::task<std::string> both(std::string path) {
  auto [line, ticks] = co_await asyncrt::gather(roundtrip(path), ticker());
  co_return ticks == 1 ? line : std::string("ticker did not run");
}

int main() {
  std::string path = "/tmp/async-tidy-file-io-" + std::to_string(getpid()) + ".txt";
  std::string line = asyncrt::run(both(path));
  unlink(path.c_str());
  std::printf("read back: %s\n", line.c_str());
  return line == "hello from the disk" ? 0 : 1;
}
