// RUN: %check_async_tidy %s async-unawaited-task %t -- -- -isystem %S/Inputs/system %async_compile_flags

// Ordinary code the checks find by one walk of the declarations outside system headers
// (issue 11), where a library's templates instantiate it.

#include <fakelib.h>

template <class D> asyncrt::task<void> pause(D) { co_return; }

// A generic lambda only the library calls: in the pattern the drop is dependent, the
// library's instantiation of the call operator shows the lazy task.
int generic_lambda_in_library() {
  return fakelib::with_timeout([](auto d) {
    pause(d);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<>' returned by 'pause' is discarded without being awaited, so its body never runs; run it on an event loop (asyncrt::run), or hand it to a fire-and-forget API such as asyncrt::spawn [async-unawaited-task]
    // CHECK-FIXES: {{^}}    pause(d);{{$}}
    return 0;
  });
}

// A member of the user's partial specialization of a library template.
template <class T> struct fakelib::adapter<T *> {
  static asyncrt::task<void> run(T *p) {
    pause(*p);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'asyncrt::task<>' returned by 'pause' is discarded without being awaited, so its body never runs; co_await it, or hand it to a fire-and-forget API such as asyncrt::spawn [async-unawaited-task]
    // CHECK-FIXES: {{^}}    co_await pause(*p);{{$}}
    co_return;
  }
};

asyncrt::task<void> uses_adapter(int *p) { co_await fakelib::adapter<int *>::run(p); }

// --- Negatives: the library's code, and tasks that are awaited ---------------------------

asyncrt::task<void> awaits_everything() {
  co_await fakelib::nap();
  co_await fakelib::with_timeout([](auto d) { return pause(d); });
}
