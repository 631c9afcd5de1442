// Transitive blocking (docs/transitive.md): which functions of the translation unit block
// because something they call, a few calls down, blocks.
#include "TransitiveBlocking.h"

#include "TranslationUnitCache.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>

namespace clang::tidy::async {

TransitiveSummaries &TransitiveSummaries::of(ASTContext &Ctx, llvm::StringRef Policy) {
  return TranslationUnitCache::of(Ctx).summaries(Policy);
}

const DirectSummary &TransitiveSummaries::direct(const FunctionDecl &F, Summarizer Summarize) {
  std::unique_ptr<DirectSummary> &Direct = Directs[F.getCanonicalDecl()];
  if (!Direct) {
    Direct = std::make_unique<DirectSummary>();
    Summarize(F, *Direct);
  }
  return *Direct;
}

void TransitiveSummaries::search(const FunctionDecl &F, unsigned MaxDepth, Reach &Out,
                                 Summarizer Summarize) {
  // Breadth first, so each kind's chain is a shortest one; a function is entered once, so
  // recursion terminates.
  struct Node {
    const FunctionDecl *Function;
    int Parent;      // index into Nodes, -1 for F
    CallStep Via;    // the call from the parent into Function
    unsigned Depth;  // 1 for F
  };
  llvm::SmallVector<Node, 16> Nodes{{&F, -1, {}, 1}};
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen{F.getCanonicalDecl()};
  Out = Reach();
  Out.Depth = MaxDepth;
  for (unsigned I = 0; I < Nodes.size(); ++I) {
    const Node N = Nodes[I];
    // `direct` may grow Directs; copy what is needed before the next call.
    const DirectSummary &Direct = direct(*N.Function, Summarize);
    for (unsigned Kind = 0; Kind < RootKind::Count; ++Kind) {
      if (Out.Chains[Kind] || Direct.Roots[Kind].empty())
        continue;
      BlockingChain Chain;
      Chain.Reason = Direct.Roots[Kind].front().second;
      Chain.Steps.push_back(Direct.Roots[Kind].front().first);
      Chain.MoreRoots.append(std::next(Direct.Roots[Kind].begin()), Direct.Roots[Kind].end());
      for (int At = static_cast<int>(I); Nodes[At].Parent >= 0; At = Nodes[At].Parent)
        Chain.Steps.push_back(Nodes[At].Via);
      std::reverse(Chain.Steps.begin(), Chain.Steps.end());
      Out.Chains[Kind] = std::move(Chain);
    }
    if (N.Depth >= MaxDepth)
      continue;
    llvm::SmallVector<CallStep, 4> Edges(Direct.Edges.begin(), Direct.Edges.end());
    for (const CallStep &Edge : Edges)
      if (Seen.insert(Edge.Callee->getCanonicalDecl()).second)
        Nodes.push_back({Edge.Callee, static_cast<int>(I), Edge, N.Depth + 1});
  }
}

const BlockingChain *TransitiveSummaries::chainFrom(const FunctionDecl &F, unsigned Kind,
                                                    unsigned MaxDepth, Summarizer Summarize) {
  if (MaxDepth == 0 || Kind >= RootKind::Count)
    return nullptr;
  const FunctionDecl *Key = F.getCanonicalDecl();
  auto It = Reaches.find(Key);
  // A search that went less deep than asked and found nothing of this kind says nothing.
  if (It == Reaches.end() || (It->second.Depth < MaxDepth && !It->second.Chains[Kind])) {
    Reach Found;
    search(F, MaxDepth, Found, Summarize);
    It = Reaches.insert_or_assign(Key, std::move(Found)).first;
  }
  const std::optional<BlockingChain> &Chain = It->second.Chains[Kind];
  // Steps.size() is the number of functions on the chain (one call leaves each).
  return Chain && Chain->Steps.size() <= MaxDepth ? &*Chain : nullptr;
}

} // namespace clang::tidy::async
