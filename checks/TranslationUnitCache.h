// What the async-* checks compute once per translation unit and share: the translation unit's
// own functions, the facts of ExecutionContext and the transitive-blocking summaries.
#ifndef ASYNC_TIDY_CHECKS_TRANSLATIONUNITCACHE_H
#define ASYNC_TIDY_CHECKS_TRANSLATIONUNITCACHE_H

#include "CoroutineContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::async {

class TranslationUnitFacts;

/// What scanCoroutine saw in one coroutine, kept for every check that asks: the scan and the
/// calls of the coroutine's own context, in order, except those of callees annotated
/// non-blocking (no check reports them).
struct ScannedCoroutine {
  CoroutineScan Scan;
  llvm::SmallVector<CallSite, 8> Sites;
};

/// Where the transitive analysis may follow a call, as far as it is the same for every check
/// (BlockingCheckBase::followsInto): the callee through which blocking may propagate, or null,
/// and its definition when the analysis walks into it, or null.
struct FollowTarget {
  const FunctionDecl *Callee = nullptr;
  const FunctionDecl *Definition = nullptr;
};
class TransitiveSummaries;

/// The function definitions the checks look at: those of the translation unit's own code,
/// outside system headers, in traversal order. Included: instantiations of the user's
/// templates (also of a user's partial specialization of a library template), the call
/// operators of lambdas (also of generic lambdas instantiated by the library templates they are
/// passed to), and definitions spelled by macros, wherever the macro is defined.
struct UserFunctions {
  /// Every definition that is not implicit (async-unawaited-task also looks at ordinary code).
  std::vector<const FunctionDecl *> Definitions;
  /// The definitions with a coroutine body.
  std::vector<const FunctionDecl *> Coroutines;
  /// What a check is handed leaves out the functions whose findings clang-tidy would not show
  /// (in a header the header filter does not name); the cross-TU summaries, which describe
  /// every function, take them all from here. Null in the full list itself.
  const std::vector<const FunctionDecl *> *AllDefinitions = nullptr;
};

/// The per-translation-unit cache of the checks. It belongs to the calling thread (clangd
/// builds several ASTs at once) and is reset in one place, when a translation unit starts
/// (AsyncCheck's dispatcher); each part is computed the first time a check asks for it.
class TranslationUnitCache {
public:
  /// The cache of \p Ctx's translation unit; a new one if the last one was for another AST.
  static TranslationUnitCache &of(ASTContext &Ctx);
  /// Forgets everything.
  static void reset();

  ~TranslationUnitCache();

  /// The declarations the checks walk: those set by setScope, or else the AST's traversal
  /// scope (the whole TU; in clangd the main file's top-level declarations).
  llvm::ArrayRef<Decl *> scope();
  /// Makes \p UserDecls what the checks walk (AsyncCheck's dispatcher, when it takes the AST's
  /// traversal scope away from MatchFinder). Before any walk.
  void setScope(std::vector<Decl *> UserDecls);
  /// The functions of scope(), found by one walk that never enters a declaration spelled in a
  /// system header: the standard library's and Boost's bodies are not visited at all.
  const UserFunctions &functions();
  /// The same, except that the walk does not enter a function for which \p Hidden is true (one
  /// whose findings clang-tidy would not show): its body, and the lambdas and local classes in
  /// it, are not read. For the checks' own use; the first call decides for the TU.
  const UserFunctions &functions(llvm::function_ref<bool(const FunctionDecl &)> Hidden);
  /// ExecutionContext's facts (computed by their own walk, the first time a check asks).
  TranslationUnitFacts &facts();
  /// The transitive-blocking summaries under \p Policy (the options that change what a
  /// function's body says).
  TransitiveSummaries &summaries(llvm::StringRef Policy);
  /// scanCoroutine of \p Coroutine, walked once for all the checks (the nine blocking checks
  /// each look at every call of every coroutine).
  const ScannedCoroutine &scanned(const FunctionDecl &Coroutine);
  /// FollowTargets by call and callee, filled in by the blocking checks.
  using FollowTargetMap =
      llvm::DenseMap<std::pair<const Expr *, const FunctionDecl *>, FollowTarget>;
  FollowTargetMap &followTargets() { return Targets; }

private:
  explicit TranslationUnitCache(ASTContext &Ctx);
  ASTContext &Ctx;
  std::optional<std::vector<Decl *>> Scope;
  std::unique_ptr<UserFunctions> Functions;
  std::unique_ptr<TranslationUnitFacts> Facts;
  llvm::StringMap<std::unique_ptr<TransitiveSummaries>> Summaries;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ScannedCoroutine>> Scans;
  FollowTargetMap Targets;
};

} // namespace clang::tidy::async

#endif
