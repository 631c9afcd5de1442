// async-blocking-sleep, the bad way: a heartbeat that parks the whole event loop between pings.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>
#include <thread>

asyncrt::task<void> heartbeat(int beats) {
  for (int i = 0; i < beats; ++i) {
    std::printf("ping %d\n", i);
    // Blocks the thread: no other task on this loop runs for these 120 ms (and asyncrt's
    // debug mode reports it, like asyncio's: ASYNCRT_DEBUG=1 ./bad).
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
  }
  co_return;
}

int main() { asyncrt::run(heartbeat(3)); }
