// RUN: %check_async_tidy %s async-nested-run,async-unawaited-task,async-blocking-sync,async-blocking-file-io %t -- -- -I%S/Inputs %async_compile_flags
// Boost.Cobalt and folly are not packaged by Debian: Inputs/cobalt_shapes.h and
// Inputs/folly_blocking.h are minimal shapes of what their headers declare (see there).

#include <chrono>
#include <string>
#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include "cobalt_shapes.h"
#include "folly_blocking.h"

namespace cobalt = boost::cobalt;
using namespace std::chrono_literals;

// --- Boost.Cobalt: cobalt::run inside a coroutine is a nested run -------------------------------

cobalt::task<int> fetch() { co_return 1; }
cobalt::promise<int> eager() { co_return 2; }

cobalt::task<int> nested() {
  int v = cobalt::run(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'boost::cobalt::run' waits for a nested event loop to finish and blocks the event loop running coroutine 'nested'{{.*}} [async-nested-run]
  // CHECK-FIXES: {{^}}  int v = co_await fetch();{{$}}
  co_return v;
}

// In plain code (main) it is how a cobalt program starts.
int start() { return cobalt::run(fetch()); }

// --- Boost.Cobalt: a dropped task never runs; a dropped promise is cancelled --------------------

cobalt::task<int> dropped() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'boost::cobalt::task<int>' returned by 'fetch' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: eager task 'boost::cobalt::promise<int>' returned by 'eager' {{.*}}[async-unawaited-task]
  +eager(); // detached: runs to completion on its own
  auto kept = eager();
  kept.detach();
  int r = co_await fetch();
  r += co_await eager();
  co_return r;
}

// --- folly: futures, Baton, FileUtil ---------------------------------------------------------------

asyncrt::task<int> folly_waits(folly::SemiFuture<int> semi, folly::Future<int> fut,
                               folly::Baton<> &baton) {
  int a = std::move(semi).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'folly::SemiFuture::get' waits for another thread's result and blocks the event loop running coroutine 'folly_waits'{{.*}} [async-blocking-sync]
  fut.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'folly::Future::wait' waits for another thread's result {{.*}}[async-blocking-sync]
  fut.wait(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'folly::Future::wait' waits for another thread's result {{.*}}[async-blocking-sync]
  fut.wait(0ms); // a zero duration returns at once
  bool ready = fut.isReady(); // only looks
  int b = std::move(fut).get(0ms);
  b += std::move(fut).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'folly::Future::get' waits for another thread's result {{.*}}[async-blocking-sync]
  baton.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'folly::Baton::wait' waits for a notification {{.*}}[async-blocking-sync]
  baton.try_wait_for(1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'folly::Baton::try_wait_for' waits for a notification {{.*}}[async-blocking-sync]
  baton.try_wait_for(0s); // polls
  bool posted = baton.ready();
  co_return a + b + ready + posted;
}

asyncrt::task<std::size_t> folly_files(std::string path) {
  std::string contents;
  folly::readFile(path.c_str(), contents);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'folly::readFile' waits for the disk and blocks the event loop running coroutine 'folly_files'{{.*}} [async-blocking-file-io]
  folly::writeFile(contents, "out.txt");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'folly::writeFile' waits for the disk {{.*}}[async-blocking-file-io]
  std::string status;
  folly::readFile("/proc/self/status", status); // the kernel's memory, no disk
  co_return contents.size() + status.size();
}

// Offloaded, or in plain code: fine.
asyncrt::task<int> folly_offloaded(folly::SemiFuture<int> semi) {
  co_return co_await asyncrt::to_thread([&semi] { return std::move(semi).get(); });
}

int folly_plain(folly::Future<int> fut) { return std::move(fut).get(); }
