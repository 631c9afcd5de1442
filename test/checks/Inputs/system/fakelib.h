// A library seen through -isystem: the checks never walk its code, yet the user's code that
// ends up under its declarations (instantiations it makes of the user's lambdas, the user's
// partial specializations of its templates, its macros expanded in user code) is checked.
#pragma once

#include <asyncrt/task.hpp>
#include <chrono>
#include <thread>

namespace fakelib {

// Calls a callable with a duration of the library's choosing: a generic lambda's call
// operator is instantiated here, inside the library.
template <class F> auto with_timeout(F f) { return f(std::chrono::milliseconds(1)); }

// A primary template the user partially specializes.
template <class T> struct adapter {
  static asyncrt::task<void> run(T) { co_return; }
};

// The library's own blocking coroutines: never reported, whoever calls them.
inline asyncrt::task<void> nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}
template <class D> asyncrt::task<void> nap_for(D d) {
  std::this_thread::sleep_for(d);
  co_return;
}

// A hook the library declares and the user defines.
template <class D> asyncrt::task<void> user_hook(D d);

} // namespace fakelib

#define FAKELIB_HANDLER(name) asyncrt::task<void> name()
