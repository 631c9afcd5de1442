// RUN: %check_async_tidy %s async-blocking-network %t -- -- -I%S/Inputs %async_compile_flags
// Standalone Asio (libasio-dev) is in async-blocking-network-asio.cpp: the two Asios clash in one TU.

#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <arpa/inet.h>
#include <boost/asio.hpp>
#include <cerrno>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>
#include "minitask.h"

namespace net = boost::asio;
using net::ip::tcp;

// --- Positives: POSIX sockets ---------------------------------------------------------------

asyncrt::task<long> fetch(const sockaddr_in &addr, const char *request, char *reply) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'connect' waits for the network and blocks the event loop running coroutine 'fetch'; use a non-blocking socket awaited for readiness, or 'co_await asyncrt::to_thread(...)' instead [async-blocking-network]
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: coroutine 'fetch' declared here
  send(fd, request, 10, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'send' waits for the network {{.*}}[async-blocking-network]
  long n = ::recv(fd, reply, 512, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'recv' waits for the network {{.*}}[async-blocking-network]
  close(fd);
  co_return n;
}

asyncrt::task<void> serve(int listener, int udp) {
  int client = accept(listener, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'accept' waits for the network {{.*}}[async-blocking-network]
  char buf[64];
  sockaddr_in from{};
  socklen_t len = sizeof from;
  recvfrom(udp, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recvfrom' {{.*}}[async-blocking-network]
  sendto(udp, buf, 1, 0, reinterpret_cast<sockaddr *>(&from), len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sendto' {{.*}}[async-blocking-network]
  pollfd p{client, POLLIN, 0};
  poll(&p, 1, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' waits for the network {{.*}}[async-blocking-network]
  poll(&p, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' {{.*}}[async-blocking-network]
  fd_set set;
  FD_ZERO(&set);
  timeval five{5, 0};
  select(client + 1, &set, nullptr, nullptr, &five);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'select' waits for the network {{.*}}[async-blocking-network]
  select(client + 1, &set, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'select' {{.*}}[async-blocking-network]
  timeval later;
  later.tv_sec = 2;
  later.tv_usec = 0;
  select(client + 1, &set, nullptr, nullptr, &later);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'select' {{.*}}[async-blocking-network]
  co_return;
}

asyncrt::task<void> resolve(const char *host) {
  addrinfo *res = nullptr;
  getaddrinfo(host, "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'getaddrinfo' waits for a DNS lookup {{.*}}'co_await asyncrt::to_thread(...)' instead [async-blocking-network]
  gethostbyname(host);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'gethostbyname' waits for a DNS lookup {{.*}}[async-blocking-network]
  freeaddrinfo(res);
  co_return;
}

// --- Positives: Boost.Asio synchronous operations in Asio's own coroutines ------------------

net::awaitable<void> echo(tcp::socket socket) {
  char data[1024];
  std::size_t n = socket.read_some(net::buffer(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'boost::asio::ip::tcp::socket::read_some' waits for the network {{.*}}coroutine 'echo'; use 'co_await socket.async_read_some(..., boost::asio::use_awaitable)' instead [async-blocking-network]
  boost::system::error_code ec;
  socket.write_some(net::buffer(data, n), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'boost::asio::ip::tcp::socket::write_some' {{.*}}[async-blocking-network]
  net::write(socket, net::buffer(data, n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::asio::write' {{.*}}'co_await boost::asio::async_write(..., boost::asio::use_awaitable)' instead [async-blocking-network]
  net::read(socket, net::buffer(data, 1), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::asio::read' {{.*}}[async-blocking-network]
  co_await socket.async_write_some(net::buffer(data, n), net::use_awaitable);
}

net::awaitable<void> dial(tcp::socket &socket, tcp::resolver &resolver, tcp::acceptor &acceptor) {
  auto endpoints = resolver.resolve("example.com", "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'boost::asio::ip::tcp::resolver::resolve' waits for a DNS lookup {{.*}}[async-blocking-network]
  net::connect(socket, endpoints);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::asio::connect' {{.*}}[async-blocking-network]
  socket.connect(*endpoints.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'boost::asio::ip::tcp::socket::connect' {{.*}}[async-blocking-network]
  tcp::socket peer = acceptor.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'boost::asio::ip::tcp::acceptor::accept' {{.*}}[async-blocking-network]
  co_await acceptor.async_accept(net::use_awaitable);
}

// A member coroutine of a class template, instantiated twice: one warning.
template <class Protocol> struct Session {
  typename Protocol::socket socket;
  net::awaitable<void> greet() {
    net::write(socket, net::buffer("hi", 2));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::asio::write' {{.*}}coroutine 'greet'{{.*}}[async-blocking-network]
    co_return;
  }
};
template struct Session<net::ip::tcp>;
template struct Session<net::local::stream_protocol>;

auto coroutine_lambda = [](int fd, char *buf) -> asyncrt::task<long> {
  co_return recv(fd, buf, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'recv' {{.*}}coroutine lambda{{.*}}[async-blocking-network]
};

#define SEND_ALL(fd, s) ::send(fd, s, sizeof s - 1, 0)
asyncrt::task<void> in_macro(int fd) {
  SEND_ALL(fd, "ping");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'send' {{.*}}[async-blocking-network]
  co_return;
}

mini::Task other_library(int fd) {
  accept(fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'accept' {{.*}}[async-blocking-network]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

void plain_function(int fd, char *buf) { recv(fd, buf, 1, 0); }

// The non-blocking socket idiom: the result or errno is compared with EAGAIN/EINPROGRESS.
asyncrt::task<long> nonblocking_read(int fd, char *buf) {
  for (;;) {
    long n = recv(fd, buf, 64, 0);
    if (n >= 0)
      co_return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      co_return -1;
    co_await asyncrt::to_thread([] {}); // stands in for awaiting readiness
  }
}

asyncrt::task<int> nonblocking_connect(const sockaddr_in &addr) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) < 0 &&
      errno != EINPROGRESS)
    co_return -1;
  co_return fd;
}

asyncrt::task<long> dont_wait(int fd, char *buf) {
  co_return recv(fd, buf, 1, MSG_DONTWAIT);
}

// Zero timeouts only poll.
asyncrt::task<int> zero_timeouts(int fd) {
  pollfd p{fd, POLLIN, 0};
  int ready = poll(&p, 1, 0);
  fd_set set;
  FD_ZERO(&set);
  timeval none{0, 0};
  ready += select(fd + 1, &set, nullptr, nullptr, &none);
  timeval zero{};
  ready += select(fd + 1, &set, nullptr, nullptr, &zero);
  timeval piecewise;
  piecewise.tv_sec = 0;
  piecewise.tv_usec = 0;
  ready += select(fd + 1, &set, nullptr, nullptr, &piecewise);
  co_return ready;
}

// io_context::run is async-nested-run's, not this check's.
net::awaitable<void> nested(net::io_context &io) {
  io.run();
  io.poll();
  co_return;
}

// Offloaded and stored work runs elsewhere; async_* are the fix.
asyncrt::task<long> offloaded(int fd, char *buf) {
  co_return co_await asyncrt::to_thread([&] { return recv(fd, buf, 1, 0); });
}

net::awaitable<std::size_t> asynchronous(tcp::socket &socket, tcp::resolver &resolver) {
  char data[8];
  auto endpoints = co_await resolver.async_resolve("localhost", "80", net::use_awaitable);
  co_await net::async_connect(socket, endpoints, net::use_awaitable);
  std::size_t n = co_await socket.async_read_some(net::buffer(data), net::use_awaitable);
  co_await net::async_write(socket, net::buffer(data, n), net::use_awaitable);
  net::post(socket.get_executor(), [&socket] {
    char more[8];
    socket.read_some(net::buffer(more)); // a handler, not this coroutine
  });
  co_return n;
}

// Look-alikes: a user class with connect/send/read_some members, a member named accept.
struct Channel {
  void connect(int) {}
  int send(const char *) { return 0; }
  int read_some(char *) { return 0; }
};
asyncrt::task<int> look_alikes(Channel &ch, char *buf) {
  ch.connect(1);
  co_return ch.send("x") + ch.read_some(buf);
}

// A user's C++ function that shares a POSIX name in the global namespace is not POSIX.
struct Message {};
int send(const Message &);
int connect(const char *peer);
asyncrt::task<int> same_name(const Message &m) { co_return send(m) + connect("peer"); }

asyncrt::task<void> suppressed(int fd) {
  accept(fd, nullptr, nullptr); // NOLINT(async-blocking-network)
  co_return;
}
