// async-blocking-sync, the bad way: the coroutine waits for a worker thread's future with
// .get(), parking the event loop until the thread is done.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <future>

int slow_sum() { return 40 + 2; }

asyncrt::task<int> answer() {
  std::future<int> part = std::async(std::launch::async, slow_sum);
  co_return part.get(); // blocks the loop until the thread finishes
}

int main() { std::printf("%d\n", asyncrt::run(answer())); }
