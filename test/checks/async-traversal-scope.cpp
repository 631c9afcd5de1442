// When the async-* checks are all that runs, MatchFinder traverses nothing past the TU node and
// the checks walk the top-level declarations outside system headers (issue 11); when any other check or the
// static analyzer runs, it sees the whole translation unit as before. Both front-ends.
//
// RUN: env ASYNC_TIDY_TRACE_SCOPE=1 %tidy --config={} --checks='-*,async-blocking-sleep' %s -- -std=c++20 -isystem %S/Inputs/system %async_compile_flags > %t.alone.out 2> %t.alone.err || true
// RUN: FileCheck %s --input-file=%t.alone.out --check-prefixes=SLEEP --implicit-check-not='warning:'
// RUN: FileCheck %s --input-file=%t.alone.err --check-prefix=ALONE
// ALONE: async-tidy: traversal scope: none left for MatchFinder; the checks walk {{[1-9][0-9]*}} of {{[1-9][0-9]*}} top-level declarations (the rest are in system headers)
//
// RUN: env ASYNC_TIDY_TRACE_SCOPE=1 %tidy --config={} --checks='-*,async-blocking-sleep,readability-braces-around-statements' %s -- -std=c++20 -isystem %S/Inputs/system %async_compile_flags > %t.other.out 2> %t.other.err || true
// RUN: FileCheck %s --input-file=%t.other.out --check-prefixes=SLEEP,BRACES --implicit-check-not='warning:'
// RUN: FileCheck %s --input-file=%t.other.err --check-prefix=OTHER
// OTHER: async-tidy: traversal scope: the whole translation unit ('readability-braces-around-statements' runs too)
//
// RUN: env ASYNC_TIDY_TRACE_SCOPE=1 %tidy --config={} --checks='-*,async-blocking-sleep,clang-analyzer-core.DivideZero' %s -- -std=c++20 -isystem %S/Inputs/system %async_compile_flags > %t.analyzer.out 2> %t.analyzer.err || true
// RUN: FileCheck %s --input-file=%t.analyzer.out --check-prefixes=SLEEP,DIVIDE --implicit-check-not='warning:'
// RUN: FileCheck %s --input-file=%t.analyzer.err --check-prefix=ANALYZER
// ANALYZER: async-tidy: traversal scope: the whole translation unit ('clang-analyzer-core.DivideZero' runs too)

#include <fakelib.h>

using namespace std::chrono_literals;

// The user's coroutine lambda instantiated inside the library: found in both scopes.
asyncrt::task<void> in_library() {
  co_await fakelib::with_timeout([](auto d) -> asyncrt::task<void> {
    std::this_thread::sleep_for(d);
    // SLEEP: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine lambda; use 'co_await asyncrt::sleep_for(duration)' instead [async-blocking-sleep]
    co_return;
  });
}

// The library's own blocking coroutine is not the user's code: never reported.
asyncrt::task<void> calls_library() { co_await fakelib::nap(); }

int divide(int x) {
  if (x > 0)
    return 1;
  // BRACES: :[[@LINE-2]]:13: warning: statement should be inside braces [readability-braces-around-statements]
  int zero = 0;
  return x / zero;
  // DIVIDE: :[[@LINE-1]]:12: warning: Division by zero [clang-analyzer-core.DivideZero]
}
