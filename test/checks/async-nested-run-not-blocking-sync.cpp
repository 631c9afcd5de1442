// A call that runs a loop to completion is async-nested-run's finding, and only its: the blocking
// checks do not follow it into the run function's own waits (syncAwait's semaphore), which gave
// the same call a second warning with the opposite advice (cinatra: 16 calls reported twice).
// RUN: %check_async_tidy %s async-nested-run,async-blocking-sync %t -- -- -I%S/Inputs
#include "runtime_shapes.h"
#include <condition_variable>
#include <mutex>

namespace async_simple::coro {
inline std::mutex m;
inline std::condition_variable cv;
// Waits for the task on this thread, as the real one does (a semaphore, here a condition).
template <class T> void syncAwait(Lazy<T> &&) {
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock);
}
} // namespace async_simple::coro

async_simple::coro::Lazy<void> work();

void fetch_now() { async_simple::coro::syncAwait(work()); }

async_simple::coro::Lazy<void> through_helper() {
  fetch_now();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fetch_now' blocks the event loop running coroutine 'through_helper': it calls 'async_simple::coro::syncAwait', waiting for a nested event loop to finish; use a coroutine that co_awaits the work (no helper that runs its own loop) instead [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-5]]:20: note: 'fetch_now' calls 'async_simple::coro::syncAwait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:32: note: coroutine 'through_helper' declared here
  co_return;
}

async_simple::coro::Lazy<void> directly() {
  async_simple::coro::syncAwait(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'async_simple::coro::syncAwait' waits for a nested event loop to finish and blocks the event loop running coroutine 'directly'; use 'co_await work()' instead [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:32: note: coroutine 'directly' declared here
  // CHECK-FIXES: {{^}}  co_await work();{{$}}
  co_return;
}

// A helper that waits on the condition itself is still async-blocking-sync's.
void waits() {
  std::unique_lock<std::mutex> lock(async_simple::coro::m);
  async_simple::coro::cv.wait(lock);
}
async_simple::coro::Lazy<void> blocks() {
  waits();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'waits' blocks the event loop running coroutine 'blocks': it calls 'std::condition_variable::wait', waiting for a notification{{.*}} [async-blocking-sync]
  // CHECK-MESSAGES: :[[@LINE-5]]:26: note: 'waits' calls 'std::condition_variable::wait' here
  // CHECK-MESSAGES: :[[@LINE-4]]:32: note: coroutine 'blocks' declared here
  co_return;
}
