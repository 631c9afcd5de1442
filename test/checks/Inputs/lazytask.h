// A lazy task whose promise takes its value through a non-template return_value(T), so that
// `co_return {a, b};` works, for the checks' tests.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace lazy {
template <class T> struct Task {
  struct promise_type {
    T value;
    Task get_return_object() { return Task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return std::move(handle.promise().value); }
};
} // namespace lazy
