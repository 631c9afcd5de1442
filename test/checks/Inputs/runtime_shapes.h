// Minimal shapes of the coroutine runtimes' task types, written for the advice tests: just
// enough for a coroutine to compile and for async-tidy to tell which runtime it is on. The
// real names (verified in each library's headers) are in checks/RuntimeProfiles.def.
#pragma once
#include <chrono>
#include <coroutine>
#include <exception>

namespace shape {
// A lazy task: initial_suspend suspends, so a dropped one never runs.
template <class T> struct lazy {
  struct promise_type {
    lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace shape

namespace async_simple::coro {
template <class T = void> struct Lazy : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    Lazy get_return_object() { return {}; }
  };
};
} // namespace async_simple::coro

namespace coro {
template <class T = void> struct task : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    task get_return_object() { return {}; }
  };
};
class thread_pool;
} // namespace coro

namespace cppcoro {
template <class T = void> struct task : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    task get_return_object() { return {}; }
  };
};
} // namespace cppcoro

namespace folly::coro {
template <class T = void> struct Task : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    Task get_return_object() { return {}; }
  };
};
} // namespace folly::coro

namespace boost::cobalt {
template <class T> struct task : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    task get_return_object() { return {}; }
  };
};
} // namespace boost::cobalt

// stdexec spells its task through an alias of a basic_task.
namespace exec {
namespace __task {
template <class T, class Context = void> struct basic_task : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    basic_task get_return_object() { return {}; }
  };
};
} // namespace __task
template <class T> using task = __task::basic_task<T>;
} // namespace exec

// A project's own alias of a known runtime's task.
namespace app {
template <class T> using job = folly::coro::Task<T>;
}

// A runtime async-tidy does not know.
namespace inhouse {
template <class T = void> struct fiber : shape::lazy<T> {
  struct promise_type : shape::lazy<T>::promise_type {
    fiber get_return_object() { return {}; }
  };
};
} // namespace inhouse
