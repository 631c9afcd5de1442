// RUN: %check_async_tidy %s async-blocking-device-io %t -- -- -I%S/Inputs -I/usr/include/libusb-1.0 %async_compile_flags
// Real headers: libusb.h (libusb-1.0-0-dev), termios, ioctl, Boost.Asio's serial_port.

#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio.hpp>
#include <cerrno>
#include <fcntl.h>
#include <libusb.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "minitask.h"

namespace net = boost::asio;

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<int> read_sensor(libusb_device_handle *dev) {
  unsigned char data[64];
  int got = 0;
  libusb_bulk_transfer(dev, 0x81, data, sizeof data, &got, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'libusb_bulk_transfer' waits for a USB device and blocks the event loop running coroutine 'read_sensor'; use libusb's asynchronous transfer API, or 'co_await asyncrt::to_thread(...)' instead [async-blocking-device-io]
  // CHECK-MESSAGES: :[[@LINE-5]]:20: note: coroutine 'read_sensor' declared here
  libusb_control_transfer(dev, 0x40, 1, 0, 0, data, 1, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'libusb_control_transfer' {{.*}}[async-blocking-device-io]
  libusb_interrupt_transfer(dev, 0x82, data, 8, &got, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'libusb_interrupt_transfer' {{.*}}[async-blocking-device-io]
  libusb_handle_events(nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'libusb_handle_events' {{.*}}[async-blocking-device-io]
  co_return got;
}

asyncrt::task<char> serial_command(const char *cmd) {
  int tty = open("/dev/ttyUSB0", O_RDWR | O_NOCTTY);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'open' waits for a device {{.*}}[async-blocking-device-io]
  write(tty, cmd, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'write' waits for a device {{.*}}[async-blocking-device-io]
  tcdrain(tty);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'tcdrain' waits for a serial line {{.*}}[async-blocking-device-io]
  char reply = 0;
  read(tty, &reply, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' waits for a device {{.*}}[async-blocking-device-io]
  ioctl(tty, TIOCMIWAIT, TIOCM_CTS);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'ioctl' waits for a device {{.*}}[async-blocking-device-io]
  close(tty);
  co_return reply;
}

net::awaitable<void> asio_serial(net::serial_port &port) {
  char c = 0;
  port.read_some(net::buffer(&c, 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'boost::asio::serial_port::read_some' waits for a serial line {{.*}}'co_await port.async_read_some(..., boost::asio::use_awaitable)' instead [async-blocking-device-io]
  co_await port.async_write_some(net::buffer(&c, 1), net::use_awaitable);
}

template <int Endpoint> struct Pump {
  asyncrt::task<void> push(libusb_device_handle *dev, unsigned char *data) {
    int sent = 0;
    libusb_bulk_transfer(dev, Endpoint, data, 8, &sent, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'libusb_bulk_transfer' {{.*}}coroutine 'push'{{.*}}[async-blocking-device-io]
    co_return;
  }
};
template struct Pump<1>;
template struct Pump<2>;

auto coroutine_lambda = [](int fd) -> asyncrt::task<int> { co_return tcsendbreak(fd, 0); };
// CHECK-MESSAGES: :[[@LINE-1]]:70: warning: 'tcsendbreak' {{.*}}coroutine lambda{{.*}}[async-blocking-device-io]

#define CTRL(dev, req) libusb_control_transfer(dev, 0x40, req, 0, 0, nullptr, 0, 100)
mini::Task in_macro(libusb_device_handle *dev) {
  CTRL(dev, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'libusb_control_transfer' {{.*}}[async-blocking-device-io]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

void plain_function(libusb_device_handle *dev) {
  libusb_control_transfer(dev, 0x40, 1, 0, 0, nullptr, 0, 100);
}

// Non-blocking ioctls (FIONREAD/FIONBIO) and a descriptor opened O_NONBLOCK.
asyncrt::task<int> nonblocking(int sock) {
  int available = 0;
  ioctl(sock, FIONREAD, &available);
  int tty = open("/dev/ttyS0", O_RDWR | O_NONBLOCK);
  char c;
  if (read(tty, &c, 1) < 0 && errno == EAGAIN)
    available = 0;
  co_return available;
}

// Regular files are async-blocking-file-io's; descriptors of unknown kind are nobody's.
asyncrt::task<void> not_devices(const char *path, int fd, char *buf) {
  int file = open(path, O_RDONLY);
  read(file, buf, 1);
  read(fd, buf, 1);
  co_return;
}

asyncrt::task<int> offloaded(libusb_device_handle *dev, unsigned char *data) {
  co_return co_await asyncrt::to_thread([=] {
    int got = 0;
    libusb_bulk_transfer(dev, 0x81, data, 64, &got, 1000);
    return got;
  });
}

// Look-alikes: libusb's asynchronous API, a user class with transfer/ioctl members.
struct Device {
  int ioctl(int) { return 0; }
  int transfer() { return 0; }
};
asyncrt::task<int> look_alikes(Device &d, libusb_transfer *t) {
  libusb_submit_transfer(t);
  co_return d.ioctl(1) + d.transfer();
}

asyncrt::task<void> suppressed(int fd) {
  tcdrain(fd); // NOLINT(async-blocking-device-io)
  co_return;
}
