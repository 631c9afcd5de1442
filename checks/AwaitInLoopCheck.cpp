// async-await-in-loop (opt-in): a loop that awaits independent calls one at a time.
#include "AwaitInLoopCheck.h"
#include "RuntimeProfiles.h"

#include "CoroutineContext.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

static constexpr llvm::StringLiteral SequentialFunctionsOption = "SequentialFunctions";
static constexpr llvm::StringLiteral DefaultSequentialFunctions =
    "asyncrt::sleep_for;asyncrt::sleep_until";

namespace {

bool isLoop(const Stmt *S) { return isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S); }

/// What a walk of a coroutine found about one loop in its own context.
struct LoopFacts {
  unsigned Awaits = 0;  ///< co_awaits anywhere in the loop, nested loops included
  bool Yields = false;  ///< a co_yield hands each result out as it comes: sequential on purpose
  bool Exits = false;   ///< break (out of this loop), return, co_return, goto or throw
  bool HasTry = false;  ///< per-item error handling, which gather would change
};

struct AwaitSite {
  const CoawaitExpr *Await;
  const Stmt *Loop; ///< the innermost loop around the await
  bool Discarded;   ///< the await is a statement of its own: its result is dropped
};

/// Strips what clang wraps around an expression statement, and a cast to void.
const Expr *statementValue(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Next); Cast && Cast->getType()->isVoidType())
      Next = Cast->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
}

/// Finds the loops and awaits of a coroutine's own context (nested lambdas, local classes and
/// blocks are their own context).
class LoopCollector : public RecursiveASTVisitor<LoopCollector> {
  using Base = RecursiveASTVisitor<LoopCollector>;

public:
  llvm::DenseMap<const Stmt *, LoopFacts> Loops;
  llvm::SmallVector<AwaitSite, 8> Awaits;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseRecordDecl(RecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }

  // Loop headers evaluated once (for-init, the range) are outside the iterations.
  bool TraverseForStmt(ForStmt *S) {
    TraverseStmt(S->getInit());
    enter(S);
    TraverseStmt(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    TraverseStmt(S->getInc());
    body(S->getBody());
    leave();
    return true;
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    TraverseStmt(S->getInit());
    TraverseStmt(S->getRangeInit());
    enter(S);
    TraverseStmt(S->getLoopVarStmt());
    body(S->getBody());
    leave();
    return true;
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    enter(S);
    TraverseStmt(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    body(S->getBody());
    leave();
    return true;
  }
  bool TraverseDoStmt(DoStmt *S) {
    enter(S);
    body(S->getBody());
    TraverseStmt(S->getCond());
    leave();
    return true;
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    BreakTargets.push_back(S);
    bool Result = Base::TraverseSwitchStmt(S);
    BreakTargets.pop_back();
    return Result;
  }

  bool VisitBreakStmt(BreakStmt *) {
    if (!BreakTargets.empty() && isLoop(BreakTargets.back()))
      Loops[BreakTargets.back()].Exits = true;
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *) { return exitAll(); }
  bool VisitCoreturnStmt(CoreturnStmt *) { return exitAll(); }
  bool VisitGotoStmt(GotoStmt *) { return exitAll(); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return exitAll(); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return exitAll(); }
  bool VisitCXXTryStmt(CXXTryStmt *) {
    for (const Stmt *L : LoopStack)
      Loops[L].HasTry = true;
    return true;
  }

  // Expression statements: their value is dropped.
  bool VisitCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body())
      discard(Child);
    return true;
  }
  bool VisitIfStmt(IfStmt *S) {
    discard(S->getThen());
    discard(S->getElse());
    return true;
  }

  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    if (!E->isImplicit()) {
      countAwait();
      Awaits.push_back({E, LoopStack.empty() ? nullptr : LoopStack.back(), Dropped.contains(E)});
    }
    return Base::TraverseCoawaitExpr(E);
  }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    countAwait();
    return Base::TraverseDependentCoawaitExpr(E);
  }
  bool TraverseCoyieldExpr(CoyieldExpr *E) {
    for (const Stmt *L : LoopStack)
      Loops[L].Yields = true;
    return Base::TraverseCoyieldExpr(E);
  }

private:
  void enter(const Stmt *Loop) {
    Loops[Loop];
    LoopStack.push_back(Loop);
    BreakTargets.push_back(Loop);
  }
  void leave() {
    LoopStack.pop_back();
    BreakTargets.pop_back();
  }
  void body(Stmt *Body) {
    discard(Body);
    TraverseStmt(Body);
  }
  bool exitAll() {
    for (const Stmt *L : LoopStack)
      Loops[L].Exits = true;
    return true;
  }
  void countAwait() {
    for (const Stmt *L : LoopStack)
      ++Loops[L].Awaits;
  }
  void discard(const Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      if (const auto *Await = dyn_cast<CoawaitExpr>(statementValue(E)))
        Dropped.insert(Await);
  }

  llvm::SmallVector<const Stmt *, 4> LoopStack;
  llvm::SmallVector<const Stmt *, 4> BreakTargets;
  llvm::SmallPtrSet<const CoawaitExpr *, 8> Dropped;
};

/// Member functions that only give access to a part of their object (`v[i]`, `m.at(k)`):
/// calling the non-const overload does not change the container.
bool isAccessor(const CXXMethodDecl &Method) {
  if (Method.getOverloadedOperator() == OO_Subscript || Method.getOverloadedOperator() == OO_Star ||
      Method.getOverloadedOperator() == OO_Arrow)
    return true;
  if (!Method.getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(Method.getName())
      .Cases("at", "front", "back", "begin", "end", "data", "find", "get", true)
      .Default(false);
}

/// The variable a name refers to; for a structured binding, the object it decomposes.
const VarDecl *referencedVar(const DeclRefExpr &Ref) {
  if (const auto *Binding = dyn_cast<BindingDecl>(Ref.getDecl()))
    return dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl());
  return dyn_cast<VarDecl>(Ref.getDecl());
}

/// The variable an lvalue designates a part of (`v` for `v[i].x`), or null when it is not a
/// local or parameter (a member of *this, a global, memory behind an unknown pointer).
struct Root {
  const VarDecl *Var = nullptr;
  const Expr *Ref = nullptr; ///< the DeclRefExpr naming it
};
Root rootOf(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const VarDecl *V = referencedVar(*Ref);
      if (V && (V->hasLocalStorage() || isa<ParmVarDecl>(V)))
        return {V, Ref};
      return {};
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      E = Member->getBase();
      continue;
    }
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Subscript->getBase();
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && (Unary->getOpcode() == UO_Deref || Unary->getOpcode() == UO_AddrOf)) {
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getNumArgs() > 0 &&
        (Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
         Op->getOperator() == OO_Arrow)) {
      E = Op->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
      if (const CXXMethodDecl *Method = Call->getMethodDecl(); Method && isAccessor(*Method)) {
        E = Call->getImplicitObjectArgument();
        continue;
      }
    return {};
  }
  return {};
}

bool isNonConstReference(QualType T) {
  return T->isLValueReferenceType() && !T.getNonReferenceType().isConstQualified();
}
/// A parameter through which the callee can change the caller's object: a non-const pointer,
/// or a shared_ptr/reference_wrapper to a non-const object (taken by value or not).
bool sharesMutableObject(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    return !T->getPointeeType().isConstQualified();
  static const std::vector<QualifiedName> Sharing =
      parseNameList("std::shared_ptr;std::weak_ptr;std::reference_wrapper");
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
  if (!Spec || !matchesAny(*Spec, Sharing) || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  return !Spec->getTemplateArgs()[0].getAsType().isConstQualified();
}

/// Reads and writes of variables in one loop, by region.
class LoopAnalyzer : public RecursiveASTVisitor<LoopAnalyzer> {
public:
  enum Region { Header, Increment, Body };
  struct Write {
    const VarDecl *Var; ///< null: a member, a global or unknown memory
    SourceLocation End;
    Region Where;
  };
  struct Read {
    const VarDecl *Var; ///< null: a member of *this
    const Expr *Ref;
    Region Where;
  };

  llvm::SmallPtrSet<const VarDecl *, 8> Locals;     ///< declared in the loop: fresh each iteration
  llvm::SmallPtrSet<const VarDecl *, 4> InitVars;   ///< declared in a for-init
  llvm::SmallVector<Write, 8> Writes;
  llvm::SmallVector<Read, 16> Reads;
  llvm::SmallVector<const Expr *, 4> EffectStatements; ///< expression statements that call

  void analyze(const Stmt *Loop) {
    if (const auto *For = dyn_cast<ForStmt>(Loop)) {
      if (const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit()))
        for (const Decl *D : Init->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            InitVars.insert(V);
      walk(For->getConditionVariableDeclStmt(), Header);
      walk(For->getCond(), Header);
      walk(For->getInc(), Increment);
      walk(For->getBody(), Body);
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
      // `for (auto &item : items)`: each iteration has its own element; writing to it does not
      // reach the next iteration.
      ElementVar = Range->getLoopVariable();
      walk(Range->getLoopVarStmt(), Header);
      walk(Range->getBody(), Body);
    } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
      walk(While->getConditionVariableDeclStmt(), Header);
      walk(While->getCond(), Header);
      walk(While->getBody(), Body);
    } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
      walk(Do->getBody(), Body);
      walk(Do->getCond(), Header);
    }
    noteEffectStatement(bodyOf(Loop));
  }

  bool isWriteRoot(const Expr *Ref) const { return WriteRoots.contains(Ref); }

  /// A for-init variable that only the increment changes (`i`, an iterator).
  bool isInduction(const VarDecl *V) const {
    if (!InitVars.contains(V))
      return false;
    for (const Write &W : Writes)
      if (W.Var == V && W.Where != Increment)
        return false;
    return true;
  }
  /// Fresh in each iteration, or the iteration's counter.
  bool isPerIteration(const VarDecl *V) const {
    return V && (Locals.contains(V) || isInduction(V));
  }
  /// Variables from outside the iteration that the loop writes (not counting the
  /// increment's writes to for-init variables), and whether it writes members or globals.
  void outerWrites(llvm::SmallPtrSetImpl<const VarDecl *> &Vars, bool &NonLocal) const {
    NonLocal = false;
    for (const Write &W : Writes) {
      if (W.Var && Locals.contains(W.Var))
        continue;
      if (!W.Var)
        NonLocal = true;
      else if (!InitVars.contains(W.Var) || W.Where != Increment)
        Vars.insert(W.Var);
    }
  }
  const VarDecl *resolve(const VarDecl *V) const {
    auto It = Aliases.find(V);
    return It == Aliases.end() ? V : It->second;
  }

  // A lambda's body runs when it is called; what it captures by reference may be written.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &Capture : L->captures()) {
      if (Capture.capturesThis())
        Writes.push_back({nullptr, L->getEndLoc(), Where});
      else if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *V = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          Writes.push_back({resolve(V), L->getEndLoc(), Where});
    }
    for (const LambdaCapture &Capture : L->explicit_captures())
      if (L->isInitCapture(&Capture))
        if (const auto *V = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          TraverseStmt(const_cast<Expr *>(V->getInit()));
    return true;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }

  bool VisitVarDecl(VarDecl *V) {
    if (V->hasLocalStorage())
      Locals.insert(V);
    // `auto &r = outer;`: writes through r are writes to outer.
    if (V != ElementVar && isNonConstReference(V->getType()) && V->getInit())
      if (Root R = rootOf(V->getInit()); R.Var)
        Aliases[V] = resolve(R.Var);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const VarDecl *V = referencedVar(*Ref))
      Reads.push_back({V, Ref, Where});
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      Reads.push_back({nullptr, Member, Where});
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      write(B->getLHS(), B->getEndLoc());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      write(U->getSubExpr(), U->getEndLoc());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsigned Skip = 0;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && !Method->isConst() && !Method->isStatic() && !isAccessor(*Method))
        write(Member->getImplicitObjectArgument(), Call->getEndLoc());
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
      if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee)) {
        Skip = 1;
        if (!Method->isConst() && !isAccessor(*Method) && Op->getOperator() != OO_Call)
          write(Op->getArg(0), Call->getEndLoc());
      }
    }
    if (!Callee)
      return true;
    for (unsigned I = Skip; I < Call->getNumArgs(); ++I) {
      unsigned Param = I - Skip;
      if (Param < Callee->getNumParams() &&
          isNonConstReference(Callee->getParamDecl(Param)->getType()))
        write(Call->getArg(I), Call->getEndLoc());
    }
    return true;
  }

private:
  static const Stmt *bodyOf(const Stmt *Loop) {
    if (const auto *For = dyn_cast<ForStmt>(Loop))
      return For->getBody();
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
      return Range->getBody();
    if (const auto *While = dyn_cast<WhileStmt>(Loop))
      return While->getBody();
    return cast<DoStmt>(Loop)->getBody();
  }

  void walk(const Stmt *S, Region R) {
    if (!S)
      return;
    Where = R;
    TraverseStmt(const_cast<Stmt *>(S));
  }

  void write(const Expr *Target, SourceLocation End) {
    Root R = rootOf(Target);
    if (R.Ref)
      WriteRoots.insert(R.Ref);
    Writes.push_back({R.Var ? resolve(R.Var) : nullptr, End, Where});
  }

  /// Statements of the body (at any depth of blocks and ifs) that are calls made for their
  /// effect, like `log(id);` or `begin(tx);`.
  void noteEffectStatement(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body())
        noteEffectStatement(Child);
    } else if (const auto *If = dyn_cast<IfStmt>(S)) {
      noteEffectStatement(If->getThen());
      noteEffectStatement(If->getElse());
    } else if (const auto *E = dyn_cast<Expr>(S)) {
      if (containsCall(E))
        EffectStatements.push_back(E);
    }
  }
  static bool containsCall(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (isa<CallExpr, CXXConstructExpr>(S))
      return true;
    for (const Stmt *Child : S->children())
      if (containsCall(Child))
        return true;
    return false;
  }

  Region Where = Body;
  const VarDecl *ElementVar = nullptr;
  llvm::SmallPtrSet<const Expr *, 8> WriteRoots;
  llvm::DenseMap<const VarDecl *, const VarDecl *> Aliases;
};

bool isInfiniteLoop(const Stmt *Loop, const ASTContext &Ctx) {
  const Expr *Cond = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    if (!For->getCond())
      return true;
    Cond = For->getCond();
  } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    if (While->getConditionVariable())
      return false;
    Cond = While->getCond();
  } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Cond = Do->getCond();
  } else {
    return false;
  }
  bool Value = false;
  return Cond && !Cond->isValueDependent() && Cond->EvaluateAsBooleanCondition(Value, Ctx) &&
         Value;
}

const Expr *stripTemporaries(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = Temp->getSubExpr();
    if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
}

/// A task type: a nested promise_type, or a std::coroutine_traits specialization for its
/// template (Boost.Asio's awaitable).
bool isTaskLike(QualType Type, ASTContext &Ctx) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record)
    return false;
  if (hasMemberNamed(*Record, "promise_type"))
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record);
  if (!Spec)
    return false;
  static const QualifiedName Traits("std::coroutine_traits");
  const auto *TraitsTemplate =
      dyn_cast_or_null<ClassTemplateDecl>(lookupInTranslationUnit(Ctx, Traits));
  if (!TraitsTemplate)
    return false;
  const ClassTemplateDecl *Task = Spec->getSpecializedTemplate()->getCanonicalDecl();
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(TraitsTemplate)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
    const TemplateArgumentList &Args = Partial->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      continue;
    if (const auto *TST = Args[0].getAsType()->getAs<TemplateSpecializationType>())
      if (const TemplateDecl *D = TST->getTemplateName().getAsTemplateDecl();
          D && D->getCanonicalDecl() == Task)
        return true;
  }
  return false;
}

/// Sleeps, timers and waits are sequential by intent: a poll interval, a backoff, a rate limit.
bool isSequentialByName(const FunctionDecl &Callee) {
  if (!Callee.getIdentifier())
    return false;
  std::string Name = Callee.getName().lower();
  for (llvm::StringRef Word : {"sleep", "delay", "timer", "wait", "timeout", "backoff", "yield"})
    if (llvm::StringRef(Name).contains(Word))
      return true;
  return false;
}

bool containsLambda(const Stmt *S) {
  if (!S)
    return false;
  if (isa<LambdaExpr, BlockExpr>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (containsLambda(Child))
      return true;
  return false;
}

/// Rule 8: a write to state outside the iteration, or a call made for its effect, before the
/// await in the body is ordered with the awaited call.
bool hasEffectBefore(const LoopAnalyzer &Loop, SourceLocation AwaitLoc, const SourceManager &SM) {
  for (const LoopAnalyzer::Write &W : Loop.Writes)
    if (W.Where == LoopAnalyzer::Body && !(W.Var && Loop.Locals.contains(W.Var)) &&
        SM.isBeforeInTranslationUnit(W.End, AwaitLoc))
      return true;
  for (const Expr *S : Loop.EffectStatements)
    if (SM.isBeforeInTranslationUnit(S->getEndLoc(), AwaitLoc))
      return true;
  return false;
}

/// Rule 6: a member call on a loop-invariant object (a connection, a socket, *this) or an
/// argument that lets the callee change one. Sends on one connection, inserts on one database
/// and reads from one socket must stay in order.
bool sharesMutableState(const LoopAnalyzer &Loop, const CallExpr &Call,
                        const FunctionDecl &Callee) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && !Method->isConst() && !Method->isStatic() &&
        !Loop.isPerIteration(rootOf(Member->getImplicitObjectArgument()).Var))
      return true;
  }
  for (unsigned I = 0; I < Call.getNumArgs() && I < Callee.getNumParams(); ++I) {
    QualType Param = Callee.getParamDecl(I)->getType();
    if ((isNonConstReference(Param) || sharesMutableObject(Param)) &&
        !Loop.isPerIteration(rootOf(Call.getArg(I)).Var))
      return true;
  }
  return false;
}

/// Rule 7: the call takes something from this iteration (the same call N times is a retry or
/// a poll), and nothing the call, the loop header or the code before the await reads was
/// written by an earlier iteration.
bool iterationsIndependent(const LoopAnalyzer &Loop, const Stmt *LoopStmt, const CallExpr &Call,
                           SourceLocation AwaitLoc, const SourceManager &SM) {
  llvm::SmallPtrSet<const VarDecl *, 8> OuterWritten;
  bool NonLocalWritten = false;
  Loop.outerWrites(OuterWritten, NonLocalWritten);
  SourceRange CallRange = Call.getSourceRange();
  auto InCall = [&](const Expr *E) {
    return !SM.isBeforeInTranslationUnit(E->getBeginLoc(), CallRange.getBegin()) &&
           !SM.isBeforeInTranslationUnit(CallRange.getEnd(), E->getBeginLoc());
  };
  bool UsesIteration = false;
  for (const LoopAnalyzer::Read &R : Loop.Reads) {
    if (Loop.isWriteRoot(R.Ref))
      continue;
    bool InOperand = InCall(R.Ref);
    if (InOperand && Loop.isPerIteration(R.Var))
      UsesIteration = true;
    bool Matters = InOperand || R.Where != LoopAnalyzer::Body ||
                   SM.isBeforeInTranslationUnit(R.Ref->getBeginLoc(), AwaitLoc);
    if (!Matters)
      continue;
    if (!R.Var) { // a member of *this
      if (NonLocalWritten)
        return false;
      continue;
    }
    const VarDecl *V = Loop.resolve(R.Var);
    if (Loop.isPerIteration(V))
      continue;
    bool Global = !V->hasLocalStorage() && !isa<ParmVarDecl>(V);
    if (Global ? NonLocalWritten : OuterWritten.contains(V))
      return false;
  }
  // A range-for over a container the loop modifies.
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(LoopStmt)) {
    Root R = rootOf(Range->getRangeInit());
    if (R.Var ? OuterWritten.contains(Loop.resolve(R.Var)) : NonLocalWritten)
      return false;
  }
  return UsesIteration;
}

} // namespace

AwaitInLoopCheck::AwaitInLoopCheck(StringRef Name, ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      SequentialFunctionsValue(
          Options.get(SequentialFunctionsOption, DefaultSequentialFunctions)),
      SequentialFunctions(parseNameList(SequentialFunctionsValue)) {}

void AwaitInLoopCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, SequentialFunctionsOption, SequentialFunctionsValue);
}

void AwaitInLoopCheck::checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) {
  // Coroutine definitions only; their bodies are walked below, so no parent map is built.
  for (const FunctionDecl *Coroutine : Functions.Coroutines)
    checkCoroutine(*Coroutine, Ctx);
}

void AwaitInLoopCheck::checkCoroutine(const FunctionDecl &CoroutineDecl, ASTContext &Ctx) {
  const FunctionDecl *Coroutine = &CoroutineDecl;
  // A template is judged by its instantiations, where calls and writes are resolved (in the
  // pattern a push_back or an await may still be unresolved); the report set merges them.
  if (Coroutine->isDependentContext())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  LoopCollector Collector;
  Collector.TraverseStmt(cast<CoroutineBodyStmt>(Coroutine->getBody())->getBody());

  for (const AwaitSite &Site : Collector.Awaits) {
    if (!Site.Loop)
      continue;
    const LoopFacts &Facts = Collector.Loops[Site.Loop];
    // Rules 1-2 (docs/checks/async-await-in-loop.md): one await per iteration, nothing that
    // stops the loop early, not a polling loop.
    if (Facts.Awaits != 1 || Facts.Yields || Facts.Exits || Facts.HasTry ||
        isInfiniteLoop(Site.Loop, Ctx))
      continue;
    // Rule 5: the result is used; a call awaited only for its effect may have to be in order.
    const CoawaitExpr *Await = Site.Await;
    if (Site.Discarded || Await->getType().isNull() || Await->getType()->isVoidType())
      continue;
    // Rules 3-4: a call that makes a new task (a prvalue), not a task that already exists and
    // may already run (`co_await tasks[i]`, `co_await std::move(t)`), nor a sleep.
    const auto *Call = dyn_cast<CallExpr>(stripTemporaries(Await->getOperand()));
    if (!Call || isa<CXXOperatorCallExpr>(Call) || !Call->isPRValue() ||
        Call->isTypeDependent() || !isTaskLike(Call->getType(), Ctx) || containsLambda(Call))
      continue;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || matchesAny(*Callee, SequentialFunctions) || isSequentialByName(*Callee))
      continue;

    LoopAnalyzer Loop;
    Loop.analyze(Site.Loop);
    SourceLocation AwaitLoc = Await->getBeginLoc();
    if (hasEffectBefore(Loop, AwaitLoc, SM) || sharesMutableState(Loop, *Call, *Callee) ||
        !iterationsIndependent(Loop, Site.Loop, *Call, AwaitLoc, SM))
      continue;

    SourceLocation Loc = SM.getFileLoc(Await->getKeywordLoc());
    if (SM.isInSystemHeader(Loc) || !Reported.insert(Loc).second)
      continue;
    if (!isAsyncCoroutine(*Coroutine, scanCoroutine(*Coroutine, [](const CallSite &) {})))
      return;
    // Together in the awaited task's own runtime (RuntimeProfiles.def).
    const RuntimeProfile &Runtime = profileForType(Call->getType(), Ctx, forcedRuntime());
    diag(Loc, "each iteration waits for '%0' before the next one starts, though the iterations "
              "do not depend on each other; start the calls first and await them together: "
              "%1")
        << Callee->getName() << Runtime.Gather;
    diag(SM.getFileLoc(Site.Loop->getBeginLoc()), "in this loop", DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::async
