// RUN: %check_async_tidy %s async-blocking-sync %t -- -- -I%S/Inputs %async_compile_flags

// The coroutine libraries' own blocking waits, read in their headers: the consumer ends of
// their futures and their shutdowns wait for other threads; their co_await forms do not.

#include "tasklibs.h"

concurrencpp::result<int> compute();

concurrencpp::result<int> consume(concurrencpp::result<int> r) {
  int a = r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'concurrencpp::result::get' waits for another thread's result and blocks the event loop running coroutine 'consume'; use 'co_await the result' instead [async-blocking-sync]
  int b = co_await compute();               // the non-blocking way
  co_return a + b;
}

async_simple::coro::Lazy<int> consume_future(async_simple::Future<int> f,
                                             async_simple::util::Condition &ready) {
  ready.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'async_simple::util::Condition::acquire' waits for a notification {{.*}}[async-blocking-sync]
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'async_simple::Future::wait' waits for another thread's result {{.*}}[async-blocking-sync]
  co_return std::move(f).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'async_simple::Future::get' waits for another thread's result {{.*}}[async-blocking-sync]
}

coro::task<void> stop(coro::thread_pool &pool) {
  pool.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coro::thread_pool::shutdown' waits for the pool's threads {{.*}}[async-blocking-sync]
  co_return;
}

// In ordinary code a blocking wait is how a program collects its result.
int main_like(concurrencpp::result<int> r, coro::thread_pool &pool) {
  pool.shutdown();
  return r.get();
}
