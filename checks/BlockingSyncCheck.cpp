// async-blocking-sync: blocking waits on other threads: futures, joins, condition variables, latches, barriers, semaphores inside a coroutine stall its whole event loop.
#include "BlockingSyncCheck.h"

namespace clang::tidy::async {

BlockingSyncCheck::BlockingSyncCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Sync) {}

} // namespace clang::tidy::async
