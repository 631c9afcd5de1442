// Transitive blocking (docs/transitive.md): which functions of the translation unit block
// because something they call, a few calls down, blocks. Computed lazily, once per function per
// translation unit, and shared by every blocking check.
#ifndef ASYNC_TIDY_CHECKS_TRANSITIVEBLOCKING_H
#define ASYNC_TIDY_CHECKS_TRANSITIVEBLOCKING_H

#include "BlockingCheckBase.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <array>
#include <memory>
#include <optional>

namespace clang::tidy::async {

/// What a blocking root is reported as: a catalogue category, RootKind::Call for the
/// functions the user marks blocking (async-blocking-call), or RootKind::NestedRun for a call
/// that runs an event loop to completion (async-nested-run: `sync_wait`, `io_context::run`).
namespace RootKind {
inline constexpr unsigned Call = static_cast<unsigned>(BlockingCategory::Sync) + 1;
inline constexpr unsigned NestedRun = Call + 1;
inline constexpr unsigned Count = NestedRun + 1;
inline unsigned of(BlockingCategory Category) { return static_cast<unsigned>(Category); }
} // namespace RootKind

/// A call in a function's own code: to the blocking root, or to another function of the TU.
struct CallStep {
  const Expr *Call = nullptr;
  const FunctionDecl *Caller = nullptr;
  const FunctionDecl *Callee = nullptr;
};

/// What one function's own body does, before following any call.
struct DirectSummary {
  /// The first few (MaxRootsPerKind) blocking calls of each kind in the body, in source order,
  /// and why they block.
  static constexpr unsigned MaxRootsPerKind = 3;
  std::array<llvm::SmallVector<std::pair<CallStep, BlockingReason>, 1>, RootKind::Count> Roots;
  /// Calls to functions whose blocking may propagate (see BlockingCheckBase::followsInto).
  llvm::SmallVector<CallStep, 4> Edges;
};

/// A chain from a function down to a blocking root: Steps.front() is in the function asked
/// about, Steps.back() is the root call, whose reason is Reason.
struct BlockingChain {
  llvm::SmallVector<CallStep, 4> Steps;
  BlockingReason Reason;
  /// The root function's other blocking calls of the same kind (the reads after the open).
  llvm::SmallVector<std::pair<CallStep, BlockingReason>, 2> MoreRoots;
};

/// The per-translation-unit cache of summaries, one per policy (the options that change what
/// a function's body says: AllowedFunctions, BlockingFunctions).
class TransitiveSummaries {
public:
  using Summarizer = llvm::function_ref<void(const FunctionDecl &, DirectSummary &)>;

  /// The summaries of \p Ctx's translation unit under \p Policy, kept in its
  /// TranslationUnitCache.
  static TransitiveSummaries &of(ASTContext &Ctx, llvm::StringRef Policy);

  /// The shortest chain (at most \p MaxDepth functions, \p F included) from \p F to a root of
  /// \p Kind, or null. \p Summarize fills in a function's DirectSummary the first time it is
  /// needed.
  const BlockingChain *chainFrom(const FunctionDecl &F, unsigned Kind, unsigned MaxDepth,
                                 Summarizer Summarize);

private:
  struct Reach {
    unsigned Depth = 0; // the depth the search went to
    std::array<std::optional<BlockingChain>, RootKind::Count> Chains;
  };
  const DirectSummary &direct(const FunctionDecl &F, Summarizer Summarize);
  void search(const FunctionDecl &F, unsigned MaxDepth, Reach &Out, Summarizer Summarize);

  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<DirectSummary>> Directs;
  llvm::DenseMap<const FunctionDecl *, Reach> Reaches;
};

} // namespace clang::tidy::async

#endif
