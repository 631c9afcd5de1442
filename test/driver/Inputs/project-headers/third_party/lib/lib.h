#pragma once
// A library the project bundles in third_party/: its findings are not the project's.
#include "proj/job.h"
#include <unistd.h>
inline Job lib_tick() {
  sleep(2);
  co_return;
}
