// async-nested-run: starting and blocking on an event loop from inside a coroutine.
#include "NestedRunCheck.h"

#include "ExecutionContext.h"
#include "TaskTypes.h"
#include "TransitiveBlocking.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>
#include <mutex>

namespace clang::tidy::async {

static constexpr llvm::StringLiteral CheckName = "async-nested-run";
static constexpr llvm::StringLiteral RunFunctionsName = "RunFunctions";
static constexpr llvm::StringLiteral SyncWaitNamesName = "SyncWaitNames";

// SyncWaitNames defaults to DefaultSyncWaitNames (ExecutionContext.h): unqualified names that,
// on a free function or function object whose first argument is a task or an awaitable, mean
// "run this to completion and block". The inline-drive analysis reads the same list.

// Each entry was read in the library's own headers; see the check's documentation. A name may
// denote a function, a member function, or a function object (folly's and stdexec's CPOs).
static constexpr llvm::StringLiteral DefaultRunFunctions =
    "asyncrt::run;"
    "cppcoro::sync_wait;"
    "coro::sync_wait;"
    "folly::coro::blockingWait;"
    "async_simple::coro::syncAwait;"
    "boost::cobalt::run;"
    // corral/run.h: runs the event loop until the awaitable completes.
    "corral::run;"
    "stdexec::sync_wait;stdexec::sync_wait_with_variant;"
    "boost::asio::io_context::run;boost::asio::io_context::run_one;"
    "boost::asio::io_context::run_for;boost::asio::io_context::run_until;"
    "boost::asio::io_context::poll;boost::asio::io_context::poll_one;"
    "boost::asio::io_service::run;boost::asio::io_service::run_one;"
    "boost::asio::io_service::poll;boost::asio::io_service::poll_one;"
    "asio::io_context::run;asio::io_context::run_one;"
    "asio::io_context::run_for;asio::io_context::run_until;"
    "asio::io_context::poll;asio::io_context::poll_one;"
    // Qt 6 (qeventloop.h, qcoreapplication.h, qguiapplication.h, qapplication.h, qthread.h,
    // qdialog.h, qmenu.h): each runs an event loop on the calling thread until it
    // quits; the coroutine's resumer is stuck inside it, and events are dispatched re-entrantly.
    "QEventLoop::exec;QCoreApplication::exec;QGuiApplication::exec;QApplication::exec;"
    "QThread::exec;QDialog::exec;QMenu::exec;"
    // QtTest (qtestsupport_core.h): qWait spins processEvents until the time is up, qWaitFor
    // until its predicate holds: the same nesting, for a while.
    "QTest::qWait;QTest::qWaitFor";

/// True for a specialization of std::optional (through libc++'s and libstdc++'s inline
/// namespaces): what the P2300 sender consumers return, empty when the work was stopped.
static bool isStdOptional(QualType Type) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type.getNonReferenceType()->getAsCXXRecordDecl());
  return Spec && Spec->isInStdNamespace() && Spec->getIdentifier() &&
         Spec->getName() == "optional";
}

NestedRunMatcher::NestedRunMatcher(llvm::StringRef RunFunctionsValue,
                                   llvm::StringRef SyncWaitNamesValue)
    : Key((RunFunctionsValue + "\x1f" + SyncWaitNamesValue).str()),
      RunFunctions(parseNameList(RunFunctionsValue)) {
  llvm::SmallVector<StringRef, 8> Names;
  SyncWaitNamesValue.split(Names, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef Name : Names)
    if (!Name.trim().empty())
      SyncWaitNames.push_back(Name.trim().str());
  for (const QualifiedName &Name : RunFunctions)
    LastNames.insert(Name.last());
  for (const std::string &Name : SyncWaitNames)
    LastNames.insert(Name);
}

const NestedRunMatcher &NestedRunMatcher::of(ClangTidyContext *Context) {
  ClangTidyCheck::OptionsView Options(CheckName, Context->getOptions().CheckOptions, Context);
  std::string RunFunctions = Options.get(RunFunctionsName, DefaultRunFunctions).str();
  std::string SyncWaitNames = Options.get(SyncWaitNamesName, DefaultSyncWaitNames).str();
  // Every blocking check asks, in clangd for every AST: the lists are parsed once per value.
  static std::mutex Mutex;
  static llvm::StringMap<std::unique_ptr<NestedRunMatcher>> Matchers;
  std::lock_guard<std::mutex> Lock(Mutex);
  std::unique_ptr<NestedRunMatcher> &Slot =
      Matchers[RunFunctions + "\x1f" + SyncWaitNames];
  if (!Slot)
    Slot = std::make_unique<NestedRunMatcher>(RunFunctions, SyncWaitNames);
  return *Slot;
}

static const QualifiedName *findName(const NamedDecl &D, llvm::ArrayRef<QualifiedName> Names) {
  std::string Key = lookupKey(D);
  for (const QualifiedName &Name : Names)
    if (Name.last() == Key && Name.matches(D))
      return &Name;
  return nullptr;
}

std::optional<NestedRunMatcher::RunCall>
NestedRunMatcher::match(const CallSite &Site) const {
  const auto *Call = dyn_cast<CallExpr>(Site.Call);
  if (!Call)
    return std::nullopt;
  RunCall Result;
  llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
  const NamedDecl *Named = Site.Callee;
  // A call through a function object: `folly::coro::blockingWait(task)` calls
  // blocking_wait_fn::operator() on the object named blockingWait.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreImplicit()->IgnoreParens());
    if (!Ref || !isa<VarDecl>(Ref->getDecl()))
      return std::nullopt;
    Named = Ref->getDecl();
    Result.TakesWork = true;
    Args = Args.drop_front();
  } else {
    const auto *Method = dyn_cast<CXXMethodDecl>(Site.Callee);
    Result.TakesWork = !Method || Method->isStatic();
  }
  // Most calls end here: no configured or structural name ends like theirs.
  if (!Named->getIdentifier() || !LastNames.contains(Named->getName()))
    return std::nullopt;
  Result.Args = Args;
  if (const QualifiedName *Name = findName(*Named, RunFunctions)) {
    Result.Name = Name->spelling().ltrim(':').str();
    return Result;
  }
  // Not configured: a free function or function object called like a blocking wait, judged
  // by structure, so that `mylib::sync_wait(mylib::Task)` is found. Its work is a task or an
  // awaitable, or it is a sender consumer: one object in, a std::optional out (P2300's
  // sync_wait, and unifex's, return an empty optional when the work was stopped).
  if (!Result.TakesWork || Args.empty() || !llvm::is_contained(SyncWaitNames, Named->getName()))
    return std::nullopt;
  QualType Work = Args.front()->getType();
  if (Work.isNull() || Work->isDependentType())
    return std::nullopt;
  bool Awaitable = isTaskLikeType(Work) || isAwaitableTypeOrFree(Work);
  bool SenderConsumer = Args.size() == 1 && Work->isRecordType() &&
                        !Call->getType().isNull() && isStdOptional(Call->getType());
  if (!Awaitable && !SenderConsumer)
    return std::nullopt;
  Result.Name = Named->getQualifiedNameAsString();
  return Result;
}

std::optional<BlockingReason> NestedRunMatcher::reasonFor(const CallSite &Site,
                                                          ASTContext &Ctx) const {
  std::optional<RunCall> Run = match(Site);
  if (!Run)
    return std::nullopt;
  BlockingReason Reason;
  Reason.Callee = Run->Name;
  Reason.WaitsFor = "a nested event loop to finish";
  Reason.Replacement = "co_await";
  // QtTest's timed spins have no work to await: what they wait for is time, or a condition
  // some signal makes true.
  if (Run->Name == "QTest::qWait") {
    Reason.Replacement = "{sleep_for}";
    return Reason;
  }
  if (Run->Name == "QTest::qWaitFor") {
    Reason.Replacement = "co_await qCoro(object, &Class::signal)"; // the condition's signal
    return Reason;
  }
  if (!Run->TakesWork)
    return Reason;
  // Name the awaited expression when it is short enough to read in a message: the first
  // argument that is a task or an awaitable (corral::run(loop, task) takes the loop first),
  // else the first argument (a sender consumer's sender).
  const Expr *Work = nullptr;
  for (const Expr *Arg : Run->Args) {
    QualType Type = Arg->getType();
    if (!Type.isNull() && !Type->isDependentType() &&
        (isTaskLikeType(Type) || isAwaitableTypeOrFree(Type))) {
      Work = Arg;
      break;
    }
  }
  if (!Work && !Run->Args.empty())
    Work = Run->Args.front();
  if (Work) {
    const SourceManager &SM = Ctx.getSourceManager();
    StringRef Text = Lexer::getSourceText(CharSourceRange::getTokenRange(Work->getSourceRange()),
                                          SM, Ctx.getLangOpts());
    if (!Text.empty() && Text.size() <= 60 && !Text.contains('\n'))
      Reason.Replacement = "co_await " + Text.str();
  }
  return Reason;
}

NestedRunCheck::NestedRunCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, std::nullopt),
      RunFunctionsOption(Options.get(RunFunctionsName, DefaultRunFunctions)),
      SyncWaitNamesOption(Options.get(SyncWaitNamesName, DefaultSyncWaitNames)),
      Matcher(NestedRunMatcher::of(Context)) {}

void NestedRunCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  BlockingCheckBase::storeOptions(Opts);
  Options.store(Opts, RunFunctionsName, RunFunctionsOption);
  Options.store(Opts, SyncWaitNamesName, SyncWaitNamesOption);
}

std::optional<unsigned> NestedRunCheck::transitiveKind() const { return RootKind::NestedRun; }

std::optional<BlockingReason> NestedRunCheck::classify(const CallSite &Site,
                                                      const FunctionDecl &Coroutine,
                                                      ASTContext &Ctx) {
  return Matcher.reasonFor(Site, Ctx);
}

namespace {
/// Expressions where `co_await x` can replace a call without parentheses: a whole statement,
/// a variable's initializer, a return value, an argument, an assignment's right side. A
/// postfix use such as `sync_wait(x).value` would change meaning.
class BarePositions : public RecursiveASTVisitor<BarePositions> {
public:
  llvm::SmallPtrSet<const Expr *, 16> Bare;
  void add(const Expr *E) {
    if (E)
      Bare.insert(E->IgnoreImplicit()->IgnoreParens());
  }
  bool VisitCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body())
      if (auto *E = dyn_cast<Expr>(Child))
        add(E);
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    add(V->getInit());
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *S) {
    add(S->getRetValue());
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    add(S->getOperand());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    for (const Expr *Arg : Call->arguments())
      add(Arg);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp())
      add(Op->getRHS());
    return true;
  }
};
} // namespace

FixDecision NestedRunCheck::fixFor(const CallSite &Site, const FunctionDecl &Coroutine,
                                   ASTContext &Ctx) {
  std::optional<NestedRunMatcher::RunCall> Run = Matcher.match(Site);
  // `co_await` is ill-formed in a non-coroutine lambda and in a catch handler; a loop's
  // member function (`ctx.run()`) has no single piece of work to await.
  if (!Run || !Run->TakesWork || Run->Args.empty() || Site.InImmediateLambda || Site.InHandler)
    return FixDecision::no();
  // Exactly one argument was written: asyncrt::run's options, if any, are defaulted.
  for (const Expr *Extra : Run->Args.drop_front())
    if (!isa<CXXDefaultArgExpr>(Extra))
      return FixDecision::no();
  const Expr *Work = Run->Args.front();
  SourceRange CallRange = Site.Call->getSourceRange();
  if (CallRange.getBegin().isMacroID() || CallRange.getEnd().isMacroID() ||
      Work->getBeginLoc().isMacroID() || Work->getEndLoc().isMacroID())
    return FixDecision::no();

  const auto *Body = cast<CoroutineBodyStmt>(Coroutine.getBody());
  if (Body->hasDependentPromiseType() || Work->isTypeDependent())
    return FixDecision::unknown();
  // `sync_wait(t)` on a named task: some tasks are awaitable only as rvalues (Asio's
  // awaitable, folly's TaskWithExecutor), and moving from `t` is the user's decision.
  if (Work->isLValue())
    return FixDecision::no();
  if (coAwaitCompilesIn(Coroutine, Work->getType()) != true)
    return FixDecision::no();

  BarePositions Positions;
  Positions.TraverseStmt(Body->getBody());
  if (!Positions.Bare.contains(Site.Call))
    return FixDecision::no();

  const SourceManager &SM = Ctx.getSourceManager();
  StringRef WorkText = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Work->getSourceRange()), SM, Ctx.getLangOpts());
  if (WorkText.empty())
    return FixDecision::no();
  // `co_await` binds tighter than binary operators: keep a compound operand in parentheses.
  const Expr *Bare = Work->IgnoreImplicit();
  bool Postfix = isa<CallExpr, DeclRefExpr, MemberExpr, ParenExpr, CXXConstructExpr,
                     CXXFunctionalCastExpr, CXXTemporaryObjectExpr, ArraySubscriptExpr>(Bare);
  std::string Replacement =
      "co_await " + (Postfix ? WorkText.str() : "(" + WorkText.str() + ")");
  FixDecision Fix;
  Fix.Decision = FixDecision::Yes;
  Fix.Hints.push_back(
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(CallRange), Replacement));
  return Fix;
}

} // namespace clang::tidy::async
