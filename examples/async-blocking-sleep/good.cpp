// async-blocking-sleep, fixed: the heartbeat suspends on a loop timer, so a second task (the
// worker) makes progress while the heartbeat waits.
#include <asyncrt/gather.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

asyncrt::task<void> heartbeat(int beats) {
  for (int i = 0; i < beats; ++i) {
    std::printf("ping %d\n", i);
    co_await asyncrt::sleep_for(10ms); // suspends this coroutine only
  }
}

asyncrt::task<int> worker() {
  int steps = 0;
  for (; steps < 3; ++steps)
    co_await asyncrt::sleep_for(5ms);
  co_return steps;
}

asyncrt::task<int> both() {
  auto [unused, steps] = co_await asyncrt::gather(heartbeat(3), worker());
  (void)unused;
  co_return steps;
}

int main() {
  int steps = asyncrt::run(both());
  std::printf("worker finished %d steps while the heartbeat slept\n", steps);
  return steps == 3 ? 0 : 1;
}
