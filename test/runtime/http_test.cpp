// http_test.cpp: the HTTP client against a real Python http.server on 127.0.0.1, plus the parser.
#include <gtest/gtest.h>

#include <asyncrt/asyncrt.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

using namespace std::chrono_literals;
namespace http = asyncrt::http;

namespace {

// Starts http_test_server.py and reads its port. Its stdin is a pipe we hold: when this process
// ends, for any reason, the server sees EOF and exits.
class python_server {
 public:
  python_server() {
    int out[2];
    int in[2];
    if (::pipe(out) != 0 || ::pipe(in) != 0) std::abort();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      ::execlp(ASYNCRT_TEST_PYTHON, ASYNCRT_TEST_PYTHON, ASYNCRT_TEST_SERVER, nullptr);
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    pollfd p{out[0], POLLIN, 0};
    std::string line;
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 15000) == 1) {
      char buf[64];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    port_ = std::atoi(line.c_str());
  }
  python_server(const python_server&) = delete;
  python_server& operator=(const python_server&) = delete;
  ~python_server() {
    ::close(stdin_);
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

class Http : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new python_server(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_GT(server_->port(), 0) << "the Python test server did not start"; }
  static std::string url(const std::string& path) { return server_->url(path); }
  static python_server* server_;
};
python_server* Http::server_ = nullptr;

TEST_F(Http, GetStatusHeadersBody) {
  auto r = asyncrt::run([]() -> asyncrt::task<http::response> {
    http::client c;
    co_return co_await c.get(url("/hello"));
  }());
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(r.header("x-test").value_or(""), "yes");
  EXPECT_EQ(r.header("CONTENT-TYPE").value_or(""), "text/plain");
  EXPECT_EQ(r.url, url("/hello"));
}

TEST_F(Http, NotFoundIsAResponseNotAnError) {
  auto r = asyncrt::run([]() -> asyncrt::task<http::response> {
    http::client c;
    co_return co_await c.get(url("/status/404"));
  }());
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.body, "not here");
}

TEST_F(Http, PostEchoAndHead) {
  auto rs = asyncrt::run([]() -> asyncrt::task<std::vector<http::response>> {
    http::client c;
    std::vector<http::response> out;
    out.push_back(co_await c.post(url("/echo"), std::string("payload\0with nul", 16), "application/x-test"));
    http::request head;
    head.method = "HEAD";
    head.url = url("/hello");
    out.push_back(co_await c.request(std::move(head)));
    out.push_back(co_await c.get(url("/hello")));  // the connection is still in sync after HEAD
    co_return out;
  }());
  EXPECT_EQ(rs[0].body, std::string("payload\0with nul", 16));
  EXPECT_EQ(rs[0].header("content-type").value_or(""), "application/x-test");
  EXPECT_EQ(rs[1].status, 200);
  EXPECT_EQ(rs[1].body, "");
  EXPECT_EQ(rs[2].body, "hello");
}

TEST_F(Http, ChunkedBody) {
  auto r = asyncrt::run([]() -> asyncrt::task<http::response> {
    http::client c;
    co_return co_await c.get(url("/chunked"));
  }());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "first,second," + std::string(5000, 'x') + "end");
}

TEST_F(Http, CloseDelimitedBody) {
  auto r = asyncrt::run([]() -> asyncrt::task<http::response> {
    http::client c;
    auto first = co_await c.get(url("/close"));
    auto second = co_await c.get(url("/hello"));  // must not reuse the closed connection
    EXPECT_EQ(second.body, "hello");
    co_return first;
  }());
  EXPECT_EQ(r.body, "until close");
}

TEST_F(Http, RedirectsFollowedAndBounded) {
  auto results = asyncrt::run([]() -> asyncrt::task<std::vector<std::string>> {
    http::client c;
    std::vector<std::string> out;
    auto r = co_await c.get(url("/redirect/3"));
    out.push_back(std::to_string(r.status) + " " + r.body + " " + r.url);
    r = co_await c.get(url("/dir/relative"));
    out.push_back(r.body);
    r = co_await c.post(url("/see-other"), "data");  // 303: becomes a GET
    out.push_back(r.body);
    r = co_await c.post(url("/temporary"), "kept");  // 307: method and body kept
    out.push_back(r.body);
    try {
      co_await c.get(url("/loop"));
      out.emplace_back("no error");
    } catch (const http::error& e) {
      out.emplace_back(e.what());
    }
    co_return out;
  }());
  EXPECT_EQ(results[0], "200 done " + url("/redirect/0"));
  EXPECT_EQ(results[1], "hello");
  EXPECT_EQ(results[2], "GET");
  EXPECT_EQ(results[3], "kept");
  EXPECT_NE(results[4].find("redirects"), std::string::npos) << results[4];
}

TEST_F(Http, KeepAliveReusesTheConnection) {
  auto stats = asyncrt::run([]() -> asyncrt::task<std::string> {
    http::client c;
    co_await c.get(url("/hello"));
    co_await c.get(url("/reset"));
    for (int i = 0; i < 5; ++i) co_await c.get(url("/hello"));
    co_return (co_await c.get(url("/stats"))).body;
  }());
  // "max_inflight connections max_open": no new connection was made after /reset.
  EXPECT_EQ(stats.substr(stats.find(' ') + 1, 1), "0") << stats;
}

TEST_F(Http, SlowServerTimesOutWithoutBlockingTheLoop) {
  auto [what, ticks] = asyncrt::run([]() -> asyncrt::task<std::pair<std::string, int>> {
    http::client_options o;
    o.timeout = 300ms;
    http::client c(o);
    int ticks = 0;
    std::string what;
    auto request = [&]() -> asyncrt::task<void> {
      try {
        co_await c.get(url("/slow?ms=3000"));
      } catch (const http::timeout_error& e) {
        what = e.what();
      }
    };
    auto ticker = [&]() -> asyncrt::task<void> {
      for (int i = 0; i < 5; ++i) {
        co_await asyncrt::sleep_for(20ms);
        ++ticks;
      }
    };
    auto t0 = std::chrono::steady_clock::now();
    co_await asyncrt::gather(request(), ticker());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2500ms);
    co_return std::pair{what, ticks};
  }());
  EXPECT_NE(what.find("timed out"), std::string::npos) << what;
  EXPECT_EQ(ticks, 5);
}

TEST_F(Http, GarbageAndTruncatedResponsesAreClearErrors) {
  auto errors = asyncrt::run([]() -> asyncrt::task<std::vector<std::string>> {
    http::client c;
    std::vector<std::string> out;
    for (const char* path : {"/garbage", "/truncated", "/huge-header"}) {
      try {
        co_await c.get(url(path));
        out.emplace_back("no error");
      } catch (const http::protocol_error& e) {
        out.emplace_back(e.what());
      }
    }
    http::client_options small;
    small.limits.max_body_bytes = 1000;
    http::client limited(small);
    try {
      co_await limited.get(url("/big?n=5000"));
      out.emplace_back("no error");
    } catch (const http::protocol_error& e) {
      out.emplace_back(e.what());
    }
    co_return out;
  }());
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(errors[0].find("bad status line"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("closed in the middle"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("too long"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("limit"), std::string::npos) << errors[3];
}

TEST_F(Http, TwoHundredConcurrentRequestsRespectThePerHostLimit) {
  static constexpr std::size_t limit = 8;
  auto result = asyncrt::run([]() -> asyncrt::task<std::string> {
    http::client_options o;
    o.limit_per_host = limit;
    http::client c(o);
    co_await c.get(url("/reset"));
    std::size_t peak = 0;
    const std::string authority = "127.0.0.1:" + std::to_string(server_->port());
    auto one = [&](int i) -> asyncrt::task<std::string> {
      auto r = co_await c.get(url("/work?i=" + std::to_string(i)));
      peak = std::max(peak, c.active_connections(authority));
      co_return r.body;
    };
    std::vector<asyncrt::task<std::string>> all;
    for (int i = 0; i < 200; ++i) all.push_back(one(i));
    auto t0 = std::chrono::steady_clock::now();
    auto bodies = co_await asyncrt::gather(std::move(all));
    auto took = std::chrono::steady_clock::now() - t0;
    for (int i = 0; i < 200; ++i) EXPECT_EQ(bodies[static_cast<std::size_t>(i)], "ok " + std::to_string(i));
    EXPECT_LE(peak, limit);
    // 200 requests x 20 ms over 8 connections: ~0.5 s; sequential would be >= 4 s.
    EXPECT_LT(took, 3500ms);
    co_return (co_await c.get(url("/stats"))).body;
  }());
  // What the server saw: requests in flight at once (its connection count lags behind closes).
  const int max_inflight = std::atoi(result.c_str());
  EXPECT_LE(max_inflight, static_cast<int>(limit)) << result;
  EXPECT_GE(max_inflight, 2) << result;  // and they did overlap
}

TEST_F(Http, ConnectionRefusedAndBadUrls) {
  // A port that was just free: nothing listens there.
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  const int dead_port = ntohs(a.sin_port);
  ::close(s);
  auto errors = asyncrt::run([dead_port]() -> asyncrt::task<std::vector<std::string>> {
    http::client c;
    std::vector<std::string> out;
    try {
      co_await c.get("http://127.0.0.1:" + std::to_string(dead_port) + "/");
    } catch (const http::connection_error& e) {
      out.emplace_back(e.what());
    }
    for (const char* bad : {"https://example.com/", "ftp://x/", "http:///nohost", "http://h:99999/"}) {
      try {
        co_await c.get(bad);
      } catch (const std::invalid_argument& e) {
        out.emplace_back(e.what());
      }
    }
    http::request injected;
    injected.url = url("/hello");
    injected.headers.emplace_back("X-Evil", "a\r\nInjected: yes");
    try {
      co_await c.request(std::move(injected));
    } catch (const std::invalid_argument& e) {
      out.emplace_back(e.what());
    }
    co_return out;
  }());
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_NE(errors[0].find("cannot connect"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("HTTPS is not supported"), std::string::npos) << errors[1];
  EXPECT_NE(errors[5].find("invalid header"), std::string::npos) << errors[5];
}

TEST_F(Http, HostnameResolvedOffTheLoop) {
  auto r = asyncrt::run([]() -> asyncrt::task<http::response> {
    http::client c;
    co_return co_await c.get("http://localhost:" + std::to_string(server_->port()) + "/hello");
  }());
  EXPECT_EQ(r.body, "hello");
}

// The parser alone: arbitrary splits, framing rules and limits.
http::response parse_all(const std::string& wire, std::size_t step, bool head = false) {
  asyncrt::http::detail::response_parser p({}, head);
  for (std::size_t i = 0; i < wire.size() && !p.done(); i += step) p.feed(std::string_view(wire).substr(i, step));
  if (!p.done()) p.feed_eof();
  return p.result();
}

TEST(HttpParser, ByteByByteEqualsAllAtOnce) {
  const std::string wire =
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nX-A:  spaced  \r\n\r\n"
      "5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nT: 1\r\n\r\n";
  for (std::size_t step : {1u, 2u, 7u, 1000u}) {
    auto r = parse_all(wire, step);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello!");
    EXPECT_EQ(r.header("x-a").value_or(""), "spaced");
  }
}

TEST(HttpParser, FramingRules) {
  EXPECT_EQ(parse_all("HTTP/1.1 204 No Content\r\n\r\n", 3).body, "");
  EXPECT_EQ(parse_all("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 100, true).body, "");
  EXPECT_EQ(parse_all("HTTP/1.0 200 OK\r\n\r\nto the end", 4).body, "to the end");
  EXPECT_EQ(parse_all("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 1).body, "ok");  // bare LF
  asyncrt::http::detail::response_parser ka;
  ka.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(ka.keep_alive());
  asyncrt::http::detail::response_parser cl;
  cl.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  EXPECT_FALSE(cl.keep_alive());
}

TEST(HttpParser, MalformedInputThrowsProtocolError) {
  for (const char* bad : {
           "HTTP/2 200 OK\r\n\r\n",
           "HTTP/1.1 2x0 OK\r\n\r\n",
           "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
           "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
           "HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n",
           "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
           "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
           "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab",
       }) {
    EXPECT_THROW(parse_all(bad, 1000), http::protocol_error) << bad;
  }
  asyncrt::http::detail::response_parser p({.max_header_bytes = 64 * 1024, .max_headers = 3});
  EXPECT_THROW(p.feed("HTTP/1.1 200 OK\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n"), http::protocol_error);
}

TEST(HttpUrl, ParseAndResolve) {
  auto u = http::parse_url("http://Example.com:8080/a/b?q=1#frag");
  EXPECT_EQ(u.host, "Example.com");
  EXPECT_EQ(u.port, 8080);
  EXPECT_EQ(u.target, "/a/b?q=1");
  EXPECT_EQ(http::parse_url("http://h").target, "/");
  EXPECT_EQ(http::parse_url("http://h?x").target, "/?x");
  EXPECT_EQ(http::parse_url("http://[::1]:81/").host, "::1");
  EXPECT_EQ(http::resolve_location(u, "c").str(), "http://Example.com:8080/a/c");
  EXPECT_EQ(http::resolve_location(u, "../x/./y?z=../").str(), "http://Example.com:8080/x/y?z=../");
  EXPECT_EQ(http::resolve_location(u, "../../..").str(), "http://Example.com:8080/");
  EXPECT_EQ(http::resolve_location(u, "/root").str(), "http://Example.com:8080/root");
  EXPECT_EQ(http::resolve_location(u, "//other/x").str(), "http://other/x");
  EXPECT_THROW(http::resolve_location(u, "https://secure/"), std::invalid_argument);
}

}  // namespace
