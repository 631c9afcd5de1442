// What every async-blocking-* check shares: find calls that block the thread inside coroutines
// that run on an event loop, and report each once, at the spelling the user wrote.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCHECKBASE_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCHECKBASE_H

#include "BlockingCatalogue.h"
#include "ClangTidyCheck.h"
#include "CoroutineContext.h"
#include "llvm/ADT/MapVector.h"
#include <optional>

namespace clang::tidy::async {

/// Why a call blocks, as the warning says it.
struct BlockingReason {
  std::string Callee;
  std::string WaitsFor;
  std::string Replacement;
};

/// A fix-it decision for one analysis of a call. Template patterns whose coroutine types are
/// dependent cannot decide; the instantiations then do.
struct FixDecision {
  enum Kind { Unknown, No, Yes } Decision = No;
  llvm::SmallVector<FixItHint, 3> Hints;

  static FixDecision no() { return {}; }
  static FixDecision unknown() { return {Unknown, {}}; }
};

class BlockingCheckBase : public ClangTidyCheck {
public:
  BlockingCheckBase(StringRef Name, ClangTidyContext *Context,
                    std::optional<BlockingCategory> Category);

  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

protected:
  /// Why \p Site blocks, or nothing when this check does not report it. The default looks
  /// the callee up in this check's category of the catalogue.
  virtual std::optional<BlockingReason> classify(const CallSite &Site, ASTContext &Ctx);

  /// A fix-it for a reported call; none by default.
  virtual FixDecision fixFor(const CallSite &Site, const FunctionDecl &Coroutine,
                             ASTContext &Ctx) {
    return FixDecision::no();
  }

private:
  struct Finding {
    SourceLocation Loc;
    BlockingReason Reason;
    SourceLocation CoroutineLoc;
    std::string CoroutineName;
    FixDecision Fix;
  };
  void record(SourceLocation Loc, BlockingReason Reason, const FunctionDecl &Coroutine,
              FixDecision Fix);

  std::optional<CatalogueIndex> Index;
  const std::string AllowedFunctionsOption;
  const std::vector<QualifiedName> AllowedFunctions;
  // Findings are emitted at the end of the translation unit so that a template's pattern and
  // its instantiations, which all reach the same spelling, produce one warning whose fix-it
  // every analysis agreed on.
  llvm::MapVector<SourceLocation, Finding> Findings;
};

} // namespace clang::tidy::async

#endif
