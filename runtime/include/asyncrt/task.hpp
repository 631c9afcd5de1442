// asyncrt/task.hpp: task<T>, the lazy coroutine type every asyncrt coroutine returns.
#pragma once

#include <coroutine>
#include <cstdio>
#include <exception>
#include <type_traits>
#include <utility>
#include <optional>
#include <stdexcept>

#include "detail/debug_state.hpp"

namespace asyncrt {

template <class T = void>
class task;

namespace detail {

// What every task promise shares: who to resume when the task finishes, and where the coroutine
// was written (for debug reports).
class promise_base {
 public:
  explicit promise_base(code_location where) noexcept : where_(where) {}

  // Lazy, like a Python coroutine object: nothing runs until the task is awaited (or handed to
  // run/gather/spawn). Calling a task-returning function and dropping the result does nothing,
  // which is exactly the mistake async-unawaited-task reports.
  struct initial_awaiter {
    promise_base* self;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {
      self->started_ = true;
      segment_begin(&self->where_);
    }
  };
  initial_awaiter initial_suspend() noexcept { return {this}; }

  // At the end, hand control straight to the awaiting coroutine (symmetric transfer) instead of
  // calling resume() from here: a long chain of tasks finishing at once then needs no stack.
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) const noexcept {
      segment_end();
      const promise_base& p = self.promise();
      return p.continuation_ ? p.continuation_ : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }

  void set_continuation(std::coroutine_handle<> c) noexcept { continuation_ = c; }
  [[nodiscard]] bool started() const noexcept { return started_; }
  [[nodiscard]] const code_location& where() const noexcept { return where_; }

 private:
  std::coroutine_handle<> continuation_;
  code_location where_;
  bool started_ = false;
};

// The location of the coroutine behind a handle, when it is an asyncrt task; awaiters use it to
// keep debug-mode timing attributed to the right coroutine.
template <class Promise>
const code_location* where_of(std::coroutine_handle<Promise> h) noexcept {
  if constexpr (std::is_base_of_v<promise_base, Promise>) {
    return &h.promise().where();
  } else {
    (void)h;
    return nullptr;
  }
}

template <class T>
class task_promise final : public promise_base {
 public:
  // The compiler calls this constructor with no arguments (it only passes the coroutine's own
  // parameters when a matching constructor exists), so the default argument is evaluated in the
  // coroutine and names it: "task<int> fetch(std::string)" at file:line. (It must be declared
  // here: an inherited constructor would name itself.)
  explicit task_promise(code_location where = code_location::current()) noexcept
      : promise_base(where) {}
  task<T> get_return_object() noexcept;

  template <class U>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) {  // a throwing copy/move lands in unhandled_exception
    value_.emplace(std::forward<U>(value));
  }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  // Moves the value out: a task's result is consumed once, by the one awaiter.
  T take_result() {
    if (exception_) std::rethrow_exception(exception_);
    if (!value_.has_value()) throw std::logic_error("asyncrt::task: result already taken");
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
  std::exception_ptr exception_;
};

template <>
class task_promise<void> final : public promise_base {
 public:
  explicit task_promise(code_location where = code_location::current()) noexcept
      : promise_base(where) {}
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  void take_result() const {
    if (exception_) std::rethrow_exception(exception_);
  }

 private:
  std::exception_ptr exception_;
};

struct task_access;  // lets run/gather/spawn reach the handle without making it public API

}  // namespace detail

// A coroutine that produces a T. Lazy: it starts when awaited, runs on the awaiting coroutine's
// loop, and its value (or exception) comes out of the co_await:
//
//   asyncrt::task<int> answer() { co_await asyncrt::sleep_for(10ms); co_return 42; }
//   asyncrt::task<void> main_task() { int v = co_await answer(); }
//
// Move-only; destroying a task destroys its coroutine frame. The promise has no await_transform,
// so a task can co_await any awaitable, not only asyncrt's.
template <class T>
class [[nodiscard]] task {
 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  task(task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(handle_); }

  // co_await starts the task and suspends the awaiter until it finishes.
  class awaiter {
   public:
    explicit awaiter(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
    bool await_ready() const noexcept { return !handle_ || handle_.done(); }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> caller) noexcept {
      detail::segment_end();
      caller_where_ = detail::where_of(caller);
      handle_.promise().set_continuation(caller);
      return handle_;  // symmetric transfer into the task
    }
    T await_resume() {
      if (caller_where_ != nullptr) detail::segment_begin(caller_where_);
      if (!handle_) throw std::logic_error("co_await on an empty (moved-from) asyncrt::task");
      return handle_.promise().take_result();
    }

   private:
    std::coroutine_handle<promise_type> handle_;
    const detail::code_location* caller_where_ = nullptr;
  };
  awaiter operator co_await() && noexcept { return awaiter{handle_}; }
  awaiter operator co_await() & noexcept { return awaiter{handle_}; }

 private:
  friend class detail::task_promise<T>;
  friend struct detail::task_access;
  explicit task(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}

  void destroy() noexcept {
    if (!handle_) return;
    // The run-time twin of async-unawaited-task: a task that never started did nothing.
    if (!handle_.promise().started() && detail::debug_enabled()) {
      try {
        detail::report("task " + detail::describe(handle_.promise().where()) +
                       " was destroyed without being awaited: its body never ran; co_await it, "
                       "or hand it to asyncrt::gather/spawn [async-unawaited-task]");
      } catch (...) {  // never throw from a destructor
        std::fputs("asyncrt debug: could not report an unawaited task\n", stderr);
      }
    }
    handle_.destroy();
    handle_ = {};
  }

  std::coroutine_handle<promise_type> handle_;
};

namespace detail {

template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}

struct task_access {
  template <class T>
  static std::coroutine_handle<task_promise<T>> handle(const task<T>& t) noexcept {
    return t.handle_;
  }
};

}  // namespace detail
}  // namespace asyncrt
