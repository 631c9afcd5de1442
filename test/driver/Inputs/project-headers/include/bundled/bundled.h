#pragma once
// A copy of another project under include/, with its own LICENSE and no TU of the database in
// its folder: a bundled library, not shown.
#include "proj/job.h"
#include <unistd.h>
inline Job bundled_tick() {
  usleep(5);
  co_return;
}
