// async-blocking-sleep: a thread sleep inside a coroutine stalls its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGSLEEPCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGSLEEPCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Finds `std::this_thread::sleep_for`, `sleep`, `usleep`, `nanosleep` and the like in
/// coroutines, and rewrites the std ones to `co_await asyncrt::sleep_for(...)` (or the
/// functions named by SleepFunction/SleepUntilFunction) where that compiles.
///
/// For the user-facing documentation see docs/checks/async-blocking-sleep.md.
class BlockingSleepCheck : public BlockingCheckBase {
public:
  BlockingSleepCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  FixDecision fixFor(const CallSite &Site, const FunctionDecl &Coroutine,
                     ASTContext &Ctx) override;

private:
  const std::string SleepFunction;
  const std::string SleepUntilFunction;
};

} // namespace clang::tidy::async

#endif
