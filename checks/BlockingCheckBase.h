// What every async-blocking-* check shares: find calls that block the thread inside coroutines
// that run on an event loop, and report each once, at the spelling the user wrote.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCHECKBASE_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCHECKBASE_H

#include "AsyncCheck.h"
#include "BlockingCatalogue.h"
#include "CoroutineContext.h"
#include "llvm/ADT/MapVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::async {

/// Why a call blocks, as the warning says it.
struct BlockingReason {
  std::string Callee;
  std::string WaitsFor;
  std::string Replacement;
  /// The call constructs an object of type Callee (`std::ofstream out(path)`): the warning
  /// says "constructing 'std::ofstream'".
  bool Constructs = false;
};

struct FollowTarget;
class NestedRunMatcher;
struct BlockingChain;
struct DirectSummary;
namespace cross_tu {
struct Chain;
}

/// A fix-it decision for one analysis of a call. Template patterns whose coroutine types are
/// dependent cannot decide; the instantiations then do.
struct FixDecision {
  enum Kind { Unknown, No, Yes } Decision = No;
  llvm::SmallVector<FixItHint, 3> Hints;

  static FixDecision no() { return {}; }
  static FixDecision unknown() { return {Unknown, {}}; }
};

class BlockingCheckBase : public AsyncCheck {
public:
  BlockingCheckBase(StringRef Name, ClangTidyContext *Context,
                    std::optional<BlockingCategory> Category);

  void checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

protected:
  /// Why \p Site blocks, or nothing when this check does not report it. The default looks
  /// the callee up in this check's category of the catalogue and evaluates the row's condition.
  virtual std::optional<BlockingReason> classify(const CallSite &Site,
                                                 const FunctionDecl &Coroutine, ASTContext &Ctx);

  /// True when \p Entry's condition says this call blocks.
  bool conditionHolds(const CatalogueEntry &Entry, const CallSite &Site,
                      const FunctionDecl &Coroutine, ASTContext &Ctx);

  /// Whether a call is judged by where the code runs (driven inline, after a hop to a
  /// blocking-work executor). async-nested-run is not: a coroutine that sync_waits should
  /// co_await wherever it happens to run today.
  virtual bool judgesWhereCodeRuns() const { return true; }

  /// Which kind of blocking root (a RootKind) this check reports when a coroutine calls a
  /// function of the translation unit that blocks through its own calls (docs/transitive.md);
  /// none for checks that do not follow calls. By default the check's catalogue category.
  virtual std::optional<unsigned> transitiveKind() const;

  /// Why a call to \p Callee blocks because the user marks it (the async::blocking annotation
  /// or \p BlockingFunctions), or nothing.
  static std::optional<BlockingReason>
  markedBlockingReason(const FunctionDecl &Callee, llvm::ArrayRef<QualifiedName> BlockingFunctions);

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
    /// A transitive finding: how the warning names the callee, the chain in words, and one
    /// note per call of the chain.
    std::string ChainCallee;
    std::string ChainText;
    llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> ChainNotes;
    /// The coroutine's runtime is none RuntimeProfiles.def knows: the advice names no library.
    bool GenericRuntime = false;
  };
  void noteCoroutine(const Finding &F);
  void checkCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx);
  void record(SourceLocation Loc, BlockingReason Reason, const FunctionDecl &Coroutine,
              FixDecision Fix);

  /// The definition a call leads into when its blocking may propagate to the caller: a
  /// non-virtual (or devirtualizable) call of a function defined in the translation unit,
  /// outside system headers, that is no coroutine, no catalogue function, and not exempted.
  const FunctionDecl *followsInto(const CallSite &Site, ASTContext &Ctx) const;
  /// The function a call names, when blocking may propagate through the call (wherever the
  /// function is defined): no virtual dispatch clang cannot resolve, not a system header's, no
  /// catalogue function, not exempted or marked.
  const FunctionDecl *propagatingCallee(const CallSite &Site, ASTContext &Ctx) const;
  /// What of the two above is the same for every check, computed once per call and TU.
  FollowTarget sharedFollowTarget(const CallSite &Site, ASTContext &Ctx) const;
  /// True when this check's options exempt \p Callee from propagation (AllowedFunctions, or
  /// marked blocking itself: then it is a root, not a way through).
  bool exempted(const FunctionDecl &Callee) const;
  /// First pass of a cross-TU run: what every function of the TU does, for CrossTuSummaries.
  void exportSummaries(ASTContext &Ctx, const UserFunctions &Functions);
  /// Second pass: the merged chain when \p Site's callee blocks in another TU, or null.
  const cross_tu::Chain *externalChain(const CallSite &Site, ASTContext &Ctx);
  void recordExternal(SourceLocation Loc, const CallSite &Site, const cross_tu::Chain &Chain,
                      const FunctionDecl &Coroutine, ASTContext &Ctx);
  /// Fills in what \p Function's own body does: its blocking calls of every kind, judged with
  /// the same conditions as in a coroutine, and the calls that propagate.
  void summarize(const FunctionDecl &Function, DirectSummary &Out, ASTContext &Ctx);
  /// The definition \p Site leads into when this check follows calls (followsInto), or null.
  const FunctionDecl *transitiveHelper(const CallSite &Site, ASTContext &Ctx) const;
  /// The chain down to a blocking root of this check's kind when \p Helper, a
  /// transitiveHelper, blocks through its own calls (docs/transitive.md), or null.
  const BlockingChain *transitiveChain(const FunctionDecl &Helper, ASTContext &Ctx);
  /// Records the transitive finding \p Chain for \p Site, spelled at \p Loc.
  /// Records a transitive finding at \p Loc: \p Text is the chain in words ("it calls 'x',
  /// which constructs 'std::ifstream'"), one note per call of the chain.
  void recordChain(SourceLocation Loc, const CallSite &Site, const std::string &WaitsFor,
                   std::string Text,
                   llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes,
                   const FunctionDecl &Coroutine);
  void recordTransitive(SourceLocation Loc, const CallSite &Site, const BlockingChain &Chain,
                        const FunctionDecl &Coroutine, ASTContext &Ctx);

  /// True when a NonBlockingMacro fact is expanded inside \p Coroutine's body.
  bool showsNonBlockingIdiom(const FunctionDecl &Coroutine, const SourceManager &SM);
  /// True when \p Object is polled in \p Coroutine with a zero-timeout wait of \p Category.
  bool isPolledWithZeroTimeout(const Expr *Object, BlockingCategory Category,
                               const FunctionDecl &Coroutine, ASTContext &Ctx);
  /// True when the socket descriptor \p Fd is one the code made non-blocking or awaits
  /// readiness for (the readiness idiom, see docs/checks/async-blocking-network.md).
  bool isNonBlockingSocket(const Expr *Fd, const FunctionDecl &Coroutine, ASTContext &Ctx);
  /// Why a reported call does not block a shared loop after all: the coroutine is driven
  /// inline from plain code and has not suspended yet, or it has hopped onto an executor made
  /// for blocking work. The scan gives the call's position among the coroutine's awaits.
  bool runsOffTheLoop(const CallSite &Site, const CoroutineScan &Scan,
                      const FunctionDecl &Coroutine, ASTContext &Ctx);
  /// Which descriptor an fd argument is, from how the coroutine obtained it.
  enum class FdKind { Unknown, File, Device };
  FdKind descriptorKind(const Expr *Fd, const FunctionDecl &Coroutine, ASTContext &Ctx);

  const CatalogueIndex *Index = nullptr; // process-wide; null for async-blocking-call
  std::optional<BlockingCategory> Category;
  // Expansion sites of the NonBlockingMacro facts in this translation unit, in order; shared
  // by the checks of the file, null when this check did not ask for them.
  std::shared_ptr<std::vector<SourceLocation>> IdiomMacroLocs;
  // Per-coroutine caches: the idiom answer, and where each local descriptor came from.
  std::optional<bool> CachedIdiom;
  // The awaits of the coroutine being checked (readiness awaits on a descriptor).
  const CoroutineScan *CurrentScan = nullptr;
  std::optional<llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>>> CachedAssignments;
  const std::string AllowedFunctionsOption;
  const std::vector<QualifiedName> AllowedFunctions;
  const std::string BlockingExecutorsOption;
  const std::vector<QualifiedName> BlockingExecutors;
  const unsigned MaxCallDepth;
  // What the shared summaries depend on besides the code: AllowedFunctions and
  // async-blocking-call's BlockingFunctions (a marked function is a root, not followed).
  const std::string MarkedBlockingFunctionsOption;
  const std::vector<QualifiedName> MarkedBlockingFunctions;
  // async-nested-run's options: its run calls are roots of RootKind::NestedRun in the shared
  // summaries, whichever check computes them.
  const NestedRunMatcher &NestedRuns;
  const std::string SummaryPolicy;
  // Findings are emitted at the end of the translation unit so that a template's pattern and
  // its instantiations, which all reach the same spelling, produce one warning whose fix-it
  // every analysis agreed on.
  llvm::MapVector<SourceLocation, Finding> Findings;
};

} // namespace clang::tidy::async

#endif
