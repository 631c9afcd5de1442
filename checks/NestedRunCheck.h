// async-nested-run: starting and blocking on an event loop from inside a coroutine.
#ifndef ASYNC_TIDY_CHECKS_NESTEDRUNCHECK_H
#define ASYNC_TIDY_CHECKS_NESTEDRUNCHECK_H

#include "BlockingCheckBase.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::async {

/// What async-nested-run counts as running a loop to completion, by its options RunFunctions
/// and SyncWaitNames. The check asks it about the calls of a coroutine; the transitive
/// summaries, which every blocking check computes and shares, ask it about the calls of the
/// helpers a coroutine calls (a helper that sync_waits is a root of RootKind::NestedRun).
class NestedRunMatcher {
public:
  /// The matcher of async-nested-run's options in \p Context (its defaults where unset), built
  /// once per process for each value of the options.
  static const NestedRunMatcher &of(ClangTidyContext *Context);

  /// The run function a call calls, with the arguments that follow the callee (a call through
  /// a function object such as `folly::coro::blockingWait` skips the object).
  struct RunCall {
    std::string Name; // as the message spells it
    bool TakesWork = false; // `sync_wait(work)`, not `ctx.run()`
    llvm::ArrayRef<const Expr *> Args;
  };
  std::optional<RunCall> match(const CallSite &Site) const;
  /// Why \p Site blocks when it is a run call: "waits for a nested event loop to finish".
  std::optional<BlockingReason> reasonFor(const CallSite &Site, ASTContext &Ctx) const;

  /// The options' values, as the summaries' policy.
  llvm::StringRef key() const { return Key; }

  NestedRunMatcher(llvm::StringRef RunFunctions, llvm::StringRef SyncWaitNames);

private:
  std::string Key;
  std::vector<QualifiedName> RunFunctions;
  llvm::SmallVector<std::string, 8> SyncWaitNames;
  /// The last component of every name above: most calls are not looked up any further.
  llvm::StringSet<> LastNames;
};

/// Finds calls that run an event loop to completion (`asyncrt::run`, `sync_wait`,
/// `blockingWait`, `syncAwait`, Asio's `io_context::run` and friends, the `RunFunctions`
/// option) inside a coroutine that already runs on one, also a few calls down in the helpers
/// the coroutine calls (docs/transitive.md), and rewrites `sync_wait(x)` to `co_await x`
/// where the coroutine's promise accepts x.
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
  std::optional<unsigned> transitiveKind() const override;

private:
  const std::string RunFunctionsOption;
  const std::string SyncWaitNamesOption;
  const NestedRunMatcher &Matcher;
};

} // namespace clang::tidy::async

#endif
