#include "helpers.h"
#include "job.h"
// A coroutine whose helpers are all defined in other files (b.cpp, c.cpp).
Job serve() {
  render("page");      // b.cpp: render -> load_template -> std::ifstream
  render_fast("page"); // b.cpp: builds a string, blocks nothing
  pause_a_bit();       // c.cpp: sleep
  known_fast();        // b.cpp calls pause_a_bit, but the declaration says async::nonblocking
  deep1();             // b.cpp -> c.cpp: five functions down to sleep, beyond MaxCallDepth 4
  co_return;
}

// Not a coroutine: its calls are nobody's business.
void plain() { render("x"); }
