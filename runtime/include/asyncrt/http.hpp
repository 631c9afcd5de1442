// asyncrt/http.hpp: an HTTP/1.1 client on non-blocking sockets (the aiohttp of asyncrt).
#pragma once

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "annotations.hpp"
#include "detail/debug_state.hpp"
#include "detail/event_loop.hpp"
#include "detail/http_parser.hpp"
#include "task.hpp"
#include "to_thread.hpp"

// What the seed says about HTTP: `requests` blocks the loop, use aiohttp; and do not hammer one
// host with hundreds of simultaneous requests. This client does both: every socket is
// non-blocking and waited for by the loop's epoll, DNS runs on the thread pool, and each host
// gets at most client_options::limit_per_host connections — requests beyond that queue.
namespace asyncrt::http {

struct client_options {
  // Connections per host:port at once (aiohttp's TCPConnector(limit_per_host=...)). Requests
  // beyond it wait for a connection to come free.
  std::size_t limit_per_host = 8;
  // Whole request, redirects included (aiohttp's ClientTimeout(total=...)).
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  // Establishing one TCP connection.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  // Redirects followed before giving up with http::error (aiohttp's max_redirects = 10).
  int max_redirects = 10;
  // Idle keep-alive connections older than this are not reused.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(15)};
  http::limits limits{};
  std::string user_agent = "asyncrt/0.1";
};

struct request {
  std::string method = "GET";
  std::string url;
  http::headers headers;
  std::string body;
};

namespace detail {

using asyncrt::detail::event_loop;

class socket_fd {
 public:
  explicit socket_fd(int fd = -1) noexcept : fd_(fd) {}
  socket_fd(socket_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  socket_fd& operator=(socket_fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  ~socket_fd() { reset(); }
  [[nodiscard]] int get() const noexcept { return fd_; }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// The socket primitives, kept out of the coroutines. Every descriptor here is opened with
// SOCK_NONBLOCK, so these return at once (EAGAIN/EINPROGRESS instead of waiting); the coroutines
// then await readiness on the loop. ASYNCRT_NONBLOCKING says so to async-tidy, which would
// otherwise have to prove it from the errno comparisons.
ASYNCRT_NONBLOCKING inline socket_fd open_stream_socket(int family) {
  socket_fd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() >= 0) {
    const int one = 1;  // requests are small and latency-bound: no Nagle delay
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  return fd;
}
ASYNCRT_NONBLOCKING inline int start_connect(int fd, const sockaddr_storage& addr, socklen_t len) {
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), len);
}
ASYNCRT_NONBLOCKING inline int connect_result(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}
// MSG_NOSIGNAL: a peer that closed gives EPIPE, not a process-killing SIGPIPE.
ASYNCRT_NONBLOCKING inline ssize_t try_send(int fd, std::string_view data) {
  return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
}
ASYNCRT_NONBLOCKING inline ssize_t try_recv(int fd, char* buf, std::size_t size) {
  return ::recv(fd, buf, size, 0);
}

// Suspends until fd is readable/writable or the deadline passes (then throws timeout_error).
class [[nodiscard]] io_ready {
 public:
  io_ready(int fd, std::uint32_t events, event_loop::clock::time_point deadline, const char* what)
      : what_(what) {
    w_.fd = fd;
    w_.events = events;
    w_.deadline = deadline;
  }
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) {
    event_loop* loop = &event_loop::require("asyncrt::http");
    asyncrt::detail::segment_end();
    where_ = asyncrt::detail::where_of(h);
    w_.handle = h;
    loop->arm(&w_);
  }
  void await_resume() {
    if (where_ != nullptr) asyncrt::detail::segment_begin(where_);
    if (w_.timed_out) throw timeout_error(std::string("asyncrt::http: timed out ") + what_);
  }

 private:
  event_loop::io_waiter w_;
  const char* what_;
  const asyncrt::detail::code_location* where_ = nullptr;
};

// Per host:port: how many connections are in use, the idle ones, and who waits for a slot.
struct host_slots {
  struct idle_conn {
    socket_fd fd;
    event_loop::clock::time_point since;
  };
  std::size_t active = 0;
  std::vector<idle_conn> idle;
  std::deque<std::coroutine_handle<>> waiters;
};

// Waits for a free slot. The slot is handed over directly by release(), so a newcomer can never
// overtake a waiter (FIFO, no thundering herd).
class [[nodiscard]] slot_acquire {
 public:
  slot_acquire(host_slots& slots, std::size_t limit) : slots_(slots), limit_(limit) {}
  bool await_ready() {
    if (slots_.active < limit_) {
      ++slots_.active;
      return true;
    }
    return false;
  }
  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) {
    asyncrt::detail::segment_end();
    where_ = asyncrt::detail::where_of(h);
    slots_.waiters.push_back(h);
  }
  void await_resume() const noexcept {
    if (where_ != nullptr) asyncrt::detail::segment_begin(where_);
  }

 private:
  host_slots& slots_;
  std::size_t limit_;
  const asyncrt::detail::code_location* where_ = nullptr;
};

inline void release_slot(host_slots& slots) {
  event_loop* loop = event_loop::current();
  if (!slots.waiters.empty() && loop != nullptr) {
    auto next = slots.waiters.front();  // the slot passes to it; `active` is unchanged
    slots.waiters.pop_front();
    loop->schedule(next);
  } else {
    --slots.active;
  }
}

// Gives the slot back however the request ends (value, exception or frame destruction).
class slot_guard {
 public:
  explicit slot_guard(host_slots& s) noexcept : slots_(&s) {}
  slot_guard(const slot_guard&) = delete;
  slot_guard& operator=(const slot_guard&) = delete;
  ~slot_guard() { release_slot(*slots_); }

 private:
  host_slots* slots_;
};

inline bool valid_header_text(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos && s.find('\0') == std::string_view::npos;
}

inline std::string serialize(const request& req, const url& u, const client_options& opt) {
  if (req.method.empty() || req.method.find_first_of(" \r\n\t") != std::string::npos) {
    throw std::invalid_argument("asyncrt::http: bad method \"" + req.method + "\"");
  }
  std::string out = req.method;
  out.append(" ").append(u.target).append(" HTTP/1.1\r\nHost: ").append(u.authority()).append("\r\n");
  bool has_ua = false;
  bool has_accept = false;
  for (const auto& [k, v] : req.headers) {
    // Refuse CR/LF in names and values: they would let a value smuggle in extra headers.
    if (k.empty() || !valid_header_text(k) || !valid_header_text(v) || k.find(':') != std::string::npos) {
      throw std::invalid_argument("asyncrt::http: invalid header \"" + k + "\"");
    }
    if (iequals(k, "host") || iequals(k, "content-length") || iequals(k, "transfer-encoding") ||
        iequals(k, "connection")) {
      continue;  // the client owns framing and connection management
    }
    has_ua = has_ua || iequals(k, "user-agent");
    has_accept = has_accept || iequals(k, "accept");
    out.append(k).append(": ").append(v).append("\r\n");
  }
  if (!has_ua) out.append("User-Agent: ").append(opt.user_agent).append("\r\n");
  if (!has_accept) out += "Accept: */*\r\n";
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    out += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  }
  out += "Connection: keep-alive\r\n\r\n";
  out += req.body;
  return out;
}

// Thrown inside the client when a reused keep-alive connection turned out to be closed by the
// server before it answered: the request is retried once on a new connection.
struct stale_connection {};

}  // namespace detail

// An HTTP/1.1 client. One client per loop, like one aiohttp.ClientSession: it owns the
// keep-alive connections and the per-host limits, so share it between the coroutines of a loop
// rather than making one per request. It must outlive the requests made with it.
//
//   asyncrt::http::client http;
//   auto r = co_await http.get("http://127.0.0.1:8080/status");
//   if (r.ok()) std::puts(r.body.c_str());
//
// Errors are exceptions: timeout_error, connection_error, protocol_error (malformed or
// oversized response), http::error (too many redirects), std::invalid_argument (bad URL,
// https://). A 404 or 500 is not an error: it is a response with that status.
class client {
 public:
  explicit client(client_options options = {}) : options_(std::move(options)) {
    if (options_.limit_per_host == 0) throw std::invalid_argument("limit_per_host must be > 0");
  }
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  task<response> get(std::string url, http::headers hdrs = {}) {
    http::request req;
    req.url = std::move(url);
    req.headers = std::move(hdrs);
    co_return co_await this->request(std::move(req));
  }

  task<response> post(std::string url, std::string body,
                      std::string content_type = "application/octet-stream",
                      http::headers hdrs = {}) {
    http::request req;
    req.method = "POST";
    req.url = std::move(url);
    req.body = std::move(body);
    req.headers = std::move(hdrs);
    req.headers.emplace_back("Content-Type", std::move(content_type));
    co_return co_await this->request(std::move(req));
  }

  // Sends req, following redirects (301/302/303 become GET without a body, 307/308 repeat the
  // method and body) up to options.max_redirects. Authorization and Cookie headers are dropped
  // when a redirect leaves the original host:port.
  task<response> request(http::request req) {
    const auto deadline = event_loop_clock::now() + options_.timeout;
    url target = parse_url(req.url);
    for (int redirects = 0;; ++redirects) {
      response r = co_await send_once(&req, target, deadline);
      const bool is_redirect =
          r.status == 301 || r.status == 302 || r.status == 303 || r.status == 307 || r.status == 308;
      const auto location = r.header("location");
      if (!is_redirect || !location) {
        r.url = target.str();
        co_return r;
      }
      if (redirects >= options_.max_redirects) {
        throw error("asyncrt::http: more than " + std::to_string(options_.max_redirects) +
                    " redirects, last to " + std::string(*location));
      }
      url next = resolve_location(target, *location);
      if (next.authority() != target.authority()) {
        // Credentials were meant for the host that was asked, not for wherever it points.
        std::erase_if(req.headers, [](const auto& h) {
          return iequals(h.first, "authorization") || iequals(h.first, "cookie");
        });
      }
      target = std::move(next);
      if (r.status == 303 || ((r.status == 301 || r.status == 302) && req.method == "POST")) {
        req.method = "GET";
        req.body.clear();
        std::erase_if(req.headers, [](const auto& h) { return iequals(h.first, "content-type"); });
      }
    }
  }

  // How many connections to host:port are in use right now (for tests and metrics).
  [[nodiscard]] std::size_t active_connections(const std::string& authority) const {
    auto it = hosts_.find(authority);
    return it == hosts_.end() ? 0 : it->second.active;
  }

 private:
  using event_loop_clock = asyncrt::detail::event_loop::clock;
  using time_point = event_loop_clock::time_point;

  // Coroutine parameters are values or pointers, never references (a reference parameter is a
  // classic dangling hazard once the caller's temporary is gone); `req` points into the
  // caller's frame, which waits for this task.
  task<response> send_once(const http::request* req, url u, time_point deadline) {
    detail::host_slots& slots = hosts_[u.authority()];
    co_await detail::slot_acquire(slots, options_.limit_per_host);
    const detail::slot_guard guard(slots);
    const std::string wire = detail::serialize(*req, u, options_);
    for (int attempt = 0;; ++attempt) {
      detail::socket_fd fd = take_idle(slots);
      const bool reused = fd.get() >= 0;
      if (!reused) fd = co_await connect(u, deadline);
      try {
        detail::response_parser parser(options_.limits, req->method == "HEAD");
        co_await send_all(fd.get(), wire, deadline, reused);
        co_await receive(fd.get(), &parser, deadline, reused);
        if (parser.keep_alive()) {
          slots.idle.push_back({std::move(fd), event_loop_clock::now()});
        }
        co_return std::move(parser.result());
      } catch (const detail::stale_connection&) {
        if (attempt > 0) throw connection_error("asyncrt::http: connection closed by " + u.authority());
        // else: loop and retry once on a fresh connection
      }
    }
  }

  detail::socket_fd take_idle(detail::host_slots& slots) const {
    while (!slots.idle.empty()) {
      auto c = std::move(slots.idle.back());
      slots.idle.pop_back();
      if (event_loop_clock::now() - c.since > options_.idle_timeout) continue;
      // A closed (or chatty) idle connection shows up as readable: do not reuse it.
      char probe = 0;
      const ssize_t n = ::recv(c.fd.get(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return std::move(c.fd);
    }
    return detail::socket_fd{};
  }

  task<detail::socket_fd> connect(url u, time_point deadline) {
    // getaddrinfo blocks (it may query DNS), so it runs on the thread pool. A numeric address
    // skips the trip.
    auto addrs = co_await resolve(u.host, u.port);
    std::string last_error = "no address";
    const auto connect_deadline = std::min(deadline, event_loop_clock::now() + options_.connect_timeout);
    for (const auto& a : addrs) {
      detail::socket_fd fd = detail::open_stream_socket(a.family);
      if (fd.get() < 0) {
        last_error = std::strerror(errno);
        continue;
      }
      if (detail::start_connect(fd.get(), a.addr, a.len) != 0) {
        if (errno != EINPROGRESS) {
          last_error = std::strerror(errno);
          continue;
        }
        co_await detail::io_ready(fd.get(), EPOLLOUT, connect_deadline, "connecting");
        const int err = detail::connect_result(fd.get());
        if (err != 0) {
          last_error = std::strerror(err);
          continue;
        }
      }
      co_return fd;
    }
    throw connection_error("asyncrt::http: cannot connect to " + u.authority() + ": " + last_error);
  }

  struct address {
    int family = AF_INET;
    sockaddr_storage addr{};
    socklen_t len = 0;
  };

  static task<std::vector<address>> resolve(std::string host, std::uint16_t port) {
    std::vector<address> out;
    address a;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.addr);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      a.len = sizeof(sockaddr_in);
      out.push_back(a);
      co_return out;
    }
    if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      a.family = AF_INET6;
      a.len = sizeof(sockaddr_in6);
      out.push_back(a);
      co_return out;
    }
    co_return co_await to_thread([&host, port] {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* res = nullptr;
      const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
      if (rc != 0) {
        throw connection_error("asyncrt::http: cannot resolve " + host + ": " + ::gai_strerror(rc));
      }
      std::vector<address> found;
      for (auto* p = res; p != nullptr; p = p->ai_next) {
        address r;
        r.family = p->ai_family;
        std::memcpy(&r.addr, p->ai_addr, p->ai_addrlen);
        r.len = p->ai_addrlen;
        found.push_back(r);
      }
      ::freeaddrinfo(res);
      return found;
    });
  }

  static task<void> send_all(int fd, std::string_view data, time_point deadline, bool reused) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = detail::try_send(fd, data.substr(sent));
      if (n >= 0) {
        sent += static_cast<std::size_t>(n);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        co_await detail::io_ready(fd, EPOLLOUT, deadline, "sending the request");
      } else if (errno != EINTR) {
        if (reused && (errno == EPIPE || errno == ECONNRESET)) throw detail::stale_connection{};
        throw connection_error(std::string("asyncrt::http: send: ") + std::strerror(errno));
      }
    }
  }

  static task<void> receive(int fd, detail::response_parser* parser, time_point deadline,
                            bool reused) {
    char buf[16384];
    while (!parser->done()) {
      const ssize_t n = detail::try_recv(fd, buf, sizeof buf);
      if (n > 0) {
        parser->feed(std::string_view(buf, static_cast<std::size_t>(n)));
      } else if (n == 0) {
        if (reused && !parser->started()) throw detail::stale_connection{};
        parser->feed_eof();
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        co_await detail::io_ready(fd, EPOLLIN, deadline, "waiting for the response");
      } else if (errno != EINTR) {
        if (reused && !parser->started() && errno == ECONNRESET) throw detail::stale_connection{};
        throw connection_error(std::string("asyncrt::http: recv: ") + std::strerror(errno));
      }
    }
  }

  client_options options_;
  std::map<std::string, detail::host_slots> hosts_;  // std::map: references stay valid
};

}  // namespace asyncrt::http
