// async-blocking-call: functions the user marks blocking, called inside a coroutine.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCALLCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCALLCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports calls to functions named by the BlockingFunctions option or declared with
/// [[clang::annotate("async::blocking")]] (asyncrt's ASYNCRT_BLOCKING) in a coroutine that runs
/// on an event loop. It does not look at the catalogue: the other async-blocking-* checks do.
///
/// For the user-facing documentation see docs/checks/async-blocking-call.md.
class BlockingCallCheck : public BlockingCheckBase {
public:
  BlockingCallCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  std::optional<BlockingReason> classify(const CallSite &Site, const FunctionDecl &Coroutine,
                                         ASTContext &Ctx) override;
  std::optional<unsigned> transitiveKind() const override;

private:
  const std::string BlockingFunctionsOption;
  const std::vector<QualifiedName> BlockingFunctions;
};

} // namespace clang::tidy::async

#endif
