// Which code runs in a coroutine's own context on its event loop: the semantics every async-*
// check shares (DESIGN.md, "Semantics shared by every check").
#include "CoroutineContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async {
namespace {

/// Returns the lambda an expression like `[] { ... }` denotes, looking through the temporaries
/// and casts clang wraps around a lambda that is called on the spot.
const LambdaExpr *asLambda(const Expr *E) {
  return E ? dyn_cast<LambdaExpr>(E->IgnoreImplicit()->IgnoreParens()) : nullptr;
}

bool isCoroutineLambda(const LambdaExpr &L) { return hasCoroutineBody(L.getCallOperator()); }

class ContextWalker : public RecursiveASTVisitor<ContextWalker> {
  using Base = RecursiveASTVisitor<ContextWalker>;

public:
  ContextWalker(ASTContext &Ctx, llvm::function_ref<void(const CallSite &)> OnCall)
      : Ctx(Ctx), OnCall(OnCall) {}

  CoroutineScan Scan;

  // Nested contexts: lambdas (unless invoked on the spot), local classes, blocks.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    // Init-captures are evaluated where the lambda is created, i.e. in this context.
    for (const LambdaCapture &Capture : L->explicit_captures())
      if (L->isInitCapture(&Capture))
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          if (Var->getInit())
            TraverseStmt(const_cast<Expr *>(Var->getInit()));
    if (ImmediatelyInvoked.contains(L) && !isCoroutineLambda(*L)) {
      ++ImmediateLambdaDepth;
      TraverseStmt(L->getBody());
      --ImmediateLambdaDepth;
    }
    return true;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseRecordDecl(RecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }

  // Unevaluated operands: nothing there runs.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  // LLVM 22 passes TypeLoc traversals an extra TraverseQualifier flag: take any arguments.
  template <class... Flags> bool TraverseDecltypeTypeLoc(DecltypeTypeLoc, Flags...) {
    return true;
  }
  template <class... Flags> bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc, Flags...) {
    return true;
  }
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    return E->isPotentiallyEvaluated() ? Base::TraverseCXXTypeidExpr(E) : true;
  }
  bool TraverseIfStmt(IfStmt *S) {
    if (!S->isConstexpr()) {
      if (S->getInit())
        TraverseStmt(S->getInit());
      if (S->getConditionVariableDeclStmt())
        TraverseStmt(S->getConditionVariableDeclStmt());
      TraverseStmt(S->getCond());
      std::optional<bool> Expected = expectedValue(S->getCond());
      bool ThenRare = (Expected && !*Expected) || hasLikelihood(S->getThen(), false) ||
                      hasLikelihood(S->getElse(), true);
      bool ElseRare = (Expected && *Expected) || hasLikelihood(S->getElse(), false) ||
                      hasLikelihood(S->getThen(), true);
      UnlikelyDepth += ThenRare;
      TraverseStmt(S->getThen());
      UnlikelyDepth -= ThenRare;
      UnlikelyDepth += ElseRare;
      TraverseStmt(S->getElse());
      UnlikelyDepth -= ElseRare;
      return true;
    }
    if (S->getInit())
      TraverseStmt(S->getInit());
    // In a template pattern neither branch is known to run: the instantiations decide.
    if (S->getCond()->isValueDependent())
      return true;
    std::optional<Stmt *> Kept = S->getNondiscardedCase(Ctx);
    return Kept && *Kept ? TraverseStmt(*Kept) : true;
  }

  bool TraverseAttributedStmt(AttributedStmt *S) {
    bool Rare = hasLikelihood(S, false);
    UnlikelyDepth += Rare;
    bool Result = Base::TraverseAttributedStmt(S);
    UnlikelyDepth -= Rare;
    return Result;
  }

  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++HandlerDepth;
    bool Result = Base::TraverseCXXCatchStmt(S);
    --HandlerDepth;
    return Result;
  }

  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    noteAwaited(E->getOperand());
    bool Result = Base::TraverseCoawaitExpr(E);
    noteSuspension(E->getOperand());
    return Result;
  }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    noteAwaited(E->getOperand());
    bool Result = Base::TraverseDependentCoawaitExpr(E);
    noteSuspension(E->getOperand());
    return Result;
  }
  bool TraverseCoyieldExpr(CoyieldExpr *E) {
    Scan.HasYield = true;
    bool Result = Base::TraverseCoyieldExpr(E);
    noteSuspension(nullptr);
    return Result;
  }

  // Loops: a call in a loop that suspends also runs after the suspension, on the next turn.
  bool TraverseWhileStmt(WhileStmt *S) { return inLoop(S, [&] { return Base::TraverseWhileStmt(S); }); }
  bool TraverseDoStmt(DoStmt *S) { return inLoop(S, [&] { return Base::TraverseDoStmt(S); }); }
  bool TraverseForStmt(ForStmt *S) { return inLoop(S, [&] { return Base::TraverseForStmt(S); }); }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    return inLoop(S, [&] { return Base::TraverseCXXForRangeStmt(S); });
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      if (const LambdaExpr *L = asLambda(Op->getArg(0)))
        ImmediatelyInvoked.insert(L);
    report(Call, Call->getDirectCallee());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    report(Construct, Construct->getConstructor());
    return true;
  }

private:
  template <class F> bool inLoop(const Stmt *Loop, F Traverse) {
    Loops.push_back(Loop);
    bool Result = Traverse();
    Loops.pop_back();
    return Result;
  }

  /// A suspension point completed: a co_await (its operand, for the hop and readiness rules)
  /// or a co_yield (null).
  void noteSuspension(const Expr *AwaitOperand) {
    if (AwaitOperand)
      Scan.Awaits.push_back(AwaitOperand);
    ++Scan.Suspensions;
    for (const Stmt *Loop : Loops)
      Scan.LoopsWithSuspension.insert(Loop);
  }

  void noteAwaited(Expr *Operand) {
    Scan.HasAwait = true;
    if (Operand)
      Awaited.insert(Operand->IgnoreUnlessSpelledInSource());
  }

  void report(const Expr *Call, const FunctionDecl *Callee) {
    if (!Callee || Awaited.contains(Call))
      return;
    CallSite Site;
    Site.Call = Call;
    Site.Callee = Callee;
    Site.InImmediateLambda = ImmediateLambdaDepth > 0;
    Site.InHandler = HandlerDepth > 0;
    Site.InUnlikelyBranch = UnlikelyDepth > 0;
    Site.AwaitsBefore = Scan.Awaits.size();
    Site.SuspensionsBefore = Scan.Suspensions;
    Site.Loops.assign(Loops.begin(), Loops.end());
    OnCall(Site);
  }

  ASTContext &Ctx;
  llvm::function_ref<void(const CallSite &)> OnCall;
  llvm::SmallPtrSet<const LambdaExpr *, 4> ImmediatelyInvoked;
  llvm::SmallPtrSet<const Expr *, 8> Awaited;
  unsigned ImmediateLambdaDepth = 0;
  unsigned HandlerDepth = 0;
  unsigned UnlikelyDepth = 0;
  llvm::SmallVector<const Stmt *, 4> Loops;

  /// The value `__builtin_expect(c, v)` says \p Cond is expected to have, when it says.
  std::optional<bool> expectedValue(const Expr *Cond) const {
    if (!Cond)
      return std::nullopt;
    const auto *Call = dyn_cast<CallExpr>(Cond->IgnoreParenImpCasts());
    if (!Call || Call->getBuiltinCallee() != Builtin::BI__builtin_expect ||
        Call->getNumArgs() != 2 || Call->getArg(1)->isValueDependent())
      return std::nullopt;
    Expr::EvalResult Value;
    if (!Call->getArg(1)->EvaluateAsInt(Value, Ctx))
      return std::nullopt;
    return !Value.Val.getInt().isZero();
  }

  /// True when \p S is marked `[[likely]]` (\p Likely) or `[[unlikely]]`.
  static bool hasLikelihood(const Stmt *S, bool Likely) {
    const auto *Attributed = dyn_cast_or_null<AttributedStmt>(S);
    if (!Attributed)
      return false;
    return llvm::any_of(Attributed->getAttrs(), [&](const Attr *A) {
      return Likely ? isa<LikelyAttr>(A) : isa<UnlikelyAttr>(A);
    });
  }
};

} // namespace

CoroutineScan scanCoroutine(const FunctionDecl &Coroutine,
                            llvm::function_ref<void(const CallSite &)> OnCall) {
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  if (!Body)
    return {};
  ContextWalker Walker(Coroutine.getASTContext(), OnCall);
  // Only the user-written body: the promise, initial/final suspends and return-object calls
  // clang synthesizes around it are the library's, not the user's code.
  Walker.TraverseStmt(Body->getBody());
  return Walker.Scan;
}

void scanFunctionBody(const FunctionDecl &Function,
                      llvm::function_ref<void(const CallSite &)> OnCall) {
  const Stmt *Body = Function.getBody();
  if (!Body || isa<CoroutineBodyStmt>(Body))
    return;
  ContextWalker Walker(Function.getASTContext(), OnCall);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Function))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        Walker.TraverseStmt(Init->getInit());
  Walker.TraverseStmt(const_cast<Stmt *>(Body));
}

bool hasCoroutineBody(const FunctionDecl *F) {
  const FunctionDecl *Def = nullptr;
  return F && F->hasBody(Def) && Def && isa_and_nonnull<CoroutineBodyStmt>(Def->getBody());
}

bool mayRunAfterSuspension(const CallSite &Site, const CoroutineScan &Scan) {
  if (Site.SuspensionsBefore > 0)
    return true;
  for (const Stmt *Loop : Site.Loops)
    if (Scan.LoopsWithSuspension.contains(Loop))
      return true;
  return false;
}

const CXXRecordDecl *recordOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (const CXXRecordDecl *RD = Type->getAsCXXRecordDecl())
    return RD->getDefinition() ? RD->getDefinition() : RD;
  if (const auto *TST = Type->getAs<TemplateSpecializationType>())
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      if (const CXXRecordDecl *Pattern = CTD->getTemplatedDecl())
        return Pattern->getDefinition() ? Pattern->getDefinition() : Pattern;
  return nullptr;
}

static bool hasMember(const CXXRecordDecl &Record, DeclarationName Name, unsigned Depth = 0) {
  const CXXRecordDecl *Def = Record.getDefinition();
  if (!Def || Depth > 8)
    return false;
  if (!Def->lookup(Name).empty())
    return true;
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (const CXXRecordDecl *BaseRecord = recordOf(Base.getType()))
      if (hasMember(*BaseRecord, Name, Depth + 1))
        return true;
  return false;
}

bool hasMemberNamed(const CXXRecordDecl &Record, llvm::StringRef Name) {
  return hasMember(Record, DeclarationName(&Record.getASTContext().Idents.get(Name)));
}

bool isAwaitableType(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record)
    return false;
  ASTContext &Ctx = Record->getASTContext();
  if (hasMember(*Record, Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait)))
    return true;
  return hasMemberNamed(*Record, "await_ready") && hasMemberNamed(*Record, "await_suspend") &&
         hasMemberNamed(*Record, "await_resume");
}

bool isAsyncCoroutine(const FunctionDecl &Coroutine, const CoroutineScan &Scan) {
  if (Scan.HasAwait || !Scan.HasYield)
    return true;
  return isAwaitableType(Coroutine.getReturnType());
}

std::string describeCoroutine(const FunctionDecl &Coroutine) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&Coroutine); Method && Method->getParent()->isLambda())
    return "coroutine lambda";
  return "coroutine '" + Coroutine.getNameAsString() + "'";
}

} // namespace clang::tidy::async
