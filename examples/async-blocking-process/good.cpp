// async-blocking-process, fixed: the child is waited for on asyncrt's worker pool.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <cstdio>
#include <cstdlib>

asyncrt::task<int> build() {
  co_return co_await asyncrt::to_thread(::system, "true");
}

int main() {
  int status = asyncrt::run(build());
  std::printf("child exited with status %d\n", status);
  return status == 0 ? 0 : 1;
}
