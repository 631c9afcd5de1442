// Minimal shapes of Boost.Cobalt (boostorg/cobalt, not packaged by Debian), written for the
// tests from what its headers declare; only what async-tidy looks at:
//  - include/boost/cobalt/task.hpp, detail/task.hpp: `task` is [[nodiscard]] and lazy (its
//    promise's initial_suspend returns an awaiter whose await_ready is false and whose
//    await_suspend does nothing), awaitable through a member operator co_await;
//  - include/boost/cobalt/promise.hpp, detail/promise.hpp: `promise` is [[nodiscard]] and eager
//    (initial_suspend is std::suspend_never), awaitable, has get(); its destructor cancels the
//    coroutine unless it was detached (`+p` or p.detach());
//  - include/boost/cobalt/run.hpp: `T run(task<T>)` runs an io_context until the task is done.
#ifndef ASYNC_TIDY_TEST_COBALT_SHAPES_H
#define ASYNC_TIDY_TEST_COBALT_SHAPES_H

#include <coroutine>

namespace boost::cobalt {
namespace detail {
template <class T> struct task_promise;
template <class T> struct cobalt_promise;
template <class T> struct value_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return T{}; }
};
} // namespace detail

template <class T> struct [[nodiscard]] task {
  using promise_type = detail::task_promise<T>;
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  task(task &&other) noexcept : handle(other.handle) { other.handle = {}; }
  ~task() {}
  detail::value_awaiter<T> operator co_await() { return {}; }
  std::coroutine_handle<promise_type> handle;
};

template <class T> struct [[nodiscard]] promise {
  using promise_type = detail::cobalt_promise<T>;
  explicit promise(std::coroutine_handle<promise_type> h) : handle(h) {}
  promise(promise &&other) noexcept : handle(other.handle), attached_(other.attached_) {
    other.attached_ = false;
  }
  ~promise() {
    if (attached_)
      cancel();
  }
  detail::value_awaiter<T> operator co_await() { return {}; }
  void operator+() && { detach(); }
  void cancel() {}
  bool ready() const { return false; }
  T get() { return T{}; }
  bool attached() const { return attached_; }
  void detach() { attached_ = false; }
  std::coroutine_handle<promise_type> handle;
  bool attached_ = true;
};

namespace detail {
template <class T> struct task_promise {
  struct initial_awaitable {
    task_promise *self;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) {}
    void await_resume() {}
  };
  auto initial_suspend() noexcept { return initial_awaitable{this}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  task<T> get_return_object() {
    return task<T>{std::coroutine_handle<task_promise>::from_promise(*this)};
  }
  void return_value(T) {}
  void unhandled_exception() {}
};

template <class T> struct cobalt_promise {
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  promise<T> get_return_object() {
    return promise<T>{std::coroutine_handle<cobalt_promise>::from_promise(*this)};
  }
  void return_value(T) {}
  void unhandled_exception() {}
};
} // namespace detail

template <class T> T run(task<T> t) {
  (void)t;
  return T{};
}
} // namespace boost::cobalt

#endif
