// RUN: %check_async_tidy %s async-blocking-network %t -- -- -I%S/Inputs %async_compile_flags

// The readiness idiom is the non-blocking way: a socket call on a descriptor the coroutine
// awaits readiness for, or one made non-blocking where it was created or configured (here or
// anywhere in the file, directly or through a helper), returns at once. The errno test may
// live in a helper. Socket calls on a descriptor nobody made non-blocking and nobody awaits
// stay reported.

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include "tasklibs.h"

coro::task<void> readable(int fd);
coro::task<void> writable(int fd);

// The errno test in a helper: `would_block()` is how many event loops spell it.
static bool would_block() { return errno == EAGAIN || errno == EWOULDBLOCK; }

coro::task<long> read_some(int fd, char *buf, unsigned long size) {
  for (;;) {
    co_await readable(fd);
    long n = ::recv(fd, buf, size, 0);
    if (n >= 0)
      co_return n;
  }
}

coro::task<void> write_all(int fd, const char *data, unsigned long size) {
  while (size > 0) {
    long n = ::send(fd, data, size, 0);
    if (n < 0 && would_block()) {
      co_await writable(fd);
      continue;
    }
    data += n;
    size -= static_cast<unsigned long>(n);
  }
}

// Only the helper shows the idiom: the coroutine retries after yielding to the loop.
coro::task<void> yield_now();
coro::task<long> drain(int fd, char *buf) {
  for (;;) {
    long n = ::recv(fd, buf, 16, 0);
    if (n < 0 && would_block()) {
      co_await yield_now();
      continue;
    }
    co_return n;
  }
}

// Helpers that make a descriptor non-blocking, called elsewhere in the file.
static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

struct Listener {
  int fd = -1;
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    set_nonblocking(fd);
  }
  // The listening socket was made non-blocking in the constructor.
  coro::task<int> accept_one() {
    int client = ::accept(fd, nullptr, nullptr);
    co_return client;
  }
};

// Created non-blocking: accept4(..., SOCK_NONBLOCK), socket(..., SOCK_NONBLOCK, ...).
struct Server {
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  coro::task<int> next() {
    int client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
    char byte;
    ::recv(client, &byte, 1, 0);            // the coroutine made it non-blocking itself
    co_return client;
  }
};

// A socket wrapper constructed "not blocking" by its own type's option.
namespace net {
enum class blocking_t { yes, no };
struct socket {
  explicit socket(blocking_t) {}
  int native_handle() const { return 3; }
};
} // namespace net
struct Acceptor {
  net::socket sock{net::blocking_t::no};
  coro::task<int> accept_one() {
    int client = ::accept(sock.native_handle(), nullptr, nullptr);
    co_return client;
  }
};

// Readiness awaited through locals that carry the descriptor.
struct Interest {
  int fd;
  bool readable;
};
coro::task<void> wait_for(Interest what);
coro::task<void> serve_loop(int listen_fd) {
  Interest in{listen_fd, true};
  for (;;) {
    auto ready = wait_for(in);
    co_await std::move(ready);
    int client = ::accept(listen_fd, nullptr, nullptr);
    (void)client;
  }
}

// Created non-blocking in a factory and stored through a constructor into a member.
struct Endpoint {
  int fd_;
  explicit Endpoint(int fd) : fd_(fd) {}
  coro::task<int> accept_one() {
    int client = ::accept(fd_, nullptr, nullptr);
    co_return client;
  }
};
Endpoint listen_nonblocking() {
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  return Endpoint{s};
}

// Still reported: nothing makes these descriptors non-blocking or awaits them.
coro::task<long> blocking_read(int fd, int other, char *buf) {
  co_await readable(other);                 // readiness of another descriptor
  long n = ::recv(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'recv' waits for the network and blocks the event loop running coroutine 'blocking_read'; use a non-blocking socket awaited for readiness, or a coro::thread_pool ('co_await pool->schedule()' before the call; the coroutine stays on the pool) instead [async-blocking-network]
  co_return n;
}

// The same constructor fed a blocking socket elsewhere does not make its member non-blocking
// for another class.
struct PlainEndpoint {
  int fd_;
  explicit PlainEndpoint(int fd) : fd_(fd) {}
  coro::task<int> accept_one() {
    int client = ::accept(fd_, nullptr, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'accept' waits for the network {{.*}}[async-blocking-network]
    co_return client;
  }
};
PlainEndpoint listen_blocking() { return PlainEndpoint{::socket(AF_INET, SOCK_STREAM, 0)}; }

struct Blocking {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  net::socket wrapped{net::blocking_t::yes};
  coro::task<int> accept_one() {
    int a = ::accept(fd, nullptr, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'accept' waits for the network {{.*}}[async-blocking-network]
    int b = ::accept(wrapped.native_handle(), nullptr, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'accept' waits for the network {{.*}}[async-blocking-network]
    co_return a + b;
  }
};

// The would-block test in a helper defined in another file: the readiness idiom is told by
// the code around the call. Its result is compared with the failure value, and on failure the
// coroutine suspends before it retries.
bool is_again(int err);
coro::task<void> poll_ready();
coro::task<void> log_failure();

coro::task<long> retry_after_yield(int fd, char *buf) {
  for (;;) {
    long n = ::recv(fd, buf, 16, 0);
    if (n < 0) {
      if (is_again(errno)) {
        co_await yield_now();                 // the failure branch suspends, then retries
        continue;
      }
      co_return -1;
    }
    co_return n;
  }
}

coro::task<long> retry_after_poll(int fd, const char *data) {
  while (true) {
    co_await poll_ready();                    // the loop suspends before the call
    int n = static_cast<int>(::send(fd, data, 4, 0));
    if (n == -1) {
      int err = errno;
      if (is_again(err))
        continue;
      co_return -1;
    }
    co_return n;
  }
}

coro::task<long> retry_in_condition(int fd, char *buf) {
  long n;
  while ((n = ::recv(fd, buf, 16, 0)) < 0) { // the loop is the retry, and it suspends
    if (!is_again(errno))
      co_return -1;
    co_await yield_now();
  }
  co_return n;
}

// Still reported: the failure branch gives up without suspending, or retries at once, or
// suspends and gives up; a loop that never suspends; no loop to retry in.
coro::task<long> gives_up(int fd, char *buf) {
  co_await poll_ready();
  for (;;) {
    long n = ::recv(fd, buf, 16, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'recv' waits for the network and blocks the event loop running coroutine 'gives_up'{{.*}} [async-blocking-network]
    if (n < 0) {
      if (is_again(errno))
        continue;                             // spins: nothing suspends before the retry
      co_return -1;
    }
    co_await poll_ready();                    // after the retry's `continue`: skipped by it
    co_return n;
  }
}

coro::task<long> suspends_then_gives_up(int fd, char *buf) {
  for (;;) {
    co_await poll_ready();
    long n = ::recv(fd, buf, 16, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'recv' waits for the network and blocks the event loop running coroutine 'suspends_then_gives_up'{{.*}} [async-blocking-network]
    if (n < 0) {
      co_await log_failure();
      co_return -1;                           // no retry
    }
    if (n == 0)
      continue;                               // not the failure test: a closed peer
    co_return n;
  }
}

coro::task<long> never_suspends_in_loop(int fd, char *buf) {
  long total = 0;
  for (;;) {
    long n = ::recv(fd, buf, 16, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'recv' waits for the network and blocks the event loop running coroutine 'never_suspends_in_loop'{{.*}} [async-blocking-network]
    if (n < 0) {
      if (is_again(errno))
        continue;
      break;
    }
    total += n;
  }
  co_await log_failure();
  co_return total;
}

coro::task<long> no_loop(int fd, char *buf) {
  long n = ::recv(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'recv' waits for the network and blocks the event loop running coroutine 'no_loop'{{.*}} [async-blocking-network]
  if (n < 0)
    co_await yield_now();
  co_return n;
}
