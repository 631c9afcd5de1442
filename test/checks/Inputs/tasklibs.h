// Task libraries that are not asyncrt, modelled on the real headers of libcoro, cppcoro,
// async_simple, concurrencpp, folly::coro and stdexec: what is [[nodiscard]], what is lazy or
// eager, which promises filter co_await with await_transform, and the fire-and-forget and
// blocking entry points, under the libraries' own names. Bodies are minimal; the shapes are
// what the checks look at.
#pragma once
#include <coroutine>
#include <exception>
#include <memory>
#include <utility>

namespace testlib {
// The common lazy shape: suspended until awaited; awaiting resumes it and returns T.
template <class Task, class T> struct lazy_promise {
  Task get_return_object() { return Task{std::coroutine_handle<lazy_promise>::from_promise(*this)}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_value(T v) { value = v; }
  void unhandled_exception() { std::terminate(); }
  T value{};
};
template <class Task> struct lazy_promise<Task, void> {
  Task get_return_object() { return Task{std::coroutine_handle<lazy_promise>::from_promise(*this)}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
};
template <class T> struct ready_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T{}; }
};
template <> struct ready_awaiter<void> {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace testlib

// libcoro (jbaldwin/libcoro include/coro/task.hpp, thread_pool.hpp, sync_wait.hpp):
// `class [[nodiscard]] task`, lazy (suspend_always), awaitable through operator co_await;
// thread_pool::schedule() returns an awaitable; spawn(task&&) detaches.
namespace coro {
template <class T = void> class [[nodiscard]] task {
public:
  using promise_type = testlib::lazy_promise<task, T>;
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  task(task &&o) noexcept : handle(std::exchange(o.handle, {})) {}
  ~task() { if (handle) handle.destroy(); }
  auto operator co_await() const & noexcept { return testlib::ready_awaiter<T>{}; }
  auto operator co_await() const && noexcept { return testlib::ready_awaiter<T>{}; }
  auto resume() -> bool { handle.resume(); return !handle.done(); }
  std::coroutine_handle<promise_type> handle;
};
class thread_pool {
public:
  class schedule_operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  [[nodiscard]] schedule_operation schedule() { return {}; }
  bool spawn(task<void> &&) noexcept { return true; }
  void shutdown() noexcept {} // joins the pool's threads
};
template <class A> auto sync_wait(A &&) -> int { return 0; }
inline void sync_wait(task<void> &&) {}
template <class... A> task<void> when_all(A &&...) { co_return; }
} // namespace coro

// cppcoro (lewissbaker/cppcoro include/cppcoro/task.hpp, sync_wait.hpp, async_scope.hpp):
// `class [[nodiscard]] task`, lazy; async_scope::spawn takes any awaitable and detaches it.
namespace cppcoro {
template <class T = void> class [[nodiscard]] task {
public:
  using promise_type = testlib::lazy_promise<task, T>;
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  task(task &&o) noexcept : handle(std::exchange(o.handle, {})) {}
  ~task() { if (handle) handle.destroy(); }
  auto operator co_await() const & noexcept { return testlib::ready_awaiter<T>{}; }
  auto operator co_await() const && noexcept { return testlib::ready_awaiter<T>{}; }
  std::coroutine_handle<promise_type> handle;
};
template <class A> int sync_wait(A &&) { return 0; }
template <class... A> task<void> when_all_ready(A &&...) { co_return; }
class async_scope {
public:
  template <class A> void spawn(A &&) {}
  testlib::ready_awaiter<void> join() { return {}; }
};
} // namespace cppcoro

// async_simple (alibaba/async_simple async_simple/coro/Lazy.h, SyncAwait.h): `class
// [[nodiscard]] Lazy`, lazy, whose promise has await_transform; start(callback) and detach()
// run it detached; syncAwait blocks.
namespace async_simple::coro {
template <class T = void> class [[nodiscard]] Lazy;
namespace detail {
struct DetachedCoroutine {
  struct promise_type {
    DetachedCoroutine get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
template <class T> struct LazyPromise : testlib::lazy_promise<Lazy<T>, T> {
  template <class A> A &&await_transform(A &&a) { return static_cast<A &&>(a); }
};
} // namespace detail
template <class T> class [[nodiscard]] Lazy {
public:
  using promise_type = detail::LazyPromise<T>;
  explicit Lazy(std::coroutine_handle<testlib::lazy_promise<Lazy, T>>) {}
  Lazy(Lazy &&) noexcept = default;
  auto operator co_await() { return testlib::ready_awaiter<T>{}; }
  template <class F> void start(F &&callback) {
    auto launch = [](Lazy, F) -> detail::DetachedCoroutine { co_return; };
    launch(std::move(*this), static_cast<F &&>(callback)); // eager and detached by design
  }
  void detach() {
    start([](auto &&) {});
  }
};
template <class L> int syncAwait(L &&) { return 0; }
} // namespace async_simple::coro
// async_simple/Future.h: the consumer end of a Promise; get() and wait() block the thread.
namespace async_simple {
template <class T> class Future {
public:
  bool hasResult() const { return true; }
  void wait() {}
  T get() && { return T{}; }
};
namespace util {
class Condition {
public:
  void release() {}
  void acquire() {} // waits on a condition variable
};
} // namespace util
} // namespace async_simple

// concurrencpp (David-Haim/concurrencpp include/concurrencpp/results/result.h,
// lazy_result.h, resume_on.h, promises.h): `result<T>` is NOT [[nodiscard]], eager (the
// coroutine runs at once), awaitable through operator co_await, and a coroutine return type
// through a partial specialization of std::coroutine_traits; lazy_result<T> is lazy.
namespace concurrencpp {
template <class T> class result {
public:
  result() = default;
  auto operator co_await() { return testlib::ready_awaiter<T>{}; }
  T get() { return T{}; }
};
template <class T> struct result_promise {
  result<T> get_return_object() { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_value(T) {}
  void unhandled_exception() {}
};
template <> struct result_promise<void> {
  result<void> get_return_object() { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {}
};
template <class T> class lazy_result {
public:
  using promise_type = testlib::lazy_promise<lazy_result, T>;
  explicit lazy_result(std::coroutine_handle<promise_type>) {}
  auto operator co_await() { return testlib::ready_awaiter<T>{}; }
  result<T> run() { return {}; }
};
struct executor {
  template <class F> result<int> submit(F) { return {}; }
  template <class F> void post(F) {}
};
struct resume_on_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline resume_on_awaitable resume_on(executor &) { return {}; }
// The runtime's executors (runtime.h): background_executor() is "for blocking I/O",
// thread_executor runs each task on a thread of its own; resume_on(shared_ptr<E>) hops.
struct thread_pool_executor : executor {};
struct thread_executor : executor {};
struct runtime {
  std::shared_ptr<thread_pool_executor> thread_pool_executor() const { return {}; }
  std::shared_ptr<concurrencpp::thread_pool_executor> background_executor() const { return {}; }
  std::shared_ptr<concurrencpp::thread_executor> thread_executor() const { return {}; }
};
template <class E> resume_on_awaitable resume_on(std::shared_ptr<E>) { return {}; }
} // namespace concurrencpp
template <class T, class... Args> struct std::coroutine_traits<concurrencpp::result<T>, Args...> {
  using promise_type = concurrencpp::result_promise<T>;
};

// folly::coro (facebook/folly folly/coro/Task.h, BlockingWait.h): Task is lazy and NOT
// awaitable by itself (its promise's await_transform does it); scheduleOn() gives a
// TaskWithExecutor, awaitable through a hidden friend operator co_await, whose start()
// launches it and returns a SemiFuture, itself awaitable through a free operator co_await.
// blockingWait is a function object.
namespace folly {
template <class T> struct SemiFuture {
  T get() && { return T{}; }
};
template <class T> testlib::ready_awaiter<T> operator co_await(SemiFuture<T> &&) { return {}; }
struct Executor {};
namespace coro {
template <class T = void> class TaskWithExecutor;
template <class T = void> class [[nodiscard]] Task;
template <class T> struct TaskPromise : testlib::lazy_promise<Task<T>, T> {
  template <class A> A &&await_transform(A &&a) { return static_cast<A &&>(a); }
  template <class U> testlib::ready_awaiter<U> await_transform(Task<U> &&) { return {}; }
};
template <class T> class [[nodiscard]] Task {
public:
  using promise_type = TaskPromise<T>;
  explicit Task(std::coroutine_handle<testlib::lazy_promise<Task, T>>) {}
  Task(Task &&) noexcept = default;
  TaskWithExecutor<T> scheduleOn(Executor *) && { return {}; }
};
template <class T> class [[nodiscard]] TaskWithExecutor {
public:
  SemiFuture<int> start() && { return {}; }
  friend testlib::ready_awaiter<T> operator co_await(TaskWithExecutor &&) { return {}; }
};
struct blocking_wait_fn {
  template <class A> int operator()(A &&) const { return 0; }
};
inline constexpr blocking_wait_fn blockingWait{};
class AsyncScope {
public:
  template <class A> void add(A &&) {}
};
} // namespace coro
} // namespace folly

// stdexec (NVIDIA/stdexec include/stdexec/execution.hpp): sync_wait is a function object.
namespace stdexec {
struct sync_wait_t {
  template <class S> int operator()(S &&) const { return 0; }
};
inline constexpr sync_wait_t sync_wait{};
struct just_sender {};
inline just_sender just() { return {}; }
} // namespace stdexec

// A fire-and-forget coroutine type: eager, not awaitable. Calling one and dropping the result
// is how it is used.
namespace detached {
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
} // namespace detached
