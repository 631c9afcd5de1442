// async-blocking-file-io, the bad way: the coroutine reads and writes a file with std::fstream,
// so the event loop waits for the disk.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <fstream>
#include <string>

asyncrt::task<std::string> roundtrip(std::string path) {
  std::ofstream(path) << "hello from the disk\n"; // blocks the loop
  std::ifstream in(path);                          // blocks the loop
  std::string line;
  std::getline(in, line);                          // blocks the loop
  co_return line;
}

int main() { std::puts(asyncrt::run(roundtrip("/tmp/async-tidy-file-io.txt")).c_str()); }
