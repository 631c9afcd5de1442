// RUN: %check_async_tidy %s async-blocking-network %t -- -- %async_compile_flags -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// Standalone Asio (Debian's libasio-dev, namespace ::asio): the same classes as Boost.Asio.

#include <utility>
#include <asio.hpp>

using asio::ip::tcp;

asio::awaitable<void> standalone(tcp::socket socket, tcp::resolver &resolver) {
  char data[16];
  asio::read(socket, asio::buffer(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::read' waits for the network and blocks the event loop running coroutine 'standalone'; use 'co_await asio::async_read(..., asio::use_awaitable)' instead [async-blocking-network]
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: coroutine 'standalone' declared here
  asio::error_code ec;
  socket.read_some(asio::buffer(data), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::ip::tcp::socket::read_some' {{.*}}[async-blocking-network]
  socket.connect(*resolver.resolve("localhost", "80").begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::ip::tcp::socket::connect' {{.*}}[async-blocking-network]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: 'asio::ip::tcp::resolver::resolve' waits for a DNS lookup {{.*}}[async-blocking-network]
  co_await asio::async_write(socket, asio::buffer(data), asio::use_awaitable);
  co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
}

// Traps: io_context::run is async-nested-run's; handlers are not this coroutine.
asio::awaitable<void> traps(asio::io_context &io, tcp::socket &socket) {
  io.run_one();
  asio::post(io, [&socket] {
    char more[4];
    socket.read_some(asio::buffer(more));
  });
  co_return;
}
