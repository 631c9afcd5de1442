#include "helpers.h"
#include <asyncrt/task.hpp>
// A coroutine whose helpers are defined in b.cpp.
asyncrt::task<int> serve() {
  int v = fetch_now();       // b.cpp: unifex::sync_wait on a sender
  v += compute_privately();  // b.cpp: runs an io_context of its own
  v += fetch_fast();         // b.cpp: runs no loop
  co_return v;
}
