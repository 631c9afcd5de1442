// Standalone Asio (libasio-dev, real headers): the advice names Asio's own API and the sleep
// fix-it is Asio's timer, with its headers inserted; the harness compiles the fixed file.
// RUN: %check_async_tidy %s async-blocking-sleep,async-blocking-network,async-unawaited-task %t -- -- %async_compile_flags -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
#include <coroutine>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <thread>
// CHECK-FIXES: {{^}}#include <asio/steady_timer.hpp>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <asio/this_coro.hpp>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <asio/use_awaitable.hpp>{{$}}

template <class T> using awaitable = asio::awaitable<T>;

awaitable<void> heartbeat(asio::ip::tcp::socket &socket) {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'heartbeat'; use 'co_await asio::steady_timer(co_await asio::this_coro::executor, duration).async_wait(asio::use_awaitable)' instead [async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::milliseconds(10)).async_wait(asio::use_awaitable);{{$}}
  char buf[16];
  socket.read_some(asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::ip::tcp::socket::read_some' waits for the network and blocks the event loop running coroutine 'heartbeat'; use 'co_await socket.async_read_some(..., asio::use_awaitable)' instead [async-blocking-network]
  co_return;
}

// Asio's timer has no mechanical rewrite of sleep_until for any clock: advice only.
asio::awaitable<void> until(std::chrono::system_clock::time_point deadline) {
  std::this_thread::sleep_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' waits for a timer {{.*}}; use 'co_await asio::system_timer(co_await asio::this_coro::executor, time_point).async_wait(asio::use_awaitable)' (asio::steady_timer for a steady_clock time point) instead [async-blocking-sleep]
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_until(deadline);{{$}}
  co_return;
}

// No co_await in a catch handler: advice, no fix.
asio::awaitable<void> in_handler() {
  try {
    co_return;
  } catch (...) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' {{.*}}asio::steady_timer{{.*}}[async-blocking-sleep]
    // CHECK-FIXES: {{^}}    std::this_thread::sleep_for(std::chrono::milliseconds(1));{{$}}
  }
}

// Traps: plain code sleeps on its own thread; an awaited Asio timer does not block.
void plain() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
