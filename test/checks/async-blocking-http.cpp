// RUN: %check_async_tidy %s async-blocking-http %t -- -- -I%S/Inputs %async_compile_flags
// Real headers: curl/curl.h (libcurl4-openssl-dev), httplib.h (libcpp-httplib-dev), Boost.Beast
// (libboost-dev). cpr is not in Debian: Inputs/cpr/cpr.h mirrors its API.

#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cpr/cpr.h>
#include <curl/curl.h>
#include <httplib.h>
#include <string>
#include "minitask.h"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<long> download(CURL *curl, const char *url) {
  curl_easy_setopt(curl, CURLOPT_URL, url);
  CURLcode rc = curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'curl_easy_perform' waits for an HTTP transfer and blocks the event loop running coroutine 'download'; use 'co_await asyncrt::to_thread(...)' instead [async-blocking-http]
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: coroutine 'download' declared here
  co_return rc;
}

asyncrt::task<int> multi(CURLM *m) {
  int fds = 0;
  curl_multi_poll(m, nullptr, 0, 1000, &fds);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'curl_multi_poll' waits for an HTTP transfer {{.*}}[async-blocking-http]
  curl_multi_poll(m, nullptr, 0, 0, &fds); // zero timeout: only polls
  int running = 0;
  curl_multi_perform(m, &running); // non-blocking by design
  co_return running;
}

asyncrt::task<std::string> with_cpr(std::string base) {
  cpr::Response r = cpr::Get(cpr::Url{base + "/users"});
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'cpr::Get' waits for an HTTP response {{.*}}[async-blocking-http]
  cpr::Post(cpr::Url{base}, cpr::Body{"x"});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cpr::Post' {{.*}}[async-blocking-http]
  cpr::Session session;
  session.SetUrl(cpr::Url{base});
  session.Get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'cpr::Session::Get' {{.*}}[async-blocking-http]
  auto pending = cpr::GetAsync(cpr::Url{base}); // asynchronous: not reported
  (void)pending;
  co_return r.text;
}

asyncrt::task<int> with_httplib(httplib::Client &client) {
  auto res = client.Get("/health");
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'httplib::Client::Get' waits for an HTTP response {{.*}}[async-blocking-http]
  client.Post("/items", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'httplib::Client::Post' {{.*}}[async-blocking-http]
  httplib::ClientImpl impl("localhost", 8080);
  impl.Delete("/items/1");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'httplib::ClientImpl::Delete' {{.*}}[async-blocking-http]
  co_return res ? res->status : 0;
}

asyncrt::task<void> serve_forever(httplib::Server &server) {
  server.listen("0.0.0.0", 8080);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'httplib::Server::listen' waits for HTTP requests, forever {{.*}}[async-blocking-http]
  co_return;
}

net::awaitable<void> beast_session(beast::tcp_stream &stream) {
  http::request<http::string_body> req{http::verb::get, "/", 11};
  http::write(stream, req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::beast::http::write' waits for an HTTP message on the socket {{.*}}'co_await boost::beast::http::async_write(..., boost::asio::use_awaitable)' instead [async-blocking-http]
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::beast::http::read' {{.*}}[async-blocking-http]
  co_await http::async_write(stream, req, net::use_awaitable);
  co_await http::async_read(stream, buffer, res, net::use_awaitable);
}

net::awaitable<void> websocket(beast::websocket::stream<beast::tcp_stream> &ws) {
  ws.handshake("localhost", "/");
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'boost::beast::websocket::stream::handshake' waits for a WebSocket peer {{.*}}[async-blocking-http]
  beast::flat_buffer buffer;
  ws.read(buffer);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'boost::beast::websocket::stream::read' {{.*}}[async-blocking-http]
  co_await ws.async_write(buffer.data(), net::use_awaitable);
}

template <class Client> struct Poller {
  asyncrt::task<int> poll(Client &c) {
    auto r = c.Get("/");
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'httplib::Client::Get' {{.*}}coroutine 'poll'{{.*}}[async-blocking-http]
    co_return r ? 1 : 0;
  }
};
template struct Poller<httplib::Client>;

auto coroutine_lambda = [](CURL *c) -> asyncrt::task<int> { co_return curl_easy_perform(c); };
// CHECK-MESSAGES: :[[@LINE-1]]:71: warning: 'curl_easy_perform' {{.*}}coroutine lambda{{.*}}[async-blocking-http]

#define FETCH(url) cpr::Get(cpr::Url{url})
asyncrt::task<long> in_macro() {
  co_return FETCH("http://localhost/").status_code;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'cpr::Get' {{.*}}[async-blocking-http]
}

mini::Task other_library(CURL *c) {
  curl_easy_perform(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'curl_easy_perform' {{.*}}[async-blocking-http]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

long plain_function(CURL *c, httplib::Client &client) {
  client.Get("/");
  return curl_easy_perform(c);
}

asyncrt::task<long> offloaded(CURL *c) {
  co_return co_await asyncrt::to_thread([c] { return static_cast<long>(curl_easy_perform(c)); });
}

void register_callback(void (*)());
asyncrt::task<void> stored_callback() {
  auto callback = [] { cpr::Get(cpr::Url{"http://localhost/"}); };
  register_callback(callback);
  co_return;
}

// Look-alikes: a user client whose Get/Post return at once, a map's get.
struct Cache {
  int Get(const char *) { return 0; }
  int Post(const char *) { return 0; }
};
asyncrt::task<int> look_alikes(Cache &cache, httplib::Headers &headers) {
  co_return cache.Get("/") + cache.Post("/") + static_cast<int>(headers.count("Host"));
}

asyncrt::task<void> suppressed(CURL *c) {
  curl_easy_perform(c); // NOLINT(async-blocking-http)
  co_return;
}
