// Compiled from the build directory with relative include paths (-I../include): clang names
// the headers relative to it; the project's are shown, third_party/'s are not.
#include "proj/poller.h"
#include "lib.h"
#include "gen/config.h"
Job tick_c() {
  usleep(7);
  co_return;
}
