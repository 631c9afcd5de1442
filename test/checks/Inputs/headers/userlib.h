// A library of the user's, included with -I: not a system header, so its coroutines are the
// user's; whether their findings are shown is --header-filter's decision.
#pragma once

#include <asyncrt/task.hpp>
#include <chrono>
#include <thread>

namespace userlib {

inline asyncrt::task<void> nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}

template <class D> asyncrt::task<void> nap_for(D d) {
  std::this_thread::sleep_for(d);
  co_return;
}

// A plain helper that blocks: a coroutine of the main file calling it blocks there.
inline void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

// Calls the user's callable: a lambda written in the main file stays the main file's.
template <class F> auto run(F f) { return f(); }

} // namespace userlib

// A macro of the header that defines a coroutine where it is expanded.
#define USERLIB_NAPPER(name)                                                                   \
  asyncrt::task<void> name() {                                                                 \
    std::this_thread::sleep_for(std::chrono::milliseconds(1));                                \
    co_return;                                                                                 \
  }
