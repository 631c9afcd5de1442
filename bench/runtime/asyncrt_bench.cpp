// asyncrt_bench.cpp: what asyncrt's building blocks cost (a sanity check, not a competition).
//
//   cmake -S runtime -B build-rt -DASYNCRT_BUILD_BENCH=ON && ninja -C build-rt asyncrt_bench
//   build-rt/bench/asyncrt_bench
#include <asyncrt/asyncrt.hpp>

#include <chrono>
#include <cstdio>
#include <vector>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

asyncrt::task<int> leaf(int x) { co_return x; }

template <class F>
void measure(const char* what, long n, F body) {
  const auto t0 = steady::now();
  asyncrt::run(body());
  const double ns = std::chrono::duration<double, std::nano>(steady::now() - t0).count();
  std::printf("%-44s %10ld ops %10.1f ns/op\n", what, n, ns / static_cast<double>(n));
}

}  // namespace

int main() {
  constexpr long awaits = 2'000'000;
  measure("co_await of a task that completes at once", awaits, []() -> asyncrt::task<void> {
    long sum = 0;
    for (long i = 0; i < awaits; ++i) sum += co_await leaf(1);
    if (sum != awaits) std::puts("wrong sum");
  });

  constexpr long spawns = 200'000;
  measure("spawn + yield (sleep_for(0)) + finish", spawns, []() -> asyncrt::task<void> {
    for (long i = 0; i < spawns; ++i) {
      asyncrt::spawn([]() -> asyncrt::task<void> { co_await asyncrt::sleep_for(0ms); }());
    }
    co_return;
  });

  constexpr long gathered = 100'000;
  measure("gather of a vector of tasks, per task", gathered, []() -> asyncrt::task<void> {
    std::vector<asyncrt::task<int>> ts;
    ts.reserve(gathered);
    for (long i = 0; i < gathered; ++i) ts.push_back(leaf(static_cast<int>(i)));
    auto r = co_await asyncrt::gather(std::move(ts));
    if (r.size() != static_cast<std::size_t>(gathered)) std::puts("wrong size");
  });

  constexpr long hops = 20'000;
  measure("to_thread round trip (loop -> pool -> loop)", hops, []() -> asyncrt::task<void> {
    for (long i = 0; i < hops; ++i) co_await asyncrt::to_thread([] { return 1; });
  });

  constexpr long timers = 100'000;
  measure("10 ms timers armed together, per timer", timers, []() -> asyncrt::task<void> {
    std::vector<asyncrt::task<void>> ts;
    for (long i = 0; i < timers; ++i) {
      ts.push_back([]() -> asyncrt::task<void> { co_await asyncrt::sleep_for(10ms); }());
    }
    co_await asyncrt::gather(std::move(ts));
  });
  return 0;
}
