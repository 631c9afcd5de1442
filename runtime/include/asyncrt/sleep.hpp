// asyncrt/sleep.hpp: sleep_for / sleep_until, the asyncio.sleep of asyncrt.
#pragma once

#include <chrono>
#include <coroutine>
#include <type_traits>

#include "detail/debug_state.hpp"
#include "detail/event_loop.hpp"
#include "task.hpp"

namespace asyncrt {
namespace detail {

// Suspends the awaiting coroutine on a timer of the running loop. No thread waits: the loop runs
// other coroutines meanwhile, which is the whole point versus std::this_thread::sleep_for.
class [[nodiscard]] sleep_awaiter {
 public:
  explicit sleep_awaiter(event_loop::clock::time_point when) noexcept : when_(when) {}

  // Even a zero sleep suspends: `co_await sleep_for(0s)` yields to the other ready coroutines,
  // like `await asyncio.sleep(0)`.
  bool await_ready() const noexcept { return false; }

  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) {
    event_loop* loop = &event_loop::require("asyncrt::sleep_for/sleep_until");
    segment_end();
    where_ = where_of(h);
    if (when_ <= event_loop::clock::now()) {
      loop->schedule(h);
    } else {
      loop->add_timer(when_, h);
    }
  }

  void await_resume() const noexcept {
    if (where_ != nullptr) segment_begin(where_);
  }

 private:
  event_loop::clock::time_point when_;
  const code_location* where_ = nullptr;
};

template <class Rep, class Period>
event_loop::clock::time_point deadline_after(std::chrono::duration<Rep, Period> d) {
  using clock = event_loop::clock;
  const auto now = clock::now();
  // Saturate instead of overflowing: sleep_for(hours::max()) means "forever".
  if (d > std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(
              std::chrono::hours(24 * 365 * 100))) {
    return clock::time_point::max();
  }
  if (d <= d.zero()) return now;
  return now + std::chrono::ceil<clock::duration>(d);
}

}  // namespace detail

// Suspends the calling coroutine for at least `d` without blocking the loop's thread.
//
//   co_await asyncrt::sleep_for(std::chrono::milliseconds(250));
template <class Rep, class Period>
[[nodiscard]] detail::sleep_awaiter sleep_for(std::chrono::duration<Rep, Period> d) {
  return detail::sleep_awaiter{detail::deadline_after(d)};
}

// Suspends the calling coroutine until `when`. A time point of another clock (system_clock) is
// converted to a steady_clock deadline once, now: later wall-clock jumps do not move it.
template <class Clock, class Duration>
[[nodiscard]] detail::sleep_awaiter sleep_until(std::chrono::time_point<Clock, Duration> when) {
  using steady = detail::event_loop::clock;
  if constexpr (std::is_same_v<Clock, steady>) {
    return detail::sleep_awaiter{std::chrono::time_point_cast<steady::duration>(when)};
  } else {
    return detail::sleep_awaiter{detail::deadline_after(when - Clock::now())};
  }
}

}  // namespace asyncrt
