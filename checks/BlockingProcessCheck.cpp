// async-blocking-process: waiting for child processes: system, popen/pclose, waitpid, Boost.Process inside a coroutine stall its whole event loop.
#include "BlockingProcessCheck.h"

namespace clang::tidy::async {

BlockingProcessCheck::BlockingProcessCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Process) {}

} // namespace clang::tidy::async
