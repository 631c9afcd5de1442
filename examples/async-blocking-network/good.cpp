// async-blocking-network, fixed: the blocking socket conversation runs on asyncrt's worker pool
// (to_thread), so two clients talk to a local echo server at once while the loop stays free.
#include <asyncrt/gather.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <arpa/inet.h>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

static sockaddr_in loopback(unsigned short port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A blocking echo server on 127.0.0.1 that answers `clients` connections, on its own thread.
static int listen_on_loopback(unsigned short &port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr *>(&addr), len) != 0 || listen(fd, 4) != 0)
    return -1;
  getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}
static void echo_server(int listener, int clients) {
  for (int i = 0; i < clients; ++i) {
    int c = accept(listener, nullptr, nullptr);
    char buf[4];
    long n = recv(c, buf, sizeof buf, MSG_WAITALL);
    if (n > 0)
      send(c, buf, n, 0);
    close(c);
  }
}

// The blocking client: fine in a plain function that runs on a worker thread.
static long ping_blocking(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopback(port);
  if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  send(fd, "ping", 4, 0);
  char reply[4];
  long n = recv(fd, reply, sizeof reply, MSG_WAITALL);
  close(fd);
  return n;
}

asyncrt::task<long> ping(unsigned short port) {
  co_return co_await asyncrt::to_thread(ping_blocking, port);
}

asyncrt::task<long> two_pings(unsigned short port) {
  auto [a, b] = co_await asyncrt::gather(ping(port), ping(port));
  co_return a + b;
}

int main() {
  unsigned short port = 0;
  int listener = listen_on_loopback(port);
  if (listener < 0)
    return 1;
  std::thread server(echo_server, listener, 2);
  long echoed = asyncrt::run(two_pings(port));
  server.join();
  close(listener);
  std::printf("echoed %ld bytes\n", echoed);
  return echoed == 8 ? 0 : 1;
}
