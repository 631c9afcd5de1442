// RUN: %check_async_tidy %s async-blocking-process %t -- -- -I%S/Inputs %async_compile_flags
// Real headers: libc, Boost.Process (libboost-dev).

#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/process.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "minitask.h"

namespace bp = boost::process;
using namespace std::chrono_literals;

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<int> build() {
  int rc = std::system("make -j2");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'system' waits for a child process and blocks the event loop running coroutine 'build'; use 'co_await asyncrt::to_thread([&] { return ::system(command); })' instead [async-blocking-process]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'build' declared here
  co_return rc;
}

asyncrt::task<std::string> git_head() {
  std::FILE *p = popen("git rev-parse HEAD", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'popen' waits for a child process {{.*}}[async-blocking-process]
  char buf[64] = {};
  pclose(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pclose' {{.*}}[async-blocking-process]
  co_return buf;
}

asyncrt::task<int> spawn_and_wait(char *const argv[], char *const envp[]) {
  pid_t pid = 0;
  posix_spawn(&pid, argv[0], nullptr, nullptr, argv, envp); // starting is not waiting
  int status = 0;
  waitpid(pid, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'waitpid' waits for a child process {{.*}}[async-blocking-process]
  wait(&status);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' {{.*}}[async-blocking-process]
  co_return status;
}

boost::asio::awaitable<int> with_boost_process() {
  int rc = bp::system("ls");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'boost::process::system' {{.*}}coroutine 'with_boost_process'{{.*}}[async-blocking-process]
  bp::child c("sleep 1");
  c.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::process::child::wait' {{.*}}[async-blocking-process]
  c.wait_for(std::chrono::seconds(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::process::child::wait_for' {{.*}}[async-blocking-process]
  co_return rc;
}

template <class T> struct Runner {
  asyncrt::task<int> run(const char *cmd) {
    co_return ::system(cmd);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'system' {{.*}}coroutine 'run'{{.*}}[async-blocking-process]
  }
};
template struct Runner<int>;
template struct Runner<char>;

auto coroutine_lambda = [](pid_t pid) -> asyncrt::task<int> {
  int st = 0;
  waitpid(pid, &st, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'waitpid' {{.*}}coroutine lambda{{.*}}[async-blocking-process]
  co_return st;
};

#define SHELL(cmd) std::system(cmd)
mini::Task in_macro() {
  SHELL("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' {{.*}}[async-blocking-process]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

int plain_function() { return std::system("true"); }

// WNOHANG only polls; a zero wait_for too.
asyncrt::task<bool> reap(pid_t pid, bp::child &c) {
  int status = 0;
  bool done = waitpid(pid, &status, WNOHANG) == pid;
  done |= c.wait_for(0s);
  co_return done;
}

asyncrt::task<int> offloaded() {
  co_return co_await asyncrt::to_thread(::system, "make -j2");
}

// Look-alikes: a user class with system()/wait() members, spawning without waiting.
struct Scheduler {
  int system(const char *) { return 0; }
  void wait() {}
};
asyncrt::task<int> look_alikes(Scheduler &s) {
  s.wait();
  bp::child detached("true");
  detached.detach();
  co_return s.system("x");
}

asyncrt::task<void> suppressed() {
  std::system("true"); // NOLINT(async-blocking-process)
  co_return;
}
