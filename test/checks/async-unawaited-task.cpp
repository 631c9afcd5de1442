// RUN: %check_async_tidy %s async-unawaited-task %t -- -- -I%S/Inputs %async_compile_flags

#include <utility>
#include <asyncrt/gather.hpp>
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/spawn.hpp>
#include <asyncrt/task.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <vector>
#include "minitask.h"
#include "tasklibs.h"

using namespace std::chrono_literals;

asyncrt::task<int> fetch() { co_return 1; }
asyncrt::task<void> ping() { co_return; }
void consume(asyncrt::task<int>);

// --- Dropped in a coroutine: reported, and fixed with co_await --------------------------------

asyncrt::task<void> drops_in_coroutine() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded without being awaited, so its body never runs; co_await it, or hand it to a fire-and-forget API such as asyncrt::spawn [async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  asyncrt::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'asyncrt::detail::sleep_awaiter' returned by 'asyncrt::sleep_for' is discarded without being awaited, so it has no effect; co_await it [async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await asyncrt::sleep_for(1ms);{{$}}
  if (true)
    ping();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<>' returned by 'ping' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}    co_await ping();{{$}}
  switch (1) {
  case 1:
    ping();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<>' returned by 'ping' {{.*}}[async-unawaited-task]
    // CHECK-FIXES: {{^}}    co_await ping();{{$}}
    break;
  }
  bool flag = true;
  flag ? fetch() : fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<int>' is discarded {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  flag ? fetch() : fetch();{{$}}
  co_return;
}

// A coroutine lambda is a coroutine of its own.
auto coroutine_lambda = []() -> asyncrt::task<void> {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  co_return;
};

// A function template instantiated twice: one warning, one fix-it.
template <class T> asyncrt::task<T> twice(T value) {
  ping();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<>' returned by 'ping' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await ping();{{$}}
  co_return value;
}
asyncrt::task<void> use_twice() {
  co_await twice(1);
  co_await twice(2.0);
}

// Dependent: each instantiation drops a task of its own type; one warning at the spelling.
template <class T> asyncrt::task<T> make() { co_return T{}; }
template <class T> asyncrt::task<void> drop_dependent() {
  make<T>();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<{{int|long}}>' returned by 'make' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await make<T>();{{$}}
  co_return;
}
template asyncrt::task<void> drop_dependent<int>();
template asyncrt::task<void> drop_dependent<long>();

// In a catch handler co_await is ill-formed: warning, no fix-it.
asyncrt::task<void> in_handler() {
  try {
    co_await fetch();
  } catch (...) {
    ping();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<>' {{.*}}[async-unawaited-task]
    // CHECK-FIXES: {{^}}    ping();{{$}}
  }
}

// A macro: reported where it is used, not rewritten.
#define FIRE_PING() ping()
asyncrt::task<void> in_macro() {
  FIRE_PING();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<>' returned by 'ping' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  FIRE_PING();{{$}}
  co_return;
}

// A non-coroutine lambda inside a coroutine is ordinary code: reported, not fixed.
asyncrt::task<void> inner_lambda() {
  auto later = [] { ping(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: lazy task 'asyncrt::task<>' returned by 'ping' is discarded without being awaited, so its body never runs; run it on an event loop (asyncrt::run), or hand it to a fire-and-forget API such as asyncrt::spawn [async-unawaited-task]
  later();
  co_return;
}

// --- Dropped in ordinary code: a lazy task never runs there either -------------------------

void ordinary() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded without being awaited, so its body never runs; run it on an event loop (asyncrt::run), or hand it to a fire-and-forget API such as asyncrt::spawn [async-unawaited-task]
  asyncrt::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'asyncrt::detail::sleep_awaiter' returned by 'asyncrt::sleep_for' is discarded without being awaited, so it has no effect; co_await it from a coroutine [async-unawaited-task]
}

// (void) says "I drop the result on purpose"; a lazy task has no result yet and never runs.
void void_casts() {
  (void)fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is cast to void, which does not start it: its body never runs; {{.*}}[async-unawaited-task]
  static_cast<void>(ping());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<>' returned by 'ping' is cast to void{{.*}}[async-unawaited-task]
  (void)asyncrt::sleep_for(1ms); // an awaitable cast to void: deliberate, not reported
}

// --- Local variables never used ------------------------------------------------------------

asyncrt::task<void> unused_local() {
  auto forgotten = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 'asyncrt::task<int>' in variable 'forgotten' is never awaited or used, so its body never runs; co_await it, or hand it to a fire-and-forget API such as asyncrt::spawn [async-unawaited-task]
  auto timer = asyncrt::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'asyncrt::detail::sleep_awaiter' in variable 'timer' is never awaited or used; co_await it [async-unawaited-task]
  co_return;
}

void unused_local_in_ordinary_code() {
  asyncrt::task<int> t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: lazy task 'asyncrt::task<int>' in variable 't' is never awaited or used{{.*}}[async-unawaited-task]
}

// --- Other libraries, found by structure ---------------------------------------------------

coro::task<int> lc_value() { co_return 1; }
coro::task<void> lc_void();
coro::task<void> libcoro_user(coro::thread_pool &pool) {
  lc_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'coro::task<int>' returned by 'lc_value' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await lc_value();{{$}}
  pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'coro::thread_pool::schedule_operation' returned by 'coro::thread_pool::schedule' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await pool.schedule();{{$}}
  pool.spawn(lc_void());                // detached: spawn returns bool
  co_await coro::when_all(lc_value(), lc_value());
  co_return;
}

cppcoro::task<int> cc_value() { co_return 1; }
void cppcoro_user(cppcoro::async_scope &scope) {
  cc_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'cppcoro::task<int>' returned by 'cc_value' {{.*}}[async-unawaited-task]
  scope.spawn(cc_value());
  cppcoro::sync_wait(cc_value());
  cppcoro::sync_wait(cppcoro::when_all_ready(cc_value(), cc_value()));
}

async_simple::coro::Lazy<int> as_value() { co_return 1; }
async_simple::coro::Lazy<void> async_simple_user() {
  as_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'async_simple::coro::Lazy<int>' returned by 'as_value' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await as_value();{{$}}
  as_value().start([](auto &&) {});     // started detached
  as_value().detach();
  co_return;
}

concurrencpp::result<int> cc_eager() { co_return 1; }
concurrencpp::lazy_result<int> cc_lazy() { co_return 1; }
concurrencpp::result<void> concurrencpp_user(concurrencpp::executor &ex) {
  cc_eager();                           // eager: already runs; only its result is dropped
  cc_lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'concurrencpp::lazy_result<int>' returned by 'cc_lazy' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await cc_lazy();{{$}}
  concurrencpp::resume_on(ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'concurrencpp::resume_on_awaitable' returned by 'concurrencpp::resume_on' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await concurrencpp::resume_on(ex);{{$}}
  ex.post([] {});
  co_return;
}

folly::coro::Task<int> folly_value() { co_return 1; }
folly::coro::Task<void> folly_user(folly::Executor *ex, folly::coro::AsyncScope &scope) {
  folly_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'folly::coro::Task<int>' returned by 'folly_value' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await folly_value();{{$}}
  std::move(folly_value()).scheduleOn(ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'folly::coro::TaskWithExecutor<int>' returned by 'folly::coro::Task<int>::scheduleOn' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  std::move(folly_value()).scheduleOn(ex);{{$}}
  std::move(folly_value()).scheduleOn(ex).start(); // started: the SemiFuture may be dropped
  scope.add(std::move(folly_value()).scheduleOn(ex));
  co_return;
}

boost::asio::awaitable<int> asio_value() { co_return 1; }
boost::asio::awaitable<void> asio_user(boost::asio::steady_timer &timer) {
  asio_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'boost::asio::awaitable<int>' returned by 'asio_value' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await asio_value();{{$}}
  timer.async_wait(boost::asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'boost::asio::awaitable<void>' returned by {{.*}}async_wait{{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await timer.async_wait(boost::asio::use_awaitable);{{$}}
  co_await asio_value();
}
// No coroutine here returns awaitable<std::size_t>: its laziness is read from a sibling.
boost::asio::awaitable<void> asio_read(boost::asio::ip::tcp::socket &socket) {
  char data[16];
  socket.async_read_some(boost::asio::buffer(data), boost::asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'boost::asio::awaitable<{{unsigned long|std::size_t}}>' returned by {{.*}}async_read_some' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await socket.async_read_some(boost::asio::buffer(data), boost::asio::use_awaitable);{{$}}
  co_return;
}
void asio_main(boost::asio::io_context &ctx) {
  asio_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'boost::asio::awaitable<int>' returned by 'asio_value' {{.*}}[async-unawaited-task]
  boost::asio::co_spawn(ctx, asio_value(), boost::asio::detached);
}

// An eager task that is also awaitable: it already runs, and dropping it loses only what it
// returns or throws — the result of running work, not reported by default (see
// async-unawaited-task-futures.cpp for [[nodiscard]] and WarnOnDroppedFutures).
mini::Task eager() { co_return; }
void drops_eager() {
  eager();
}

// A lazy coroutine lambda invoked on the spot and dropped never runs.
void lazy_lambda_dropped() {
  []() -> asyncrt::task<void> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<>' returned by a lambda is discarded {{.*}}[async-unawaited-task]
}

// --- Traps: stored, gathered, returned, deferred, handed off, not a task -------------------

struct Holder {
  asyncrt::task<int> pending;
  std::vector<asyncrt::task<int>> all;
  asyncrt::task<int> &ref() { return pending; }
  void store() {
    pending = fetch();
    all.push_back(fetch());
    all.emplace_back(fetch());
    ref();                              // a reference to a task that lives on
  }
};

asyncrt::task<int> returned() { return fetch(); }
asyncrt::task<int> awaited() {
  int a = co_await fetch();
  co_await ping();
  co_await asyncrt::sleep_for(1ms);
  auto [b, c] = co_await asyncrt::gather(fetch(), fetch());
  co_return a + b + c + co_await fetch();
}

asyncrt::task<int> deferred_then_awaited() {
  auto first = fetch();
  auto second = fetch();
  co_await asyncrt::sleep_for(1ms);
  int a = co_await std::move(first);
  co_return a + co_await second;
}

asyncrt::task<void> handed_off() {
  asyncrt::spawn(ping());
  consume(fetch());
  auto t = fetch();
  consume(std::move(t));
  auto u = fetch();
  auto later = [&u] { (void)u; };
  later();
  auto v = fetch();
  (void)v;                              // an explicit use of the variable: deliberate
  [[maybe_unused]] auto w = fetch();
  std::vector<asyncrt::task<int>> batch;
  batch.push_back(fetch());
  co_await asyncrt::gather(std::move(batch));
}

// A bare block bounds a lifetime: the idiom of a test that a lazy task does not start.
void destroyed_unstarted_on_purpose() {
  {
    auto t = fetch();
  }
}

asyncrt::task<void> not_tasks() {
  asyncrt::task<int> empty;             // default-constructed: no coroutine to forget
  std::suspend_always plain_awaiter{};  // made, not returned by a call
  static_assert(sizeof(fetch()) > 0);   // unevaluated
  using Fetched = decltype(fetch());
  co_return;
}

int main_like() { return asyncrt::run(fetch()); }

// An eager task invoked on the spot is started there: the idiom of eager-task libraries.
void eager_lambda_started() {
  [&]() -> mini::Task { co_return; }();
}

// A task constructed from another one creates no coroutine: destroying a coroutine that
// already ran, on purpose (Asio does this on its executor to unwind a coroutine stack).
void destroy_elsewhere(asyncrt::task<int> &running) {
  (void)asyncrt::task<int>(std::move(running));
  asyncrt::task<int>(std::move(running));
}

asyncrt::task<void> results_of_awaits() {
  co_await asyncrt::gather(fetch(), fetch()); // a tuple of results, dropped on purpose
  co_await fetch();
}

// A fire-and-forget coroutine type (eager, not awaitable) is made to be dropped.
detached::fire_and_forget background() { co_return; }
void fire() {
  background();
}

// Inside a synchronous generator co_await is not available: reported as ordinary code.
mini::Generator generator_drops() {
  ping();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<>' returned by 'ping' is discarded without being awaited, so its body never runs; run it on an event loop (asyncrt::run), {{.*}}[async-unawaited-task]
  co_yield 1;
}

// A synchronous generator is not async work.
mini::Generator numbers() { co_yield 1; }
void generate() {
  numbers();
}

template <bool Run> void discarded_branch() {
  if constexpr (Run)
    ping();
}
template void discarded_branch<false>();

asyncrt::task<void> suppressed() {
  ping(); // NOLINT(async-unawaited-task)
  // NOLINTNEXTLINE(async-unawaited-task)
  ping();
  co_return;
}
