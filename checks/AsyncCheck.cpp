// The base of the async-* checks, and the one MatchFinder callback they share.
#include "AsyncCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

/// Runs the async-* checks of one MatchFinder: once per translation unit, on the first match.
/// It owns no check; the checks own it (shared), so it lives exactly as long as they do.
class CheckDispatcher : public MatchFinder::MatchCallback {
public:
  /// The dispatcher of \p Finder, registered there when the first check asks.
  static std::shared_ptr<CheckDispatcher> of(MatchFinder *Finder);

  void add(AsyncCheck *Check) { Checks.push_back(Check); }
  void remove(AsyncCheck *Check) { llvm::erase(Checks, Check); }
  bool ranOn(const ASTContext &Ctx) const { return Ran == &Ctx; }

  void onStartOfTranslationUnit() override {
    // The one place the per-TU cache is reset: a new AST may reuse a freed one's address.
    TranslationUnitCache::reset();
    Ran = nullptr;
    for (AsyncCheck *Check : Checks)
      Check->onStartOfTranslationUnit();
  }
  void run(const MatchFinder::MatchResult &Result) override {
    if (ranOn(*Result.Context))
      return;
    Ran = Result.Context;
    const UserFunctions &Functions = TranslationUnitCache::of(*Result.Context).functions();
    for (AsyncCheck *Check : Checks)
      Check->checkFunctions(*Result.Context, Functions);
  }
  void onEndOfTranslationUnit() override {
    for (AsyncCheck *Check : Checks)
      Check->onEndOfTranslationUnit();
    TranslationUnitCache::reset();
  }
  StringRef getID() const override { return "async-*"; }

private:
  std::vector<AsyncCheck *> Checks;
  const ASTContext *Ran = nullptr;
};

namespace {

/// A function definition seen before the dispatcher ran on this AST.
AST_MATCHER_P(FunctionDecl, beforeDispatch, const CheckDispatcher *, Dispatcher) {
  return !Dispatcher->ranOn(Finder->getASTContext());
}

thread_local llvm::DenseMap<const MatchFinder *, std::weak_ptr<CheckDispatcher>> Dispatchers;

} // namespace

std::shared_ptr<CheckDispatcher> CheckDispatcher::of(MatchFinder *Finder) {
  // A finder and its checks are made and destroyed together (by clang-tidy per file, by
  // clangd per AST build): a live dispatcher under a finder's address is that finder's.
  auto Found = Dispatchers.find(Finder);
  if (Found != Dispatchers.end())
    if (std::shared_ptr<CheckDispatcher> Live = Found->second.lock())
      return Live;
  llvm::SmallVector<const MatchFinder *, 4> Gone;
  for (const auto &[Key, Weak] : Dispatchers)
    if (Weak.expired())
      Gone.push_back(Key);
  for (const MatchFinder *Key : Gone)
    Dispatchers.erase(Key);
  auto Dispatcher = std::make_shared<CheckDispatcher>();
  Dispatchers[Finder] = Dispatcher;
  // clang-tidy traverses the whole TU, whose node comes first: the dispatcher runs there,
  // before any other node is visited, and the function matcher below is then a pointer
  // comparison per function. clangd traverses only the main file's top-level declarations
  // and never the TU node: there the first function definition runs it.
  Finder->addMatcher(translationUnitDecl(), Dispatcher.get());
  Finder->addMatcher(functionDecl(beforeDispatch(Dispatcher.get())), Dispatcher.get());
  return Dispatcher;
}

AsyncCheck::AsyncCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

AsyncCheck::~AsyncCheck() {
  if (Dispatcher)
    Dispatcher->remove(this);
}

void AsyncCheck::registerMatchers(MatchFinder *Finder) {
  Dispatcher = CheckDispatcher::of(Finder);
  Dispatcher->add(this);
}

} // namespace clang::tidy::async
