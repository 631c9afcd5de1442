// The base of the async-* checks: how they get the translation unit's functions without
// matchers evaluated on every declaration of every header.
#ifndef ASYNC_TIDY_CHECKS_ASYNCCHECK_H
#define ASYNC_TIDY_CHECKS_ASYNCCHECK_H

#include "ClangTidyCheck.h"
#include "TranslationUnitCache.h"
#include <memory>

namespace clang::tidy::async {

class CheckDispatcher;

/// An async-* check. It registers no matchers of its own: a matcher on functionDecl() is
/// evaluated by MatchFinder on every function of the standard library and Boost (issue 11
/// measured 6 % of all instructions in DynTypedMatcher::matches), while the checks only look at
/// the user's code. Instead one callback per MatchFinder, shared by the async-* checks
/// registered there, finds the translation unit's own functions once (UserFunctions, a walk
/// that never enters a system header) and hands them to every check. The other checks of the
/// same clang-tidy see the AST and the traversal scope as before.
class AsyncCheck : public ClangTidyCheck {
public:
  AsyncCheck(StringRef Name, ClangTidyContext *Context);
  ~AsyncCheck() override;

  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &) final {}

  /// Analyses \p Functions, the functions of \p Ctx's translation unit (or of clangd's main
  /// file). Called once per translation unit, between onStartOfTranslationUnit and
  /// onEndOfTranslationUnit.
  virtual void checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) = 0;

protected:
  /// The global `Runtime` option: the id of the RuntimeProfiles.def row whose spellings every
  /// warning's advice uses, whatever the coroutine's type says; empty to tell by the type.
  llvm::StringRef forcedRuntime() const { return Runtime; }

private:
  ClangTidyContext *TidyContext;
  std::string Runtime;
  std::shared_ptr<CheckDispatcher> Dispatcher;
};

} // namespace clang::tidy::async

#endif
