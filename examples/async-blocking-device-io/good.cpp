// async-blocking-device-io, fixed: the device is opened and read on asyncrt's worker pool; the
// coroutine suspends until the bytes are there.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

// Blocking, and fine: it is a plain function that runs on a worker thread.
long read_device(unsigned char *buf, long n) {
  int fd = ::open("/dev/urandom", O_RDONLY);
  if (fd < 0)
    return -1;
  long got = ::read(fd, buf, n);
  ::close(fd);
  return got;
}

asyncrt::task<long> sample() {
  unsigned char buf[8];
  co_return co_await asyncrt::to_thread(read_device, buf, 8L);
}

int main() {
  long got = asyncrt::run(sample());
  std::printf("read %ld bytes from the device\n", got);
  return got == 8 ? 0 : 1;
}
