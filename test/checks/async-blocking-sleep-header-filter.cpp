// A finding in a header is shown only if --header-filter names the header (and
// --exclude-header-filter does not): the checks do not analyse the functions whose findings
// would be dropped (issue 11), and show exactly what they showed.
//
// clang-tidy 19's default --header-filter is '' (no header), 22's is '.*': both are said here.
// RUN: %check_async_tidy -check-suffix=MAIN %s async-blocking-sleep %t -- --header-filter= -- -I%S/Inputs/headers %async_compile_flags
// RUN: %check_async_tidy -check-suffix=ALL %s async-blocking-sleep %t -- --header-filter='.*' -- -I%S/Inputs/headers %async_compile_flags
// RUN: %check_async_tidy -check-suffix=MAIN %s async-blocking-sleep %t -- --header-filter='.*' --exclude-header-filter='userlib' -- -I%S/Inputs/headers %async_compile_flags

#include <userlib.h>
#include <asyncrt/sleep.hpp>


asyncrt::task<void> instantiates() { co_await userlib::nap_for(std::chrono::milliseconds(1)); }

// The header's macro expanded here: the coroutine is this file's.
USERLIB_NAPPER(napper)
// CHECK-MESSAGES-MAIN: :[[@LINE-1]]:1: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'napper'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
// CHECK-MESSAGES-MAIN: :[[@LINE-2]]:16: note: coroutine 'napper' declared here
// CHECK-MESSAGES-ALL: :[[@LINE-3]]:1: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'napper'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
// CHECK-MESSAGES-ALL: :[[@LINE-4]]:16: note: coroutine 'napper' declared here

// A coroutine lambda written here and called by the header's template.
asyncrt::task<void> passes_lambda() {
  co_await userlib::run([]() -> asyncrt::task<void> {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // CHECK-MESSAGES-MAIN: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine lambda; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
    // CHECK-MESSAGES-MAIN: :[[@LINE-3]]:25: note: coroutine lambda declared here
    // CHECK-MESSAGES-ALL: :[[@LINE-3]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine lambda; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
    // CHECK-MESSAGES-ALL: :[[@LINE-5]]:25: note: coroutine lambda declared here
    // CHECK-FIXES-MAIN: {{^}}    co_await asyncrt::sleep_for(std::chrono::milliseconds(1));{{$}}
    // CHECK-FIXES-ALL: {{^}}    co_await asyncrt::sleep_for(std::chrono::milliseconds(1));{{$}}
    co_return;
  });
}

// The header's blocking helper, called here: the finding is this file's, the helper is read
// although its own file is not shown.
asyncrt::task<void> calls_helper() {
  userlib::pause();
  // CHECK-MESSAGES-MAIN: :[[@LINE-1]]:3: warning: 'userlib::pause' blocks the event loop running coroutine 'calls_helper': it calls 'std::this_thread::sleep_for', waiting for a timer; {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:3: warning: 'userlib::pause' blocks the event loop running coroutine 'calls_helper': it calls 'std::this_thread::sleep_for', waiting for a timer; {{.*}}[async-blocking-sleep]
  co_return;
}

// A coroutine calling the header's blocking coroutine awaits it: nothing blocks here.
asyncrt::task<void> awaits_header() { co_await userlib::nap(); }

// The header's own findings come after the main file's. The template's instantiation from
// this file is spelled in the header, and shown with it.
// CHECK-MESSAGES-ALL: userlib.h:12:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'nap'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
// CHECK-MESSAGES-ALL: userlib.h:11:28: note: coroutine 'nap' declared here
// CHECK-MESSAGES-ALL: userlib.h:17:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'nap_for'; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
// CHECK-MESSAGES-ALL: userlib.h:16:40: note: coroutine 'nap_for' declared here
