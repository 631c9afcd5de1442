// async-escaping-db-handle: a coroutine that co_returns a lazy, connection-bound database handle.
#include "EscapingDbHandleCheck.h"

#include "CoroutineContext.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

static constexpr llvm::StringLiteral DbHandleTypesOption = "DbHandleTypes";

namespace {

/// A kind of lazy handle and what to return instead of it.
struct HandleKind {
  QualifiedName Name;
  llvm::StringRef Instead;
};

const std::vector<HandleKind> &builtinHandles() {
  static const std::vector<HandleKind> Kinds = {
      {QualifiedName("sqlite3_stmt"),
       "step it to the end inside the coroutine and return the rows, like the "
       "std::vector<asyncrt::sqlite::row> that 'co_await db.query(sql)' returns"},
      {QualifiedName("soci::rowset"),
       "copy the rows into a std::vector inside the coroutine and return that"},
      {QualifiedName("pqxx::stream_from"),
       "read the rows into a std::vector inside the coroutine, or return the pqxx::result "
       "of exec()"},
      {QualifiedName("odb::result"),
       "copy the objects into a std::vector inside the coroutine (the result is a cursor of "
       "its transaction) and return that"},
      {QualifiedName("QSqlQuery"),
       "copy its records into a std::vector or QList inside the coroutine and return that"},
  };
  return Kinds;
}

constexpr llvm::StringLiteral ConfiguredInstead =
    "read it into a container of plain values inside the coroutine and return that";

/// Standard wrappers whose template arguments are what they hold: a handle inside any of them
/// escapes with them.
bool isStdWrapper(const NamedDecl &D) {
  static const std::vector<QualifiedName> Wrappers = parseNameList(
      "std::pair;std::tuple;std::optional;std::variant;std::expected;std::vector;std::deque;"
      "std::list;std::forward_list;std::array;std::map;std::multimap;std::unordered_map;"
      "std::unordered_multimap;std::unique_ptr;std::shared_ptr");
  return matchesAny(D, Wrappers);
}

/// The handle found in a type: its name as the message shows it, and the advice.
struct TypeHit {
  std::string Handle;    ///< "sqlite3_stmt *", "soci::rowset"
  bool Direct = false;   ///< the type is the handle itself, not a wrapper holding it
  llvm::StringRef Instead;
};

class HandleTypes {
public:
  explicit HandleTypes(llvm::ArrayRef<QualifiedName> Configured) : Configured(Configured) {}

  /// The handle \p Type is or holds (through references, std wrappers and the public fields
  /// of aggregates), if any.
  std::optional<TypeHit> find(QualType Type, unsigned Depth = 0) const {
    if (Type.isNull() || Depth > 6)
      return std::nullopt;
    Type = Type.getNonReferenceType();
    if (const auto *Pointer = Type->getAs<PointerType>()) {
      // A pointer to a handle is a handle (sqlite3_stmt *, QSqlQuery *); a pointer to anything
      // else is not looked into.
      const NamedDecl *Pointee = recordOf(Pointer->getPointeeType());
      if (!Pointee)
        if (const RecordType *Record = Pointer->getPointeeType()->getAs<RecordType>())
          Pointee = Record->getDecl();
      if (Pointee)
        if (std::optional<TypeHit> Hit = kindOf(*Pointee)) {
          Hit->Handle += " *";
          Hit->Direct = Depth == 0;
          return Hit;
        }
      return std::nullopt;
    }
    const CXXRecordDecl *Record = recordOf(Type);
    if (!Record)
      return std::nullopt;
    if (std::optional<TypeHit> Hit = kindOf(*Record)) {
      Hit->Direct = Depth == 0;
      return Hit;
    }
    if (isStdWrapper(*Record)) {
      for (const TemplateArgument &Arg : templateArgs(Type))
        if (std::optional<TypeHit> Hit = inArgument(Arg, Depth))
          return Hit;
      return std::nullopt;
    }
    // A user-defined result aggregate (struct { rows; cursor; }): its fields escape with it.
    // Classes with constructors or private state are abstractions whose contents we do not
    // judge (a connection pool, a repository object).
    const CXXRecordDecl *Def = Record->getDefinition();
    if (!Def || Def->isLambda() || !Def->isAggregate() ||
        Def->getASTContext().getSourceManager().isInSystemHeader(Def->getLocation()))
      return std::nullopt;
    for (const FieldDecl *Field : Def->fields())
      if (std::optional<TypeHit> Hit = find(Field->getType(), Depth + 1))
        return Hit;
    return std::nullopt;
  }

  bool contains(QualType Type) const { return find(Type).has_value(); }

  /// True when \p Type is itself a handle (not a wrapper holding one).
  bool isHandle(QualType Type) const {
    std::optional<TypeHit> Hit = find(Type);
    return Hit && Hit->Direct;
  }

private:
  std::optional<TypeHit> kindOf(const NamedDecl &Record) const {
    for (const HandleKind &Kind : builtinHandles())
      if (Kind.Name.last() == lookupKey(Record) && Kind.Name.matches(Record))
        return TypeHit{Kind.Name.spelling().ltrim(':').str(), false, Kind.Instead};
    for (const QualifiedName &Name : Configured)
      if (Name.last() == lookupKey(Record) && Name.matches(Record))
        return TypeHit{Name.spelling().ltrim(':').str(), false, ConfiguredInstead};
    return std::nullopt;
  }

  static llvm::ArrayRef<TemplateArgument> templateArgs(QualType Type) {
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(Type->getAsCXXRecordDecl()))
      return Spec->getTemplateArgs().asArray();
    if (const auto *TST = Type->getAs<TemplateSpecializationType>())
      return TST->template_arguments();
    return {};
  }

  std::optional<TypeHit> inArgument(const TemplateArgument &Arg, unsigned Depth) const {
    if (Arg.getKind() == TemplateArgument::Type)
      return find(Arg.getAsType(), Depth + 1);
    if (Arg.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &Element : Arg.pack_elements())
        if (std::optional<TypeHit> Hit = inArgument(Element, Depth))
          return Hit;
    return std::nullopt;
  }

  llvm::ArrayRef<QualifiedName> Configured;
};

/// A write to a local variable inside the coroutine: `v = value`, `f(&v)`, `g(v)` binding a
/// non-const reference, or `v.mutate(args)`.
struct VarWrite {
  SourceLocation Loc;
  const Expr *Value = nullptr; ///< what was stored (assignment), or null
  const Expr *Call = nullptr;  ///< the call that wrote through a reference, or null
};

/// Collects the co_returns of a coroutine's own context and the writes to its locals.
class BodyCollector : public RecursiveASTVisitor<BodyCollector> {
public:
  llvm::SmallVector<const CoreturnStmt *, 4> Returns;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<VarWrite, 2>> Writes;

  // Nested lambdas, local classes and blocks are their own context.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseRecordDecl(RecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }

  bool VisitCoreturnStmt(CoreturnStmt *S) {
    if (!S->isImplicit() && S->getOperand())
      Returns.push_back(S);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign)
      if (const VarDecl *V = localVar(B->getLHS()))
        Writes[V].push_back({B->getOperatorLoc(), B->getRHS(), nullptr});
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        if (const VarDecl *V = localVar(Op->getArg(0)))
          Writes[V].push_back({Op->getOperatorLoc(), Op->getArg(1), nullptr});
      return true;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      if (const CXXMethodDecl *Method = Member->getMethodDecl(); Method && !Method->isConst())
        if (const VarDecl *V = localVar(Member->getImplicitObjectArgument()))
          Writes[V].push_back({Call->getBeginLoc(), nullptr, Call});
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      const Expr *Arg = Call->getArg(I)->IgnoreParenImpCasts();
      if (const auto *AddrOf = dyn_cast<UnaryOperator>(Arg);
          AddrOf && AddrOf->getOpcode() == UO_AddrOf) {
        if (const VarDecl *V = localVar(AddrOf->getSubExpr()))
          Writes[V].push_back({Call->getBeginLoc(), nullptr, Call});
        continue;
      }
      if (!Callee || I >= Callee->getNumParams())
        continue;
      QualType Param = Callee->getParamDecl(I)->getType();
      if (Param->isLValueReferenceType() && !Param.getNonReferenceType().isConstQualified())
        if (const VarDecl *V = localVar(Arg))
          Writes[V].push_back({Call->getBeginLoc(), nullptr, Call});
    }
    return true;
  }

private:
  static const VarDecl *localVar(const Expr *E) {
    if (!E)
      return nullptr;
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return V && V->isLocalVarDecl() ? V : nullptr;
  }
};

/// What an expression returned by co_return holds.
struct Trace {
  enum Kind { None, Handle, Unknown } Verdict = Unknown;
  /// Where the handle was produced, when that is visible in the coroutine.
  const Expr *Producer = nullptr;

  static Trace none() { return {None, nullptr}; }
  static Trace unknown() { return {Unknown, nullptr}; }
  static Trace handle(const Expr *Producer) { return {Handle, Producer}; }
};

/// Follows a returned expression back to where its handle came from: a call that produced
/// it, a variable's initializer or the call that filled an out-parameter. Null pointers and
/// empty wrappers hold no handle.
class Tracer {
public:
  Tracer(ASTContext &Ctx, const HandleTypes &Types, const BodyCollector &Body)
      : Ctx(Ctx), Types(Types), Body(Body) {}

  Trace trace(const Expr *E, SourceLocation Before, unsigned Depth = 0) {
    if (!E || Depth > 8)
      return Trace::unknown();
    E = strip(E);
    if (isa<ImplicitValueInitExpr, CXXScalarValueInitExpr, CXXNullPtrLiteralExpr, GNUNullExpr>(E))
      return Trace::none();
    if (!E->isValueDependent() &&
        E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return Trace::none();
    if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(E))
      return trace(Default->getExpr(), Before, Depth + 1);
    if (const auto *Init = dyn_cast<InitListExpr>(E)) {
      if (const InitListExpr *Semantic = Init->getSemanticForm())
        Init = Semantic;
      return anyOf(llvm::ArrayRef(Init->getInits(), Init->getNumInits()), Before, Depth,
                   /*NoneWhenEmpty=*/true);
    }
    if (const auto *Paren = dyn_cast<CXXParenListInitExpr>(E))
      return anyOf(Paren->getInitExprs(), Before, Depth, /*NoneWhenEmpty=*/true);
    if (const auto *Cond = dyn_cast<AbstractConditionalOperator>(E)) {
      Trace T = trace(Cond->getTrueExpr(), Before, Depth + 1);
      Trace F = trace(Cond->getFalseExpr(), Before, Depth + 1);
      if (T.Verdict == Trace::Handle)
        return T;
      if (F.Verdict == Trace::Handle)
        return F;
      return T.Verdict == Trace::None && F.Verdict == Trace::None ? Trace::none()
                                                                   : Trace::unknown();
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Types.isHandle(Construct->getType()))
        return Construct->getNumArgs() == 0 ? Trace::unknown() : Trace::handle(E);
      if (Construct->getNumArgs() == 0)
        return Trace::none(); // an empty optional, vector or smart pointer
      return anyOf(llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs()), Before, Depth,
                   /*NoneWhenEmpty=*/false);
    }
    if (isa<CoawaitExpr, DependentCoawaitExpr>(E))
      return Trace::handle(E); // `co_await asyncrt::to_thread(prepare)`: awaited here
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      static const std::vector<QualifiedName> Makers =
          parseNameList("std::make_pair;std::make_tuple;std::make_optional;std::forward_as_tuple");
      if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && matchesAny(*Callee, Makers))
        return anyOf(llvm::ArrayRef(Call->getArgs(), Call->getNumArgs()), Before, Depth,
                     /*NoneWhenEmpty=*/false);
      return Trace::handle(E); // the call that made the handle
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()); V && V->isLocalVarDecl())
        return traceVar(*V, Before, Depth);
    // Parameters, members, globals: the handle exists, where it came from is not visible here.
    return Trace::unknown();
  }

private:
  static const Expr *strip(const Expr *E) {
    static const QualifiedName Move("std::move"), Forward("std::forward");
    while (true) {
      const Expr *Next = E->IgnoreParenImpCasts();
      if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
        Next = Cleanups->getSubExpr();
      if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Next))
        Next = Temp->getSubExpr();
      if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
        Next = Bind->getSubExpr();
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
          Construct && Construct->getNumArgs() == 1 && !Construct->isListInitialization() &&
          Construct->getConstructor()->isCopyOrMoveConstructor())
        Next = Construct->getArg(0);
      if (const auto *Call = dyn_cast<CallExpr>(Next); Call && Call->getNumArgs() == 1)
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && (Move.matches(*Callee) || Forward.matches(*Callee)))
          Next = Call->getArg(0);
      if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Next))
        Next = Cast->getSubExpr();
      if (Next == E)
        return E;
      E = Next;
    }
  }

  /// The handle held by the first element that holds one. Elements of no handle type say
  /// nothing: the whole is unknown unless \p NoneWhenEmpty (a braced list names every field).
  Trace anyOf(llvm::ArrayRef<const Expr *> Elements, SourceLocation Before, unsigned Depth,
              bool NoneWhenEmpty) {
    bool Unknown = false, SawHandleTyped = false;
    for (const Expr *Element : Elements) {
      if (!Element)
        continue;
      const Expr *Stripped = strip(Element);
      if (!isa<InitListExpr, CXXParenListInitExpr>(Stripped) &&
          !Types.contains(Element->getType()))
        continue;
      SawHandleTyped = true;
      Trace T = trace(Element, Before, Depth + 1);
      if (T.Verdict == Trace::Handle)
        return T;
      Unknown |= T.Verdict == Trace::Unknown;
    }
    if (Unknown || (!SawHandleTyped && !NoneWhenEmpty))
      return Trace::unknown();
    return Trace::none();
  }

  llvm::ArrayRef<const Expr *> argsOf(const Expr *Call) {
    if (const auto *C = dyn_cast<CallExpr>(Call))
      return llvm::ArrayRef(C->getArgs(), C->getNumArgs());
    return {};
  }

  Trace traceVar(const VarDecl &V, SourceLocation Before, unsigned Depth) {
    const SourceManager &SM = Ctx.getSourceManager();
    llvm::SmallVector<VarWrite, 4> Writes;
    if (const Expr *Init = V.getInit())
      Writes.push_back({V.getLocation(), Init, nullptr});
    if (auto It = Body.Writes.find(&V); It != Body.Writes.end())
      for (const VarWrite &W : It->second)
        if (SM.isBeforeInTranslationUnit(W.Loc, Before))
          Writes.push_back(W);
    llvm::sort(Writes, [&](const VarWrite &A, const VarWrite &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
    auto TraceWrite = [&](const VarWrite &W) {
      if (W.Value)
        return trace(W.Value, W.Loc, Depth + 1);
      // Through a call: an out-parameter (`prepare(..., &stmt)`) or a mutating member call
      // (`query.exec(sql)`) made the handle; a container's push_back(h) stores one.
      if (Types.isHandle(V.getType()))
        return Trace::handle(W.Call);
      return anyOf(argsOf(W.Call), W.Loc, Depth, /*NoneWhenEmpty=*/true);
    };
    if (Types.isHandle(V.getType())) {
      // A handle variable holds what its last write put there.
      if (Writes.empty())
        return Trace::unknown();
      return TraceWrite(Writes.back());
    }
    // A wrapper or container variable holds every handle any write put there.
    bool Unknown = false;
    for (const VarWrite &W : Writes) {
      Trace T = TraceWrite(W);
      if (T.Verdict == Trace::Handle)
        return T;
      Unknown |= T.Verdict == Trace::Unknown;
    }
    return Unknown ? Trace::unknown() : Trace::none();
  }

  ASTContext &Ctx;
  const HandleTypes &Types;
  const BodyCollector &Body;
};

/// Template instantiations are judged by their pattern: a generic coroutine that returns
/// whatever T it is given is not where a handle escapes.
bool isInInstantiation(const FunctionDecl &FD) {
  for (const DeclContext *DC = &FD; DC; DC = DC->getParent()) {
    if (const auto *F = dyn_cast<FunctionDecl>(DC); F && F->isTemplateInstantiation())
      return true;
    if (const auto *R = dyn_cast<CXXRecordDecl>(DC);
        R && isTemplateInstantiation(R->getTemplateSpecializationKind()))
      return true;
  }
  return false;
}

/// The returned type as the user wrote it in the coroutine's return type (the T of task<T>,
/// which is what callers receive), else the operand's type.
QualType shownType(QualType Returned, const FunctionDecl &Coroutine, const HandleTypes &Types) {
  if (const auto *Task = Coroutine.getReturnType()->getAs<TemplateSpecializationType>())
    for (const TemplateArgument &Arg : Task->template_arguments())
      if (Arg.getKind() == TemplateArgument::Type && Types.contains(Arg.getAsType()))
        return Arg.getAsType();
  Returned = Returned.getNonReferenceType().getUnqualifiedType();
  return Returned->isDependentType() ? Returned : Returned.getCanonicalType();
}

} // namespace

EscapingDbHandleCheck::EscapingDbHandleCheck(StringRef Name, ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      DbHandleTypesValue(Options.get(DbHandleTypesOption, "")),
      DbHandleTypes(parseNameList(DbHandleTypesValue)) {}

void EscapingDbHandleCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, DbHandleTypesOption, DbHandleTypesValue);
}

void EscapingDbHandleCheck::checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) {
  // Coroutine definitions only; their bodies are walked below, so no parent map is built.
  for (const FunctionDecl *Coroutine : Functions.Coroutines)
    checkCoroutine(*Coroutine, Ctx);
}

void EscapingDbHandleCheck::checkCoroutine(const FunctionDecl &CoroutineDecl, ASTContext &Ctx) {
  const FunctionDecl *Coroutine = &CoroutineDecl;
  if (isInInstantiation(*Coroutine))
    return;
  const auto *CoBody = cast<CoroutineBodyStmt>(Coroutine->getBody());
  BodyCollector Body;
  Body.TraverseStmt(CoBody->getBody());
  if (Body.Returns.empty())
    return;

  const SourceManager &SM = Ctx.getSourceManager();
  HandleTypes Types(DbHandleTypes);
  Tracer Tracer(Ctx, Types, Body);
  std::optional<bool> Async;

  for (const CoreturnStmt *Return : Body.Returns) {
    const Expr *Operand = Return->getOperand();
    // A braced list is judged by the value return_value receives.
    if (isa<InitListExpr>(Operand->IgnoreParenImpCasts()))
      if (const auto *Promise =
              dyn_cast_or_null<CXXMemberCallExpr>(Return->getPromiseCall()->IgnoreImplicit());
          Promise && Promise->getNumArgs() == 1)
        Operand = Promise->getArg(0);
    QualType Returned = Operand->getType();
    if (Returned.isNull() || Returned->isVoidType())
      continue;
    if (!Types.contains(Returned))
      continue;
    Trace T = Tracer.trace(Operand, Return->getKeywordLoc());
    if (T.Verdict == Trace::None)
      continue;
    SourceLocation Loc = SM.getFileLoc(Return->getKeywordLoc());
    if (SM.isInSystemHeader(Loc) || Reported.contains(Loc))
      continue;
    if (!Async)
      Async = isAsyncCoroutine(*Coroutine, scanCoroutine(*Coroutine, [](const CallSite &) {}));
    if (!*Async)
      return;
    Reported.insert(Loc);

    QualType Shown = shownType(Returned, *Coroutine, Types);
    std::optional<TypeHit> Hit = Types.find(Shown);
    if (!Hit)
      continue;
    {
      auto Diag = diag(Loc, Hit->Direct ? "%0 returns '%1', a lazy database handle still bound to "
                                          "its connection: whoever reads it does blocking "
                                          "database I/O on the event loop; %3"
                                        : "%0 returns '%1' holding '%2', a lazy database handle "
                                          "still bound to its connection: whoever reads it does "
                                          "blocking database I/O on the event loop; %3");
      Diag << describeCoroutine(*Coroutine) << Shown.getAsString(Ctx.getPrintingPolicy())
           << Hit->Handle << Hit->Instead;
    } // The warning must be emitted before its note.
    // Point at the producer unless it is the returned expression itself.
    if (T.Producer) {
      SourceRange OperandRange = Operand->getSourceRange();
      SourceLocation ProducerLoc = SM.getFileLoc(T.Producer->getBeginLoc());
      bool InOperand = !SM.isBeforeInTranslationUnit(ProducerLoc, SM.getFileLoc(OperandRange.getBegin())) &&
                       !SM.isBeforeInTranslationUnit(SM.getFileLoc(OperandRange.getEnd()), ProducerLoc);
      if (!InOperand)
        diag(ProducerLoc, "the handle is produced here", DiagnosticIDs::Note);
    }
  }
}

} // namespace clang::tidy::async
