// async-blocking-sync, fixed: the wait for the thread's result happens on asyncrt's worker pool
// (to_thread, like asyncio.to_thread); the coroutine suspends and the loop stays free.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <cstdio>
#include <future>

int slow_sum() { return 40 + 2; }

asyncrt::task<int> answer() {
  std::future<int> part = std::async(std::launch::async, slow_sum);
  co_return co_await asyncrt::to_thread([&part] { return part.get(); });
}

int main() {
  int value = asyncrt::run(answer());
  std::printf("the worker answered %d\n", value);
  return value == 42 ? 0 : 1;
}
