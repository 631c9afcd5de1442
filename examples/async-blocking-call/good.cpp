// async-blocking-call, fixed: the marked function runs on asyncrt's worker pool (to_thread is
// the sync_to_async of the Python rules), two lookups at once with gather.
#include <asyncrt/annotations.hpp>
#include <asyncrt/gather.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
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
  co_return co_await asyncrt::to_thread(legacy_lookup, key);
}

asyncrt::task<int> both() {
  auto [a, b] = co_await asyncrt::gather(lookup(10), lookup(11));
  co_return a + b;
}

int main() {
  int sum = asyncrt::run(both());
  std::printf("lookups answered %d\n", sum);
  return sum == 42 ? 0 : 1;
}
