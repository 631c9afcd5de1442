// async-blocking-process, the bad way: std::system waits for the child in the coroutine.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <cstdlib>

asyncrt::task<int> build() {
  co_return std::system("true"); // blocks the loop until the child exits
}

int main() { std::printf("exit status %d\n", asyncrt::run(build())); }
