// What every async-blocking-* check shares: find calls that block the thread inside coroutines
// that run on an event loop, and report each once, at the spelling the user wrote.
#include "BlockingCheckBase.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

static constexpr llvm::StringLiteral NonBlockingAnnotation = "async::nonblocking";

BlockingCheckBase::BlockingCheckBase(StringRef Name, ClangTidyContext *Context,
                                     std::optional<BlockingCategory> Category)
    : ClangTidyCheck(Name, Context),
      AllowedFunctionsOption(Options.getLocalOrGlobal("AllowedFunctions", "")),
      AllowedFunctions(parseNameList(AllowedFunctionsOption)) {
  if (Category)
    Index.emplace(*Category);
}

void BlockingCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllowedFunctions", AllowedFunctionsOption);
}

void BlockingCheckBase::registerMatchers(MatchFinder *Finder) {
  // Only definitions with a coroutine body, outside system headers. The body is walked by
  // scanCoroutine: no forCallable/hasAncestor, so clang never builds a parent map.
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(coroutineBodyStmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("coroutine"),
                     this);
}

std::optional<BlockingReason> BlockingCheckBase::classify(const CallSite &Site, ASTContext &) {
  if (!Index)
    return std::nullopt;
  const CatalogueEntry *Entry = Index->find(*Site.Callee);
  if (!Entry)
    return std::nullopt;
  return BlockingReason{Entry->Name.ltrim(':').str(), Entry->WaitsFor.str(),
                        Entry->Replacement.str()};
}

void BlockingCheckBase::check(const MatchFinder::MatchResult &Result) {
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  ASTContext &Ctx = *Result.Context;
  struct Candidate {
    CallSite Site;
    BlockingReason Reason;
  };
  llvm::SmallVector<Candidate, 4> Candidates;
  CoroutineScan Scan = scanCoroutine(*Coroutine, [&](const CallSite &Site) {
    if (hasAnnotation(*Site.Callee, NonBlockingAnnotation) ||
        matchesAny(*Site.Callee, AllowedFunctions))
      return;
    if (std::optional<BlockingReason> Reason = classify(Site, Ctx))
      Candidates.push_back({Site, std::move(*Reason)});
  });
  if (Candidates.empty() || !isAsyncCoroutine(*Coroutine, Scan))
    return;
  const SourceManager &SM = *Result.SourceManager;
  for (Candidate &C : Candidates) {
    SourceLocation Loc = SM.getFileLoc(C.Site.Call->getExprLoc());
    if (SM.isInSystemHeader(Loc))
      continue;
    FixDecision Fix = fixFor(C.Site, *Coroutine, Ctx);
    record(Loc, std::move(C.Reason), *Coroutine, std::move(Fix));
  }
}

void BlockingCheckBase::record(SourceLocation Loc, BlockingReason Reason,
                               const FunctionDecl &Coroutine, FixDecision Fix) {
  auto [It, Inserted] = Findings.try_emplace(Loc);
  Finding &F = It->second;
  if (Inserted) {
    F.Loc = Loc;
    F.Reason = std::move(Reason);
    F.CoroutineLoc = Coroutine.getLocation();
    F.CoroutineName = describeCoroutine(Coroutine);
    F.Fix = std::move(Fix);
    return;
  }
  // Another analysis of the same spelling (a template instantiation): a fix-it survives only
  // if every analysis that could decide agreed on it.
  if (F.Fix.Decision == FixDecision::No || Fix.Decision == FixDecision::Unknown)
    return;
  if (Fix.Decision == FixDecision::No || F.Fix.Decision == FixDecision::Unknown)
    F.Fix = std::move(Fix);
}

void BlockingCheckBase::onStartOfTranslationUnit() { Findings.clear(); }

void BlockingCheckBase::onEndOfTranslationUnit() {
  for (auto &[Loc, F] : Findings) {
    {
      auto Diag = diag(F.Loc, "'%0' waits for %1 and blocks the event loop running %2; use "
                              "'%3' instead")
                  << F.Reason.Callee << F.Reason.WaitsFor << F.CoroutineName
                  << F.Reason.Replacement;
      if (F.Fix.Decision == FixDecision::Yes)
        for (const FixItHint &Hint : F.Fix.Hints)
          Diag << Hint;
    } // The warning must be emitted before its note.
    diag(F.CoroutineLoc, "%0 declared here", DiagnosticIDs::Note) << F.CoroutineName;
  }
  Findings.clear();
}

} // namespace clang::tidy::async
