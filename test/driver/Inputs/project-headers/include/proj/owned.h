/*
 * Copyright (c) 2024, Example Proj Team; licensed as the project (LICENSE).
 */
// The project's own header with the project's notice (its LICENSE names the holder): shown.
#pragma once
#include "proj/job.h"
#include <unistd.h>
inline Job owned_tick() {
  usleep(10);
  co_return;
}
