// gather_test.cpp: gather (variadic and vector), spawn, and the stress cases.
#include <gtest/gtest.h>

#include <asyncrt/asyncrt.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

asyncrt::task<int> delayed(int value, std::chrono::milliseconds d, std::vector<int>* order = nullptr) {
  co_await asyncrt::sleep_for(d);
  if (order != nullptr) order->push_back(value);
  co_return value;
}

asyncrt::task<void> noop() { co_return; }

asyncrt::task<int> fail_after(std::chrono::milliseconds d, std::string what) {
  co_await asyncrt::sleep_for(d);
  throw std::runtime_error(what);
}

TEST(Gather, VariadicResultsInArgumentOrder) {
  std::vector<int> finished;
  auto body = [&]() -> asyncrt::task<int> {
    auto [a, b, c] = co_await asyncrt::gather(delayed(1, 60ms, &finished),
                                             delayed(2, 10ms, &finished), noop());
    static_assert(std::is_same_v<decltype(c), std::monostate>);
    co_return a * 10 + b;
  };
  EXPECT_EQ(asyncrt::run(body()), 12);
  EXPECT_EQ(finished, (std::vector<int>{2, 1}));  // they really ran together
}

TEST(Gather, VectorOfValues) {
  auto body = []() -> asyncrt::task<std::vector<int>> {
    std::vector<asyncrt::task<int>> ts;
    for (int i = 0; i < 5; ++i) ts.push_back(delayed(i, std::chrono::milliseconds(50 - 10 * i)));
    co_return co_await asyncrt::gather(std::move(ts));
  };
  EXPECT_EQ(asyncrt::run(body()), (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Gather, VectorOfVoidAndEmpty) {
  auto body = []() -> asyncrt::task<int> {
    std::vector<asyncrt::task<void>> ts;
    co_await asyncrt::gather(std::move(ts));  // empty: completes at once
    std::vector<asyncrt::task<void>> more;
    for (int i = 0; i < 3; ++i) more.push_back(noop());
    co_await asyncrt::gather(std::move(more));
    auto none = co_await asyncrt::gather(std::vector<asyncrt::task<int>>{});
    co_return static_cast<int>(none.size());
  };
  EXPECT_EQ(asyncrt::run(body()), 0);
}

TEST(Gather, FirstExceptionAfterAllFinish) {
  int finished = 0;
  auto counted = [&](std::chrono::milliseconds d) -> asyncrt::task<int> {
    co_await asyncrt::sleep_for(d);
    ++finished;
    co_return 0;
  };
  auto body = [&]() -> asyncrt::task<std::string> {
    try {
      co_await asyncrt::gather(counted(80ms), fail_after(40ms, "second"), fail_after(10ms, "first"));
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "";
  };
  EXPECT_EQ(asyncrt::run(body()), "first");
  EXPECT_EQ(finished, 1);  // the slow sibling was not abandoned
}

TEST(Gather, SynchronousChildrenDoNotSuspend) {
  auto body = []() -> asyncrt::task<int> {
    auto [a, b] = co_await asyncrt::gather(delayed(1, 0ms), [] () -> asyncrt::task<int> { co_return 2; }());
    co_return a + b;
  };
  EXPECT_EQ(asyncrt::run(body()), 3);
}

TEST(Gather, OfOneThousand) {
  auto body = []() -> asyncrt::task<long> {
    std::vector<asyncrt::task<int>> ts;
    for (int i = 0; i < 1000; ++i) ts.push_back(delayed(i, std::chrono::milliseconds(i % 20)));
    auto results = co_await asyncrt::gather(std::move(ts));
    long sum = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i] != static_cast<int>(i)) co_return -1;
      sum += results[i];
    }
    co_return sum;
  };
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(asyncrt::run(body()), 999L * 1000 / 2);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST(Spawn, TenThousandTasksJoinedAtLoopEnd) {
  int done = 0;
  auto worker = [&](int i) -> asyncrt::task<void> {
    co_await asyncrt::sleep_for(std::chrono::milliseconds(i % 10));
    co_await asyncrt::sleep_for(0ms);
    ++done;
  };
  auto body = [&]() -> asyncrt::task<void> {
    for (int i = 0; i < 10000; ++i) asyncrt::spawn(worker(i));
    co_return;  // returns at once; run() still waits for all 10,000
  };
  asyncrt::run(body());
  EXPECT_EQ(done, 10000);
}

TEST(Spawn, StartsOnTheNextTurnNotInline) {
  std::vector<std::string> log;
  auto child = [&]() -> asyncrt::task<void> {
    log.push_back("child");
    co_return;
  };
  auto body = [&]() -> asyncrt::task<void> {
    asyncrt::spawn(child());
    log.push_back("parent");
    co_await asyncrt::sleep_for(0ms);
    log.push_back("parent after yield");
  };
  asyncrt::run(body());
  EXPECT_EQ(log, (std::vector<std::string>{"parent", "child", "parent after yield"}));
}

TEST(Spawn, ErrorSurfacesFromRun) {
  auto body = []() -> asyncrt::task<void> {
    asyncrt::spawn(fail_after(5ms, "spawned failure"));
    co_return;
  };
  try {
    asyncrt::run(body());
    FAIL() << "expected the spawned task's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "spawned failure");
  }
}

TEST(Spawn, OutsideALoopThrows) { EXPECT_THROW(asyncrt::spawn(noop()), std::logic_error); }

}  // namespace
