// asyncrt/detail/debug_state.hpp: the per-thread state behind debug mode (see asyncrt/debug.hpp).
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <source_location>
#include <string>
#include <utility>

namespace asyncrt::detail {

// Where a coroutine was defined. Captured once per task by the promise constructor (the default
// argument std::source_location::current() names the coroutine function with both Clang and GCC).
using code_location = std::source_location;

inline std::string describe(const code_location& loc) {
  std::string s = "`";
  s += loc.function_name();
  s += "` (";
  s += loc.file_name();
  s += ':';
  s += std::to_string(loc.line());
  s += ')';
  return s;
}

// The reporter is process-wide (tests replace it to capture reports); guarded because loops on
// several threads may report at once.
struct reporter_slot {
  std::mutex mu;
  std::function<void(const std::string&)> fn;
};
inline reporter_slot& reporter() {
  static reporter_slot slot;
  return slot;
}

inline void report(const std::string& message) {
  auto& slot = reporter();
  const std::lock_guard lock(slot.mu);
  if (slot.fn) {
    slot.fn(message);
  } else {
    std::fprintf(stderr, "asyncrt debug: %s\n", message.c_str());
  }
}

// ASYNCRT_DEBUG=1 (any value but "" and "0") turns debug mode on for every run() in the process,
// like PYTHONASYNCIODEBUG.
inline bool debug_from_environment() {
  static const bool on = [] {
    const char* v = std::getenv("ASYNCRT_DEBUG");
    return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
  }();
  return on;
}

// Debug settings of the loop running on this thread (set by run(), cleared when it returns).
struct thread_debug {
  bool enabled = false;
  std::chrono::nanoseconds slow_threshold{std::chrono::milliseconds(100)};
  // The segment of coroutine code now running on the loop: from a resumption to the next
  // suspension. asyncrt's own awaiters open and close segments, so a slow one is attributed to the
  // coroutine that actually ran, not to whatever the loop happened to resume.
  const code_location* segment_owner = nullptr;
  std::chrono::steady_clock::time_point segment_start{};
};
inline thread_local thread_debug tl_debug;

inline bool debug_enabled() noexcept {
  return tl_debug.enabled || debug_from_environment();
}

inline void segment_begin(const code_location* owner) noexcept {
  if (!tl_debug.enabled) return;
  tl_debug.segment_owner = owner;
  tl_debug.segment_start = std::chrono::steady_clock::now();
}

inline void segment_end() noexcept {
  if (!tl_debug.enabled || tl_debug.segment_owner == nullptr) return;
  const auto held = std::chrono::steady_clock::now() - tl_debug.segment_start;
  const code_location* owner = std::exchange(tl_debug.segment_owner, nullptr);
  if (held > tl_debug.slow_threshold) {
    using ms = std::chrono::duration<double, std::milli>;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f ms (threshold %.1f ms)", ms(held).count(),
                  ms(tl_debug.slow_threshold).count());
    try {
      report("coroutine " + describe(*owner) + " held the event loop for " + buf +
             " without suspending: something in it blocks; co_await an asyncrt operation or "
             "asyncrt::to_thread(...) instead [async-blocking-*]");
    } catch (...) {  // a diagnostic must never take the program down
      std::fputs("asyncrt debug: could not report a slow coroutine\n", stderr);
    }
  }
}

}  // namespace asyncrt::detail
