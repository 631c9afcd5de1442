// corral (hudson-trading/corral): its lazy Task is told by structure, and every piece of advice
// is spelled in corral's own API (checks/RuntimeProfiles.def): sleepFor, a ThreadPool, allOf,
// a nursery, corral::run. No sleep fix-it: sleepFor needs the io_context, which the coroutine
// cannot name in general. corral::run inside a coroutine is a nested run.
// RUN: %check_async_tidy %s async-blocking-sleep,async-blocking-file-io,async-unawaited-task,async-nested-run,async-await-in-loop %t -- -- -I%S/Inputs %async_compile_flags
#include "corral_shapes.h"
#include <cstdio>
#include <thread>
#include <vector>

struct Loop {
  void run();
};

corral::Task<int> fetch(int id);
corral::Task<void> tick();

corral::Task<void> naps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' waits for a timer and blocks the event loop running coroutine 'naps'; use 'co_await corral::sleepFor(io, duration)' (io: the asio::io_context the task's event loop runs) instead [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'naps' declared here{{$}}
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_for(std::chrono::milliseconds(5));{{$}}
  co_return;
}

corral::Task<void> reads() {
  std::FILE *f = std::fopen("/tmp/corral-x", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'fopen' waits for the disk and blocks the event loop running coroutine 'reads'; use a corral::ThreadPool ('co_await pool.run([&] { return ...; })') instead [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'reads' declared here
  (void)f;
  co_return;
}

corral::Task<void> drops() {
  tick();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'corral::Task<>' returned by 'tick' is discarded without being awaited, so its body never runs; co_await it, or hand it to a nursery ('nursery.start(fn, args...)' in CORRAL_WITH_NURSERY(nursery)) [async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await tick();{{$}}
  co_return;
}

void plain_drops() {
  tick();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'corral::Task<>' returned by 'tick' is discarded without being awaited, so its body never runs; run it on an event loop (corral::run(eventLoop, task) at the program's edge), or hand it to a nursery ('nursery.start(fn, args...)' in CORRAL_WITH_NURSERY(nursery)) [async-unawaited-task]
}

corral::Task<int> nested(Loop &loop) {
  corral::run(loop, fetch(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'corral::run' waits for a nested event loop to finish and blocks the event loop running coroutine 'nested'; use 'co_await fetch(1)' instead [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: coroutine 'nested' declared here
  co_return 0;
}

corral::Task<int> sum(std::vector<int> ids) {
  int total = 0;
  for (int id : ids)
    total += co_await fetch(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: each iteration waits for 'fetch' before the next one starts, though the iterations do not depend on each other; start the calls first and await them together: 'co_await corral::allOf(a(), b())' (or a range of tasks) [async-await-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop
  co_return total;
}

// --- Traps: corral's own non-blocking forms, and plain code at the program's edge -----------

corral::Task<void> waits_right(Loop &io, corral::ThreadPool &pool) {
  co_await corral::sleepFor(io, std::chrono::milliseconds(5));
  co_await pool.run([] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); });
  co_await tick();
}

int main() {
  Loop loop;
  corral::run(loop, naps());
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
