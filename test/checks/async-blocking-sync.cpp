// RUN: %check_async_tidy %s async-blocking-sync %t -- -- -I%S/Inputs %async_compile_flags

#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <barrier>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <semaphore>
#include <thread>
#include "minitask.h"

using namespace std::chrono_literals;

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<int> wait_for_worker(std::future<int> result) {
  result.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::future::wait' waits for another thread's result and blocks the event loop running coroutine 'wait_for_worker'; use 'co_await asyncrt::to_thread([&] { return fut.get(); })' instead [async-blocking-sync]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'wait_for_worker' declared here
  result.wait_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::future::wait_for' {{.*}}[async-blocking-sync]
  result.wait_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::future::wait_until' {{.*}}[async-blocking-sync]
  co_return result.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::future::get' waits for another thread's result {{.*}}[async-blocking-sync]
}

asyncrt::task<void> shared(std::shared_future<void> ready, std::future<void> done) {
  ready.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::shared_future::wait' {{.*}}[async-blocking-sync]
  ready.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::shared_future::get' {{.*}}[async-blocking-sync]
  std::async(std::launch::async, [] {}).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: 'std::future::get' {{.*}}[async-blocking-sync]
  done.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::future::get' {{.*}}[async-blocking-sync]
  co_return;
}

asyncrt::task<void> join_threads(std::thread &t, std::jthread &j, pthread_t p) {
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread::join' waits for another thread {{.*}}[async-blocking-sync]
  j.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread::join' {{.*}}[async-blocking-sync]
  pthread_join(p, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_join' {{.*}}[async-blocking-sync]
  co_return;
}

struct Queue {
  std::mutex m;
  std::condition_variable cv;
  std::condition_variable_any cv_any;
  bool ready = false;

  asyncrt::task<void> pop() {
    std::unique_lock lock(m);
    cv.wait(lock, [this] { return ready; });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' waits for a notification {{.*}}coroutine 'pop'{{.*}}[async-blocking-sync]
    cv.wait_for(lock, std::chrono::seconds(1));
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait_for' {{.*}}[async-blocking-sync]
    cv_any.wait(lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::condition_variable_any::wait' {{.*}}[async-blocking-sync]
    co_return;
  }
};

asyncrt::task<void> rendezvous(std::latch &l, std::barrier<> &b, std::counting_semaphore<8> &slots,
                               std::binary_semaphore &flag) {
  l.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::latch::arrive_and_wait' waits for other threads {{.*}}[async-blocking-sync]
  l.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::latch::wait' {{.*}}[async-blocking-sync]
  b.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::barrier::arrive_and_wait' {{.*}}[async-blocking-sync]
  slots.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::counting_semaphore::acquire' waits for a semaphore {{.*}}[async-blocking-sync]
  flag.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::binary_semaphore::acquire' {{.*}}[async-blocking-sync]
  flag.try_acquire_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::binary_semaphore::try_acquire_for' {{.*}}[async-blocking-sync]
  co_return;
}

// A member template and a coroutine template: one warning each, whatever the instantiations.
template <class T> struct Pipeline {
  template <class U> asyncrt::task<U> stage(std::future<U> in) { co_return in.get(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:79: warning: 'std::future::get' {{.*}}coroutine 'stage'{{.*}}[async-blocking-sync]
};
template asyncrt::task<int> Pipeline<char>::stage<int>(std::future<int>);
template asyncrt::task<long> Pipeline<char>::stage<long>(std::future<long>);

template <class Future> asyncrt::task<void> drain(Future f) {
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::shared_future::wait' {{.*}}coroutine 'drain'{{.*}}[async-blocking-sync]
  co_return;
}
template asyncrt::task<void> drain(std::shared_future<int>);

auto coroutine_lambda = [](std::future<int> f) -> asyncrt::task<int> { co_return f.get(); };
// CHECK-MESSAGES: :[[@LINE-1]]:84: warning: 'std::future::get' {{.*}}coroutine lambda{{.*}}[async-blocking-sync]

#define JOIN(t) (t).join()
asyncrt::task<void> in_macro(std::thread t) {
  JOIN(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::thread::join' {{.*}}[async-blocking-sync]
  co_return;
}

boost::asio::awaitable<int> asio_handler(std::future<int> f) {
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::future::get' {{.*}}coroutine 'asio_handler'{{.*}}[async-blocking-sync]
}

mini::Task other_library(std::thread &t) {
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread::join' {{.*}}[async-blocking-sync]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

int plain_function(std::future<int> f, std::thread &t) {
  t.join();
  return f.get();
}

// Zero timeouts only poll.
asyncrt::task<bool> polls(std::future<int> &f, std::condition_variable &cv, std::mutex &m,
                          std::binary_semaphore &s) {
  constexpr auto no_wait = std::chrono::milliseconds::zero();
  bool ready = f.wait_for(0s) == std::future_status::ready;
  ready |= f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  ready |= f.wait_for(std::chrono::milliseconds{}) == std::future_status::ready;
  ready |= f.wait_for(no_wait) == std::future_status::ready;
  ready |= f.wait_until(std::chrono::steady_clock::now()) == std::future_status::ready;
  std::unique_lock lock(m);
  ready |= cv.wait_for(lock, 0ms) == std::cv_status::no_timeout;
  ready |= s.try_acquire_for(0ms);
  ready |= s.try_acquire();
  co_return ready;
}

// Polling a future with a zero timeout, then getting it: get() returns at once.
asyncrt::task<int> poll_then_get(std::future<int> f, std::shared_future<int> s) {
  while (f.wait_for(0s) != std::future_status::ready)
    co_await asyncrt::to_thread([] {});
  int v = f.get();
  if (s.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    v += s.get();
  co_return v;
}

// Polling one future says nothing about another.
asyncrt::task<int> poll_other(std::future<int> a, std::future<int> b) {
  if (a.wait_for(0s) == std::future_status::ready)
    co_return b.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::future::get' {{.*}}[async-blocking-sync]
  co_return a.get();
}

// Offloaded and stored work runs elsewhere.
asyncrt::task<int> offloaded(std::future<int> f) {
  std::thread waiter([&f] { f.wait(); });
  waiter.detach();
  int v = co_await asyncrt::to_thread([&] { return f.get(); });
  co_return v;
}

void register_callback(void (*)());
asyncrt::task<void> stored_callback() {
  auto callback = [] { std::thread([] {}).join(); };
  register_callback(callback);
  co_return;
}

// Look-alikes: weak_ptr::lock, unique_ptr::get, a user class with get/wait/join.
struct Job {
  int get() { return 1; }
  void wait() {}
  void join() {}
};
asyncrt::task<int> look_alikes(std::weak_ptr<int> w, std::unique_ptr<int> u, Job job,
                               std::shared_ptr<int> s, std::mutex &m) {
  auto locked = w.lock();
  job.wait();
  job.join();
  std::lock_guard guard(m); // locks are clang-tidy's misc-coroutine-hostile-raii business
  co_return *u.get() + *s.get() + job.get() + *locked;
}

// Awaited calls are the non-blocking way.
asyncrt::task<int> compute() { co_return 1; }
asyncrt::task<int> awaited() { co_return co_await compute(); }

asyncrt::task<void> suppressed(std::thread &t) {
  t.join(); // NOLINT(async-blocking-sync)
  co_return;
}
