// async-blocking-process: waiting for child processes: system, popen/pclose, waitpid, Boost.Process inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGPROCESSCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGPROCESSCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the Process rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-process.md.
class BlockingProcessCheck : public BlockingCheckBase {
public:
  BlockingProcessCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
