// Structured bindings of a range-for element are per-iteration, like the element itself.
// REQUIRES: llvm-19
// (Against LLVM 22 the check does not see through the bindings yet and stays silent here: a
// missed report, never a false one. Kept apart so the 22 build still runs the rest.)
// RUN: %check_async_tidy %s async-await-in-loop %t -- -- -I%S/Inputs %async_compile_flags

#include <asyncrt/task.hpp>
#include <map>
#include <string>

struct User {
  std::string name;
};
asyncrt::task<User> fetch_user(int id);

asyncrt::task<std::map<int, std::string>> by_key(std::map<int, int> ids) {
  std::map<int, std::string> out;
  for (const auto &[key, id] : ids)
    out[key] = (co_await fetch_user(id)).name;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: each iteration waits for 'fetch_user' {{.*}} [async-await-in-loop]
  co_return out;
}
