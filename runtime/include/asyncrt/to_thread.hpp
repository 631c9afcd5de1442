// asyncrt/to_thread.hpp: to_thread(f), run a blocking call off the loop (asyncio.to_thread,
// asgiref's sync_to_async).
#pragma once

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>

#include "detail/debug_state.hpp"
#include "detail/event_loop.hpp"
#include "detail/thread_pool.hpp"
#include "task.hpp"

namespace asyncrt {
namespace detail {

// Runs fn on `pool`, suspends the awaiting coroutine meanwhile, and resumes it on its own loop
// with fn's value or exception. The awaiter lives in the coroutine frame, which stays put while
// the coroutine is suspended, so the worker can write the result straight into it.
template <class Fn>
class [[nodiscard]] thread_awaiter {
 public:
  using result_type = std::invoke_result_t<Fn&>;

  thread_awaiter(Fn fn, thread_pool& pool) : fn_(std::move(fn)), pool_(&pool) {}

  bool await_ready() const noexcept { return false; }

  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) {
    event_loop* loop = &event_loop::require("asyncrt::to_thread");
    segment_end();
    where_ = where_of(h);
    loop->begin_external();
    pool_->submit([this, loop, h] {
      try {
        if constexpr (std::is_void_v<result_type>) {
          fn_();
        } else {
          result_.emplace(fn_());
        }
      } catch (...) {
        error_ = std::current_exception();
      }
      // Last touch of *this: after post() the loop may resume the coroutine and free the frame.
      loop->post(h);
    });
  }

  result_type await_resume() {
    if (where_ != nullptr) segment_begin(where_);
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<result_type>) {
      if (!result_.has_value()) throw std::logic_error("asyncrt::to_thread: no result");
      return std::move(*result_);
    }
  }

 private:
  using stored = std::conditional_t<std::is_void_v<result_type>, char, result_type>;
  Fn fn_;
  thread_pool* pool_;
  std::optional<stored> result_;
  std::exception_ptr error_;
  const code_location* where_ = nullptr;
};

template <class F, class... Args>
auto bind_call(F&& f, Args&&... args) {
  // Copies (or moves) the callable and its arguments: they must outlive the caller's expression
  // and be usable on the worker thread. Pass std::ref(x) to share an object deliberately.
  // The result is returned by value (a reference result is copied) so it can be carried back.
  return [fn = std::forward<F>(f), tup = std::make_tuple(std::forward<Args>(args)...)]() mutable {
    return std::apply(fn, std::move(tup));
  };
}

}  // namespace detail

// Runs f(args...) on asyncrt's thread pool and resumes the awaiting coroutine on its loop with
// the result; an exception thrown by f is rethrown at the co_await. Use it for any call that
// blocks and has no async twin — the fix the async-blocking-* checks suggest:
//
//   std::string text = co_await asyncrt::to_thread([&] { return legacy_blocking_fetch(url); });
//   int rc = co_await asyncrt::to_thread(::system, "make -j2");
//
// The pool is bounded (min(32, cores + 4) threads, like asyncio's default executor): calls
// beyond that wait in a queue, they never start an unbounded number of threads. Arguments are
// copied; capture by reference only what outlives the co_await (the coroutine's locals do).
template <class F, class... Args>
[[nodiscard]] auto to_thread(F&& f, Args&&... args) {
  auto call = detail::bind_call(std::forward<F>(f), std::forward<Args>(args)...);
  return detail::thread_awaiter<decltype(call)>(std::move(call), detail::thread_pool::shared());
}

}  // namespace asyncrt
