// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- %async_compile_flags
// Asio's synchronous timer wait is a sleep on the loop's thread.

#include <utility>
#include <boost/asio.hpp>
#include <chrono>

namespace net = boost::asio;
using namespace std::chrono_literals;

net::awaitable<void> tick(net::steady_timer &timer) {
  timer.expires_after(10ms);
  timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'boost::asio::steady_timer::wait' waits for a timer and blocks the event loop running coroutine 'tick'; use 'co_await timer.async_wait(boost::asio::use_awaitable)' instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-4]]:22: note: coroutine 'tick' declared here
  boost::system::error_code ec;
  net::deadline_timer old(timer.get_executor());
  old.wait(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::deadline_timer::wait' {{.*}}[async-blocking-sleep]
  co_await timer.async_wait(net::use_awaitable); // the fix
}

// A handler is not the coroutine.
net::awaitable<void> traps(net::steady_timer &timer) {
  net::post(timer.get_executor(), [&timer] { timer.wait(); });
  co_return;
}
