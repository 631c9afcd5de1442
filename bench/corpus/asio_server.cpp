// Benchmark corpus: a Boost.Asio coroutine echo server with the usual mix of awaits, timers and
// helpers (and a few blocking calls, so the checks have something to report).
#include <utility>
#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
using net::ip::tcp;

net::awaitable<void> echo(tcp::socket socket) {
  std::vector<char> data(1024);
  for (;;) {
    std::size_t n = co_await socket.async_read_some(net::buffer(data), net::use_awaitable);
    co_await net::async_write(socket, net::buffer(data, n), net::use_awaitable);
  }
}

net::awaitable<void> heartbeat() {
  net::steady_timer timer(co_await net::this_coro::executor);
  for (int i = 0; i < 3; ++i) {
    timer.expires_after(std::chrono::seconds(1));
    co_await timer.async_wait(net::use_awaitable);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

net::awaitable<void> listener(unsigned short port) {
  auto executor = co_await net::this_coro::executor;
  tcp::acceptor acceptor(executor, {tcp::v4(), port});
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(net::use_awaitable);
    net::co_spawn(executor, echo(std::move(socket)), net::detached);
  }
}

template <class T> net::awaitable<T> delayed(T value, std::chrono::milliseconds d) {
  net::steady_timer timer(co_await net::this_coro::executor, d);
  co_await timer.async_wait(net::use_awaitable);
  co_return value;
}

net::awaitable<int> sum() {
  int total = 0;
  for (int i = 0; i < 10; ++i)
    total += co_await delayed(i, std::chrono::milliseconds(1));
  co_return total;
}

int main() {
  net::io_context io;
  net::co_spawn(io, listener(5555), net::detached);
  net::co_spawn(io, heartbeat(), net::detached);
  net::co_spawn(io, sum(), net::detached);
  io.run();
}
