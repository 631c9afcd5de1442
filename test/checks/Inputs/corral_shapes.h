// Minimal shapes of corral (hudson-trading/corral, header-only, not packaged by Debian), written
// for the tests from what its headers declare at 5d11537; only what async-tidy looks at:
//  - corral/Task.h: `Task<T>` is [[nodiscard]], awaitable through a member operator co_await,
//    and lazy: corral/detail/Promise.h's BasePromise::initial_suspend is deduced (`auto`) and
//    returns std::suspend_always;
//  - corral/asio.h, corral/asio-standalone.h: `sleepFor(io_context&, duration)` returns an
//    awaitable timer;
//  - corral/ThreadPool.h: `ThreadPool::run(f, args...)` is an awaitable that runs f on a worker;
//  - corral/run.h: `run(EventLoop&, Awaitable&&)` runs the event loop until the awaitable is done.
#ifndef ASYNC_TIDY_TEST_CORRAL_SHAPES_H
#define ASYNC_TIDY_TEST_CORRAL_SHAPES_H

#include <chrono>
#include <coroutine>
#include <exception>

namespace corral {
template <class T = void> class Task;

namespace detail {
class BasePromise {
public:
  auto initial_suspend() noexcept { return std::suspend_always{}; }
  static auto final_suspend() noexcept { return std::suspend_always{}; }
  void unhandled_exception() { std::terminate(); }
};
template <class T> class Promise : public BasePromise {
public:
  Task<T> get_return_object();
  void return_value(T) {}
};
template <> class Promise<void> : public BasePromise {
public:
  Task<void> get_return_object();
  void return_void() {}
};
template <class T> struct TaskAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return T{}; }
};
template <> struct TaskAwaiter<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
struct Timer {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
} // namespace detail

template <class T> class [[nodiscard]] Task {
public:
  using promise_type = detail::Promise<T>;
  auto operator co_await() noexcept { return detail::TaskAwaiter<T>{}; }
};

namespace detail {
template <class T> Task<T> Promise<T>::get_return_object() { return {}; }
inline Task<void> Promise<void>::get_return_object() { return {}; }
} // namespace detail

template <class EventLoop, class R, class P>
detail::Timer sleepFor(EventLoop &, std::chrono::duration<R, P>) { return {}; }

class ThreadPool {
public:
  template <class F> auto run(F &&) { return detail::TaskAwaiter<void>{}; }
};

template <class EventLoop, class Awaitable> decltype(auto) run(EventLoop &loop, Awaitable &&) {
  loop.run();
}
} // namespace corral

#endif
