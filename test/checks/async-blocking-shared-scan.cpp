// The blocking checks share one scan of each coroutine and one decision per call of whether the
// transitive analysis may follow it (TranslationUnitCache); each check's own options still
// decide for that check alone. Run both ways round, so that whichever check fills the shared
// cache first, the other's exemption does not leak into it.
// RUN: %check_async_tidy -check-suffix=SLEEPOK %s async-blocking-sleep,async-blocking-file-io %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-sleep.AllowedFunctions: 'app::both;::usleep'}}" \
// RUN:   -- %async_compile_flags
// RUN: %check_async_tidy -check-suffix=FILEOK %s async-blocking-sleep,async-blocking-file-io %t -- \
// RUN:   --config="{CheckOptions: {async-blocking-file-io.AllowedFunctions: 'app::both'}}" \
// RUN:   -- %async_compile_flags

#include <asyncrt/task.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace app {
// Sleeps, then reads a file: a root of both checks' kinds.
inline std::string both(const std::string &path) {
  std::this_thread::sleep_for(1ms);
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}
inline void nap() { std::this_thread::sleep_for(1ms); }
} // namespace app

asyncrt::task<int> serve(std::string path) {
  std::string t = app::both(path);
  // CHECK-MESSAGES-SLEEPOK: :[[@LINE-1]]:19: warning: 'app::both' blocks the event loop running coroutine 'serve': it constructs 'std::ifstream', waiting for the disk; {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-SLEEPOK: :25:17: note: 'app::both' constructs 'std::ifstream' here
  // CHECK-MESSAGES-FILEOK: :[[@LINE-3]]:19: warning: 'app::both' blocks the event loop running coroutine 'serve': it calls 'std::this_thread::sleep_for', waiting for a timer; {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-FILEOK: :24:3: note: 'app::both' calls 'std::this_thread::sleep_for' here
  app::nap();
  // CHECK-MESSAGES-SLEEPOK: :[[@LINE-1]]:3: warning: 'app::nap' blocks the event loop running coroutine 'serve': it calls 'std::this_thread::sleep_for', waiting for a timer; {{.*}}[async-blocking-sleep]
  // CHECK-MESSAGES-FILEOK: :[[@LINE-2]]:3: warning: 'app::nap' blocks the event loop running coroutine 'serve': it calls 'std::this_thread::sleep_for', waiting for a timer; {{.*}}[async-blocking-sleep]
  ::usleep(10);
  // CHECK-MESSAGES-FILEOK: :[[@LINE-1]]:3: warning: 'usleep' waits for a timer {{.*}}[async-blocking-sleep]
  std::ifstream direct(path);
  // CHECK-MESSAGES-SLEEPOK: :[[@LINE-1]]:17: warning: constructing 'std::ifstream' waits for the disk {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-FILEOK: :[[@LINE-2]]:17: warning: constructing 'std::ifstream' waits for the disk {{.*}}[async-blocking-file-io]
  co_return static_cast<int>(t.size());
}
