// RUN: %check_async_tidy %s async-await-in-loop %t -- \
// RUN:   --config="{CheckOptions: {async-await-in-loop.SequentialFunctions: 'api::rate_limited_get'}}" \
// RUN:   -- %async_compile_flags
// RUN: %check_async_tidy --check-suffix=DEFAULT %s async-await-in-loop %t -- -- %async_compile_flags

// SequentialFunctions names calls whose awaits in a loop are sequential by intent.
#include <asyncrt/task.hpp>
#include <string>
#include <vector>

namespace api {
asyncrt::task<std::string> rate_limited_get(std::string url);
asyncrt::task<std::string> get(std::string url);
} // namespace api

asyncrt::task<std::size_t> crawl(std::vector<std::string> urls) {
  std::size_t bytes = 0;
  for (const std::string &url : urls)
    bytes += (co_await api::rate_limited_get(url)).size();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:15: warning: each iteration waits for 'rate_limited_get' {{.*}} [async-await-in-loop]
  for (const std::string &url : urls)
    bytes += (co_await api::get(url)).size();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: each iteration waits for 'get' {{.*}} [async-await-in-loop]
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:15: warning: each iteration waits for 'get' {{.*}} [async-await-in-loop]
  co_return bytes;
}
