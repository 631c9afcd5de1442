// The base of the async-* checks, and the one MatchFinder callback they share.
#include "AsyncCheck.h"
#include "RuntimeProfiles.h"

#include "AsyncTidyModule.h"
#include "CrossTuSummaries.h"
#include "RegisteredChecks.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

/// Runs the async-* checks of one MatchFinder: once per translation unit, on the first match.
/// It owns no check; the checks own it (shared), so it lives exactly as long as they do.
class CheckDispatcher : public MatchFinder::MatchCallback {
public:
  /// The dispatcher of \p Finder, registered there when the first check asks.
  static std::shared_ptr<CheckDispatcher> of(MatchFinder *Finder);

  void add(AsyncCheck *Check, ClangTidyContext *Context) {
    Checks.push_back(Check);
    TidyContext = Context;
  }
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
    narrowTraversalScope(*Result.Context);
    const UserFunctions &Functions = shown(*Result.Context);
    for (AsyncCheck *Check : Checks)
      Check->checkFunctions(*Result.Context, Functions);
  }
  void onEndOfTranslationUnit() override {
    for (AsyncCheck *Check : Checks)
      Check->onEndOfTranslationUnit();
    TranslationUnitCache::reset();
    if (Narrowed) // whatever runs after the MatchFinder sees the AST as it was
      Narrowed->setTraversalScope({Narrowed->getTranslationUnitDecl()});
    Narrowed = nullptr;
  }
  StringRef getID() const override { return "async-*"; }

private:
  /// When the async-* checks are all this clang-tidy runs on the file, the rest of
  /// MatchFinder's traversal of the TU would visit every node of every header for nobody
  /// (2.7 to 3.6 % of all instructions on a Boost.Asio TU): its scope becomes empty, and the
  /// checks' walks get the top-level declarations not in system headers. The TU node is
  /// matched before the scope is read, so this runs before the traversal descends. Never when
  /// another check or the static analyzer runs (they must see the whole TU), nor where the
  /// scope is already limited (clangd's main file).
  void narrowTraversalScope(ASTContext &Ctx);
  /// The TU's functions whose findings clang-tidy would show. It drops a diagnostic outside
  /// the main file unless --header-filter names the file and --exclude-header-filter does not;
  /// a header's function (or an instantiation of a header's template) can only be reported
  /// there, so it is not analysed at all: a TU that includes a big library through -I (cinatra
  /// bundles Asio) spent 2 % of its instructions on coroutines nobody would see.
  const UserFunctions &shown(ASTContext &Ctx);

  std::vector<AsyncCheck *> Checks;
  ClangTidyContext *TidyContext = nullptr;
  const ASTContext *Ran = nullptr;
  ASTContext *Narrowed = nullptr;
  UserFunctions Shown;
};

namespace {

/// A function definition seen before the dispatcher ran on this AST.
AST_MATCHER_P(FunctionDecl, beforeDispatch, const CheckDispatcher *, Dispatcher) {
  return !Dispatcher->ranOn(Finder->getASTContext());
}

thread_local llvm::DenseMap<const MatchFinder *, std::weak_ptr<CheckDispatcher>> Dispatchers;

/// Every check this clang-tidy could enable that is not one of ours: the other modules'
/// checks (the host's, and other plugins') and the static analyzer's checkers.
const std::vector<std::string> &otherCheckNames() {
  static const std::vector<std::string> Names = [] {
    ClangTidyCheckFactories Ours;
    AsyncTidyModule().addCheckFactories(Ours);
    llvm::StringSet<> OwnNames;
    for (const auto &Entry : Ours)
      OwnNames.insert(Entry.getKey());
    std::vector<std::string> Result;
    for (const std::string &Name : registeredCheckNames())
      if (!OwnNames.contains(Name))
        Result.push_back(Name);
    return Result;
  }();
  return Names;
}

bool isUserTopLevel(const SourceManager &SM, const Decl *D) {
  // Both ways the checks' walks place a declaration (TranslationUnitCache: its expansion
  // location; ExecutionContext's facts: its file location): kept if either is not a system
  // header's, so neither walk loses a declaration it would have entered.
  SourceLocation Loc = D->getLocation();
  if (Loc.isInvalid())
    return true;
  return !SM.isInSystemHeader(SM.getExpansionLoc(Loc)) ||
         !SM.isInSystemHeader(SM.getFileLoc(Loc));
}

} // namespace

const UserFunctions &CheckDispatcher::shown(ASTContext &Ctx) {
  TranslationUnitCache &Cache = TranslationUnitCache::of(Ctx);
  // Unset (no default in this clang-tidy): every header may be shown; nothing is left out.
  if (!TidyContext)
    return Cache.functions();
  const ClangTidyOptions &Options = TidyContext->getOptions();
  if (!Options.HeaderFilterRegex)
    return Cache.functions();
  llvm::Regex HeaderFilter(*Options.HeaderFilterRegex);
  std::optional<llvm::Regex> ExcludeHeaderFilter;
  if (Options.ExcludeHeaderFilterRegex)
    ExcludeHeaderFilter.emplace(*Options.ExcludeHeaderFilterRegex);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::DenseMap<FileID, bool> ShownFiles;
  auto IsShownFile = [&](FileID File) {
    if (File.isInvalid() || File == SM.getMainFileID())
      return true;
    auto [It, New] = ShownFiles.try_emplace(File, true);
    if (!New)
      return It->second;
    // What ClangTidyDiagnosticConsumer::checkFilters asks, with the same regexes: a location
    // without a file (the command line's macros) counts as the user's.
    if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File))
      It->second = HeaderFilter.match(Entry->getName()) &&
                   !(ExcludeHeaderFilter && ExcludeHeaderFilter->match(Entry->getName()));
    return It->second;
  };
  auto IsShown = [&](const FunctionDecl *F) {
    // Every place a finding in F can be reported at: its body's file, where macros expand it
    // and where their arguments are spelled.
    for (SourceLocation Loc : {F->getBeginLoc(), F->getEndLoc()})
      if (Loc.isInvalid() || IsShownFile(SM.getFileID(SM.getExpansionLoc(Loc))) ||
          IsShownFile(SM.getFileID(SM.getFileLoc(Loc))))
        return true;
    return false;
  };
  // The walk need not enter the functions that are not shown (a library bundled with -I),
  // except in a cross-TU run's first pass, whose summaries describe every function.
  const UserFunctions &All =
      cross_tu::writing()
          ? Cache.functions()
          : Cache.functions([&](const FunctionDecl &F) { return !IsShown(&F); });
  Shown = UserFunctions();
  for (const FunctionDecl *F : All.Definitions)
    if (IsShown(F))
      Shown.Definitions.push_back(F);
  for (const FunctionDecl *F : All.Coroutines)
    if (IsShown(F))
      Shown.Coroutines.push_back(F);
  Shown.AllDefinitions = &All.Definitions;
  return Shown;
}

void CheckDispatcher::narrowTraversalScope(ASTContext &Ctx) {
  // ASYNC_TIDY_TRACE_SCOPE=1 says on stderr what was decided, and why (tests, and a user
  // asking why a run is slower than the parse).
  static const bool Trace = [] {
    const char *Env = std::getenv("ASYNC_TIDY_TRACE_SCOPE");
    return Env && *Env && llvm::StringRef(Env) != "0";
  }();
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  if (!TidyContext || Scope.size() != 1 || !isa<TranslationUnitDecl>(Scope.front())) {
    if (Trace)
      llvm::errs() << "async-tidy: traversal scope: left as set (" << Scope.size()
                   << " declarations)\n";
    return;
  }
  // isCheckEnabled caches each name's answer per file; clang-tidy asked the same names when
  // it made the checks, so this is a lookup per name.
  for (const std::string &Name : otherCheckNames())
    if (TidyContext->isCheckEnabled(Name)) {
      if (Trace)
        llvm::errs() << "async-tidy: traversal scope: the whole translation unit ('" << Name
                     << "' runs too)\n";
      return;
    }
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Decl *> User;
  size_t All = 0;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    ++All;
    if (isUserTopLevel(SM, D))
      User.push_back(D);
  }
  if (Trace)
    llvm::errs() << "async-tidy: traversal scope: none left for MatchFinder; the checks walk "
                 << User.size() << " of " << All
                 << " top-level declarations (the rest are in system headers)\n";
  // MatchFinder has nothing left to do (the checks' callback ran on the TU node): its
  // traversal of even the user's declarations is 0.3 % of a test file full of Catch2 macros.
  // The checks walk the user's declarations themselves.
  TranslationUnitCache::of(Ctx).setScope(std::move(User));
  Ctx.setTraversalScope({});
  Narrowed = &Ctx;
}

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
    : ClangTidyCheck(Name, Context), TidyContext(Context),
      Runtime(Options.getLocalOrGlobal("Runtime", "")) {
  if (Runtime.empty() || findRuntimeProfile(Runtime))
    return;
  // Said once per context, not by each of the thirteen checks.
  static thread_local const ClangTidyContext *Reported = nullptr;
  if (Reported != Context) {
    Reported = Context;
    configurationDiag("invalid configuration value '%0' for option 'Runtime': known runtimes "
                      "are %1; the advice is taken from each coroutine's type")
        << Runtime << runtimeProfileIds();
  }
  Runtime.clear();
}

AsyncCheck::~AsyncCheck() {
  if (Dispatcher)
    Dispatcher->remove(this);
}

void AsyncCheck::registerMatchers(MatchFinder *Finder) {
  Dispatcher = CheckDispatcher::of(Finder);
  Dispatcher->add(this, TidyContext);
}

} // namespace clang::tidy::async
