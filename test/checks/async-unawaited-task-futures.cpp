// RUN: %check_async_tidy %s async-unawaited-task %t -- -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=OPTIN %s async-unawaited-task %t-optin -- \
// RUN:   --config="{CheckOptions: {async-unawaited-task.WarnOnDroppedFutures: true}}" -- %async_compile_flags

// Lost work vs. a dropped result: a lazy task or an awaiter whose work starts when awaited is
// lost when dropped; a future of work that already runs only loses its result and errors, and
// is reported only when the type or the callee is [[nodiscard]], or by WarnOnDroppedFutures.

#include <coroutine>
#include <exception>

namespace lib {
// The consumer end of a promise: work that already runs elsewhere. Awaitable, not a task.
template <class T> class Future {
public:
  T get() { return T{}; }
  void wait() {}
  bool await_ready() { return ready_; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return T{}; }

private:
  bool ready_ = false;
};
template <class T> class [[nodiscard]] StrictFuture {
public:
  T get() { return T{}; }
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return T{}; }
};

// A lazy task whose promise is a class template nobody instantiates in this file: its
// laziness is read from the promise template itself.
template <class T> struct lazy_promise;
template <class T> class lazy_result {
public:
  using promise_type = lazy_promise<T>;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return T{}; }
};
template <class T> struct lazy_promise {
  lazy_result<T> get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_value(T) {}
  void unhandled_exception() { std::terminate(); }
};

// An eager task: its coroutine runs at once; it can be awaited and polled.
struct eager {
  struct promise_type {
    eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
  void get() {}
};

// An awaiter that does its work when awaited (a hop to an executor, a timer).
struct hop_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline hop_awaiter resume_on(int) { return {}; }

struct server {
  Future<int> async_start();                // starts the server, returns its exit future
  [[nodiscard]] Future<int> must_check();   // the author asks for the result to be kept
  StrictFuture<int> strict_start();
};
lazy_result<int> lock_async();
} // namespace lib

lib::eager background_job() { co_return; }

struct simple_task {
  struct promise_type {
    simple_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

simple_task run_server(lib::server &s) {
  s.async_start();
  // CHECK-MESSAGES-OPTIN: :[[@LINE-1]]:3: warning: future 'lib::Future<int>' returned by 'lib::server::async_start' is discarded: the operation it stands for already runs, but its result and errors are lost; keep it and consume it where its result is needed, or cast it to void to drop it on purpose [async-unawaited-task]
  auto started = s.async_start();
  // CHECK-MESSAGES-OPTIN: :[[@LINE-1]]:8: warning: future 'lib::Future<int>' in variable 'started' is never awaited or used: the operation it stands for already runs, but its result and errors are lost; {{.*}}[async-unawaited-task]
  s.must_check();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future 'lib::Future<int>' returned by 'lib::server::must_check' is discarded: the operation it stands for already runs, but its result and errors are lost; keep it and consume it where its result is needed, or cast it to void to drop it on purpose [async-unawaited-task]
  // CHECK-MESSAGES-OPTIN: :[[@LINE-2]]:3: warning: future 'lib::Future<int>' returned by 'lib::server::must_check' is discarded: {{.*}}[async-unawaited-task]
  s.strict_start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future 'lib::StrictFuture<int>' returned by 'lib::server::strict_start' is discarded: {{.*}}[async-unawaited-task]
  // CHECK-MESSAGES-OPTIN: :[[@LINE-2]]:3: warning: future 'lib::StrictFuture<int>' {{.*}}[async-unawaited-task]
  (void)s.must_check();                     // dropped on purpose
  background_job();
  // CHECK-MESSAGES-OPTIN: :[[@LINE-1]]:3: warning: eager task 'lib::eager' returned by 'background_job' is discarded: its body already runs, but its result and exceptions are lost; keep it and consume it where its result is needed, or cast it to void to drop it on purpose [async-unawaited-task]

  // Lost work: reported whatever the option says.
  lib::lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'lib::lazy_result<int>' returned by 'lib::lock_async' is discarded without being awaited, so its body never runs; co_await it, or hand it to your runtime's fire-and-forget API (a detached spawn) [async-unawaited-task]
  // CHECK-MESSAGES-OPTIN: :[[@LINE-2]]:3: warning: lazy task 'lib::lazy_result<int>' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await lib::lock_async();{{$}}
  // CHECK-FIXES-OPTIN: {{^}}  co_await lib::lock_async();{{$}}
  lib::resume_on(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'lib::hop_awaiter' returned by 'lib::resume_on' is discarded without being awaited, so it has no effect; co_await it [async-unawaited-task]
  // CHECK-MESSAGES-OPTIN: :[[@LINE-2]]:3: warning: awaitable 'lib::hop_awaiter' {{.*}}[async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await lib::resume_on(1);{{$}}
  // CHECK-FIXES-OPTIN: {{^}}  co_await lib::resume_on(1);{{$}}

  // Kept and consumed: never reported.
  auto exit_code = s.async_start();
  co_await exit_code;
}

// In ordinary code the same rules hold.
int main_like(lib::server &s) {
  s.async_start();
  // CHECK-MESSAGES-OPTIN: :[[@LINE-1]]:3: warning: future 'lib::Future<int>' returned by 'lib::server::async_start' is discarded: {{.*}}[async-unawaited-task]
  lib::lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'lib::lazy_result<int>' returned by 'lib::lock_async' is discarded without being awaited, so its body never runs; run it on an event loop, or hand it to your runtime's fire-and-forget API (a detached spawn) [async-unawaited-task]
  // CHECK-MESSAGES-OPTIN: :[[@LINE-2]]:3: warning: lazy task 'lib::lazy_result<int>' {{.*}}[async-unawaited-task]
  return s.async_start().get();
}
