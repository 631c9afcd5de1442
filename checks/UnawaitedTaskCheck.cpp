// async-unawaited-task: a task or awaitable that is created and then dropped never does its work.
#include "UnawaitedTaskCheck.h"
#include "RuntimeProfiles.h"

#include "CoroutineContext.h"
#include "TaskTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

static constexpr llvm::StringLiteral FireAndForgetFunctionsName = "FireAndForgetFunctions";

// APIs that take a task or awaitable and run it detached, so that whatever they return may be
// dropped. Each was read in the library's own headers; see the check's documentation.
static constexpr llvm::StringLiteral DefaultFireAndForgetFunctions =
    "asyncrt::spawn;"
    "boost::asio::co_spawn;asio::co_spawn;"
    "cppcoro::async_scope::spawn;"
    "coro::thread_pool::spawn;coro::io_scheduler::spawn;coro::task_container::start;"
    "folly::coro::AsyncScope::add;"
    "folly::coro::TaskWithExecutor::start;folly::coro::TaskWithExecutor::startInlineUnsafe;"
    "async_simple::coro::Lazy::start;async_simple::coro::RescheduleLazy::start;"
    "async_simple::coro::detail::LazyBase::start;"
    "stdexec::start_detached;exec::async_scope::spawn";

// Member functions that start the task they are called on and detach it: their result (a
// future, or nothing) is not the task itself.
static bool isHandOffMemberName(StringRef Name) {
  return Name == "start" || Name == "detach" || Name == "start_detached" ||
         Name == "startInlineUnsafe";
}

namespace {

using ValueKind = UnawaitedTaskCheck::ValueKind;

/// How a value of class type is judged; nothing when it is neither task nor awaitable, or is
/// a task that runs on its own (an eager, non-awaitable "fire and forget" coroutine type).
/// By structure (DESIGN.md, "Lost work vs. a dropped result"): a lazy task or an awaiter whose
/// work starts when awaited is lost work; a value with a consumer interface (get/wait/then)
/// that is not a lazy task, or an eager task, is the result of work that already runs.
std::optional<ValueKind> classify(QualType Type, const FunctionDecl *Callee) {
  if (Type.isNull() || Type->isDependentType() || !Type->getAsCXXRecordDecl())
    return std::nullopt;
  bool Awaitable = isAwaitableTypeOrFree(Type);
  if (isTaskLikeType(Type)) {
    if (isSyncGeneratorType(Type))
      return std::nullopt;
    TaskStart Start = taskStart(Type);
    if (Start == TaskStart::Lazy)
      return ValueKind::LazyTask;
    // Not lazy and not awaitable: a detached coroutine type, made to be dropped.
    if (!Awaitable)
      return std::nullopt;
    if (Start == TaskStart::Eager || hasConsumerInterface(Type))
      return hasCoroutineBody(Callee) ? ValueKind::StartedTask : ValueKind::Future;
    return ValueKind::Task;
  }
  if (Awaitable)
    return hasConsumerInterface(Type) ? ValueKind::Future : ValueKind::Awaitable;
  return std::nullopt;
}

/// Values whose work already runs: only their result is lost, so they are reported only when
/// the type or the callee asks for it ([[nodiscard]]) or the user opted in.
bool isStartedWork(ValueKind Kind) {
  return Kind == ValueKind::StartedTask || Kind == ValueKind::Future;
}

/// A dropped expression statement found by the walk.
struct Dropped {
  const Expr *Statement; // as written, including a (void) cast
  bool InHandler;
  // Spelled in the argument of a macro that wraps it in a try block with a typed handler: a
  // throw assertion (EXPECT_THROW, CHECK_THROWS_AS), which calls it to see it throw.
  bool InThrowAssertion;
};

/// Walks one function's own body: statement-position expressions and local variables at its
/// own level, and every variable reference anywhere inside (lambdas included, since a lambda
/// that captures a task uses it). Nested lambdas, local classes and blocks are functions of
/// their own, matched and walked separately.
class BodyWalker : public RecursiveASTVisitor<BodyWalker> {
  using Base = RecursiveASTVisitor<BodyWalker>;

public:
  explicit BodyWalker(ASTContext &Ctx) : Ctx(Ctx) {}

  llvm::SmallVector<Dropped, 4> DroppedExprs;
  llvm::SmallVector<const FunctionDecl *, 2> ThrowProbeLambdas;
  llvm::SmallVector<const VarDecl *, 4> Locals;
  llvm::SmallPtrSet<const Decl *, 16> Referenced;
  CoroutineScan Scan;

  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &Capture : L->captures())
      if (Capture.capturesVariable())
        Referenced.insert(Capture.getCapturedVar());
    ++NestedDepth;
    bool Result = Base::TraverseLambdaExpr(L);
    --NestedDepth;
    return Result;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseRecordDecl(RecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }

  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++HandlerDepth;
    bool Result = Base::TraverseCXXCatchStmt(S);
    --HandlerDepth;
    return Result;
  }

  bool TraverseCXXTryStmt(CXXTryStmt *S) {
    bool Assertion = S->getBeginLoc().isMacroID() && hasTypedHandler(*S);
    ThrowAssertionDepth += Assertion;
    bool Result = TraverseStmt(S->getTryBlock());
    ThrowAssertionDepth -= Assertion;
    for (unsigned I = 0; Result && I < S->getNumHandlers(); ++I)
      Result = TraverseStmt(S->getHandler(I));
    return Result;
  }

  // A lambda handed to a function that calls it inside a try block with a typed handler.
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    unsigned Offset = isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = Offset; I < Call->getNumArgs(); ++I)
      if (const auto *L = dyn_cast<LambdaExpr>(Call->getArg(I)->IgnoreImplicit()->IgnoreParens()))
        if (I - Offset < Callee->getNumParams() &&
            callsInsideTypedTry(*Callee, Callee->getParamDecl(I - Offset)))
          ThrowProbeLambdas.push_back(L->getCallOperator());
    return true;
  }

  // A discarded `if constexpr` branch never runs; in a template pattern with a dependent
  // condition neither branch is known to, and the instantiations decide.
  bool TraverseIfStmt(IfStmt *S) {
    if (!S->isConstexpr())
      return Base::TraverseIfStmt(S);
    if (S->getInit())
      TraverseStmt(S->getInit());
    if (S->getCond()->isValueDependent()) {
      // Still collect references so that a variable used only there is not reported.
      ++NestedDepth;
      bool Result = Base::TraverseIfStmt(S);
      --NestedDepth;
      return Result;
    }
    std::optional<Stmt *> Kept = S->getNondiscardedCase(Ctx);
    if (Kept && *Kept)
      noteStatement(*Kept);
    return Kept && *Kept ? TraverseStmt(*Kept) : true;
  }

  bool VisitCoawaitExpr(CoawaitExpr *) { return noteAwait(); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) { return noteAwait(); }
  bool VisitCoyieldExpr(CoyieldExpr *) {
    if (NestedDepth == 0)
      Scan.HasYield = true;
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    Referenced.insert(Ref->getDecl());
    return true;
  }

  // The last statement of a GNU statement expression is its value, not discarded.
  bool VisitStmtExpr(StmtExpr *E) {
    if (const CompoundStmt *Body = E->getSubStmt(); Body && !Body->body_empty())
      ValueStatements.insert(Body->body_back());
    return true;
  }

  bool VisitCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body()) {
      noteStatement(Child);
      if (auto *Block = dyn_cast<CompoundStmt>(Child))
        BareBlocks.insert(Block);
    }
    return true;
  }
  bool TraverseCompoundStmt(CompoundStmt *S) {
    BlockStack.push_back(BareBlocks.contains(S));
    bool Result = Base::TraverseCompoundStmt(S);
    BlockStack.pop_back();
    return Result;
  }
  bool VisitIfStmt(IfStmt *S) {
    if (!S->isConstexpr()) {
      noteStatement(S->getThen());
      noteStatement(S->getElse());
    }
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) { return noteStatement(S->getBody()); }
  bool VisitDoStmt(DoStmt *S) { return noteStatement(S->getBody()); }
  bool VisitForStmt(ForStmt *S) { return noteStatement(S->getBody()); }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) { return noteStatement(S->getBody()); }

  bool VisitVarDecl(VarDecl *Var) {
    if (NestedDepth > 0 || !Var->isLocalVarDecl() || Var->isStaticLocal() || Var->isImplicit() ||
        Var->isCXXForRangeDecl() || isa<DecompositionDecl>(Var) || Var->hasAttr<UnusedAttr>() ||
        Var->getType()->isReferenceType() || Var->getType()->isDependentType() || !Var->getInit())
      return true;
    // A bare `{ auto t = f(); ... }` block exists to bound a lifetime: its author is watching
    // the task being destroyed (a test that a lazy task does not start), not forgetting it.
    if (!BlockStack.empty() && BlockStack.back())
      return true;
    Locals.push_back(Var);
    return true;
  }

private:
  bool noteAwait() {
    if (NestedDepth == 0)
      Scan.HasAwait = true;
    return true;
  }

  bool noteStatement(Stmt *S) {
    if (NestedDepth > 0)
      return true;
    // Labels, case labels and attributes wrap the statement they introduce.
    while (S) {
      if (auto *Case = dyn_cast<SwitchCase>(S))
        S = Case->getSubStmt();
      else if (auto *Label = dyn_cast<LabelStmt>(S))
        S = Label->getSubStmt();
      else if (auto *Attributed = dyn_cast<AttributedStmt>(S))
        S = Attributed->getSubStmt();
      else
        break;
    }
    const auto *E = dyn_cast_or_null<Expr>(S);
    if (!E || ValueStatements.contains(E) || !Seen.insert(E).second)
      return true;
    bool InThrowAssertion = ThrowAssertionDepth > 0 &&
                            Ctx.getSourceManager().isMacroArgExpansion(E->getBeginLoc());
    DroppedExprs.push_back({E, HandlerDepth > 0, InThrowAssertion});
    return true;
  }

  static bool hasTypedHandler(const CXXTryStmt &S) {
    for (unsigned I = 0; I < S.getNumHandlers(); ++I)
      if (S.getHandler(I)->getExceptionDecl())
        return true;
    return false;
  }

  /// Whether \p Callee's definition calls its parameter \p Param inside a try block that has
  /// a typed handler: `try { task(); } catch (const E &) { return; }`.
  static bool callsInsideTypedTry(const FunctionDecl &Callee, const ParmVarDecl *Param) {
    const FunctionDecl *Def = nullptr;
    if (!Callee.hasBody(Def) || !Def || !Param)
      return false;
    // The definition's own parameter at the same position.
    unsigned Index = Param->getFunctionScopeIndex();
    if (Index >= Def->getNumParams())
      return false;
    const ParmVarDecl *Own = Def->getParamDecl(Index);
    class Finder : public RecursiveASTVisitor<Finder> {
    public:
      explicit Finder(const ParmVarDecl *Param) : Param(Param) {}
      bool Found = false;
      bool TraverseCXXTryStmt(CXXTryStmt *S) {
        if (hasTypedHandler(*S)) {
          ++Depth;
          TraverseStmt(S->getTryBlock());
          --Depth;
        }
        return !Found;
      }
      bool VisitCallExpr(CallExpr *Call) {
        if (Depth == 0)
          return true;
        const Expr *Target = Call->getCallee();
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
            Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
          Target = Op->getArg(0);
        else if (Call->getNumArgs() > 0 && Call->getDirectCallee() &&
                 Call->getDirectCallee()->isInStdNamespace() &&
                 Call->getDirectCallee()->getName() == "invoke")
          Target = Call->getArg(0);
        if (const auto *Ref = dyn_cast<DeclRefExpr>(Target->IgnoreImplicit()->IgnoreParens()))
          Found = Found || Ref->getDecl() == Param;
        return !Found;
      }

    private:
      const ParmVarDecl *Param;
      unsigned Depth = 0;
    } F(Own);
    F.TraverseStmt(Def->getBody());
    return F.Found;
  }

  ASTContext &Ctx;
  unsigned NestedDepth = 0;
  unsigned HandlerDepth = 0;
  unsigned ThrowAssertionDepth = 0;
  llvm::SmallPtrSet<const Stmt *, 4> ValueStatements;
  llvm::SmallPtrSet<const CompoundStmt *, 4> BareBlocks;
  llvm::SmallVector<bool, 8> BlockStack;
  llvm::SmallPtrSet<const Expr *, 16> Seen;
};

/// The expression a statement's value comes from: through parentheses, cleanups, temporaries
/// and implicit conversions. Sets \p VoidCast when an explicit cast to void was looked through.
const Expr *valueOf(const Expr *E, bool &VoidCast) {
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E); Cast && Cast->getType()->isVoidType()) {
    VoidCast = true;
    E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  }
  return E->IgnoreImplicit()->IgnoreParens();
}

/// What a call's callee is called in messages and matched against the hand-off list. For a
/// call through a function object (a CPO such as `stdexec::start_detached`), the object.
const NamedDecl *calleeOf(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreImplicit()->IgnoreParens()))
      if (isa<VarDecl>(Ref->getDecl()))
        return Ref->getDecl();
  return Call->getDirectCallee();
}

/// A value made by a constructor (`T(std::move(other))`, `T{}`), not returned by a call: no
/// coroutine is created by the statement.
bool isConstructedTask(const Expr *E) {
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  return isa<CXXConstructExpr>(E);
}

bool isImmediatelyInvokedLambda(const Expr *E) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
  return Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
         isa<LambdaExpr>(Op->getArg(0)->IgnoreImplicit()->IgnoreParens());
}

std::string describeCallee(const NamedDecl *Callee) {
  if (!Callee)
    return "";
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->getParent()->isLambda())
    return " returned by a lambda";
  return " returned by '" + Callee->getQualifiedNameAsString() + "'";
}

std::string typeName(QualType Type, const ASTContext &Ctx) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.FullyQualifiedName = true;
  return Type.getCanonicalType().getUnqualifiedType().getAsString(Policy);
}

const char *kindName(ValueKind Kind) {
  switch (Kind) {
  case ValueKind::LazyTask:
    return "lazy task";
  case ValueKind::Task:
    return "task";
  case ValueKind::Awaitable:
    return "awaitable";
  case ValueKind::StartedTask:
    return "eager task";
  case ValueKind::Future:
    return "future";
  }
  return "";
}

/// What dropping a value of \p Kind does, in words true for that kind.
std::string consequence(ValueKind Kind, QualType Type) {
  switch (Kind) {
  case ValueKind::LazyTask:
    return "its body never runs";
  case ValueKind::Task:
    return "nothing waits for its work, its result or its exceptions";
  case ValueKind::StartedTask:
    return "its body already runs, but its result and exceptions are lost";
  case ValueKind::Future:
    return "the operation it stands for already runs, but its result and errors are lost";
  case ValueKind::Awaitable:
    // All its work is in await_suspend only when await_ready is plainly false.
    return awaitReadyLiteral(Type) == false ? "it has no effect"
                                            : "what it does when awaited never happens";
  }
  return "";
}

/// The pattern a template instantiation (or a lambda in one) was made from: findings and throw
/// probes are keyed by it so that every instantiation meets the same key.
const FunctionDecl *patternOf(const FunctionDecl *F) {
  const FunctionDecl *Pattern = F->getTemplateInstantiationPattern();
  return Pattern ? Pattern : F;
}

/// What to do instead. Ordinary code cannot co_await: it runs the task on a loop.
/// The fire-and-forget and loop-entry words are those of the task's own runtime
/// (RuntimeProfiles.def): an Asio task goes to co_spawn, not to asyncrt::spawn.
std::string advice(ValueKind Kind, bool InCoroutine, const RuntimeProfile &Runtime) {
  // co_await on a future would wait for the whole operation (a server until it stops): the
  // advice keeps the result, it does not wait for it.
  if (isStartedWork(Kind))
    return "; keep it and consume it where its result is needed, or cast it to void to drop "
           "it on purpose";
  if (Kind == ValueKind::Awaitable)
    return InCoroutine ? "; co_await it" : "; co_await it from a coroutine";
  std::string Spawn = ", or hand it to " + Runtime.Spawn.str();
  return InCoroutine ? "; co_await it" + Spawn
                     : "; run it on an event loop" +
                           (Runtime.Run.empty() ? std::string() : " (" + Runtime.Run.str() + ")") +
                           Spawn;
}

} // namespace

UnawaitedTaskCheck::UnawaitedTaskCheck(StringRef Name, ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      FireAndForgetFunctionsOption(
          Options.get(FireAndForgetFunctionsName, DefaultFireAndForgetFunctions)),
      FireAndForgetFunctions(parseNameList(FireAndForgetFunctionsOption)),
      WarnOnDroppedFutures(Options.get("WarnOnDroppedFutures", false)) {}

void UnawaitedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, FireAndForgetFunctionsName, FireAndForgetFunctionsOption);
  Options.store(Opts, "WarnOnDroppedFutures", WarnOnDroppedFutures);
}

void UnawaitedTaskCheck::checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) {
  // Every function body, because a task dropped in ordinary code never runs either. The body
  // is walked once by BodyWalker: no forCallable/hasAncestor, so no parent map.
  for (const FunctionDecl *Function : Functions.Definitions)
    checkFunction(*Function, Ctx);
}

void UnawaitedTaskCheck::checkFunction(const FunctionDecl &FunctionDef, ASTContext &Ctx) {
  const FunctionDecl *Function = &FunctionDef;
  const SourceManager &SM = Ctx.getSourceManager();
  Stmt *Body = Function->getBody();
  const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body);
  if (Coroutine)
    Body = Coroutine->getBody(); // only what the user wrote, not the promise machinery
  if (!Body)
    return;

  BodyWalker Walker(Ctx);
  Walker.TraverseStmt(Body);

  auto HandedOff = [&](const Expr *Value) {
    const NamedDecl *Callee = calleeOf(Value);
    if (!Callee)
      return false;
    if (matchesAny(*Callee, FireAndForgetFunctions))
      return true;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Value))
      if (const auto *Method = Member->getMethodDecl();
          Method && Method->getIdentifier() && isHandOffMemberName(Method->getName())) {
        QualType Object = Member->getImplicitObjectArgument()->getType();
        if (Object->isPointerType())
          Object = Object->getPointeeType();
        return isTaskLikeType(Object) || isAwaitableTypeOrFree(Object);
      }
    return false;
  };

  // Whether `co_await ` in front of a dropped value of \p Type compiles in this coroutine.
  // A synchronous generator cannot co_await; it is ordinary code for this check's advice.
  const bool InAsyncCoroutine = Coroutine && isAsyncCoroutine(*Function, Walker.Scan);
  auto FixFor = [&](QualType Type) -> int {
    if (!InAsyncCoroutine)
      return Finding::No;
    std::optional<bool> Awaits = coAwaitCompilesIn(*Function, Type);
    if (!Awaits)
      return Finding::Unknown;
    return *Awaits ? Finding::Yes : Finding::No;
  };

  // Reported: lost work always; the result of work already running only when the type or
  // the callee is [[nodiscard]] or the user opted in (WarnOnDroppedFutures).
  auto Wanted = [&](ValueKind Kind, QualType Type, const NamedDecl *Callee) {
    if (!isStartedWork(Kind) || WarnOnDroppedFutures || isNodiscardType(Type))
      return true;
    const auto *Function = dyn_cast_or_null<FunctionDecl>(Callee);
    return Function && Function->hasAttr<WarnUnusedResultAttr>();
  };
  const FunctionDecl *Owner = patternOf(Function);
  // The dropped value is the body's only work: its other statements only declare what the
  // call takes (`scoped_async_lock sal; cv.await(ex, sal, pred);`).
  const auto *OwnBody = dyn_cast<CompoundStmt>(Body);
  auto OnlyWork = [&](const Expr *Statement) {
    if (!OwnBody)
      return false;
    bool Found = false;
    for (const Stmt *Child : OwnBody->body()) {
      if (Child == Statement)
        Found = true;
      else if (!isa<DeclStmt>(Child))
        return false;
    }
    return Found;
  };
  for (const FunctionDecl *Lambda : Walker.ThrowProbeLambdas)
    ThrowProbeLambdas.insert(patternOf(Lambda));

  for (const Dropped &D : Walker.DroppedExprs) {
    if (D.Statement->isTypeDependent() || D.InThrowAssertion)
      continue;
    bool VoidCast = false;
    const Expr *Value = valueOf(D.Statement, VoidCast);
    // A glvalue names an object that lives on (`t;`, `std::move(t);`, `builder.step();`
    // returning a reference): nothing is created and dropped here.
    if (!Value->isPRValue())
      continue;
    // What a co_await or co_yield produces is a result, not work created here; nor is a task
    // constructed from another one (`(void)task<>(std::move(running));` destroys a coroutine
    // that already ran, on purpose).
    if (isa<CoawaitExpr, CoyieldExpr>(Value) || isConstructedTask(Value))
      continue;
    const NamedDecl *Callee = calleeOf(Value);
    std::optional<ValueKind> Kind =
        classify(Value->getType(), dyn_cast_or_null<FunctionDecl>(Callee));
    if (!Kind || HandedOff(Value) || !Wanted(*Kind, Value->getType(), Callee))
      continue;
    // `[&]() -> eager_task<> { ... }();` is how an eager task is started on the spot; the
    // same with a lazy task is a coroutine that never runs, and stays reported.
    if ((*Kind == ValueKind::Task || *Kind == ValueKind::StartedTask) &&
        isImmediatelyInvokedLambda(Value))
      continue;
    // `(void)` is the conventional "I mean to drop this": respected, except for a lazy task,
    // whose body then never runs, which no cast can have meant.
    if (VoidCast && *Kind != ValueKind::LazyTask)
      continue;
    SourceLocation Loc = SM.getFileLoc(D.Statement->getBeginLoc());
    if (SM.isInSystemHeader(Loc))
      continue;

    std::string Message = std::string(kindName(*Kind)) + " '" +
                          typeName(Value->getType(), Ctx) + "'" + describeCallee(Callee);
    if (VoidCast)
      Message += " is cast to void, which does not start it: its body never runs";
    else
      Message += std::string(isStartedWork(*Kind) ? " is discarded: "
                                                  : " is discarded without being awaited, so ") +
                 consequence(*Kind, Value->getType());
    Message += advice(*Kind, InAsyncCoroutine,
                      profileForType(Value->getType(), Ctx, forcedRuntime()));

    int Fix = Finding::No;
    // Only a call: `co_await c ? a() : b();` would await the condition. Never on a future:
    // awaiting it would wait for the whole operation.
    if (!VoidCast && !D.InHandler && !isStartedWork(*Kind) && isa<CallExpr>(Value) &&
        !D.Statement->getBeginLoc().isMacroID() && !D.Statement->getEndLoc().isMacroID())
      Fix = FixFor(Value->getType());
    record(Loc, std::move(Message), Fix, D.Statement->getBeginLoc(), Owner,
           OnlyWork(D.Statement));
  }

  for (const VarDecl *Var : Walker.Locals) {
    if (Walker.Referenced.contains(Var))
      continue;
    // Only a value some call produced: a default-constructed (empty) task or a plain
    // awaiter object like std::suspend_always{} is no forgotten work.
    bool VoidCast = false;
    const Expr *Init = valueOf(Var->getInit(), VoidCast);
    if (!isa<CallExpr>(Init) || !Init->isPRValue() || HandedOff(Init))
      continue;
    const NamedDecl *Callee = calleeOf(Init);
    std::optional<ValueKind> Kind =
        classify(Var->getType(), dyn_cast_or_null<FunctionDecl>(Callee));
    if (!Kind || !Wanted(*Kind, Var->getType(), Callee))
      continue;
    SourceLocation Loc = SM.getFileLoc(Var->getLocation());
    if (SM.isInSystemHeader(Loc))
      continue;
    std::string Message = std::string(kindName(*Kind)) + " '" +
                          typeName(Var->getType(), Ctx) + "' in variable '" +
                          Var->getNameAsString() + "' is never awaited or used";
    // An awaiter kept in a variable may still be meant for later: only the advice is said.
    if (*Kind != ValueKind::Awaitable)
      Message += (isStartedWork(*Kind) ? ": " : ", so ") + consequence(*Kind, Var->getType());
    Message += advice(*Kind, InAsyncCoroutine,
                      profileForType(Var->getType(), Ctx, forcedRuntime()));
    record(Loc, std::move(Message), Finding::No, SourceLocation(), Owner, false);
  }
}

void UnawaitedTaskCheck::record(SourceLocation Loc, std::string Message, int Fix,
                                SourceLocation FixLoc, const FunctionDecl *Owner,
                                bool SoleStatement) {
  auto [It, Inserted] = Findings.try_emplace(Loc);
  Finding &F = It->second;
  if (Inserted) {
    F.Message = std::move(Message);
    F.Fix = static_cast<decltype(F.Fix)>(Fix);
    F.FixLoc = FixLoc;
    F.Owner = Owner;
    F.SoleStatement = SoleStatement;
    return;
  }
  // Another analysis of the same spelling (a template instantiation): a fix-it survives only
  // if every analysis that could decide agreed on it.
  if (F.Fix == Finding::No || Fix == Finding::Unknown)
    return;
  if (Fix == Finding::No || F.Fix == Finding::Unknown) {
    F.Fix = static_cast<decltype(F.Fix)>(Fix);
    F.FixLoc = FixLoc;
  }
}

void UnawaitedTaskCheck::onStartOfTranslationUnit() {
  Findings.clear();
  ThrowProbeLambdas.clear();
}

void UnawaitedTaskCheck::onEndOfTranslationUnit() {
  for (auto &[Loc, F] : Findings) {
    // The only statement of a lambda whose caller runs it to see it throw
    // (`assert_throws<E>([&] { when_all(...); })`): it is called for the throw, not the task.
    if (F.SoleStatement && ThrowProbeLambdas.contains(F.Owner))
      continue;
    auto Diag = diag(Loc, "%0") << F.Message;
    if (F.Fix == Finding::Yes && F.FixLoc.isValid())
      Diag << FixItHint::CreateInsertion(F.FixLoc, "co_await ");
  }
  Findings.clear();
  ThrowProbeLambdas.clear();
}

} // namespace clang::tidy::async
