// async-unawaited-task: a task or awaitable that is created and then dropped never does its work.
#ifndef ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H
#define ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H

#include "AsyncCheck.h"
#include "NameMatching.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async {

/// Finds task-like and awaitable values that are discarded: an expression statement whose
/// prvalue is a task or an awaitable (in coroutines and in ordinary code), and a local
/// variable holding one that is never used at all. Inside a coroutine, a discarded prvalue
/// gets a `co_await ` fix-it where that compiles.
///
/// For the user-facing documentation see docs/checks/async-unawaited-task.md.
class UnawaitedTaskCheck : public AsyncCheck {
public:
  UnawaitedTaskCheck(StringRef Name, ClangTidyContext *Context);

  void checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

  /// What kind of value is dropped; decides whether it is lost work and what the message says.
  enum class ValueKind {
    LazyTask,    ///< its body has not started: dropping it loses the work
    Task,        ///< a task whose start is unknown: nothing waits for it
    Awaitable,   ///< its work starts when awaited: dropping it loses the work
    StartedTask, ///< an eager task from a coroutine: its body already runs
    Future,      ///< the consumer end of work already running: only the result is lost
  };

private:
  struct Finding {
    std::string Message;
    // Every analysis of a spelling (template pattern, instantiations) must agree on a fix-it.
    enum { Unknown, No, Yes } Fix = No;
    SourceLocation FixLoc;
    // The function the value is dropped in, and whether the drop is its only work (the other
    // statements of its body only declare variables).
    const FunctionDecl *Owner = nullptr;
    bool SoleStatement = false;
  };
  void checkFunction(const FunctionDecl &Function, ASTContext &Ctx);
  void record(SourceLocation Loc, std::string Message, int Fix, SourceLocation FixLoc,
              const FunctionDecl *Owner, bool SoleStatement);

  const std::string FireAndForgetFunctionsOption;
  const std::vector<QualifiedName> FireAndForgetFunctions;
  const bool WarnOnDroppedFutures;
  // Lambdas handed to a function that calls them inside a try block with a typed handler:
  // a throw assertion (`assert_throws<E>([&] { f(); })`), see the check's documentation.
  llvm::SmallPtrSet<const FunctionDecl *, 4> ThrowProbeLambdas;
  llvm::MapVector<SourceLocation, Finding> Findings;
};

} // namespace clang::tidy::async

#endif
