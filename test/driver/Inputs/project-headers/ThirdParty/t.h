#pragma once
// Folder names are compared without case (ThirdParty, External).
#include "proj/job.h"
#include <unistd.h>
inline Job other_tick() {
  usleep(4);
  co_return;
}
