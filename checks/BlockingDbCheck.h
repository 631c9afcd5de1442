// async-blocking-db: synchronous database calls: sqlite3, libpq, libpqxx, SOCI, MySQL inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGDBCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGDBCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the Db rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-db.md.
class BlockingDbCheck : public BlockingCheckBase {
public:
  BlockingDbCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
