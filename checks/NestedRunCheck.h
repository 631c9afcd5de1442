// async-nested-run: starting and blocking on an event loop from inside a coroutine.
#ifndef ASYNC_TIDY_CHECKS_NESTEDRUNCHECK_H
#define ASYNC_TIDY_CHECKS_NESTEDRUNCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Finds calls that run an event loop to completion (`asyncrt::run`, `sync_wait`,
/// `blockingWait`, `syncAwait`, Asio's `io_context::run` and friends, the `RunFunctions`
/// option) inside a coroutine that already runs on one, and rewrites `sync_wait(x)` to
/// `co_await x` where the coroutine's promise accepts x.
///
/// For the user-facing documentation see docs/checks/async-nested-run.md.
class NestedRunCheck : public BlockingCheckBase {
public:
  NestedRunCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  std::optional<BlockingReason> classify(const CallSite &Site, const FunctionDecl &Coroutine,
                                         ASTContext &Ctx) override;
  FixDecision fixFor(const CallSite &Site, const FunctionDecl &Coroutine,
                     ASTContext &Ctx) override;
  // A nested run is reported wherever the coroutine runs now: awaiting is the fix everywhere,
  // and a caller that later drives it from a loop would deadlock.
  bool judgesWhereCodeRuns() const override { return false; }

private:
  /// The run function \p Site calls, with the arguments that follow the callee (a call
  /// through a function object such as `folly::coro::blockingWait` skips the object).
  struct RunCall {
    std::string Name; // as the message spells it
    bool TakesWork = false; // `sync_wait(work)`, not `ctx.run()`
    llvm::ArrayRef<const Expr *> Args;
  };
  std::optional<RunCall> match(const CallSite &Site) const;

  const std::string RunFunctionsOption;
  const std::vector<QualifiedName> RunFunctions;
  const std::string SyncWaitNamesOption;
  llvm::SmallVector<StringRef, 8> SyncWaitNames;
};

} // namespace clang::tidy::async

#endif
