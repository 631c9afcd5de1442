// RUN: %check_async_tidy %s async-unawaited-task %t -- -- %qt_compile_flags
// RUN: %check_async_tidy -check-suffix=OPTIN %s async-unawaited-task %t-optin -- \
// RUN:   --config="{CheckOptions: {async-unawaited-task.WarnOnDroppedFutures: true}}" -- %qt_compile_flags

// QCoro::Task is eager: its promise's initial_suspend() returns std::suspend_never (Debian's
// QCoro 0.8 qcoro/qcorotask.h; upstream qcoro/impl/taskpromisebase.h today). Its body runs
// when it is called, so dropping one loses only its result and exceptions: a dropped result
// (DESIGN.md, "Lost work vs. a dropped result"), reported only when the user opts in. Newer
// QCoro releases add QCoro::LazyTask, whose initial_suspend() returns std::suspend_always
// (upstream qcoro/qcorolazytask.h); Debian's 0.8 has none, so a task of that shape is written
// here: dropped, its body never runs, which is lost work and always reported.

#include <QCoro/QCoroProcess>
#include <QCoro/QCoroTask>
#include <QtCore/QProcess>
#include <coroutine>

namespace lazyshape {
// The shape of QCoro::LazyTask: a promise that suspends before the body, awaitable.
template <typename T> class LazyTask {
public:
  struct promise_type {
    LazyTask get_return_object() { return LazyTask{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_always final_suspend() const noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() {}
    T value{};
  };
  explicit LazyTask(std::coroutine_handle<promise_type> h) : handle(h) {}
  LazyTask(LazyTask &&other) noexcept : handle(other.handle) { other.handle = {}; }
  ~LazyTask() { if (handle) handle.destroy(); }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept { return handle; }
  T await_resume() { return handle.promise().value; }

private:
  std::coroutine_handle<promise_type> handle;
};
} // namespace lazyshape

QCoro::Task<int> compute() { co_return 42; }
lazyshape::LazyTask<int> compute_later() { co_return 7; }

QCoro::Task<void> caller(QProcess &process) {
  compute();
  // CHECK-MESSAGES-OPTIN: :[[@LINE-1]]:3: warning: eager task 'QCoro::Task<int>' returned by 'compute' is discarded: its body already runs, but its result and exceptions are lost; {{.*}}[async-unawaited-task]
  compute_later();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'lazyshape::LazyTask<int>' returned by 'compute_later' is discarded without being awaited, so its body never runs; {{.*}}[async-unawaited-task]
  // CHECK-MESSAGES-OPTIN: :[[@LINE-2]]:3: warning: lazy task 'lazyshape::LazyTask<int>' returned by 'compute_later' is discarded {{.*}}[async-unawaited-task]
  qCoro(process).waitForFinished(); // defined in libQCoro6Core: a future by structure
  // CHECK-MESSAGES-OPTIN: :[[@LINE-1]]:3: warning: future 'QCoro::Task<bool>' returned by 'QCoro::detail::QCoroProcess::waitForFinished' is discarded: the operation it stands for already runs{{.*}}{{.*}}[async-unawaited-task]
  // Traps: awaited, or dropped on purpose.
  int value = co_await compute();
  value += co_await compute_later();
  (void)compute();
  co_await qCoro(process).waitForFinished();
  co_return;
}
