// A runtime async-tidy does not know: warnings whose advice names no library, and no fix-its,
// even where asyncrt::sleep_for is declared (it is not this coroutine's runtime).
// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- -I%S/Inputs
// With SleepFunction naming it, the configured function is the fix where it is declared first.
// RUN: %check_async_tidy -check-suffix=CONFIGURED %s async-blocking-sleep %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-sleep.SleepFunction: 'asyncrt::sleep_for'}}" -- -I%S/Inputs
#include <chrono>
#include <thread>
#include "minitask.h"

mini::Task tick() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'tick'; use your runtime's awaitable timer instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: coroutine 'tick' declared here
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'tick'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-5]]:12: note: coroutine 'tick' declared here
  // CHECK-FIXES-CONFIGURED: {{^}}  std::this_thread::sleep_for(std::chrono::milliseconds(1));{{$}}
  co_return;
}

// Declared only after the coroutine: a fix-it there would not compile either.
namespace asyncrt {
mini::Task sleep_for(std::chrono::nanoseconds);
}
mini::Task later() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}; use your runtime's awaitable timer instead [async-blocking-sleep]
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_for' {{.*}}; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_for(std::chrono::milliseconds(1));{{$}}
  // CHECK-FIXES-CONFIGURED: {{^}}  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));{{$}}
  co_return;
}
