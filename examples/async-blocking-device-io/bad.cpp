// async-blocking-device-io, the bad way: reading a device node in the coroutine waits for the
// device on the loop's thread (here /dev/urandom; a serial port or USB device is worse).
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

asyncrt::task<int> read_device() {
  int fd = ::open("/dev/urandom", O_RDONLY); // blocks until the device opens
  unsigned char byte = 0;
  ::read(fd, &byte, 1);                      // blocks until the device answers
  ::close(fd);
  co_return byte;
}

int main() { std::printf("%d\n", asyncrt::run(read_device())); }
