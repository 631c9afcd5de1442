#include "lib.h"
#include <chrono>
struct Session {
  bool done = false;
  void drive() {
    run_on_worker([] { std::this_thread::sleep_for(std::chrono::milliseconds(100)); });
    Task<void>{}.and_then([&] { done = true; });
  }
};
void use() { Session{}.drive(); }
