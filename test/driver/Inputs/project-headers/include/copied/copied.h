//
// copied.h
// ~~~~~~~~
//
// Copyright (c) 2003-2023 Jane Q. Roe (jane at example dot com)
//
// A copy of another project's header under include/, without a LICENSE of its own: its notice
// names a holder the project's files do not, so it is bundled code, not shown.
#pragma once
#include "proj/job.h"
#include <unistd.h>
inline Job copied_tick() {
  usleep(9);
  co_return;
}
