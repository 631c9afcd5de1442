// RUN: %check_async_tidy %s async-blocking-sleep %t -- -- -I%S/Inputs %async_compile_flags

// Where the code really runs: a coroutine (a lambda, or a function no other translation unit
// can call) whose every use in this file is a synchronous drive from ordinary code — the
// argument of sync_wait/syncAwait, `.resume()`/`.get()` on it, a local used only that way —
// runs on that plain thread until its first suspension. Blocking before the first co_await
// blocks no event loop; after it, or in a loop that awaits, it does.

#include <chrono>
#include <thread>
#include "tasklibs.h"

using namespace std::chrono_literals;

coro::task<void> tick();

static coro::task<void> setup_then_serve() {
  std::this_thread::sleep_for(10ms);        // main's thread, before the first suspension
  co_await tick();
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'setup_then_serve'; use your coro::scheduler's timer ('co_await scheduler->yield_for(duration)'; coro::io_scheduler before v0.16) instead [async-blocking-sleep]
  // CHECK-MESSAGES: :{{[0-9]+}}:25: note: coroutine 'setup_then_serve' declared here
}

static coro::task<void> polls() {
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(10ms);      // the second turn runs after the co_await below
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
    co_await tick();
  }
}

// Also awaited by another coroutine: it runs on that coroutine's loop too.
static coro::task<void> shared_helper() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  co_await tick();
}
coro::task<void> awaits_helper() { co_await shared_helper(); }

// External linkage: another translation unit may await it from a coroutine.
coro::task<void> exported() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  co_await tick();
}

// Handed to a loop (a scheduler runs it on its threads): not a synchronous drive.
static coro::task<void> spawned() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  co_await tick();
}

// Driven through a when_all inside sync_wait: when_all's own machinery starts it.
static coro::task<void> in_when_all() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
  co_await tick();
}

struct Service {
  // A member: any coroutine of the program may await it.
  coro::task<void> start() {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
    co_await tick();
  }
};

int main(int, char **) {
  coro::sync_wait(setup_then_serve());
  coro::sync_wait(polls());
  coro::sync_wait(shared_helper());
  coro::sync_wait(exported());
  coro::thread_pool pool;
  pool.spawn(spawned());
  coro::sync_wait(coro::when_all(in_when_all()));
  Service s;
  coro::sync_wait(s.start());

  // A lambda invoked on the spot and resumed from here runs here.
  auto t = []() -> coro::task<void> {
    std::this_thread::sleep_for(10ms);
    co_return;
  }();
  t.resume();

  // A lambda kept in a variable and only ever sync_wait-ed.
  auto make = []() -> coro::task<void> {
    std::this_thread::sleep_for(10ms);
    co_await tick();
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' {{.*}}running coroutine lambda{{.*}}[async-blocking-sleep]
    // CHECK-MESSAGES: :{{[0-9]+}}:15: note: coroutine lambda declared here
  };
  coro::sync_wait(make());

  // The same lambda object handed to a pool: the pool runs it.
  auto handed = []() -> coro::task<void> {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' {{.*}}[async-blocking-sleep]
    co_await tick();
  };
  pool.spawn(handed());
  coro::sync_wait(handed());
  return 0;
}
