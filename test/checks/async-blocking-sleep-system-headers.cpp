// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- -isystem %S/Inputs/system %async_compile_flags

// The checks find the user's coroutines by one walk of the declarations outside system headers
// (issue 11): what lands under a library's declarations is still found, the library's own code
// is not.

#include <fakelib.h>
// The fix-its insert asyncrt's sleep header: the coroutines are asyncrt tasks.
// CHECK-FIXES: {{^}}#include <asyncrt/sleep.hpp>{{$}}

using namespace std::chrono_literals;

// A generic coroutine lambda whose call operator only the library instantiates: in the
// pattern the sleep's argument is dependent, only the instantiation resolves the call.
asyncrt::task<void> generic_lambda_in_library() {
  co_await fakelib::with_timeout([](auto d) -> asyncrt::task<void> {
    std::this_thread::sleep_for(d);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine lambda; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
    // CHECK-MESSAGES: :[[@LINE-3]]:34: note: coroutine lambda declared here
    // CHECK-FIXES: {{^}}    co_await asyncrt::sleep_for(d);{{$}}
    co_return;
  });
}

// The user's partial specialization of a library template: its instantiation is a
// specialization of the library's primary template.
template <class Rep, class Period> struct fakelib::adapter<std::chrono::duration<Rep, Period>> {
  static asyncrt::task<void> run(std::chrono::duration<Rep, Period> d) {
    std::this_thread::sleep_for(d);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'run'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
    // CHECK-MESSAGES: :[[@LINE-3]]:30: note: coroutine 'run' declared here
    // CHECK-FIXES: {{^}}    co_await asyncrt::sleep_for(d);{{$}}
    co_return;
  }
};

asyncrt::task<void> uses_adapter() { co_await fakelib::adapter<std::chrono::milliseconds>::run(1ms); }

// A library macro spelling the coroutine's declaration, expanded here.
FAKELIB_HANDLER(from_library_macro) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'from_library_macro'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: coroutine 'from_library_macro' declared here
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(1ms);{{$}}
  co_return;
}

// A template the library declares first and the user defines.
template <class D> asyncrt::task<void> fakelib::user_hook(D d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'user_hook'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:49: note: coroutine 'user_hook' declared here
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(d);{{$}}
  co_return;
}

// --- Negatives: the library's own code -----------------------------------------------------

asyncrt::task<void> calls_library() {
  co_await fakelib::nap();
  co_await fakelib::nap_for(1ms);         // instantiated with a user type, still the library's
  co_await fakelib::adapter<int>::run(1); // the primary template, the library's
  co_await fakelib::user_hook(1ms);
}
