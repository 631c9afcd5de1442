// RUN: %check_async_tidy %s async-nested-run %t -- -- -I%S/Inputs %async_compile_flags

#include <utility>
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/io_service.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <future>
#include <thread>
#include "minitask.h"
#include "tasklibs.h"

asyncrt::task<int> fetch() { co_return 1; }
asyncrt::task<void> ping() { co_return; }

// --- Positives ------------------------------------------------------------------------------

asyncrt::task<int> nested_asyncrt() {
  int value = asyncrt::run(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'asyncrt::run' waits for a nested event loop to finish and blocks the event loop running coroutine 'nested_asyncrt'; use 'co_await fetch()' instead [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'nested_asyncrt' declared here
  // CHECK-FIXES: {{^}}  int value = co_await fetch();{{$}}
  asyncrt::run(ping());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asyncrt::run' waits {{.*}}; use 'co_await ping()' instead [async-nested-run]
  // CHECK-FIXES: {{^}}  co_await ping();{{$}}
  auto t = fetch();
  value += asyncrt::run(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  value += co_await std::move(t);{{$}}
  asyncrt::run(fetch(), asyncrt::run_options{true});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  asyncrt::run(fetch(), asyncrt::run_options{true});{{$}}
  co_return value;
}

// Another library's run in an asyncrt coroutine: its argument is awaitable, and asyncrt's
// promise takes any awaitable.
asyncrt::task<void> nested_other_libraries() {
  cppcoro::sync_wait(cppcoro::task<int>{nullptr});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::sync_wait' waits for a nested event loop {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  co_await cppcoro::task<int>{nullptr};{{$}}
  cppcoro::task<int> named{nullptr};
  cppcoro::sync_wait(named);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::sync_wait' waits {{.*}}; use 'co_await named' instead [async-nested-run]
  // CHECK-FIXES: {{^}}  cppcoro::sync_wait(named);{{$}}
  co_return;
}

coro::task<int> lc_value() { co_return 1; }
coro::task<int> libcoro_nested() {
  int v = coro::sync_wait(lc_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'coro::sync_wait' waits {{.*}}coroutine 'libcoro_nested'; use 'co_await lc_value()' instead [async-nested-run]
  // CHECK-FIXES: {{^}}  int v = co_await lc_value();{{$}}
  co_return v;
}

folly::coro::Task<int> folly_value() { co_return 1; }
folly::coro::Task<int> folly_nested() {
  int v = folly::coro::blockingWait(folly_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'folly::coro::blockingWait' waits {{.*}}; use 'co_await folly_value()' instead [async-nested-run]
  // CHECK-FIXES: {{^}}  int v = co_await folly_value();{{$}}
  co_return v;
}

async_simple::coro::Lazy<int> as_value() { co_return 1; }
async_simple::coro::Lazy<int> async_simple_nested() {
  int v = async_simple::coro::syncAwait(as_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'async_simple::coro::syncAwait' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  int v = co_await as_value();{{$}}
  co_return v;
}

// A task library of one's own: its sync_wait is found by its name and its argument's type.
namespace mylib {
template <class T> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T{}; }
};
template <class T> T sync_wait(Task<T> &&) { return T{}; }
inline int sync_wait(int seconds) { return seconds; } // not a task: a look-alike
struct Pool {
  template <class T> T sync_wait(Task<T> &&) { return T{}; } // a member: not matched by name
};
} // namespace mylib
mylib::Task<int> my_value() { co_return 1; }
mylib::Task<int> my_nested(mylib::Pool &pool) {
  int v = mylib::sync_wait(my_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'mylib::sync_wait' waits for a nested event loop {{.*}}coroutine 'my_nested'; use 'co_await my_value()' instead [async-nested-run]
  // CHECK-FIXES: {{^}}  int v = co_await my_value();{{$}}
  v += mylib::sync_wait(3);
  v += pool.sync_wait(my_value());
  co_return v;
}

// A sender is awaitable only through stdexec's own promises: reported, not rewritten here.
asyncrt::task<void> stdexec_nested() {
  stdexec::sync_wait(stdexec::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stdexec::sync_wait' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  stdexec::sync_wait(stdexec::just());{{$}}
  co_return;
}

// Asio: running the io_context from a handler on it. No single piece of work to await.
boost::asio::awaitable<int> asio_value() { co_return 1; }
boost::asio::awaitable<void> asio_handler(boost::asio::io_context &ctx) {
  ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::io_context::run' waits for a nested event loop to finish and blocks the event loop running coroutine 'asio_handler'; use 'co_await' instead [async-nested-run]
  // CHECK-FIXES: {{^}}  ctx.run();{{$}}
  ctx.run_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::io_context::run_one' {{.*}}[async-nested-run]
  ctx.poll();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::io_context::poll' {{.*}}[async-nested-run]
  ctx.poll_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::io_context::poll_one' {{.*}}[async-nested-run]
  ctx.run_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::io_context::run_for' {{.*}}[async-nested-run]
  ctx.run_until(std::chrono::steady_clock::now());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::asio::io_context::run_until' {{.*}}[async-nested-run]
  boost::asio::io_service &old_name = ctx;
  old_name.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'boost::asio::io_context::run' {{.*}}[async-nested-run]
  co_return;
}

// Asio's promise only awaits Asio's awaitables: asyncrt::run(task) is reported, not rewritten.
boost::asio::awaitable<void> asio_runs_asyncrt() {
  asyncrt::run(ping());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  asyncrt::run(ping());{{$}}
  co_return;
}

// A member coroutine of a class template, instantiated twice: one warning, one fix-it.
template <class T> struct Service {
  asyncrt::task<T> get() {
    T v = asyncrt::run(make());
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'asyncrt::run' waits {{.*}}coroutine 'get'{{.*}}[async-nested-run]
    // CHECK-FIXES: {{^}}    T v = co_await make();{{$}}
    co_return v;
  }
  asyncrt::task<T> make() { co_return T{}; }
};
template struct Service<int>;
template struct Service<long>;

// A postfix use: `co_await x.y` would parse differently, so no fix-it.
struct Pair { int first = 0; };
asyncrt::task<Pair> pair() { co_return Pair{}; }
asyncrt::task<int> postfix() {
  int v = asyncrt::run(pair()).first;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  int v = asyncrt::run(pair()).first;{{$}}
  co_return v;
}

// In a handler co_await is ill-formed; in a macro the rewrite would edit the macro.
#define RUN_NOW(t) asyncrt::run(t)
asyncrt::task<void> no_fix_sites() {
  try {
    co_await ping();
  } catch (...) {
    asyncrt::run(ping());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
    // CHECK-FIXES: {{^}}    asyncrt::run(ping());{{$}}
  }
  RUN_NOW(ping());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  RUN_NOW(ping());{{$}}
  [] { asyncrt::run(ping()); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'asyncrt::run' waits {{.*}}[async-nested-run]
  // CHECK-FIXES: {{^}}  [] { asyncrt::run(ping()); }();{{$}}
}

// --- Traps: the loop is not nested --------------------------------------------------------

int main() {
  boost::asio::io_context ctx;
  boost::asio::co_spawn(ctx, asio_value(), boost::asio::detached);
  ctx.run();
  cppcoro::sync_wait(cppcoro::task<int>{nullptr});
  return asyncrt::run(fetch());
}

int ordinary_function() { return asyncrt::run(fetch()) + coro::sync_wait(lc_value()); }

// Lambdas that run on another thread have a loop of their own.
asyncrt::task<int> offloaded(boost::asio::io_context &ctx) {
  std::thread worker([&ctx] { ctx.run(); });
  worker.detach();
  std::thread([] { asyncrt::run(ping()); }).detach();
  auto later = std::async(std::launch::async, [] { return asyncrt::run(fetch()); });
  int v = co_await asyncrt::to_thread([] { return asyncrt::run(fetch()); });
  co_return v + later.get();
}

// A synchronous generator runs on its caller's thread.
mini::Generator generator_runs() {
  asyncrt::run(ping());
  co_yield 1;
}

// Look-alikes: not the configured functions.
namespace mine {
inline int run(int x) { return x; }
struct Loop {
  void run() {}
};
} // namespace mine
asyncrt::task<void> look_alikes(mine::Loop &loop) {
  mine::run(1);
  loop.run();
  co_await fetch();
}

asyncrt::task<void> unevaluated() {
  using R = decltype(asyncrt::run(fetch()));
  static_assert(sizeof(asyncrt::run(fetch())) == sizeof(R));
  co_return;
}

asyncrt::task<void> suppressed() {
  asyncrt::run(ping()); // NOLINT(async-nested-run)
  co_return;
}

// Reported also in a coroutine that is itself only driven inline from plain code: the blocking
// checks let such code block before its first suspension, but a coroutine that sync_waits
// should co_await wherever it runs, and deadlocks once someone drives it from a loop.
int drive_inline() {
  auto outer = []() -> cppcoro::task<int> {
    cppcoro::sync_wait(cppcoro::task<int>{nullptr});
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cppcoro::sync_wait' waits for a nested event loop {{.*}}[async-nested-run]
    // CHECK-FIXES: {{^}}    co_await cppcoro::task<int>{nullptr};{{$}}
    co_return 1;
  };
  return cppcoro::sync_wait(outer());
}
