// asyncrt/spawn.hpp: spawn(), deliberate fire-and-forget owned by the loop (asyncio.create_task).
#pragma once

#include <exception>
#include <stdexcept>
#include <utility>

#include "detail/detached.hpp"
#include "detail/event_loop.hpp"
#include "task.hpp"

namespace asyncrt {
namespace detail {

template <class T>
detached spawn_driver(task<T> child, event_loop* loop) {
  std::exception_ptr error;
  try {
    co_await child;
  } catch (...) {
    error = std::current_exception();
  }
  loop->spawn_finished(std::move(error));
}

}  // namespace detail

// Starts `t` on the current loop without waiting for it, like asyncio.create_task() whose result
// you never await — but with an owner: the loop keeps it alive, run() does not return before it
// finishes, and its exception (if the main task succeeded) is rethrown by run(). Its value, if
// any, is discarded. The task starts on the loop's next turn, not inside spawn().
//
//   asyncrt::spawn(log_metrics());   // intentional: lints clean, unlike a bare log_metrics();
//
// Throws std::logic_error outside a running loop.
template <class T>
void spawn(task<T> t) {
  detail::event_loop* loop = &detail::event_loop::require("asyncrt::spawn");
  auto driver = detail::spawn_driver(std::move(t), loop);
  loop->spawn_started();
  loop->schedule(driver.handle);
}

}  // namespace asyncrt
