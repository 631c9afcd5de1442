// asyncrt/run.hpp: run(task), the entry point that owns an event loop, like asyncio.run().
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

#include "detail/debug_state.hpp"
#include "detail/event_loop.hpp"
#include "task.hpp"

namespace asyncrt {

// Thrown by run() when a loop already runs on the calling thread. A coroutine that calls run()
// would block its own loop until the inner one finishes (and the outer loop's other tasks starve):
// co_await the task instead. Python raises RuntimeError for the same thing:
// "asyncio.run() cannot be called from a running event loop".
class nested_run_error : public std::logic_error {
 public:
  nested_run_error()
      : std::logic_error(
            "asyncrt::run() called while an event loop is already running on this thread; "
            "inside a coroutine, co_await the task instead [async-nested-run]") {}
};

struct run_options {
  // Debug mode, like asyncio's debug=True: report coroutines that hold the loop too long, tasks
  // destroyed without being awaited, and nested run() calls. ASYNCRT_DEBUG=1 in the environment
  // turns it on too. Reports go to stderr, or to asyncrt::debug::set_reporter's function.
  bool debug = false;
  // How long one coroutine may run without suspending before debug mode reports it
  // (asyncio's loop.slow_callback_duration, also 100 ms).
  std::chrono::milliseconds slow_callback_duration{100};
};

namespace detail {

// Installs the debug settings for this thread's loop and restores the previous ones.
class debug_scope {
 public:
  explicit debug_scope(const run_options& options) : saved_(tl_debug) {
    tl_debug = thread_debug{};
    tl_debug.enabled = options.debug || debug_from_environment();
    tl_debug.slow_threshold = options.slow_callback_duration;
  }
  debug_scope(const debug_scope&) = delete;
  debug_scope& operator=(const debug_scope&) = delete;
  ~debug_scope() { tl_debug = saved_; }

 private:
  thread_debug saved_;
};

}  // namespace detail

// Runs `main_task` to completion on a new event loop on the calling thread and returns its value
// (or rethrows its exception). Tasks started with asyncrt::spawn are joined before run returns.
// Blocks the calling thread: call it from main() or a plain thread, never from a coroutine.
//
//   int main() { return asyncrt::run(main_task()); }
template <class T>
T run(task<T> main_task, run_options options = {}) {
  if (detail::event_loop::current() != nullptr) {
    if (detail::debug_enabled()) {
      const auto* inside = detail::tl_debug.segment_owner;
      detail::report(std::string("asyncrt::run() called while a loop is already running on this "
                                 "thread") +
                     (inside != nullptr ? ", from coroutine " + detail::describe(*inside) : "") +
                     "; co_await the task instead [async-nested-run]");
    }
    throw nested_run_error();
  }
  if (!main_task.valid()) throw std::invalid_argument("asyncrt::run: empty task");
  const detail::debug_scope debug(options);
  detail::event_loop loop;
  auto handle = detail::task_access::handle(main_task);
  loop.schedule(handle);
  loop.run_until([&] { return handle.done() && loop.spawned_idle(); });
  // The main task's own exception wins; otherwise the first failure of a spawned task surfaces
  // here, so fire-and-forget never means an error silently lost.
  if constexpr (std::is_void_v<T>) {
    handle.promise().take_result();
    loop.rethrow_spawn_error();
  } else {
    T value = handle.promise().take_result();
    loop.rethrow_spawn_error();
    return value;
  }
}

}  // namespace asyncrt
