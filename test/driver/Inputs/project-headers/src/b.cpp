#include "proj/db.h"
#include "proj/poller.h"
#include "lib.h"
#include "v/v.h"
#include "t.h"
#include "bundled/bundled.h"
#include "copied/copied.h"
#include "proj/owned.h"
#include "nested.h" // libs/nested: a git repository of its own (made by the test)
// A coroutine that calls the wrapper defined in a.cpp: found with no flag (the cross-TU
// summaries are automatic), not with --no-summaries.
Job handle() {
  db_exec("select 1");
  co_return;
}
