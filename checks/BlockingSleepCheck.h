// async-blocking-sleep: a thread sleep inside a coroutine stalls its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGSLEEPCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGSLEEPCHECK_H

#include "BlockingCheckBase.h"
#include "utils/IncludeInserter.h"

namespace clang::tidy::async {

/// Finds `std::this_thread::sleep_for`, `sleep`, `usleep`, `nanosleep` and the like in
/// coroutines, and rewrites the std ones to the awaitable sleep of the coroutine's own runtime
/// (RuntimeProfiles.def: `co_await asio::steady_timer(...).async_wait(asio::use_awaitable)`,
/// `co_await async_simple::coro::sleep(d)`, ...) or to the functions named by
/// SleepFunction/SleepUntilFunction, where that compiles; the warning names what the fix inserts.
///
/// For the user-facing documentation see docs/checks/async-blocking-sleep.md.
class BlockingSleepCheck : public BlockingCheckBase {
public:
  BlockingSleepCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;

protected:
  std::optional<BlockingReason> classify(const CallSite &Site, const FunctionDecl &Coroutine,
                                         ASTContext &Ctx) override;
  FixDecision fixFor(const CallSite &Site, const FunctionDecl &Coroutine,
                     ASTContext &Ctx) override;

private:
  const std::string SleepFunction;
  const std::string SleepUntilFunction;
  utils::IncludeInserter Inserter;
};

} // namespace clang::tidy::async

#endif
