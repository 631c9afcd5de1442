// asyncrt/detail/event_loop.hpp: the single-threaded epoll loop behind asyncrt::run.
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace asyncrt::detail {

[[noreturn]] inline void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// One loop per run() call, on the calling thread. Coroutines are resumed only here; other threads
// (the to_thread pool, the sqlite thread) hand their continuations back through post(), which
// wakes epoll_wait through an eventfd.
class event_loop {
 public:
  using clock = std::chrono::steady_clock;

  struct io_waiter;
  struct timer_entry {
    std::coroutine_handle<> handle;
    io_waiter* io = nullptr;  // set when the timer is an I/O deadline
  };
  using timer_map = std::multimap<clock::time_point, timer_entry>;

  // A coroutine waiting for a descriptor, optionally with a deadline. Lives in the waiting
  // coroutine's frame; the loop only points at it while it is armed.
  struct io_waiter {
    int fd = -1;
    std::uint32_t events = 0;
    clock::time_point deadline = clock::time_point::max();
    std::coroutine_handle<> handle;
    std::uint32_t revents = 0;  // out: what epoll reported
    bool timed_out = false;     // out: the deadline came first
    timer_map::iterator timer{};
    bool has_timer = false;
  };

  event_loop() {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw_errno("asyncrt: epoll_create1");
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) {
      ::close(epoll_fd_);
      throw_errno("asyncrt: eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;  // nullptr marks the wake-up descriptor
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) {
      ::close(wake_fd_);
      ::close(epoll_fd_);
      throw_errno("asyncrt: epoll_ctl(eventfd)");
    }
    previous_ = current_;
    current_ = this;
  }
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;
  ~event_loop() {
    current_ = previous_;
    ::close(wake_fd_);
    ::close(epoll_fd_);
  }

  // The loop running on this thread, or nullptr.
  static event_loop* current() noexcept { return current_; }

  // The loop running on this thread, for an operation that needs one: used outside
  // asyncrt::run it is a usage error, reported in the operation's name.
  static event_loop& require(const char* operation) {
    if (current_ == nullptr) {
      throw std::logic_error(std::string(operation) +
                             " used with no asyncrt loop running on this thread; start the "
                             "coroutine with asyncrt::run(...)");
    }
    return *current_;
  }

  // Loop thread only: resume h on a later turn of the loop.
  void schedule(std::coroutine_handle<> h) { ready_.push_back(h); }

  // Any thread: an operation started with begin_external() is done; resume h on the loop.
  void post(std::coroutine_handle<> h) {
    // The wake-up is written under the lock on purpose: once the loop thread can see h it may
    // resume it, finish run() and destroy this loop, so nothing of *this may be touched after
    // the lock is released.
    const std::lock_guard lock(remote_mu_);
    remote_.push_back(h);
    --external_;
    const std::uint64_t one = 1;
    // EAGAIN only when the counter is saturated, and then the loop is awake anyway.
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }

  // Loop thread: an operation on another thread will post() back. Until it does, the loop knows a
  // suspended coroutine is not stuck.
  void begin_external() {
    const std::lock_guard lock(remote_mu_);
    ++external_;
  }

  // Loop thread: resume h at `when` (or later).
  timer_map::iterator add_timer(clock::time_point when, std::coroutine_handle<> h,
                                io_waiter* io = nullptr) {
    return timers_.emplace(when, timer_entry{h, io});
  }
  void cancel_timer(timer_map::iterator it) { timers_.erase(it); }

  // Loop thread: resume w->handle when w->fd is ready for w->events, or at w->deadline.
  void arm(io_waiter* w) {
    epoll_event ev{};
    ev.events = w->events | EPOLLONESHOT;
    ev.data.ptr = w;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, w->fd, &ev) != 0) {
      if (errno != EEXIST || ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, w->fd, &ev) != 0) {
        throw_errno("asyncrt: epoll_ctl");
      }
    }
    ++io_waiting_;
    w->revents = 0;
    w->timed_out = false;
    w->has_timer = w->deadline != clock::time_point::max();
    if (w->has_timer) w->timer = add_timer(w->deadline, w->handle, w);
  }

  // Loop thread: spawned tasks are owned by the loop; run() returns only when none is left.
  void spawn_started() { ++spawned_; }
  void spawn_finished(std::exception_ptr error) {
    --spawned_;
    if (error && !spawn_error_) spawn_error_ = std::move(error);
  }
  [[nodiscard]] bool spawned_idle() const noexcept { return spawned_ == 0; }
  void rethrow_spawn_error() const {
    if (spawn_error_) std::rethrow_exception(spawn_error_);
  }

  // Runs until done() is true. Throws std::logic_error when done() is false and nothing can ever
  // resume anything (a coroutine awaits something no one will complete), rather than hang.
  template <class Done>
  void run_until(Done done) {
    std::vector<epoll_event> events(64);
    while (true) {
      take_remote();
      fire_timers(clock::now());
      // Run only what is ready now; what these resumptions schedule waits for the next turn, so
      // I/O and timers are never starved by coroutines that keep yielding.
      for (std::size_t n = ready_.size(); n > 0 && !ready_.empty(); --n) {
        auto h = ready_.front();
        ready_.pop_front();
        h.resume();
      }
      if (done()) return;
      if (!ready_.empty()) {
        poll(events, 0);
        continue;
      }
      bool external_pending = false;
      {
        const std::lock_guard lock(remote_mu_);
        external_pending = external_ > 0 || !remote_.empty();
      }
      if (timers_.empty() && io_waiting_ == 0 && !external_pending) {
        throw std::logic_error(
            "asyncrt::run: deadlock: the task is suspended but nothing on this loop can resume "
            "it (it awaits something that no timer, descriptor or thread will complete)");
      }
      int timeout_ms = -1;
      if (!timers_.empty()) {
        auto wait = timers_.begin()->first - clock::now();
        // Round up: waking a little late is harmless, waking early just spins.
        auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
        timeout_ms = ms < 0 ? 0 : (ms > 60000 ? 60000 : static_cast<int>(ms));
      }
      poll(events, timeout_ms);
    }
  }

 private:
  void take_remote() {
    const std::lock_guard lock(remote_mu_);
    for (auto h : remote_) ready_.push_back(h);
    remote_.clear();
  }

  void fire_timers(clock::time_point now) {
    while (!timers_.empty() && timers_.begin()->first <= now) {
      const timer_entry e = timers_.begin()->second;
      timers_.erase(timers_.begin());
      if (e.io != nullptr) {  // an I/O deadline: stop watching the descriptor
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, e.io->fd, nullptr);
        --io_waiting_;
        e.io->has_timer = false;
        e.io->timed_out = true;
      }
      ready_.push_back(e.handle);
    }
  }

  void poll(std::vector<epoll_event>& events, int timeout_ms) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    if (n < 0) {
      if (errno == EINTR) return;
      throw_errno("asyncrt: epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
      auto* w = static_cast<io_waiter*>(events[i].data.ptr);
      if (w == nullptr) {
        std::uint64_t count = 0;
        [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
        continue;
      }
      // Forget the descriptor now: the coroutine may close it as soon as it runs.
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, w->fd, nullptr);
      --io_waiting_;
      if (w->has_timer) {
        timers_.erase(w->timer);
        w->has_timer = false;
      }
      w->revents = events[i].events;
      ready_.push_back(w->handle);
    }
  }

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::deque<std::coroutine_handle<>> ready_;
  timer_map timers_;
  std::size_t io_waiting_ = 0;

  std::mutex remote_mu_;
  std::vector<std::coroutine_handle<>> remote_;  // guarded by remote_mu_
  std::size_t external_ = 0;                     // guarded by remote_mu_

  std::size_t spawned_ = 0;
  std::exception_ptr spawn_error_;

  event_loop* previous_ = nullptr;
  static inline thread_local event_loop* current_ = nullptr;
};

}  // namespace asyncrt::detail
