// async-unawaited-task, the bad way: a request handler that "sends" an audit record and a
// cache refresh without awaiting them. asyncrt::task is lazy: neither body ever runs.
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>

static int audited = 0;

asyncrt::task<void> audit(int request) {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));
  ++audited;
  std::printf("audited request %d\n", request);
}

asyncrt::task<int> handle(int request) {
  audit(request);                       // dropped: the audit never happens
  auto refresh = audit(request + 100);  // stored, then forgotten: never runs either
  co_return request * 2;
}

int main() {
  int reply = asyncrt::run(handle(21));
  std::printf("reply %d, %d audit records\n", reply, audited); // prints 0 records
  return 0;
}
