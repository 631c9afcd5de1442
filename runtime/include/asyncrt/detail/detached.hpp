// asyncrt/detail/detached.hpp: a bare coroutine type for asyncrt's internal drivers.
#pragma once

#include <coroutine>
#include <exception>

namespace asyncrt::detail {

// gather and spawn each wrap a user task in a small driver coroutine that awaits it and records
// the outcome. The driver starts suspended (its creator decides when it runs) and frees its own
// frame when it ends, so no one has to hold on to it. Its body catches everything, so
// unhandled_exception can only be reached by a bug in asyncrt itself.
struct detached {
  struct promise_type {
    detached get_return_object() noexcept {
      return detached{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    [[noreturn]] void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

}  // namespace asyncrt::detail
