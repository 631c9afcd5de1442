// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- %async_compile_flags

// A called function's path that its code marks as rare — `if (__builtin_expect(c, 0))`, the
// LIKELY/UNLIKELY macros most libraries define over it, or `[[unlikely]]` — is not followed:
// an asynchronous logger that backs off only when its queue is full (quill's shape) would
// otherwise be reported at every log call. The coroutine's own calls are reported wherever
// they are, and an unmarked back-off is still followed.
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <thread>

#define LIB_UNLIKELY(x) (__builtin_expect(!!(x), 0))
#define LIB_LIKELY(x) (__builtin_expect(!!(x), 1))

namespace logging {
inline void pause_ns(long ns) { std::this_thread::sleep_for(std::chrono::nanoseconds(ns)); }
struct Queue {
  char *prepare(unsigned n); // nullptr only when the queue is full
};
struct Logger {
  Queue q;
  // The hot path writes into the queue; the back-off runs only when it is full.
  bool log(const char *) {
    char *buf = q.prepare(64);
    if LIB_UNLIKELY (buf == nullptr) {
      do {
        pause_ns(800);
        buf = q.prepare(64);
      } while (buf == nullptr);
    }
    return buf != nullptr;
  }
  bool log_expected_to_fit(const char *) {
    char *buf = q.prepare(64);
    if (LIB_LIKELY(buf != nullptr))
      return true;
    else
      pause_ns(800);
    return false;
  }
  bool log_cxx20(const char *) {
    char *buf = q.prepare(64);
    if (buf == nullptr) [[unlikely]] {
      pause_ns(800);
    }
    return buf != nullptr;
  }
  bool log_case(int kind) {
    switch (kind) {
    case 0:
      return true;
    [[unlikely]] case 1:
      pause_ns(800);
      return false;
    }
    return true;
  }
  // Nothing marks this back-off as rare: it is followed.
  bool log_unmarked(const char *) {
    char *buf = q.prepare(64);
    while (buf == nullptr) {
      pause_ns(800);
      buf = q.prepare(64);
    }
    return true;
  }
  // The likely branch is the common path: followed.
  bool log_slow(const char *) {
    if LIB_LIKELY (q.prepare(64) == nullptr)
      pause_ns(800);
    return true;
  }
};
} // namespace logging

logging::Logger logger;

asyncrt::task<void> handle(bool failed) {
  logger.log("request");
  logger.log_expected_to_fit("request");
  logger.log_cxx20("request");
  logger.log_case(1);
  logger.log_unmarked("request");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'logging::Logger::log_unmarked' blocks the event loop running coroutine 'handle': it calls 'logging::pause_ns', which calls 'std::this_thread::sleep_for', waiting for a timer{{.*}} [async-blocking-sleep]
  logger.log_slow("request");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'logging::Logger::log_slow' blocks the event loop running coroutine 'handle'{{.*}} [async-blocking-sleep]
  // The coroutine's own rare path still blocks the loop when it runs.
  if LIB_UNLIKELY (failed)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'handle'{{.*}} [async-blocking-sleep]
  // CHECK-FIXES: {{^}}    co_await asyncrt::sleep_for(std::chrono::milliseconds(5));{{$}}
  co_return;
}
