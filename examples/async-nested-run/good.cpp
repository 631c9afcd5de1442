// async-nested-run, fixed: inside a coroutine the other task is awaited on the loop that is
// already running; asyncrt::run stays in main, the one place that starts the loop.
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
  int rate = co_await load_rate();
  co_return net * rate;
}

int main() {
  int total = asyncrt::run(price(20));
  std::printf("price %d\n", total);
  return total == 60 ? 0 : 1;
}
