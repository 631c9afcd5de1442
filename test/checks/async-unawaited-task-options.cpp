// RUN: %check_async_tidy %s async-unawaited-task %t -- --config="{CheckOptions: {async-unawaited-task.FireAndForgetFunctions: 'myapp::detach_later;myapp::Scope::launch'}}" -- -I%S/Inputs %async_compile_flags

#include <asyncrt/spawn.hpp>
#include <asyncrt/task.hpp>

asyncrt::task<int> fetch() { co_return 1; }

namespace myapp {
// Returns a handle that may be dropped: the work was handed to a detached runner.
asyncrt::task<void> detach_later(asyncrt::task<int>);
struct Scope {
  asyncrt::task<void> launch(asyncrt::task<int>);
};
} // namespace myapp

void configured(myapp::Scope &scope) {
  myapp::detach_later(fetch());
  scope.launch(fetch());
}

// Not on the list: reported as always.
asyncrt::task<void> boost_like_co_spawn_result();
void replaced() {
  asyncrt::spawn(fetch());
  boost_like_co_spawn_result();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asyncrt::task<>' returned by 'boost_like_co_spawn_result' {{.*}}[async-unawaited-task]
}
