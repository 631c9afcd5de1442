// Where a coroutine's code really runs: one walk of the translation unit's own declarations,
// done only when a check needs it, shared by every check of the TU.
#include "ExecutionContext.h"

#include "CoroutineContext.h"
#include "TranslationUnitCache.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::async {
namespace {

/// The declaration calls of \p F are keyed by: template specializations (a generic lambda's
/// operator() for each argument type) count as their pattern.
const Decl *identity(const FunctionDecl &F) {
  const FunctionDecl *Key = &F;
  if (const FunctionDecl *Pattern = F.getTemplateInstantiationPattern())
    Key = Pattern;
  return Key->getCanonicalDecl();
}

bool isStdMoveOrForward(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() != 1 || !Callee->getIdentifier() || !Callee->isInStdNamespace())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

// Member functions that, called on a task from ordinary code, run it on this thread.
bool isDriveMember(llvm::StringRef Name) {
  return Name == "resume" || Name == "get" || Name == "start" || Name == "wait";
}
// Member functions that only look at a task: they neither await it nor hand it off.
bool isInspectMember(llvm::StringRef Name) {
  // Not `handle()`: a coroutine handle is how a task is handed to a pool to resume it.
  return Name == "is_ready" || Name == "isReady" || Name == "done" || Name == "promise" ||
         Name == "hasResult" || Name == "valid";
}

/// Source text that marks a descriptor non-blocking where it is made or set.
bool spellsNonBlocking(llvm::StringRef Text) {
  return Text.contains("O_NONBLOCK") || Text.contains("SOCK_NONBLOCK") ||
         Text.contains("FIONBIO") || Text.contains("O_NDELAY");
}

/// An enumerator that says "not blocking": `blocking_t::no`, `mode::non_blocking`, ...
bool isNonBlockingEnumerator(const EnumConstantDecl &Constant) {
  std::string Name = Constant.getName().lower();
  if (Name.find("nonblock") != std::string::npos || Name.find("non_block") != std::string::npos)
    return true;
  const auto *Enum = dyn_cast<EnumDecl>(Constant.getDeclContext());
  if (!Enum || !Enum->getIdentifier())
    return false;
  std::string EnumName = Enum->getName().lower();
  if (EnumName.find("blocking") == std::string::npos || EnumName.find("non") != std::string::npos)
    return false;
  return Name == "no" || Name == "off" || Name == "false" || Name == "disabled";
}

} // namespace

class FactsBuilder : public RecursiveASTVisitor<FactsBuilder> {
  using Base = RecursiveASTVisitor<FactsBuilder>;

public:
  FactsBuilder(ASTContext &Ctx, TranslationUnitFacts &Facts) : Ctx(Ctx), SM(Ctx.getSourceManager()), Facts(Facts) {
    llvm::SmallVector<llvm::StringRef, 8> Names;
    llvm::StringRef(DefaultSyncWaitNames).split(Names, ';', -1, false);
    for (llvm::StringRef Name : Names)
      SyncNames.insert(Name);
  }

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    // Only the translation unit's own code: what the libraries do is not where the user's
    // coroutines are called from (a lambda passed into a library escapes, see below).
    if (!isa<TranslationUnitDecl>(D) && SM.isInSystemHeader(SM.getFileLoc(D->getLocation())))
      return true;
    auto *Function = dyn_cast<FunctionDecl>(D);
    if (Function)
      Callers.push_back(Function);
    bool Result = Base::TraverseDecl(D);
    if (Function)
      Callers.pop_back();
    return Result;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    Lambdas.push_back(L);
    Callers.push_back(L->getCallOperator());
    bool Result = Base::TraverseLambdaExpr(L);
    Callers.pop_back();
    return Result;
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (Init->isMemberInitializer() && Init->getInit()) {
      noteDescriptorInit(Init->getMember(), Init->getInit());
      noteParamFlow(Init->getMember(), Init->getInit());
    }
    return Base::TraverseConstructorInitializer(Init);
  }

  // `Server{fd}`: a descriptor handed to a constructor that stores it in a member.
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
      noteDescriptorArgs(*Ctor, Construct->arguments());
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Caller = Callers.empty() ? nullptr : Callers.back();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
      CalleeRefs.insert(Ref);
    const FunctionDecl *Target = Call->getDirectCallee();
    const Expr *Driven = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0) {
      const Expr *Object = Op->getArg(0)->IgnoreImplicit()->IgnoreParens();
      if (const auto *L = dyn_cast<LambdaExpr>(Object))
        InvokedLambdas.insert(L);
      else if (const auto *Ref = dyn_cast<DeclRefExpr>(Object)) {
        CalleeObjectRefs.insert(Ref);
        // A sync_wait-like function object (folly's blockingWait): the task is argument 1.
        if (Ref->getDecl()->getIdentifier() && SyncNames.contains(Ref->getDecl()->getName()) &&
            Op->getNumArgs() > 1)
          Driven = Op->getArg(1);
      }
    }
    if (Target)
      Facts.Uses[identity(*Target)].Calls.push_back({Call, Caller});
    if (Target && Target->getIdentifier()) {
      llvm::StringRef Name = Target->getName();
      if (SyncNames.contains(Name) && Call->getNumArgs() > 0 && !isa<CXXMemberCallExpr>(Call))
        Driven = Call->getArg(0);
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
        const Expr *Object = stripMoves(Member->getImplicitObjectArgument());
        if (isDriveMember(Name))
          Driven = Object;
        else if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Object); Ref && isInspectMember(Name))
          InspectRefs.insert(Ref);
      }
      noteNonBlockingCall(*Call, *Target, Caller);
    }
    if (Driven && !hasCoroutineBody(Caller)) {
      const Expr *E = stripMoves(Driven);
      if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
        DrivenRefs.insert(Ref);
      else if (E)
        Facts.DrivenCalls.insert(E);
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (!Var->getInit())
      return true;
    const Expr *Init = stripMoves(Var->getInit());
    if (const auto *L = dyn_cast_or_null<LambdaExpr>(Init))
      LambdaVars[L] = Var;
    else if (const auto *Call = dyn_cast_or_null<CallExpr>(Init); Call && Var->isLocalVarDecl())
      TaskVars.push_back({Var, Call, Callers.empty() ? nullptr : Callers.back()});
    noteDescriptorInit(Var, Var->getInit());
    noteParamFlow(Var, Var->getInit());
    return true;
  }

  bool VisitFieldDecl(FieldDecl *Field) {
    if (Field->hasInClassInitializer() && Field->getInClassInitializer())
      noteDescriptorInit(Field, Field->getInClassInitializer());
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign)
      if (const ValueDecl *D = referencedDecl(Op->getLHS())) {
        noteDescriptorInit(D, Op->getRHS());
        noteParamFlow(D, Op->getRHS());
      }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl())) {
      if (!CalleeRefs.contains(Ref))
        Facts.Uses[identity(*Function)].Escapes = true; // its address is taken or passed on
    } else if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
      VarRefs[Var].push_back(Ref);
    }
    return true;
  }

  void finish() {
    for (const LambdaExpr *L : Lambdas) {
      const CXXMethodDecl *Op = L->getCallOperator();
      if (!Op)
        continue;
      auto &Uses = Facts.Uses[identity(*Op)];
      auto Bound = LambdaVars.find(L);
      if (Bound == LambdaVars.end()) {
        // Neither called on the spot nor kept in a variable: handed to someone else.
        if (!InvokedLambdas.contains(L))
          Uses.Escapes = true;
        continue;
      }
      for (const DeclRefExpr *Ref : VarRefs.lookup(Bound->second))
        if (!CalleeObjectRefs.contains(Ref))
          Uses.Escapes = true; // the lambda object itself is passed on or stored
    }
    // `auto t = make(); t.resume();`: the call is driven when its local is used only to drive
    // or inspect it, in ordinary code.
    for (const TaskVar &T : TaskVars) {
      if (hasCoroutineBody(T.Caller))
        continue;
      bool DrivenUse = false, OtherUse = false;
      for (const DeclRefExpr *Ref : VarRefs.lookup(T.Var)) {
        if (DrivenRefs.contains(Ref))
          DrivenUse = true;
        else if (!InspectRefs.contains(Ref))
          OtherUse = true;
      }
      if (DrivenUse && !OtherUse)
        Facts.DrivenCalls.insert(T.Call);
    }
    // A descriptor passed to a helper that makes its parameter non-blocking is non-blocking;
    // a non-blocking descriptor passed to a function that stores its parameter (a
    // constructor's member initializer) makes what it is stored in non-blocking. A few rounds
    // follow chains of such calls.
    for (unsigned Round = 0; Round < 4; ++Round) {
      bool Changed = false;
      for (const HelperCall &H : HelperCalls) {
        auto Helper = HelperParams.find(H.Callee);
        if (Helper != HelperParams.end() && Helper->second.contains(H.Index))
          Changed |= Facts.NonBlocking.insert(H.Decl).second;
        if (!Facts.NonBlocking.contains(H.Decl))
          continue;
        auto Flow = ParamFlows.find({H.Callee, H.Index});
        if (Flow != ParamFlows.end())
          for (const ValueDecl *Target : Flow->second)
            Changed |= Facts.NonBlocking.insert(Target).second;
      }
      if (!Changed)
        break;
    }
  }

private:
  llvm::StringRef textOf(const Expr &E) const {
    CharSourceRange Range = CharSourceRange::getTokenRange(SM.getExpansionRange(E.getSourceRange()).getAsRange());
    return Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  }

  /// `fcntl(d, F_SETFL, f | O_NONBLOCK)`, `ioctl(d, FIONBIO, &on)`; and every call that passes
  /// a descriptor to a function, to resolve helpers such as `set_nonblocking(fd)` at the end.
  void noteNonBlockingCall(const CallExpr &Call, const FunctionDecl &Target,
                           const FunctionDecl *Caller) {
    llvm::StringRef Name = Target.getName();
    if ((Name == "fcntl" || Name == "ioctl") && Target.isExternC() && Call.getNumArgs() >= 2 &&
        spellsNonBlocking(textOf(Call))) {
      const ValueDecl *D = referencedDecl(Call.getArg(0));
      if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(D); Param && Caller)
        HelperParams[Caller->getCanonicalDecl()].insert(Param->getFunctionScopeIndex());
      else if (D)
        Facts.NonBlocking.insert(D);
      return;
    }
    noteDescriptorArgs(Target, Call.arguments());
  }

  /// The descriptors (integer arguments naming a variable or member) a call hands to \p Callee,
  /// resolved against what the callee does with its parameters at the end of the walk.
  template <class Args> void noteDescriptorArgs(const FunctionDecl &Callee, Args Arguments) {
    unsigned I = 0;
    for (const Expr *Arg : Arguments) {
      if (I >= 8)
        break;
      if (Arg->getType()->isIntegralOrEnumerationType())
        if (const ValueDecl *D = referencedDecl(Arg))
          HelperCalls.push_back({Callee.getCanonicalDecl(), I, D});
      ++I;
    }
  }

  /// A descriptor (or a socket object) created non-blocking: `socket(..., SOCK_NONBLOCK, ...)`,
  /// `accept4(..., SOCK_NONBLOCK)`, or a wrapper made with a "not blocking" enumerator.
  void noteDescriptorInit(const ValueDecl *D, const Expr *Init) {
    if (!D || !Init)
      return;
    const Expr *E = Init->IgnoreImplicit()->IgnoreParens();
    if (!isa<CallExpr, CXXConstructExpr, InitListExpr, ParenListExpr>(E))
      return;
    struct EnumFinder : RecursiveASTVisitor<EnumFinder> {
      bool Found = false;
      bool VisitDeclRefExpr(DeclRefExpr *Ref) {
        if (const auto *Constant = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
          Found = Found || isNonBlockingEnumerator(*Constant);
        return !Found;
      }
    } Finder;
    Finder.TraverseStmt(const_cast<Expr *>(E));
    if (Finder.Found || spellsNonBlocking(textOf(*E)))
      Facts.NonBlocking.insert(D);
  }

  /// `fd_(fd)`, `fd_ = fd`, `int s = fd`: where a parameter of the current function is stored.
  void noteParamFlow(const ValueDecl *Target, const Expr *Value) {
    const FunctionDecl *Caller = Callers.empty() ? nullptr : Callers.back();
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(referencedDecl(Value));
    if (!Caller || !Param || !Target || Target == Param)
      return;
    ParamFlows[{Caller->getCanonicalDecl(), Param->getFunctionScopeIndex()}].push_back(Target);
  }

  struct TaskVar {
    const VarDecl *Var;
    const CallExpr *Call;
    const FunctionDecl *Caller;
  };
  struct HelperCall {
    const Decl *Callee;
    unsigned Index;
    const ValueDecl *Decl;
  };

  ASTContext &Ctx;
  const SourceManager &SM;
  TranslationUnitFacts &Facts;
  llvm::StringSet<> SyncNames;
  llvm::SmallVector<const FunctionDecl *, 8> Callers;
  llvm::SmallVector<const LambdaExpr *, 16> Lambdas;
  llvm::SmallPtrSet<const LambdaExpr *, 16> InvokedLambdas;
  llvm::DenseMap<const LambdaExpr *, const VarDecl *> LambdaVars;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 2>> VarRefs;
  llvm::SmallPtrSet<const DeclRefExpr *, 32> CalleeRefs, CalleeObjectRefs, DrivenRefs, InspectRefs;
  llvm::SmallVector<TaskVar, 8> TaskVars;
  llvm::DenseMap<const Decl *, llvm::DenseSet<unsigned>> HelperParams;
  llvm::SmallVector<HelperCall, 16> HelperCalls;
  llvm::DenseMap<std::pair<const Decl *, unsigned>, llvm::SmallVector<const ValueDecl *, 1>>
      ParamFlows;
};

TranslationUnitFacts &TranslationUnitFacts::of(ASTContext &Ctx) {
  return TranslationUnitCache::of(Ctx).facts();
}

std::unique_ptr<TranslationUnitFacts> TranslationUnitFacts::build(ASTContext &Ctx,
                                                                 llvm::ArrayRef<Decl *> Scope) {
  auto Facts = std::make_unique<TranslationUnitFacts>();
  FactsBuilder Builder(Ctx, *Facts);
  for (Decl *D : Scope)
    Builder.TraverseDecl(D);
  Builder.finish();
  return Facts;
}

const llvm::SmallVector<UseSite, 2> *TranslationUnitFacts::callsOf(const FunctionDecl &F) const {
  auto It = Uses.find(identity(F));
  if (It == Uses.end())
    return nullptr;
  return It->second.Escapes ? nullptr : &It->second.Calls;
}

bool TranslationUnitFacts::mayBeDrivenInline(const FunctionDecl &Coroutine) {
  // A lambda, or a function no other translation unit can call. Members stay reported: any
  // coroutine of the program may call them.
  const auto *Method = dyn_cast<CXXMethodDecl>(&Coroutine);
  if (Method)
    return Method->getParent()->isLambda();
  return !Coroutine.isExternallyVisible();
}

bool TranslationUnitFacts::isDrivenInline(const FunctionDecl &Coroutine) const {
  if (!mayBeDrivenInline(Coroutine))
    return false;
  const auto *Calls = callsOf(Coroutine);
  if (!Calls || Calls->empty())
    return false;
  for (const UseSite &Use : *Calls)
    if (hasCoroutineBody(Use.Caller) || !DrivenCalls.contains(Use.Call))
      return false;
  return true;
}

bool TranslationUnitFacts::isMadeNonBlocking(const ValueDecl *D) const {
  return D && NonBlocking.contains(D);
}

const Expr *stripMoves(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens()->IgnoreImplicit();
    // A by-value parameter copies or moves its argument: the argument is what was passed.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 && Construct->getConstructor() &&
        Construct->getConstructor()->isCopyOrMoveConstructor()) {
      E = Construct->getArg(0);
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call || !isStdMoveOrForward(Call))
      return E;
    E = Call->getArg(0);
  }
  return E;
}

const ValueDecl *referencedDecl(const Expr *E) {
  E = stripMoves(E);
  if (const auto *Cast = dyn_cast_or_null<ExplicitCastExpr>(E))
    E = stripMoves(Cast->getSubExpr());
  if (!E)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(Ref->getDecl()) ? Ref->getDecl() : nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(Member->getMemberDecl()) ? Member->getMemberDecl() : nullptr;
  // `sock.native_handle()`, `conn->fd()`: the descriptor of the object an accessor is called on.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E); Call && Call->getNumArgs() == 0)
    return referencedDecl(Call->getImplicitObjectArgument());
  return nullptr;
}

/// The class an executor expression's type denotes: through references, pointers and smart
/// pointers (a class template with one type argument and an `operator->`).
static const CXXRecordDecl *executorClass(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Record)) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Spec->isInStdNamespace() && Args.size() >= 1 && Args[0].getKind() == TemplateArgument::Type)
      return Args[0].getAsType()->getAsCXXRecordDecl();
  }
  return Record;
}

bool isBlockingExecutor(const Expr *E, const FunctionDecl *Coroutine,
                        llvm::ArrayRef<QualifiedName> BlockingExecutors, ASTContext &Ctx,
                        unsigned Depth) {
  E = stripMoves(E);
  if (!E || Depth > 3 || BlockingExecutors.empty())
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && matchesAny(*Callee, BlockingExecutors))
      return true;
  if (const CXXRecordDecl *Class = executorClass(E->getType()))
    if (matchesAny(*Class, BlockingExecutors))
      return true;
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (!Ref)
    return false;
  if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl())) {
    // A parameter: every visible call of the coroutine passes a blocking executor for it.
    if (!Coroutine)
      return false;
    const auto *Calls = TranslationUnitFacts::of(Ctx).callsOf(*Coroutine);
    if (!Calls || Calls->empty())
      return false;
    unsigned Index = Param->getFunctionScopeIndex();
    for (const UseSite &Use : *Calls) {
      // A call of a lambda object has the object as argument 0.
      unsigned Offset = isa<CXXOperatorCallExpr>(Use.Call) ? 1 : 0;
      if (Index + Offset >= Use.Call->getNumArgs() ||
          !isBlockingExecutor(Use.Call->getArg(Index + Offset), Use.Caller, BlockingExecutors,
                              Ctx, Depth + 1))
        return false;
    }
    return true;
  }
  if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()); Var && Var->isLocalVarDecl() && Var->getInit())
    return isBlockingExecutor(Var->getInit(), Coroutine, BlockingExecutors, Ctx, Depth + 1);
  return false;
}

} // namespace clang::tidy::async
