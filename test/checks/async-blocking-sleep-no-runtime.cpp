// Without a declared asyncrt::sleep_for there is nothing to rewrite to: warnings, no fix-its.
// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- -I%S/Inputs
#include <chrono>
#include <thread>
#include "minitask.h"

mini::Task tick() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'tick'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: coroutine 'tick' declared here
  co_return;
}

// Declared only after the coroutine: a fix-it there would not compile either.
namespace asyncrt {
mini::Task sleep_for(std::chrono::nanoseconds);
}
mini::Task later() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));{{$}}
  co_return;
}
