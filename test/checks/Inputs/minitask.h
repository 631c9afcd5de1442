// A coroutine library that is not asyncrt: an eager task whose promise has no await_transform,
// a synchronous generator, and a look-alike sleep, for the checks' tests.
#pragma once
#include <coroutine>
#include <exception>

namespace mini {
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// Only co_yields, and is not awaitable: runs on its caller's thread, like std::generator.
struct Generator {
  struct promise_type {
    Generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
} // namespace mini

namespace game {
inline void sleep(int) {}
struct Bot {
  void sleep(int) {}
  void sleep_for(int) {}
};
} // namespace game
