// asyncrt/detail/thread_pool.hpp: a bounded pool of worker threads for blocking calls.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace asyncrt::detail {

// Threads are started on demand, up to max_threads; jobs queue when all are busy. A pool of one
// thread is a dedicated worker (the sqlite adapter uses one per database so a connection is only
// ever touched by one thread).
class thread_pool {
 public:
  explicit thread_pool(std::size_t max_threads) : max_threads_(std::max<std::size_t>(1, max_threads)) {}
  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;
  ~thread_pool() {
    {
      const std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();  // queued jobs still run: their coroutines wait for them
  }

  void submit(std::function<void()> job) {
    {
      const std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
      // idle_ counts threads not yet woken for jobs already queued, so compare with the queue.
      if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
        threads_.emplace_back([this] { work(); });
      }
    }
    cv_.notify_one();
  }

  // The process-wide pool behind to_thread: min(32, cores + 4) threads, asyncio's default
  // executor size. Blocking calls are I/O-bound, so more threads than cores is the point.
  static thread_pool& shared() {
    static thread_pool pool(std::min<std::size_t>(32, std::thread::hardware_concurrency() + 4));
    return pool;
  }

 private:
  void work() {
    std::unique_lock lock(mu_);
    while (true) {
      ++idle_;
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) return;  // stopping and drained
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();  // jobs catch their own exceptions (see to_thread)
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t max_threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace asyncrt::detail
