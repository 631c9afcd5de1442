// RUN: %check_async_tidy %s async-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-call.BlockingFunctions: 'legacy::fetch;legacy::Client::query;::crc_file'}}" \
// RUN:   -- -I%S/Inputs %async_compile_flags

#include <asyncrt/annotations.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <string>
#include "minitask.h"

namespace legacy {
std::string fetch(const std::string &url);
struct Client {
  int query(const char *sql);
  int ping();
};
template <class T> struct Cache {
  ASYNCRT_BLOCKING T load(int key);
  T peek(int key);
};
} // namespace legacy
unsigned crc_file(const char *path);

ASYNCRT_BLOCKING void flush_to_disk(const char *path);
[[clang::annotate("async::blocking")]] int wait_for_device(int id);
// Marked on the first declaration, called through the redeclaration.
int wait_for_device(int id);

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<std::string> sync_wrapper(std::string url) {
  co_return legacy::fetch(url);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'legacy::fetch' waits for work the BlockingFunctions option marks blocking and blocks the event loop running coroutine 'sync_wrapper'; use 'co_await asyncrt::to_thread(...)' instead [async-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: coroutine 'sync_wrapper' declared here
}

asyncrt::task<int> annotated(legacy::Client &c, legacy::Cache<int> &cache) {
  flush_to_disk("/tmp/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'flush_to_disk' waits for work its declaration marks blocking {{.*}}[async-blocking-call]
  int v = wait_for_device(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'wait_for_device' waits for work its declaration marks blocking {{.*}}[async-blocking-call]
  v += c.query("SELECT 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'legacy::Client::query' waits for work the BlockingFunctions option {{.*}}[async-blocking-call]
  v += cache.load(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'legacy::Cache<int>::load' waits for work its declaration marks blocking {{.*}}[async-blocking-call]
  v += static_cast<int>(crc_file("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'crc_file' {{.*}}[async-blocking-call]
  co_return v;
}

template <class T> struct Service {
  legacy::Cache<T> cache;
  asyncrt::task<T> get(int key) {
    co_return cache.load(key);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'legacy::Cache<{{.*}}>::load' {{.*}}coroutine 'get'{{.*}}[async-blocking-call]
  }
};
template struct Service<int>;
template struct Service<long>;

auto coroutine_lambda = [](int id) -> asyncrt::task<int> { co_return wait_for_device(id); };
// CHECK-MESSAGES: :[[@LINE-1]]:70: warning: 'wait_for_device' {{.*}}coroutine lambda{{.*}}[async-blocking-call]

#define FLUSH() flush_to_disk("/var/log/app")
boost::asio::awaitable<void> in_macro() {
  FLUSH();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'flush_to_disk' {{.*}}coroutine 'in_macro'{{.*}}[async-blocking-call]
  co_return;
}

mini::Task other_library() {
  legacy::fetch("http://localhost/");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'legacy::fetch' {{.*}}[async-blocking-call]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

void plain_function() { flush_to_disk("x"); legacy::fetch("y"); }

asyncrt::task<int> unmarked(legacy::Client &c, legacy::Cache<int> &cache) {
  co_return c.ping() + cache.peek(1);
}

asyncrt::task<std::string> offloaded(std::string url) {
  co_return co_await asyncrt::to_thread([&] { return legacy::fetch(url); });
}

namespace other {
std::string fetch(const std::string &url);
}
asyncrt::task<std::string> same_last_name() { co_return other::fetch("x"); }

asyncrt::task<void> suppressed() {
  flush_to_disk("x"); // NOLINT(async-blocking-call)
  co_return;
}
