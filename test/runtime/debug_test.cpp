// debug_test.cpp: debug mode reports slow coroutines, unawaited tasks and nested run().
#include <gtest/gtest.h>

#include <asyncrt/asyncrt.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

struct capture {
  std::vector<std::string> reports;
  std::function<void(const std::string&)> previous;
  capture() {
    previous = asyncrt::debug::set_reporter([this](const std::string& m) { reports.push_back(m); });
  }
  ~capture() { asyncrt::debug::set_reporter(std::move(previous)); }
  [[nodiscard]] std::string all() const {
    std::string s;
    for (const auto& r : reports) s += r + "\n";
    return s;
  }
};

asyncrt::task<void> blocks_the_loop() {
  co_await asyncrt::sleep_for(1ms);
  std::this_thread::sleep_for(150ms);  // the mistake async-blocking-sleep reports
  co_await asyncrt::sleep_for(1ms);
}

asyncrt::task<void> polite() {
  co_await asyncrt::sleep_for(150ms);
  co_await asyncrt::to_thread([] { std::this_thread::sleep_for(150ms); });
}

asyncrt::task<int> parent_of_blocker() {
  co_await blocks_the_loop();
  co_return 1;
}

TEST(Debug, SlowCoroutineIsReportedByName) {
  capture c;
  EXPECT_EQ(asyncrt::run(parent_of_blocker(), {.debug = true}), 1);
  ASSERT_EQ(c.reports.size(), 1u) << c.all();
  EXPECT_NE(c.reports[0].find("blocks_the_loop"), std::string::npos) << c.all();
  EXPECT_NE(c.reports[0].find("held the event loop"), std::string::npos) << c.all();
  EXPECT_NE(c.reports[0].find("debug_test.cpp"), std::string::npos) << c.all();
}

TEST(Debug, ThresholdIsConfigurable) {
  capture c;
  asyncrt::run(blocks_the_loop(), {.debug = true, .slow_callback_duration = 1000ms});
  EXPECT_TRUE(c.reports.empty()) << c.all();
}

TEST(Debug, NonBlockingCodeIsQuiet) {
  capture c;
  asyncrt::run(polite(), {.debug = true});
  EXPECT_TRUE(c.reports.empty()) << c.all();
}

TEST(Debug, OffByDefault) {
  if (asyncrt::debug::enabled()) GTEST_SKIP() << "ASYNCRT_DEBUG is set in the environment";
  capture c;
  asyncrt::run(blocks_the_loop());
  EXPECT_TRUE(c.reports.empty()) << c.all();
}

asyncrt::task<int> forgotten() { co_return 7; }

TEST(Debug, UnawaitedTaskIsReported) {
  capture c;
  auto body = []() -> asyncrt::task<int> {
    (void)forgotten();  // the mistake async-unawaited-task reports
    co_return co_await forgotten();
  };
  EXPECT_EQ(asyncrt::run(body(), {.debug = true}), 7);
  ASSERT_EQ(c.reports.size(), 1u) << c.all();
  EXPECT_NE(c.reports[0].find("forgotten"), std::string::npos) << c.all();
  EXPECT_NE(c.reports[0].find("without being awaited"), std::string::npos) << c.all();
}

asyncrt::task<int> inner() { co_return 1; }

asyncrt::task<bool> calls_run_inside() {
  try {
    (void)asyncrt::run(inner());  // the mistake async-nested-run reports
  } catch (const asyncrt::nested_run_error&) {
    co_return true;
  }
  co_return false;
}

TEST(Debug, NestedRunIsReportedAndThrows) {
  capture c;
  EXPECT_TRUE(asyncrt::run(calls_run_inside(), {.debug = true}));
  // The inner task is destroyed without starting as well: two reports.
  const std::string all = c.all();
  EXPECT_NE(all.find("asyncrt::run() called while a loop is already running"), std::string::npos)
      << all;
  EXPECT_NE(all.find("calls_run_inside"), std::string::npos) << all;
}

// Run by the ctest entry asyncrt_debug_env with ASYNCRT_DEBUG=1 (skipped otherwise): the
// environment variable alone turns debug mode on, with no run_options.
TEST(Debug, EnvironmentVariableEnablesDebugMode) {
  if (std::getenv("ASYNCRT_DEBUG") == nullptr) GTEST_SKIP() << "needs ASYNCRT_DEBUG=1";
  capture c;
  asyncrt::run(blocks_the_loop());
  ASSERT_EQ(c.reports.size(), 1u) << c.all();
  EXPECT_NE(c.reports[0].find("blocks_the_loop"), std::string::npos) << c.all();
}

}  // namespace
