#pragma once
// The project's own header, included by b.cpp and c.cpp: shown by default, once.
#include "proj/job.h"
#include <unistd.h>
inline Job poll_forever() {
  sleep(1);
  co_return;
}
