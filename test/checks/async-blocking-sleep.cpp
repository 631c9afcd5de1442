// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- -I%S/Inputs %async_compile_flags

#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
// CHECK-FIXES: {{^}}#include <boost/asio/steady_timer.hpp>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <boost/asio/this_coro.hpp>{{$}}
// CHECK-FIXES-NEXT: {{^}}#include <boost/asio/use_awaitable.hpp>{{$}}
#include <boost/thread/thread.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <time.h>
#include <unistd.h>
#include "minitask.h"

using namespace std::chrono_literals;

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<void> poll_forever() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'poll_forever'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:21: note: coroutine 'poll_forever' declared here
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(100ms);{{$}}
  co_return;
}

asyncrt::task<int> wait_until_deadline(std::chrono::steady_clock::time_point deadline) {
  std::this_thread::sleep_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' waits for a timer and blocks the event loop running coroutine 'wait_until_deadline'; use 'co_await asyncrt::sleep_until(time_point)' instead [async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_until(deadline);{{$}}
  co_return 1;
}

asyncrt::task<void> posix_sleeps() {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' waits for a timer and blocks the event loop running coroutine 'posix_sleeps'; use 'co_await asyncrt::sleep_for(std::chrono::seconds(n))' instead [async-blocking-sleep]
  ::usleep(500);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' waits for a timer {{.*}}'co_await asyncrt::sleep_for(std::chrono::microseconds(n))' instead [async-blocking-sleep]
  timespec ts{0, 1000};
  nanosleep(&ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'nanosleep' waits for a timer {{.*}}[async-blocking-sleep]
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'clock_nanosleep' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  sleep(1);{{$}}
  // CHECK-FIXES: {{^}}  ::usleep(500);{{$}}
  co_await asyncrt::sleep_for(1ms);
}

// Written without qualification through a using-directive: the fix-it keeps the arguments.
asyncrt::task<void> unqualified() {
  using namespace std::this_thread;
  sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(std::chrono::milliseconds(5));{{$}}
  co_return;
}

// A member coroutine of a class template, instantiated twice: one warning, one fix-it.
template <class Clock> struct Poller {
  asyncrt::task<void> poll() {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'poll'{{.*}}[async-blocking-sleep]
    // CHECK-FIXES: {{^}}    co_await asyncrt::sleep_for(10ms);{{$}}
    co_return;
  }
};
template struct Poller<std::chrono::steady_clock>;
template struct Poller<std::chrono::system_clock>;

// A coroutine template whose sleep depends on the template argument.
template <class Duration> asyncrt::task<void> nap(Duration d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}coroutine 'nap'{{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(d);{{$}}
  co_return;
}
asyncrt::task<void> use_nap() {
  co_await nap(1ms);
  co_await nap(std::chrono::seconds(1));
}

// A coroutine lambda is a coroutine of its own.
auto coroutine_lambda = []() -> asyncrt::task<void> {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine lambda; {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(1ms);{{$}}
  co_return;
};

// A macro: reported where the user wrote it, without a fix-it (it would rewrite the macro).
#define SNOOZE() std::this_thread::sleep_for(std::chrono::milliseconds(1))
asyncrt::task<void> in_macro() {
  SNOOZE();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  SNOOZE();{{$}}
  co_return;
}

// A non-coroutine lambda called on the spot runs on the loop; `co_await` cannot go there.
asyncrt::task<void> immediately_invoked() {
  [] { std::this_thread::sleep_for(1ms); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::this_thread::sleep_for' {{.*}}coroutine 'immediately_invoked'{{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  [] { std::this_thread::sleep_for(1ms); }();{{$}}
  co_return;
}

// `co_await` is ill-formed in a handler: warning, no fix-it.
asyncrt::task<void> in_handler() {
  try {
    co_await asyncrt::sleep_for(1ms);
  } catch (...) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
    // CHECK-FIXES: {{^}}    std::this_thread::sleep_for(1ms);{{$}}
  }
}

// Another library's task type, one async-tidy does not know: reported, not rewritten to
// asyncrt's sleep though it is declared (that is not the runtime this coroutine runs on).
mini::Task other_library() {
  std::this_thread::sleep_for(2ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}coroutine 'other_library'; use your runtime's awaitable timer instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: coroutine 'other_library' declared here; its type names no coroutine runtime async-tidy knows: set the 'Runtime' option for advice in yours
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_for(2ms);{{$}}
  co_return;
}

// Boost.Asio: awaitable's promise only awaits Asio's own awaitables, so the fix is Asio's timer,
// with the headers that declare it inserted.
boost::asio::awaitable<void> asio_handler() {
  std::this_thread::sleep_for(3ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}coroutine 'asio_handler'; use 'co_await boost::asio::steady_timer(co_await boost::asio::this_coro::executor, duration).async_wait(boost::asio::use_awaitable)' instead [async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await boost::asio::steady_timer(co_await boost::asio::this_coro::executor, 3ms).async_wait(boost::asio::use_awaitable);{{$}}
  boost::this_thread::sleep_for(boost::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  co_return;
}

// A task that only co_returns still runs on the loop.
asyncrt::task<int> only_returns() {
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' {{.*}}coroutine 'only_returns'{{.*}}[async-blocking-sleep]
  co_return 42;
}

// The init-capture runs where the lambda is made: in the coroutine.
asyncrt::task<void> init_capture() {
  auto later = [slept = (sleep(1), 0)] { return slept; };
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'sleep' {{.*}}coroutine 'init_capture'{{.*}}[async-blocking-sleep]
  (void)later;
  co_return;
}

// --- Traps: none of these is the coroutine's blocking --------------------------------------

void plain_function() { std::this_thread::sleep_for(1ms); sleep(1); }

mini::Generator synchronous_generator() {
  std::this_thread::sleep_for(1ms); // runs on the caller's thread, like std::generator
  co_yield 1;
}

asyncrt::task<void> offloaded() {
  co_await asyncrt::to_thread([] { std::this_thread::sleep_for(1ms); });
  int left = co_await asyncrt::to_thread(::sleep, 1u);
  (void)left;
  std::thread([] { std::this_thread::sleep_for(1ms); }).detach();
  auto done = std::async(std::launch::async, [] { sleep(1); });
  (void)done;
  co_return;
}

void register_callback(void (*)());
asyncrt::task<void> stored_callback() {
  auto callback = [] { std::this_thread::sleep_for(1s); };
  register_callback(callback);
  co_await asyncrt::sleep_for(1ms);
}

asyncrt::task<void> look_alikes(game::Bot &bot) {
  game::sleep(1);
  bot.sleep(2);
  bot.sleep_for(3);
  co_await asyncrt::sleep_for(1ms);
  co_await asyncrt::sleep_until(std::chrono::steady_clock::now());
}

// The local class's body is its own context (the sleep is not reported there); calling it on
// the spot blocks all the same, and the call is reported (docs/transitive.md).
asyncrt::task<void> local_class() {
  struct Worker {
    void run() { sleep(1); }
  };
  Worker{}.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'local_class()::Worker::run' blocks the event loop running coroutine 'local_class': it calls 'sleep', waiting for a timer; {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'local_class()::Worker::run' calls 'sleep' here
  co_return;
}

asyncrt::task<void> unevaluated() {
  using Slept = decltype(sleep(1));
  static_assert(sizeof(sleep(1)) == sizeof(Slept));
  static_assert(!noexcept(std::this_thread::sleep_for(1ms)) || true);
  co_return;
}

template <bool Blocking> asyncrt::task<void> discarded_branch() {
  if constexpr (Blocking)
    sleep(1);
  co_return;
}
template asyncrt::task<void> discarded_branch<false>();

asyncrt::task<void> suppressed() {
  sleep(1); // NOLINT(async-blocking-sleep)
  // NOLINTNEXTLINE(async-blocking-sleep)
  usleep(1);
  co_return;
}
