// async-unawaited-task: a task or awaitable that is created and then dropped never does its work.
#ifndef ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H
#define ASYNC_TIDY_CHECKS_UNAWAITEDTASKCHECK_H

#include "ClangTidyCheck.h"
#include "NameMatching.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::async {

/// Finds task-like and awaitable values that are discarded: an expression statement whose
/// prvalue is a task or an awaitable (in coroutines and in ordinary code), and a local
/// variable holding one that is never used at all. Inside a coroutine, a discarded prvalue
/// gets a `co_await ` fix-it where that compiles.
///
/// For the user-facing documentation see docs/checks/async-unawaited-task.md.
class UnawaitedTaskCheck : public ClangTidyCheck {
public:
  UnawaitedTaskCheck(StringRef Name, ClangTidyContext *Context);

  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

  /// What kind of value is dropped; decides the message.
  enum class ValueKind { LazyTask, Task, Awaitable };

private:
  struct Finding {
    std::string Message;
    // Every analysis of a spelling (template pattern, instantiations) must agree on a fix-it.
    enum { Unknown, No, Yes } Fix = No;
    SourceLocation FixLoc;
  };
  void record(SourceLocation Loc, std::string Message, int Fix, SourceLocation FixLoc);

  const std::string FireAndForgetFunctionsOption;
  const std::vector<QualifiedName> FireAndForgetFunctions;
  llvm::MapVector<SourceLocation, Finding> Findings;
};

} // namespace clang::tidy::async

#endif
