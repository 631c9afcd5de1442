// asyncrt/debug.hpp: debug mode, the run-time twin of the async-tidy checks (asyncio debug mode).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>

#include "detail/debug_state.hpp"

// Turn it on with asyncrt::run(t, {.debug = true}) or ASYNCRT_DEBUG=1 in the environment. Then
// asyncrt reports, on stderr as "asyncrt debug: ...":
//
//   - a coroutine that holds the loop longer than run_options::slow_callback_duration (100 ms)
//     between two suspensions, naming it and where it is defined: something in it blocks
//     (what async-blocking-* finds at compile time);
//   - a task destroyed without ever having started: a call whose co_await was forgotten
//     (async-unawaited-task);
//   - a run() called while a loop is running on the thread, naming the coroutine that did it
//     (async-nested-run). That one always throws nested_run_error; debug mode adds the report.
//
// Timing is per coroutine segment, from one resumption to the next suspension at an asyncrt
// awaitable (task, sleep, gather, to_thread, files, http, sqlite), so the report names the
// coroutine that ran, not whichever one the loop happened to wake.
namespace asyncrt::debug {

// Replaces where reports go (nullptr restores stderr) and returns the previous reporter. Tests
// and applications with their own logging use it. Called with a lock held: do not call back
// into set_reporter from it.
inline std::function<void(const std::string&)> set_reporter(
    std::function<void(const std::string&)> reporter) {
  auto& slot = detail::reporter();
  const std::lock_guard lock(slot.mu);
  return std::exchange(slot.fn, std::move(reporter));
}

// Whether debug mode is on for the loop running on this thread (or, with no loop, by the
// environment variable).
inline bool enabled() noexcept { return detail::debug_enabled(); }

}  // namespace asyncrt::debug
