// RUN: %check_async_tidy %s async-unawaited-task %t -- -- -I%S/Inputs %async_compile_flags

// A throw assertion calls an expression to see it throw; the task it creates is not work
// anybody meant to run. Not reported: a discarded value spelled in the argument of a macro that
// wraps it in a try block with a typed handler (EXPECT_THROW, CHECK_THROWS_AS), and the only
// statement of a lambda handed to a function that calls it inside such a try block
// (`assert_throws<E>([&] { f(); })`), after declarations at most. Everything else stays
// reported.

#include <asyncrt/task.hpp>
#include <stdexcept>

asyncrt::task<int> fetch(int n);

// A test framework's throw assertion, as such macros are written.
#define EXPECT_THROWS_AS(statement, exception)                                                  \
  do {                                                                                          \
    bool caught = false;                                                                        \
    try {                                                                                       \
      if (true) {                                                                               \
        statement;                                                                              \
      }                                                                                         \
    } catch (const exception &) {                                                               \
      caught = true;                                                                            \
    }                                                                                           \
    (void)caught;                                                                               \
  } while (false)

// Swallows everything: no typed handler, not an assertion about a throw.
#define IGNORE_ERRORS(statement)                                                                \
  try {                                                                                         \
    statement;                                                                                  \
  } catch (...) {                                                                               \
  }

template <class E, class F> void assert_throws(F &&f) {
  try {
    f();
  } catch (const E &) {
    return;
  } catch (...) {
  }
}

// Calls the callback later, outside any try: not an assertion.
template <class F> void on_event(F &&f) { f(); }

void tests() {
  EXPECT_THROWS_AS(fetch(-1), std::invalid_argument);
  EXPECT_THROWS_AS((void)fetch(-2), std::invalid_argument);
  assert_throws<std::invalid_argument>([] { fetch(-3); });
  assert_throws<std::invalid_argument>([] {
    int n = -4;                             // declarations that set up the call are not work
    fetch(n);
  });

  IGNORE_ERRORS(fetch(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded without being awaited, so its body never runs; {{.*}}[async-unawaited-task]
  on_event([] { fetch(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded {{.*}}[async-unawaited-task]
  // More than the call under test: the lambda does other work, and the drop is a bug there.
  assert_throws<std::invalid_argument>([] {
    fetch(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded {{.*}}[async-unawaited-task]
    fetch(4);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded {{.*}}[async-unawaited-task]
  });
  // A try block written by hand, outside any macro: the author's own code, reported.
  try {
    fetch(5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<int>' returned by 'fetch' is discarded {{.*}}[async-unawaited-task]
  } catch (const std::invalid_argument &) {
  }
}
