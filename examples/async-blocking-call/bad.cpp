// async-blocking-call, the bad way: a function its declaration marks blocking (ASYNCRT_BLOCKING),
// called straight from a coroutine.
#include <asyncrt/annotations.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>
#include <thread>

// A legacy synchronous API: it waits for its answer.
ASYNCRT_BLOCKING int legacy_lookup(int key);
int legacy_lookup(int key) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // stands in for a round trip
  return key * 2;
}

asyncrt::task<int> lookup(int key) {
  co_return legacy_lookup(key); // blocks the loop
}

int main() { std::printf("%d\n", asyncrt::run(lookup(21))); }
