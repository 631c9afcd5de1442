// A realistic Boost.Asio coroutine file for bench/clangd_latency.py: an echo server with
// per-connection timeouts, a heartbeat and a client, about what one opens in an editor.
// One coroutine still sleeps with std::this_thread, so async-blocking-sleep has work to do.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace echo {

struct Stats {
  std::size_t connections = 0;
  std::size_t bytes = 0;
  std::map<std::string, std::size_t> per_peer;
};

awaitable<void> expire(std::chrono::steady_clock::duration timeout) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(timeout);
  co_await timer.async_wait(use_awaitable);
}

// Closes the socket once it has been idle past its deadline (Asio 1.74 has no awaitable ||).
awaitable<void> watchdog(tcp::socket &socket, std::chrono::steady_clock::time_point &deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto now = std::chrono::steady_clock::now();
  while (deadline > now) {
    timer.expires_at(deadline);
    boost::system::error_code ignored;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
    now = std::chrono::steady_clock::now();
  }
  boost::system::error_code ignored;
  socket.close(ignored);
}

awaitable<std::size_t> echo_once(tcp::socket &socket, std::array<char, 4096> &buffer) {
  boost::system::error_code error;
  std::size_t n = co_await socket.async_read_some(asio::buffer(buffer),
                                                  asio::redirect_error(use_awaitable, error));
  if (error)
    co_return 0;
  co_await asio::async_write(socket, asio::buffer(buffer.data(), n), use_awaitable);
  co_return n;
}

awaitable<void> session(tcp::socket socket, std::shared_ptr<Stats> stats) {
  std::array<char, 4096> buffer{};
  std::string peer = socket.remote_endpoint().address().to_string();
  auto deadline = std::chrono::steady_clock::now() + 30s;
  asio::co_spawn(socket.get_executor(), watchdog(socket, deadline), asio::detached);
  ++stats->connections;
  for (;;) {
    std::size_t n = co_await echo_once(socket, buffer);
    if (n == 0)
      break; // closed, failed or idle for too long
    deadline = std::chrono::steady_clock::now() + 30s;
    stats->bytes += n;
    stats->per_peer[peer] += n;
  }
}

awaitable<void> listener(tcp::acceptor acceptor, std::shared_ptr<Stats> stats) {
  for (;;) {
    boost::system::error_code error;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, error));
    if (error)
      co_return;
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), stats), asio::detached);
  }
}

awaitable<void> heartbeat(std::shared_ptr<Stats> stats) {
  for (int beat = 0;; ++beat) {
    std::printf("beat %d: %zu connections, %zu bytes\n", beat, stats->connections, stats->bytes);
    // The bug async-blocking-sleep exists for: this parks the io_context's only thread.
    std::this_thread::sleep_for(1s);
    co_await expire(1s);
  }
}

awaitable<std::string> request(tcp::endpoint server, std::string line) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(server, use_awaitable);
  co_await asio::async_write(socket, asio::buffer(line), use_awaitable);
  asio::streambuf reply;
  co_await asio::async_read_until(socket, reply, '\n', use_awaitable);
  std::string text(asio::buffers_begin(reply.data()), asio::buffers_end(reply.data()));
  co_return text;
}

awaitable<void> client(tcp::endpoint server, int count) {
  std::vector<std::string> replies;
  for (int i = 0; i < count; ++i)
    replies.push_back(co_await request(server, "hello " + std::to_string(i) + "\n"));
  for (const std::string &reply : replies)
    std::printf("%s", reply.c_str());
}

} // namespace echo

int main() {
  asio::io_context context(1);
  auto stats = std::make_shared<echo::Stats>();
  tcp::acceptor acceptor(context, {tcp::v4(), 0});
  tcp::endpoint endpoint = acceptor.local_endpoint();
  asio::co_spawn(context, echo::listener(std::move(acceptor), stats), asio::detached);
  asio::co_spawn(context, echo::heartbeat(stats), asio::detached);
  asio::co_spawn(context, echo::client(endpoint, 3), [&](std::exception_ptr) { context.stop(); });
  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](auto, auto) { context.stop(); });
  context.run();
}
