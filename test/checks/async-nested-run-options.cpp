// RUN: %check_async_tidy %s async-nested-run %t -- --config="{CheckOptions: {async-nested-run.RunFunctions: 'myapp::block_on;myapp::Loop::run_forever'}}" -- -I%S/Inputs %async_compile_flags

#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>

namespace myapp {
template <class T> T block_on(asyncrt::task<T> t) { return asyncrt::run(std::move(t)); }
struct Loop {
  void run_forever() {}
};
} // namespace myapp

asyncrt::task<int> fetch() { co_return 1; }

asyncrt::task<int> configured(myapp::Loop &loop) {
  int v = myapp::block_on(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'myapp::block_on' waits for a nested event loop to finish {{.*}}[async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'configured' declared here
  // CHECK-FIXES: {{^}}  int v = co_await fetch();{{$}}
  loop.run_forever();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'myapp::Loop::run_forever' waits {{.*}}; use 'co_await' instead [async-nested-run]
  // The option replaces the defaults: asyncrt::run is no longer on the list.
  v += asyncrt::run(fetch());
  co_return v;
}
