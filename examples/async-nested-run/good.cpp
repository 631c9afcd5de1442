// async-nested-run, fixed: inside a coroutine the other task is awaited on the loop that is
// already running; asyncrt::run stays in main, the one place that starts the loop.
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
    sum += co_await load_price(i);
  co_return sum;
}

int main() {
  int sum = asyncrt::run(total(3));
  std::printf("total %d\n", sum);
  return sum == 60 ? 0 : 1;
}
