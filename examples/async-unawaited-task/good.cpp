// async-unawaited-task, fixed: the audit the reply depends on is awaited; the one nobody waits
// for is handed to asyncrt::spawn, which owns it and runs it on the loop.
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/spawn.hpp>
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
  co_await audit(request);            // runs now; its exceptions reach us
  asyncrt::spawn(audit(request + 100)); // deliberate fire-and-forget; run() waits for it
  co_return request * 2;
}

int main() {
  int reply = asyncrt::run(handle(21));
  std::printf("reply %d, %d audit records\n", reply, audited);
  return reply == 42 && audited == 2 ? 0 : 1;
}
