// async-blocking-http, fixed: the synchronous HTTP request runs on asyncrt's worker pool
// (to_thread, the sync_to_async of the Python rules) against a server this program starts on
// 127.0.0.1; two requests run at once with gather.
#include <asyncrt/gather.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <string>
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

// A tiny HTTP/1.0 server: answers `requests` requests with "200 OK", on its own thread.
static void http_server(int listener, int requests) {
  for (int i = 0; i < requests; ++i) {
    int c = accept(listener, nullptr, nullptr);
    char buf[512];
    (void)recv(c, buf, sizeof buf, 0);
    const char *reply = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
    send(c, reply, std::strlen(reply), 0);
    close(c);
  }
}

// A synchronous HTTP GET (what a blocking client library does), fine on a worker thread.
static int http_get_status(unsigned short port, std::string path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopback(port);
  if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  send(fd, request.data(), request.size(), 0);
  char buf[512] = {};
  long n = recv(fd, buf, sizeof buf - 1, MSG_WAITALL);
  close(fd);
  int status = -1;
  if (n > 0)
    std::sscanf(buf, "HTTP/1.%*d %d", &status);
  return status;
}

asyncrt::task<int> get(unsigned short port, std::string path) {
  co_return co_await asyncrt::to_thread(http_get_status, port, path);
}

asyncrt::task<int> both(unsigned short port) {
  auto [a, b] = co_await asyncrt::gather(get(port, "/a"), get(port, "/b"));
  co_return a == 200 && b == 200 ? 200 : -1;
}

int main() {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof addr;
  if (bind(listener, reinterpret_cast<sockaddr *>(&addr), len) != 0 || listen(listener, 4) != 0)
    return 1;
  getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len);
  std::thread server(http_server, listener, 2);
  int status = asyncrt::run(both(ntohs(addr.sin_port)));
  server.join();
  close(listener);
  std::printf("both requests answered %d\n", status);
  return status == 200 ? 0 : 1;
}
