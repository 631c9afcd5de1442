// SleepFunction / SleepUntilFunction point the fix-it at the project's own awaitable sleeps;
// AllowedFunctions and the async::nonblocking annotation exempt functions from the check.
// RUN: %check_async_tidy %s async-blocking-sleep %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-sleep.SleepFunction: 'myrt::nap', async-blocking-sleep.SleepUntilFunction: 'myrt::nap_until', AllowedFunctions: '::usleep'}}" \
// RUN:   -- -I%S/Inputs %async_compile_flags
// A replacement that is not declared gets no fix-it (the rewrite would not compile):
// RUN: %check_async_tidy -check-suffix=UNDECLARED %s async-blocking-sleep %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-sleep.SleepFunction: 'nowhere::nap', async-blocking-sleep.SleepUntilFunction: 'nowhere::nap_until'}}" \
// RUN:   -- -I%S/Inputs %async_compile_flags

#include <chrono>
#include <thread>
#include <unistd.h>
#include "minitask.h"

namespace myrt {
struct Nap {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
Nap nap(std::chrono::nanoseconds);
Nap nap_until(std::chrono::steady_clock::time_point);
} // namespace myrt

// A project that knows sleep(3) is fine in its single-purpose worker coroutines.
extern "C" [[clang::annotate("async::nonblocking")]] unsigned int sleep(unsigned int);

mini::Task tick() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await myrt::nap(std::chrono::milliseconds(1));{{$}}
  // CHECK-MESSAGES-UNDECLARED: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-FIXES-UNDECLARED: {{^}}  std::this_thread::sleep_for(std::chrono::milliseconds(1));{{$}}
  std::this_thread::sleep_until(std::chrono::steady_clock::now());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await myrt::nap_until(std::chrono::steady_clock::now());{{$}}
  // CHECK-MESSAGES-UNDECLARED: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_until' {{.*}}[async-blocking-sleep]
  usleep(10);
  // CHECK-MESSAGES-UNDECLARED: :[[@LINE-1]]:3: warning: 'usleep' waits for a timer {{.*}}[async-blocking-sleep]
  sleep(1);
  co_return;
}
