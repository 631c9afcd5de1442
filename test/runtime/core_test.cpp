// core_test.cpp: task, run, sleep_for/sleep_until and the annotations.
#include <gtest/gtest.h>

#include <asyncrt/asyncrt.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

asyncrt::task<int> answer() { co_return 42; }

asyncrt::task<void> set_flag(bool& flag) {
  flag = true;
  co_return;
}

asyncrt::task<int> add_one(int x) { co_return x + 1; }

asyncrt::task<int> throws_runtime() {
  throw std::runtime_error("boom");
  co_return 0;
}

asyncrt::task<std::unique_ptr<std::string>> move_only() {
  co_return std::make_unique<std::string>("moved");
}

TEST(Task, IsLazyUntilAwaited) {
  bool ran = false;
  {
    auto t = set_flag(ran);
    EXPECT_FALSE(ran);
  }
  EXPECT_FALSE(ran);  // destroyed without running
  asyncrt::run(set_flag(ran));
  EXPECT_TRUE(ran);
}

TEST(Task, RunReturnsValue) { EXPECT_EQ(asyncrt::run(answer()), 42); }

TEST(Task, AwaitChainsValues) {
  auto outer = []() -> asyncrt::task<int> {
    int a = co_await answer();
    int b = co_await add_one(a);
    co_return b;
  };
  EXPECT_EQ(asyncrt::run(outer()), 43);
}

TEST(Task, MoveOnlyResult) {
  auto p = asyncrt::run(move_only());
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, "moved");
}

TEST(Task, ExceptionPropagatesToAwaiterAndRun) {
  auto catcher = []() -> asyncrt::task<std::string> {
    try {
      co_await throws_runtime();
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "no exception";
  };
  EXPECT_EQ(asyncrt::run(catcher()), "boom");
  EXPECT_THROW(asyncrt::run(throws_runtime()), std::runtime_error);
}

TEST(Task, LvalueAwaitAndMoveAssignment) {
  auto body = []() -> asyncrt::task<int> {
    asyncrt::task<int> t = answer();
    asyncrt::task<int> u;
    u = std::move(t);
    EXPECT_FALSE(t.valid());  // NOLINT(bugprone-use-after-move): checking the moved-from state
    co_return co_await u;
  };
  EXPECT_EQ(asyncrt::run(body()), 42);
}

TEST(Task, AwaitingAnEmptyTaskThrows) {
  auto body = []() -> asyncrt::task<bool> {
    asyncrt::task<int> empty;
    try {
      co_await empty;
    } catch (const std::logic_error&) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(asyncrt::run(body()));
}

// Symmetric transfer makes resuming the next coroutine a tail call. Clang guarantees it; GCC only
// when the optimizer can, which ASan/TSan instrumentation prevents, so those builds use a depth
// that an ordinary stack survives either way.
#if !defined(__clang__) && (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__))
constexpr int deep = 2000;
#else
constexpr int deep = 200000;
#endif

// A long chain of synchronously completing awaits needs no stack growth.
TEST(Task, DeepSequentialAwaitsDoNotOverflowTheStack) {
  auto body = []() -> asyncrt::task<long> {
    long sum = 0;
    for (int i = 0; i < deep; ++i) sum += co_await add_one(0);
    co_return sum;
  };
  EXPECT_EQ(asyncrt::run(body()), deep);
}

asyncrt::task<int> recurse(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await recurse(depth - 1);
}

TEST(Task, DeepRecursion) { EXPECT_EQ(asyncrt::run(recurse(deep / 20)), deep / 20); }

TEST(Run, NestedRunThrowsNestedRunError) {
  auto inner = []() -> asyncrt::task<int> { co_return 1; };
  auto outer = [&]() -> asyncrt::task<std::string> {
    try {
      (void)asyncrt::run(inner());
    } catch (const asyncrt::nested_run_error& e) {
      co_return e.what();
    }
    co_return "";
  };
  std::string what = asyncrt::run(outer());
  EXPECT_NE(what.find("already running"), std::string::npos) << what;
  EXPECT_NE(what.find("co_await"), std::string::npos) << what;
  // It is a logic_error, like Python's RuntimeError for asyncio.run in a running loop.
  static_assert(std::is_base_of_v<std::logic_error, asyncrt::nested_run_error>);
}

TEST(Run, SequentialRunsOnOneThreadWork) {
  EXPECT_EQ(asyncrt::run(answer()), 42);
  EXPECT_EQ(asyncrt::run(answer()), 42);
}

TEST(Run, DeadlockIsReportedNotHung) {
  struct never {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  auto stuck = []() -> asyncrt::task<void> { co_await never{}; };
  EXPECT_THROW(asyncrt::run(stuck()), std::logic_error);
}

TEST(Sleep, SleepForTakesAboutTheRequestedTime) {
  auto body = []() -> asyncrt::task<void> { co_await asyncrt::sleep_for(50ms); };
  auto t0 = steady::now();
  asyncrt::run(body());
  auto took = steady::now() - t0;
  EXPECT_GE(took, 50ms);
  EXPECT_LT(took, 2s);
}

TEST(Sleep, SleepUntilSteadyAndSystemClocks) {
  auto body = []() -> asyncrt::task<void> {
    co_await asyncrt::sleep_until(steady::now() + 30ms);
    co_await asyncrt::sleep_until(std::chrono::system_clock::now() + 30ms);
    co_await asyncrt::sleep_until(steady::now() - 1s);  // in the past: just yields
  };
  auto t0 = steady::now();
  asyncrt::run(body());
  auto took = steady::now() - t0;
  EXPECT_GE(took, 55ms);
  EXPECT_LT(took, 2s);
}

asyncrt::task<void> sleeper(std::chrono::milliseconds d, int& done) {
  co_await asyncrt::sleep_for(d);
  ++done;
}

// Two sleeps awaited together overlap: the total is about one sleep, not the sum.
TEST(Sleep, ConcurrentSleepsOverlap) {
  auto body = []() -> asyncrt::task<int> {
    int done = 0;
    co_await asyncrt::gather(sleeper(400ms, done), sleeper(400ms, done));
    co_return done;
  };
  auto t0 = steady::now();
  EXPECT_EQ(asyncrt::run(body()), 2);
  auto took = steady::now() - t0;
  EXPECT_GE(took, 400ms);
  EXPECT_LT(took, 750ms);  // sequential would be >= 800 ms
}

TEST(Sleep, OutsideALoopThrowsAClearError) {
  // Drive a task by hand with no loop: the sleep must refuse, not hang or crash.
  auto body = []() -> asyncrt::task<std::string> {
    try {
      co_await asyncrt::sleep_for(1ms);
    } catch (const std::logic_error& e) {
      co_return e.what();
    }
    co_return "";
  };
  auto t = body();
  auto h = asyncrt::detail::task_access::handle(t);
  h.resume();
  ASSERT_TRUE(h.done());
  std::string what = h.promise().take_result();
  EXPECT_NE(what.find("asyncrt::run"), std::string::npos) << what;
}

ASYNCRT_BLOCKING void annotated_blocking() {}
ASYNCRT_NONBLOCKING void annotated_nonblocking() {}

TEST(Annotations, Compile) {
  annotated_blocking();
  annotated_nonblocking();
}

}  // namespace
