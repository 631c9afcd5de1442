// thread_test.cpp: to_thread and the async file functions.
#include <gtest/gtest.h>

#include <asyncrt/asyncrt.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

TEST(ToThread, RunsOffTheLoopAndResumesOnIt) {
  const auto loop_thread = std::this_thread::get_id();
  auto body = [&]() -> asyncrt::task<bool> {
    auto worker = co_await asyncrt::to_thread([] { return std::this_thread::get_id(); });
    // Back on the loop's thread after the await.
    co_return worker != loop_thread && std::this_thread::get_id() == loop_thread;
  };
  EXPECT_TRUE(asyncrt::run(body()));
}

TEST(ToThread, ArgumentsVoidAndExceptions) {
  auto body = []() -> asyncrt::task<std::string> {
    int sum = co_await asyncrt::to_thread([](int a, int b) { return a + b; }, 2, 3);
    co_await asyncrt::to_thread([] {});
    try {
      co_await asyncrt::to_thread([]() -> int { throw std::out_of_range("from the pool"); });
    } catch (const std::out_of_range& e) {
      co_return std::to_string(sum) + " " + e.what();
    }
    co_return "";
  };
  EXPECT_EQ(asyncrt::run(body()), "5 from the pool");
}

// The blocking calls overlap each other and the loop keeps running meanwhile.
TEST(ToThread, BlockingCallsDoNotBlockTheLoop) {
  auto body = []() -> asyncrt::task<int> {
    int ticks = 0;
    auto ticker = [&]() -> asyncrt::task<void> {
      for (int i = 0; i < 5; ++i) {
        co_await asyncrt::sleep_for(20ms);
        ++ticks;
      }
    };
    auto blocker = []() -> asyncrt::task<void> {
      co_await asyncrt::to_thread([] { std::this_thread::sleep_for(300ms); });
    };
    co_await asyncrt::gather(ticker(), blocker(), blocker(), blocker());
    co_return ticks;
  };
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(asyncrt::run(body()), 5);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 800ms);  // sequential: >= 900 ms
}

TEST(ToThread, PoolIsBoundedButEverythingCompletes) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  auto job = [&]() -> asyncrt::task<void> {
    co_await asyncrt::to_thread([&] {
      int now = ++running;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(2ms);
      --running;
    });
  };
  auto body = [&]() -> asyncrt::task<void> {
    std::vector<asyncrt::task<void>> jobs;
    for (int i = 0; i < 300; ++i) jobs.push_back(job());
    co_await asyncrt::gather(std::move(jobs));
  };
  asyncrt::run(body());
  EXPECT_LE(peak.load(), 32);
  EXPECT_GE(peak.load(), 1);
}

class Files : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("asyncrt_files_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(Files, WriteAppendRead) {
  auto p = path("a.txt");
  auto body = [&]() -> asyncrt::task<std::string> {
    co_await asyncrt::write_file(p, "hello ");
    co_await asyncrt::append_file(p, "world");
    co_return co_await asyncrt::read_file(p);
  };
  EXPECT_EQ(asyncrt::run(body()), "hello world");
}

TEST_F(Files, LargeBinaryRoundTrip) {
  std::string data(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 % 251);
  auto p = path("big.bin");
  auto body = [&]() -> asyncrt::task<bool> {
    co_await asyncrt::write_file(p, data);
    co_return co_await asyncrt::read_file(p) == data;
  };
  EXPECT_TRUE(asyncrt::run(body()));
}

TEST_F(Files, MissingFileThrowsSystemErrorNamingThePath) {
  auto p = path("missing.txt");
  auto body = [&]() -> asyncrt::task<std::string> {
    try {
      co_await asyncrt::read_file(p);
    } catch (const std::system_error& e) {
      co_return e.what();
    }
    co_return "";
  };
  auto what = asyncrt::run(body());
  EXPECT_NE(what.find("missing.txt"), std::string::npos) << what;
}

TEST_F(Files, AsyncFileReadWriteClose) {
  auto p = path("f.txt");
  auto body = [&]() -> asyncrt::task<std::string> {
    auto w = co_await asyncrt::async_file::open(p, "w");
    EXPECT_EQ(co_await w.write("line 1\n"), 7u);
    co_await w.write("line 2\n");
    co_await w.close();
    EXPECT_FALSE(w.is_open());
    auto r = co_await asyncrt::async_file::open(p);
    std::string first = co_await r.read(4);
    std::string rest = co_await r.read_all();
    std::string eof = co_await r.read();
    co_await r.close();
    co_return first + "|" + rest + "|" + eof;
  };
  EXPECT_EQ(asyncrt::run(body()), "line| 1\nline 2\n|");
}

TEST_F(Files, BadModeAndClosedFile) {
  auto body = [&]() -> asyncrt::task<int> {
    int errors = 0;
    try {
      co_await asyncrt::async_file::open(path("x"), "rw+");
    } catch (const std::invalid_argument&) {
      ++errors;
    }
    asyncrt::async_file closed;
    try {
      co_await closed.read();
    } catch (const std::logic_error&) {
      ++errors;
    }
    co_return errors;
  };
  EXPECT_EQ(asyncrt::run(body()), 2);
}

}  // namespace
