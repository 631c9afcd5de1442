// RUN: %check_async_tidy %s clang-diagnostic-unused-result,clang-diagnostic-unused-value,async-unawaited-task %t -- -- -I%S/Inputs %async_compile_flags

// The overlap with clang's -Wunused-result, as documented: on a [[nodiscard]] task both
// diagnostics appear, under their own names; a (void) cast silences the compiler's, not ours
// (the lazy task still never runs); types without [[nodiscard]] get only ours.

#include <asyncrt/task.hpp>
#include <boost/asio/awaitable.hpp>

asyncrt::task<int> fetch() { co_return 1; }
boost::asio::awaitable<int> asio_value() { co_return 1; }

void ordinary() {
  fetch();
  // CHECK-MESSAGES-DAG: :[[@LINE-1]]:3: warning: ignoring return value of {{function|type 'task<int>'}} declared with 'nodiscard' attribute [clang-diagnostic-unused-{{result|value}}]
  // CHECK-MESSAGES-DAG: :[[@LINE-2]]:3: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded {{.*}}[async-unawaited-task]
  (void)fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is cast to void{{.*}}[async-unawaited-task]
  asio_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'boost::asio::awaitable<int>' returned by 'asio_value' is discarded {{.*}}[async-unawaited-task]
}
