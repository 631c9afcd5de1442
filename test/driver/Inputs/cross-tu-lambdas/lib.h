// Two lambdas of one member function: one runs on a worker thread and sleeps there, the other is
// the continuation a coroutine calls. Their call operators must not share a cross-TU key.
#pragma once
#include <coroutine>
#include <exception>
#include <thread>
#include <utility>
template <class T> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  template <class F> static auto call_it(F &&cb) { return cb(); }
  template <class F> Task and_then(F &&f) && {
    auto cb = std::forward<F>(f);
    co_await std::suspend_never{};
    co_return call_it(cb);
  }
};
template <class F> void run_on_worker(F f) { std::thread(std::move(f)).detach(); }
