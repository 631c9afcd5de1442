// The advice of every warning is spelled in the runtime the coroutine runs on (issue 23), told by
// its return type through aliases; a runtime async-tidy does not know gets words that name no
// library and a note on how to name one; the global Runtime option forces a profile and then no
// fix-it is invented.
// RUN: %check_async_tidy %s async-blocking-sleep,async-blocking-file-io,async-unawaited-task %t -- -- -I%S/Inputs
// RUN: %check_async_tidy -check-suffix=FORCED %s async-blocking-sleep %t -- \
// RUN:   --config="{CheckOptions: {Runtime: libcoro}}" -- -I%S/Inputs
#include "runtime_shapes.h"
#include <cstdio>
#include <thread>

async_simple::coro::Lazy<void> lazy_sleeps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'lazy_sleeps'; use 'co_await async_simple::coro::sleep(duration)' on an executor with timers instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:32: note: coroutine 'lazy_sleeps' declared here{{$}}
  // CHECK-MESSAGES-FORCED: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'lazy_sleeps'; use your coro::scheduler's timer ('co_await scheduler->yield_for(duration)'; coro::io_scheduler before v0.16) instead [async-blocking-sleep]
  // CHECK-MESSAGES-FORCED: :[[@LINE-5]]:32: note: coroutine 'lazy_sleeps' declared here{{$}}
  co_return;
}

coro::task<void> libcoro_reads() {
  std::FILE *f = std::fopen("/tmp/x", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'fopen' waits for the disk and blocks the event loop running coroutine 'libcoro_reads'; use a coro::thread_pool ('co_await pool->schedule()' before the call; the coroutine stays on the pool) instead [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: coroutine 'libcoro_reads' declared here
  (void)f;
  co_return;
}

cppcoro::task<> cppcoro_sleeps() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}; use your cppcoro::io_service's timer ('co_await io_service.schedule_after(duration)') instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: coroutine 'cppcoro_sleeps' declared here
  // CHECK-MESSAGES-FORCED: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' {{.*}}yield_for{{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-FORCED: :[[@LINE-5]]:17: note: coroutine 'cppcoro_sleeps' declared here
  co_return;
}

// Through a project's alias of folly's Task: folly's words.
app::job<void> aliased() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}; use 'co_await folly::coro::sleep(duration)' (in microseconds) instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:16: note: coroutine 'aliased' declared here
  // CHECK-MESSAGES-FORCED: :[[@LINE-3]]:3: warning: {{.*}}yield_for{{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-FORCED: :[[@LINE-5]]:16: note: coroutine 'aliased' declared here
  co_return;
}

// stdexec's exec::task is an alias of a basic_task: still stdexec's words.
exec::task<void> sender_sleeps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}; use a timed scheduler ('co_await exec::schedule_after(scheduler, duration)') instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: coroutine 'sender_sleeps' declared here
  // CHECK-MESSAGES-FORCED: :[[@LINE-3]]:3: warning: {{.*}}yield_for{{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-FORCED: :[[@LINE-5]]:18: note: coroutine 'sender_sleeps' declared here
  co_return;
}

boost::cobalt::task<void> cobalt_reads() {
  std::FILE *f = std::fopen("/tmp/x", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'fopen' {{.*}}; use a thread pool's executor ('co_await boost::cobalt::spawn(pool_executor, std::move(task), boost::cobalt::use_op)' with the call in the task) instead [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-3]]:27: note: coroutine 'cobalt_reads' declared here
  (void)f;
  co_return;
}

// A runtime no profile knows: no library named, and the note says how to name one.
inhouse::fiber<> unknown_runtime() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'unknown_runtime'; use your runtime's awaitable timer instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: coroutine 'unknown_runtime' declared here; its type names no coroutine runtime async-tidy knows: set the 'Runtime' option for advice in yours
  // CHECK-MESSAGES-FORCED: :[[@LINE-3]]:3: warning: {{.*}}yield_for{{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-FORCED: :[[@LINE-5]]:18: note: coroutine 'unknown_runtime' declared here{{$}}
  co_return;
}

// A dropped task: fire-and-forget in the dropped task's own runtime.
async_simple::coro::Lazy<void> work();
inhouse::fiber<> work_elsewhere();
async_simple::coro::Lazy<void> drops() {
  work();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'async_simple::coro::Lazy<>' returned by 'work' is discarded without being awaited, so its body never runs; co_await it, or hand it to 'std::move(task).via(executor).detach()' [async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await work();{{$}}
  work_elsewhere();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'inhouse::fiber<>' returned by 'work_elsewhere' is discarded without being awaited, so its body never runs; co_await it, or hand it to your runtime's fire-and-forget API (a detached spawn) [async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await work_elsewhere();{{$}}
  co_await work();
}
void plain_code_drops() {
  work();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'async_simple::coro::Lazy<>' returned by 'work' is discarded without being awaited, so its body never runs; run it on an event loop (async_simple::coro::syncAwait at the program's edge), or hand it to 'std::move(task).via(executor).detach()' [async-unawaited-task]
  work_elsewhere();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'inhouse::fiber<>' returned by 'work_elsewhere' is discarded without being awaited, so its body never runs; run it on an event loop, or hand it to your runtime's fire-and-forget API (a detached spawn) [async-unawaited-task]
}

// Traps: the same calls where nothing blocks a loop.
void not_a_coroutine() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
async_simple::coro::Lazy<void> awaited() { co_await work(); }
