// async-nested-run, the bad way: a coroutine that needs another task's result starts a second
// event loop for it. asyncrt::run throws asyncrt::nested_run_error here (asyncio.run() inside a
// running loop raises RuntimeError); other libraries deadlock or stall the outer loop instead.
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>

asyncrt::task<int> load_rate() {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));
  co_return 3;
}

asyncrt::task<int> price(int net) {
  int rate = asyncrt::run(load_rate()); // blocks on a nested loop
  co_return net * rate;
}

int main() {
  try {
    std::printf("price %d\n", asyncrt::run(price(20)));
  } catch (const asyncrt::nested_run_error &e) {
    std::printf("error: %s\n", e.what());
  }
}
