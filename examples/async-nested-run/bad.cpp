// async-nested-run, the bad way: a coroutine that needs another task's result starts a second
// event loop for it. asyncrt::run throws asyncrt::nested_run_error here (asyncio.run() inside a
// running loop raises RuntimeError); other libraries deadlock or stall the outer loop instead.
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>

asyncrt::task<int> load_price(int item) {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));
  co_return item * 10;
}

asyncrt::task<int> total(int items) {
  int sum = 0;
  for (int i = 1; i <= items; ++i)
    sum += asyncrt::run(load_price(i)); // blocks on a nested loop
  co_return sum;
}

int main() {
  try {
    std::printf("total %d\n", asyncrt::run(total(3)));
  } catch (const asyncrt::nested_run_error &e) {
    std::printf("error: %s\n", e.what());
  }
}
