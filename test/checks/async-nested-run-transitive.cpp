// RUN: %check_async_tidy %s async-nested-run %t -- -- -I%S/Inputs %async_compile_flags
// RUN: %check_async_tidy -check-suffix=OFF %s async-nested-run %t -- --config="{CheckOptions: {async-nested-run.MaxCallDepth: 0}}" -- -I%S/Inputs %async_compile_flags

// A nested run a few calls down: a plain function that runs a loop to completion (sync_wait,
// a private io_context's run), called from a coroutine, blocks the coroutine's thread as the
// call written in the coroutine would (docs/transitive.md). And sender consumers recognized by
// structure: a function object named sync_wait that takes a sender and returns an optional.

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asyncrt/task.hpp>
#include <thread>
#include "senders.h"
#include "tasklibs.h"

asyncrt::task<void> tick();
cppcoro::task<int> compute();

// --- Sender consumers, written in the coroutine ----------------------------------------------

asyncrt::task<int> direct_senders() {
  auto a = unifex::sync_wait(unifex::just(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'unifex::sync_wait' waits for a nested event loop to finish and blocks the event loop running coroutine 'direct_senders'{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'direct_senders' declared here
  // CHECK-MESSAGES-OFF: :[[@LINE-3]]:12: warning: 'unifex::sync_wait' waits for a nested event loop to finish and blocks the event loop running coroutine 'direct_senders'{{.*}} [async-nested-run]
  // CHECK-MESSAGES-OFF: :[[@LINE-5]]:20: note: coroutine 'direct_senders' declared here
  p2300::sync_wait(p2300::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p2300::sync_wait' waits for a nested event loop to finish and blocks the event loop running coroutine 'direct_senders'{{.*}} [async-nested-run]
  // CHECK-MESSAGES-OFF: :[[@LINE-2]]:3: warning: 'p2300::sync_wait' waits {{.*}} [async-nested-run]
  p2300::sync_wait_with_variant(p2300::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p2300::sync_wait_with_variant' waits for a nested event loop {{.*}} [async-nested-run]
  // CHECK-MESSAGES-OFF: :[[@LINE-2]]:3: warning: 'p2300::sync_wait_with_variant' waits {{.*}} [async-nested-run]
  // Look-alikes: no optional comes back, or what is waited for is no object.
  metrics::sync_wait(metrics::Histogram{});
  cache::sync_wait(3);
  co_return a ? *a : 0;
}

// --- A plain member function that sync_waits, called from a coroutine ------------------------

struct Client {
  int fetch_now() {
    auto v = unifex::sync_wait(unifex::just(2));
    return v ? *v : 0;
  }
  int fetch_later() { return fetch_now() + 1; }
  // Not a nested run: look-alikes in a helper too.
  int measure() { return metrics::sync_wait(metrics::Histogram{}) + *cache::sync_wait(1); }
  asyncrt::task<int> handle() {
    co_await tick();
    int v = fetch_now();
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'Client::fetch_now' blocks the event loop running coroutine 'handle': it calls 'unifex::sync_wait', waiting for a nested event loop to finish{{.*}} [async-nested-run]
    // CHECK-MESSAGES: :[[@LINE-10]]:14: note: 'Client::fetch_now' calls 'unifex::sync_wait' here
    // CHECK-MESSAGES: :[[@LINE-5]]:22: note: coroutine 'handle' declared here
    v += fetch_later();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'Client::fetch_later' blocks the event loop running coroutine 'handle': it calls 'Client::fetch_now', which calls 'unifex::sync_wait', waiting for a nested event loop to finish{{.*}} [async-nested-run]
    // CHECK-MESSAGES: :[[@LINE-11]]:30: note: 'Client::fetch_later' calls 'Client::fetch_now' here
    // CHECK-MESSAGES: :[[@LINE-15]]:14: note: 'Client::fetch_now' calls 'unifex::sync_wait' here
    // CHECK-MESSAGES: :[[@LINE-10]]:22: note: coroutine 'handle' declared here
    v += measure();
    co_return v;
  }
};

// --- A private io_context run in a helper -----------------------------------------------------

// The helper makes a loop of its own and runs it until its work is done: the coroutine's
// thread waits for that loop to finish.
int compute_privately() {
  asio::io_context ctx;
  int result = 0;
  asio::post(ctx, [&] { result = 42; });
  ctx.run();
  return result;
}
// The coroutine's own loop, run from a helper, re-enters it as `ctx.run()` written in the
// coroutine would.
void pump(asio::io_context &ctx) { ctx.poll(); }

asyncrt::task<int> uses_private_loop(asio::io_context &ctx) {
  int v = compute_privately();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'compute_privately' blocks the event loop running coroutine 'uses_private_loop': it calls 'asio::io_context::run', waiting for a nested event loop to finish{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-10]]:7: note: 'compute_privately' calls 'asio::io_context::run' here
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: coroutine 'uses_private_loop' declared here
  pump(ctx);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pump' blocks the event loop running coroutine 'uses_private_loop': it calls 'asio::io_context::poll', waiting for a nested event loop to finish{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-9]]:40: note: 'pump' calls 'asio::io_context::poll' here
  // CHECK-MESSAGES: :[[@LINE-8]]:20: note: coroutine 'uses_private_loop' declared here
  co_return v;
}

// --- Task libraries' sync_wait, a few calls down ----------------------------------------------

int level3() { return cppcoro::sync_wait(compute()); }
int level2() { return level3(); }
int level1() { return level2(); }
int beyond() { return level1(); }
int level0() { return beyond(); } // five functions down to sync_wait: beyond MaxCallDepth 4

asyncrt::task<int> deep() {
  int v = level1();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'level1' blocks the event loop running coroutine 'deep': it calls 'level2', which calls 'level3', which calls 'cppcoro::sync_wait', waiting for a nested event loop to finish{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-7]]:23: note: 'level1' calls 'level2' here
  // CHECK-MESSAGES: :[[@LINE-9]]:23: note: 'level2' calls 'level3' here
  // CHECK-MESSAGES: :[[@LINE-11]]:23: note: 'level3' calls 'cppcoro::sync_wait' here
  // CHECK-MESSAGES: :[[@LINE-6]]:20: note: coroutine 'deep' declared here
  v += level0();
  co_return v;
}

// --- Traps --------------------------------------------------------------------------------------

// The loop runs on a thread of its own: the helper hands it over and returns.
void run_elsewhere() {
  std::thread([] {
    asio::io_context ctx;
    ctx.run();
  }).detach();
  std::thread([] { cppcoro::sync_wait(compute()); }).detach();
}
// Its author says it is fast.
[[clang::annotate("async::nonblocking")]] int cached_value() { return level3(); }
// A coroutine is not followed into: what it does is reported in it, where it runs.
asyncrt::task<int> inner() {
  co_return cppcoro::sync_wait(compute()) + 1; // an operand: no fix-it
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'cppcoro::sync_wait' waits for a nested event loop to finish and blocks the event loop running coroutine 'inner'{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'inner' declared here
  // CHECK-MESSAGES-OFF: :[[@LINE-3]]:13: warning: 'cppcoro::sync_wait' waits {{.*}} [async-nested-run]
  // CHECK-MESSAGES-OFF: :[[@LINE-5]]:20: note: coroutine 'inner' declared here
}

asyncrt::task<int> traps() {
  run_elsewhere();
  int v = cached_value();
  auto t = inner();
  co_await tick();
  co_return v;
}

// Plain code starts loops: its calls are nobody's business.
int main() { return level1() + compute_privately() + Client{}.fetch_now(); }
