// RUN: %check_async_tidy -check-suffix=SLEEP %s async-blocking-sleep %t -- -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=FILE %s async-blocking-file-io %t -- -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=CALL %s async-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-call.BlockingFunctions: 'legacy::crc'}}" \
// RUN:   -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=SHALLOW %s async-blocking-sleep %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-sleep.MaxCallDepth: 2}}" -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=OFF %s async-blocking-sleep,async-blocking-file-io %t -- \
// RUN:   --config="{CheckOptions: {MaxCallDepth: 0}}" -- %async_compile_flags

#include <asyncrt/annotations.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

// The notes' lines in the helpers are written as absolute line numbers: moving a helper means
// updating its CHECK lines.

// --- Chains of depth 1 to 4 ------------------------------------------------------------------

void nap() { std::this_thread::sleep_for(10ms); }

std::string load_template(const std::string &path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}
std::string render(const std::string &name) { return "<html>" + load_template(name); }

void level3() { nap(); }
void level2() { level3(); }
void level1() { level2(); }

asyncrt::task<void> depth1() {
  nap();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'nap' blocks the event loop running coroutine 'depth1': it calls 'std::this_thread::sleep_for', waiting for a timer; use 'co_await asyncrt::to_thread(...)' instead [async-blocking-sleep]
  // CHECK-MESSAGES-SLEEP: :33:14: note: 'nap' calls 'std::this_thread::sleep_for' here
  // CHECK-MESSAGES-SLEEP: :[[@LINE-4]]:21: note: coroutine 'depth1' declared here
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-4]]:3: warning: 'nap' blocks {{.*}}[async-blocking-sleep]
  co_return;
}

asyncrt::task<std::string> serve(std::string name) {
  std::string page = render(name);
  // CHECK-MESSAGES-FILE: :[[@LINE-1]]:22: warning: 'render' blocks the event loop running coroutine 'serve': it calls 'load_template', which constructs 'std::ifstream', waiting for the disk; use 'co_await asyncrt::to_thread(...)' instead [async-blocking-file-io]
  // CHECK-MESSAGES-FILE: :41:65: note: 'render' calls 'load_template' here
  // CHECK-MESSAGES-FILE: :36:17: note: 'load_template' constructs 'std::ifstream' here
  // CHECK-MESSAGES-FILE: :38:3: note: 'load_template' also calls 'std::getline' here
  // CHECK-MESSAGES-FILE: :[[@LINE-6]]:28: note: coroutine 'serve' declared here
  co_return page;
}

asyncrt::task<void> depth4() {
  level1();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'level1' blocks the event loop running coroutine 'depth4': it calls 'level2', which calls 'level3', which calls 'nap', which calls 'std::this_thread::sleep_for', waiting for a timer; {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SLEEP: :45:17: note: 'level1' calls 'level2' here
  // CHECK-MESSAGES-SLEEP: :44:17: note: 'level2' calls 'level3' here
  // CHECK-MESSAGES-SLEEP: :43:17: note: 'level3' calls 'nap' here
  // CHECK-MESSAGES-SLEEP: :33:14: note: 'nap' calls 'std::this_thread::sleep_for' here
  // CHECK-MESSAGES-SLEEP: :[[@LINE-7]]:21: note: coroutine 'depth4' declared here
  level2();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'level2' blocks {{.*}}: it calls 'level3', which calls 'nap', which {{.*}}[async-blocking-sleep]
  level3();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'level3' blocks {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: 'level3' blocks {{.*}}[async-blocking-sleep]
  co_return;
}

// Five functions down is beyond the default MaxCallDepth (4): not reported.
void level0() { level1(); }
asyncrt::task<void> too_deep() {
  level0();
  co_return;
}

// --- Recursion --------------------------------------------------------------------------------

void ping(int n);
void pong(int n) { if (n > 0) ping(n - 1); }
void ping(int n) { if (n > 0) pong(n - 1); }

void countdown(int n) {
  if (n == 0)
    nap();
  else
    countdown(n - 1);
}

asyncrt::task<void> recursion() {
  ping(3); // a cycle that blocks nowhere
  countdown(3);
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'countdown' blocks {{.*}}: it calls 'nap', which calls 'std::this_thread::sleep_for', {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: 'countdown' blocks {{.*}}[async-blocking-sleep]
  co_return;
}

// --- Templates and lambdas ----------------------------------------------------------------------

template <class T> T read_value(const char *path) {
  std::ifstream in(path);
  T value{};
  in >> value;
  return value;
}

template <class F> void run_now(F f) { f(); }

void with_local_lambda() {
  auto snooze = [] { std::this_thread::sleep_for(1ms); };
  snooze();
}

void with_immediate_lambda() {
  [] { usleep(100); }();
}

asyncrt::task<int> templates_and_lambdas() {
  int v = read_value<int>("/etc/value");
  // CHECK-MESSAGES-FILE: :[[@LINE-1]]:11: warning: 'read_value' blocks {{.*}}: it constructs 'std::ifstream', waiting for the disk; {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-FILE: :113:17: note: 'read_value' constructs 'std::ifstream' here
  run_now([] { nap(); });
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'run_now' blocks {{.*}}: it calls the lambda, which calls 'nap', which calls 'std::this_thread::sleep_for', {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SLEEP: :119:40: note: 'run_now' calls the lambda here
  // CHECK-MESSAGES-SLEEP: :[[@LINE-3]]:16: note: the lambda calls 'nap' here
  with_local_lambda();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'with_local_lambda' blocks {{.*}}: it calls the lambda, which calls 'std::this_thread::sleep_for', {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: 'with_local_lambda' blocks {{.*}}[async-blocking-sleep]
  with_immediate_lambda();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'with_immediate_lambda' blocks {{.*}}: it calls 'usleep', waiting for a timer; {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: 'with_immediate_lambda' blocks {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SLEEP: :127:8: note: 'with_immediate_lambda' calls 'usleep' here
  co_return v;
}

// --- Offloaded, stored and only defined: not the caller's blocking --------------------------------

void offload_to_thread() {
  std::thread t([] { nap(); });
  t.detach();
}
std::function<void()> stored_job() {
  std::function<void()> job = [] { nap(); };
  return job;
}
void only_defines() {
  auto later = [] { nap(); };
  (void)later;
}

asyncrt::task<void> offloaded() {
  offload_to_thread();
  stored_job();
  only_defines();
  co_await asyncrt::to_thread([] { nap(); });
  co_await asyncrt::to_thread(nap);
  co_return;
}

// --- Exempted calls in the helper do not propagate -----------------------------------------------

void log_line(const std::string &s) {
  std::printf("%s\n", s.c_str());
  std::fprintf(stderr, "%s\n", s.c_str());
  std::cout << s << std::endl;
}
void poll_only(std::future<int> &f) { f.wait_for(0s); }
void log_to(FILE *out) { std::fputs("x", out); } // the caller decides what `out` is

asyncrt::task<void> exempted(std::future<int> &f) {
  log_line("hello");
  poll_only(f);
  log_to(stderr);
  co_return;
}

// --- Annotations and options ------------------------------------------------------------------------

ASYNCRT_NONBLOCKING void fast_enough() { nap(); }
void calls_fast() { fast_enough(); }

[[clang::annotate("async::blocking")]] void flush_all();
void save() { flush_all(); }

namespace legacy {
unsigned crc(const char *path);
unsigned checksum(const char *path) { return crc(path); }
// Marked blocking and defined here: the call check's finding, not followed into.
ASYNCRT_BLOCKING void sync_everything() { nap(); }
} // namespace legacy

asyncrt::task<void> annotated() {
  fast_enough(); // the author says it is fast
  calls_fast();
  save();
  // CHECK-MESSAGES-CALL: :[[@LINE-1]]:3: warning: 'save' blocks {{.*}}: it calls 'flush_all', waiting for work its declaration marks blocking; {{.*}}[async-blocking-call]
  // CHECK-MESSAGES-CALL: :195:15: note: 'save' calls 'flush_all' here
  legacy::checksum("/etc/passwd");
  // CHECK-MESSAGES-CALL: :[[@LINE-1]]:3: warning: 'legacy::checksum' blocks {{.*}}: it calls 'legacy::crc', waiting for work the BlockingFunctions option marks blocking; {{.*}}[async-blocking-call]
  legacy::sync_everything();
  // CHECK-MESSAGES-CALL: :[[@LINE-1]]:3: warning: 'legacy::sync_everything' waits for work its declaration marks blocking {{.*}}[async-blocking-call]
  co_return;
}

// --- Helpers that are coroutines create a task: their blocking is reported inside them ------------

asyncrt::task<void> sleepy_task() {
  nap();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'nap' blocks {{.*}}coroutine 'sleepy_task'{{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: 'nap' blocks {{.*}}[async-blocking-sleep]
  co_return;
}
asyncrt::task<void> make_task() { return sleepy_task(); }

asyncrt::task<void> calls_coroutines() {
  co_await sleepy_task();
  auto t = make_task();
  co_await std::move(t);
}

// --- Virtual calls: only when clang can devirtualize them -----------------------------------------

struct Storage {
  virtual ~Storage() = default;
  virtual void flush() { nap(); }
};
struct FinalStorage final : Storage {
  void flush() override { nap(); }
};

asyncrt::task<void> virtual_calls(Storage &any, FinalStorage &known) {
  any.flush(); // may be any override: out of scope
  known.flush();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:9: warning: 'FinalStorage::flush' blocks {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:9: warning: 'FinalStorage::flush' blocks {{.*}}[async-blocking-sleep]
  any.Storage::flush();
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:16: warning: 'Storage::flush' blocks {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:16: warning: 'Storage::flush' blocks {{.*}}[async-blocking-sleep]
  co_return;
}

// --- A direct catalogue call is the catalogue's finding, not a transitive one ---------------------

asyncrt::task<void> direct() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES-SLEEP: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_for' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-OFF: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' waits for a timer {{.*}}[async-blocking-sleep]
  // CHECK-FIXES-SLEEP: {{^}}  co_await asyncrt::sleep_for(1ms);{{$}}
  // CHECK-FIXES-SHALLOW: {{^}}  co_await asyncrt::sleep_for(1ms);{{$}}
  // CHECK-FIXES-OFF: {{^}}  co_await asyncrt::sleep_for(1ms);{{$}}
  co_return;
}
