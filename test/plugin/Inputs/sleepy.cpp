// A coroutine on another library than asyncrt, for the front-end tests.
#include <chrono>
#include <coroutine>
#include <exception>
#include <thread>
#include <unistd.h>

struct Job {
  struct promise_type {
    Job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

Job poll() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  usleep(10);
  co_return;
}

void not_a_coroutine() { sleep(1); }
