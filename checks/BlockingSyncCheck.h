// async-blocking-sync: blocking waits on other threads: futures, joins, condition variables, latches, barriers, semaphores inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGSYNCCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGSYNCCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the Sync rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-sync.md.
class BlockingSyncCheck : public BlockingCheckBase {
public:
  BlockingSyncCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
