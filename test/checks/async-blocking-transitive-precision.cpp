// RUN: %check_async_tidy -check-suffix=NET %s async-blocking-network %t -- -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=FILE %s async-blocking-file-io %t -- -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=SYNC %s async-blocking-sync %t -- -- %async_compile_flags

// The shapes that made the transitive analysis wrong on real projects (docs/real-world.md), each
// beside the nearest shape that does block. Every other warning fails the test.
#include <utility>
#include <asyncrt/task.hpp>
#include <boost/asio.hpp>
#include <coroutine>
#include <fstream>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

// --- A socket that another TU made non-blocking (libcoro's tcp::client) --------------------
struct Client {
  int fd_ = -1;
  // The member was set up elsewhere (SOCK_NONBLOCK in the constructor's TU): this helper alone
  // cannot say that recv waits.
  long read_some(char *buf, unsigned long n) { return ::recv(fd_, buf, n, 0); }
};

long read_fresh(char *buf, unsigned long n) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0); // a blocking socket, made here
  return ::recv(fd, buf, n, 0);
}

asyncrt::task<void> pump(Client &c) {
  char buf[64];
  c.read_some(buf, sizeof buf);
  read_fresh(buf, sizeof buf);
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:3: warning: 'read_fresh' blocks the event loop running coroutine 'pump': it calls 'recv', waiting for the network; {{.*}}[async-blocking-network]
  // CHECK-MESSAGES-NET: :26:10: note: 'read_fresh' calls 'recv' here
  // CHECK-MESSAGES-NET: :29:21: note: coroutine 'pump' declared here
  co_return;
}

// --- Resolving a numeric address (cinatra's listen() on "0.0.0.0") ------------------------
namespace net = boost::asio;

struct Server {
  net::io_context &io;
  std::string address_ = "0.0.0.0", port_ = "8080";
  // The address is configuration, set elsewhere: numeric or not, this helper cannot say.
  void listen() {
    net::ip::tcp::resolver resolver(io);
    resolver.resolve(address_, port_);
  }
};

void listen_on_name(net::io_context &io) {
  net::ip::tcp::resolver resolver(io);
  resolver.resolve("example.com", "80"); // a DNS lookup
}

asyncrt::task<void> start(Server &s, net::io_context &io) {
  s.listen();
  net::ip::tcp::resolver resolver(io);
  resolver.resolve("0.0.0.0", "8080");
  resolver.resolve("::1", "8080");
  resolver.resolve("127.0.0.1", "http");
  resolver.resolve("localhost", "8080");
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:12: warning: 'boost::asio::ip::tcp::resolver::resolve' waits for a DNS lookup {{.*}}[async-blocking-network]
  // CHECK-MESSAGES-NET: :57:21: note: coroutine 'start' declared here
  listen_on_name(io);
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:3: warning: 'listen_on_name' blocks the event loop running coroutine 'start': it calls 'boost::asio::ip::tcp::resolver::resolve', waiting for a DNS lookup; {{.*}}[async-blocking-network]
  // CHECK-MESSAGES-NET: :54:12: note: 'listen_on_name' calls 'boost::asio::ip::tcp::resolver::resolve' here
  // CHECK-MESSAGES-NET: :57:21: note: coroutine 'start' declared here
  co_return;
}

// --- /proc is the kernel's memory (doctest's isDebuggerActive) ------------------------------
bool traced() {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::getline(in, line);
  return !line.empty();
}

std::string load_config() {
  std::ifstream in("/etc/app.conf");
  std::string line;
  std::getline(in, line);
  return line;
}

asyncrt::task<void> check_state() {
  traced();
  std::ifstream sys("/sys/class/net/lo/mtu");
  load_config();
  // CHECK-MESSAGES-FILE: :[[@LINE-1]]:3: warning: 'load_config' blocks the event loop running coroutine 'check_state': it constructs 'std::ifstream', waiting for the disk; {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-FILE: :82:17: note: 'load_config' constructs 'std::ifstream' here
  // CHECK-MESSAGES-FILE: :84:3: note: 'load_config' also calls 'std::getline' here
  // CHECK-MESSAGES-FILE: :88:21: note: coroutine 'check_state' declared here
  co_return;
}

// --- A trampoline that runs what it is given (concurrencpp's bridge) ----------------------
template <class F> asyncrt::task<void> bridge(F f) {
  f();
  co_return;
}

template <class F> void run_now(F f) { f(); }

void submit() {
  bridge([] { std::ifstream in("/var/log/app.log"); });
}

asyncrt::task<void> inline_helper() {
  run_now([] { std::ifstream in("/var/log/app.log"); });
  // CHECK-MESSAGES-FILE: :[[@LINE-1]]:3: warning: 'run_now' blocks the event loop running coroutine 'inline_helper': it calls the lambda, which constructs 'std::ifstream', waiting for the disk; {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-FILE: :105:40: note: 'run_now' calls the lambda here
  // CHECK-MESSAGES-FILE: :112:30: note: the lambda constructs 'std::ifstream' here
  // CHECK-MESSAGES-FILE: :111:21: note: coroutine 'inline_helper' declared here
  co_return;
}

// --- get() on what an await handed back is ready (concurrencpp's resolve()) -----------------
namespace concurrencpp {
template <class T> class result {
public:
  T get();
  struct resolved {
    bool await_ready() { return true; }
    void await_suspend(std::coroutine_handle<>) {}
    result await_resume();
  };
  resolved resolve();
};
} // namespace concurrencpp

template <class E, class F> void assert_throws(F &&f) {
  try {
    f();
  } catch (const E &) {
  }
}

asyncrt::task<void> awaited(concurrencpp::result<int> r, concurrencpp::result<int> other) {
  auto done = co_await r.resolve();
  done.get();
  assert_throws<int>([&done] { done.get(); });
  other.get();
  // CHECK-MESSAGES-SYNC: :[[@LINE-1]]:9: warning: 'concurrencpp::result::get' waits for another thread's result {{.*}}[async-blocking-sync]
  // CHECK-MESSAGES-SYNC: :141:21: note: coroutine 'awaited' declared here
}
