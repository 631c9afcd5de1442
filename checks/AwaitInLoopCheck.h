// async-await-in-loop (opt-in): a loop that awaits independent calls one at a time.
#ifndef ASYNC_TIDY_CHECKS_AWAITINLOOPCHECK_H
#define ASYNC_TIDY_CHECKS_AWAITINLOOPCHECK_H

#include "AsyncCheck.h"
#include "NameMatching.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds `co_await f(args)` inside a loop whose iterations do not depend on each other's
/// results, where starting every call first and awaiting them together (`asyncrt::gather`)
/// would let them run concurrently. Conservative by design: any sign that an iteration
/// depends on an earlier one, or that the loop is sequential on purpose, silences it.
///
/// For the user-facing documentation see docs/checks/async-await-in-loop.md.
class AwaitInLoopCheck : public AsyncCheck {
public:
  AwaitInLoopCheck(StringRef Name, ClangTidyContext *Context);
  void checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

private:
  void checkCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx);
  const std::string SequentialFunctionsValue;
  const std::vector<QualifiedName> SequentialFunctions;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif
