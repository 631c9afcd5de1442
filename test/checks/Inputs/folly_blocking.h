// Minimal shapes of folly's blocking waits (facebook/folly, not packaged by Debian), written for
// the tests from the declarations in its headers:
//  - folly/futures/Future.h: SemiFuture<T> and Future<T> declare `T get() &&`,
//    `T get(HighResDuration) &&`, `wait() &`/`wait() &&` and `wait(HighResDuration)` themselves
//    (both derive privately from futures::detail::FutureBase); isReady() only looks;
//  - folly/synchronization/Baton.h: `template <bool MayBlock, template <class> class Atom>
//    class Baton` with `wait(const WaitOptions& = wait_options())`, try_wait_for, try_wait_until;
//  - folly/FileUtil.h: `template <class Container> bool readFile(const char*, Container&,
//    size_t)` (and an int-fd overload), `bool writeFile(const Container&, const char*, int,
//    mode_t)`;
//  - folly/coro/BlockingWait.h: blockingWait is a function object (blocking_wait_fn).
#ifndef ASYNC_TIDY_TEST_FOLLY_BLOCKING_H
#define ASYNC_TIDY_TEST_FOLLY_BLOCKING_H

#include <atomic>
#include <chrono>
#include <cstddef>
#include <limits>
#include <sys/types.h>

namespace folly {
using HighResDuration = std::chrono::nanoseconds;

namespace futures::detail {
template <class T> class FutureBase {
public:
  bool isReady() const { return false; }
};
} // namespace futures::detail

template <class T> class SemiFuture : private futures::detail::FutureBase<T> {
public:
  using futures::detail::FutureBase<T>::isReady;
  T get() && { return T{}; }
  T get(HighResDuration) && { return T{}; }
  SemiFuture &wait() & { return *this; }
  SemiFuture &&wait() && { return static_cast<SemiFuture &&>(*this); }
  bool wait(HighResDuration) && { return true; }
};

template <class T> class Future : private futures::detail::FutureBase<T> {
public:
  using futures::detail::FutureBase<T>::isReady;
  T get() && { return T{}; }
  T get(HighResDuration) && { return T{}; }
  Future &wait() & { return *this; }
  Future &wait(HighResDuration) & { return *this; }
};

struct WaitOptions {};
template <bool MayBlock = true, template <class> class Atom = std::atomic> class Baton {
public:
  static WaitOptions wait_options() { return {}; }
  void post() noexcept {}
  bool ready() const noexcept { return false; }
  void wait(const WaitOptions & = wait_options()) noexcept {}
  template <class Rep, class Period>
  bool try_wait_for(const std::chrono::duration<Rep, Period> &, const WaitOptions & = wait_options()) noexcept {
    return false;
  }
};

template <class Container>
bool readFile(const char *, Container &, std::size_t = std::numeric_limits<std::size_t>::max()) {
  return true;
}
template <class Container>
bool readFile(int, Container &, std::size_t = std::numeric_limits<std::size_t>::max()) {
  return true;
}
template <class Container>
bool writeFile(const Container &, const char *, int = 0, mode_t = 0666) {
  return true;
}
} // namespace folly

#endif
