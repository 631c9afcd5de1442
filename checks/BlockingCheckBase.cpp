// What every async-blocking-* check shares: find calls that block the thread inside coroutines
// that run on an event loop, and report each once, at the spelling the user wrote.
#include "BlockingCheckBase.h"

#include "ExecutionContext.h"
#include "RuntimeProfiles.h"
#include "CrossTuSummaries.h"
#include "NestedRunCheck.h"
#include "TranslationUnitCache.h"
#include "TransitiveBlocking.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>
#include <mutex>
#include <array>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

static constexpr llvm::StringLiteral BlockingAnnotation = "async::blocking";
static constexpr llvm::StringLiteral MaxCallDepthName = "MaxCallDepth";
static constexpr unsigned DefaultMaxCallDepth = 4;
// async-blocking-call's option: the functions it names are blocking roots for every check's
// transitive analysis (followed no further), so every check reads it to share one summary.
static constexpr llvm::StringLiteral CallCheckName = "async-blocking-call";
static constexpr llvm::StringLiteral BlockingFunctionsName = "BlockingFunctions";

static std::string markedBlockingOption(ClangTidyContext *Context) {
  return ClangTidyCheck::OptionsView(CallCheckName, Context->getOptions().CheckOptions, Context)
      .get(BlockingFunctionsName, "")
      .str();
}

BlockingCheckBase::BlockingCheckBase(StringRef Name, ClangTidyContext *Context,
                                     std::optional<BlockingCategory> Category)
    : AsyncCheck(Name, Context),
      AllowedFunctionsOption(Options.getLocalOrGlobal("AllowedFunctions", "")),
      AllowedFunctions(parseNameList(AllowedFunctionsOption)),
      BlockingExecutorsOption(
          Options.getLocalOrGlobal("BlockingExecutors", DefaultBlockingExecutors)),
      BlockingExecutors(parseNameList(BlockingExecutorsOption)),
      MaxCallDepth(Options.getLocalOrGlobal(MaxCallDepthName, DefaultMaxCallDepth)),
      MarkedBlockingFunctionsOption(markedBlockingOption(Context)),
      MarkedBlockingFunctions(parseNameList(MarkedBlockingFunctionsOption)),
      NestedRuns(NestedRunMatcher::of(Context)),
      SummaryPolicy(AllowedFunctionsOption + "\x1f" + MarkedBlockingFunctionsOption + "\x1f" +
                    NestedRuns.key().str()) {
  this->Category = Category;
  if (Category)
    Index = &CatalogueIndex::of(*Category);
}

std::optional<unsigned> BlockingCheckBase::transitiveKind() const {
  if (Category)
    return RootKind::of(*Category);
  return std::nullopt;
}

std::optional<BlockingReason>
BlockingCheckBase::markedBlockingReason(const FunctionDecl &Callee,
                                        llvm::ArrayRef<QualifiedName> BlockingFunctions) {
  // Moving or copying a marked class's object is not the marked operation.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Callee);
      Ctor && Ctor->isCopyOrMoveConstructor())
    return std::nullopt;
  const char *Why = nullptr;
  if (hasAnnotation(Callee, BlockingAnnotation))
    Why = "work its declaration marks blocking";
  else if (matchesAny(Callee, BlockingFunctions))
    Why = "work the BlockingFunctions option marks blocking";
  if (!Why)
    return std::nullopt;
  return BlockingReason{Callee.getQualifiedNameAsString(), Why, "{offload}"};
}

void BlockingCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllowedFunctions", AllowedFunctionsOption);
  Options.store(Opts, "BlockingExecutors", BlockingExecutorsOption);
  if (transitiveKind())
    Options.store(Opts, MaxCallDepthName, MaxCallDepth);
}

// --- The conditions of the catalogue rows ------------------------------------------------

namespace {

/// Records where the non-blocking idiom's macros (EAGAIN, O_NONBLOCK, ...) are expanded, once
/// per preprocessor for every check that asks (idiomMacroLocations).
class IdiomMacroRecorder : public PPCallbacks {
public:
  IdiomMacroRecorder(const SourceManager &SM, Preprocessor &PP,
                     std::shared_ptr<std::vector<SourceLocation>> Locs)
      : SM(SM), PP(PP), Locs(std::move(Locs)) {
    // By identifier: this runs on every macro expansion of every header (Boost's are many),
    // where hashing each name cost 0.6 % of a Boost.Asio TU's instructions.
    for (llvm::StringRef Name : factNames(FactKind::NonBlockingMacro))
      Names.insert(PP.getIdentifierInfo(Name));
  }
  ~IdiomMacroRecorder() override;

  void MacroExpands(const Token &MacroNameTok, const MacroDefinition &, SourceRange Range,
                    const MacroArgs *) override {
    if (!Names.contains(MacroNameTok.getIdentifierInfo()))
      return;
    // The coroutines analysed are never in system headers; Asio's own EAGAINs need no record.
    SourceLocation Loc = SM.getFileLoc(Range.getBegin());
    if (!SM.isInSystemHeader(Loc))
      Locs->push_back(Loc);
  }

private:
  const SourceManager &SM;
  const Preprocessor &PP;
  std::shared_ptr<std::vector<SourceLocation>> Locs;
  llvm::SmallPtrSet<const IdentifierInfo *, 16> Names;
};

/// The live recorder's record of each preprocessor. An entry lives exactly as long as its
/// recorder, which the preprocessor owns: a later preprocessor at a freed one's address finds
/// none. Guarded: clangd builds ASTs on several threads and may free one on another.
std::mutex RecordsMutex;
llvm::DenseMap<const Preprocessor *, std::weak_ptr<std::vector<SourceLocation>>> Records;

IdiomMacroRecorder::~IdiomMacroRecorder() {
  std::lock_guard<std::mutex> Lock(RecordsMutex);
  auto It = Records.find(&PP);
  if (It != Records.end() && It->second.lock() == Locs)
    Records.erase(It);
}

/// Where \p PP expands the idiom's macros: one recorder for all the checks of a file, since a
/// PPCallbacks is called on every expansion of every header (ten recorders chained cost 0.7 %
/// of a Boost.Asio TU's instructions).
std::shared_ptr<std::vector<SourceLocation>> idiomMacroLocations(const SourceManager &SM,
                                                                 Preprocessor &PP) {
  std::lock_guard<std::mutex> Lock(RecordsMutex);
  std::weak_ptr<std::vector<SourceLocation>> &Entry = Records[&PP];
  if (std::shared_ptr<std::vector<SourceLocation>> Live = Entry.lock())
    return Live;
  auto Locs = std::make_shared<std::vector<SourceLocation>>();
  Entry = Locs;
  PP.addPPCallbacks(std::make_unique<IdiomMacroRecorder>(SM, PP, Locs));
  return Locs;
}

/// Every assignment to a local variable in a coroutine body (initializers and `x = ...`), so
/// that a descriptor's origin can be looked up.
class AssignmentCollector : public RecursiveASTVisitor<AssignmentCollector> {
public:
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>> Values;
  bool VisitVarDecl(VarDecl *V) {
    if (V->getInit())
      Values[V].push_back(V->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign)
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Op->getLHS()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
          Values[V].push_back(Op->getRHS());
    return true;
  }
};

const std::vector<QualifiedName> &factQualifiedNames(FactKind Kind) {
  constexpr unsigned KindCount = static_cast<unsigned>(FactKind::QtResourcePrefix) + 1;
  static const auto Names = [] {
    std::array<std::vector<QualifiedName>, KindCount> All;
    for (const CatalogueFact &Fact : catalogueFacts())
      All[static_cast<unsigned>(Fact.Kind)].emplace_back(Fact.Name);
    return All;
  }();
  return Names[static_cast<unsigned>(Kind)];
}

/// Finds a call to a NonBlockingCall fact (PQisBusy, ...) in a body, and collects the
/// functions the body calls (their bodies may show the idiom instead).
class IdiomCallFinder : public RecursiveASTVisitor<IdiomCallFinder> {
public:
  bool Found = false;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Callees;
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      Found = matchesAny(*Callee, factQualifiedNames(FactKind::NonBlockingCall));
      Callees.insert(Callee);
    }
    return !Found;
  }
};

bool isImplicitObjectMember(const FunctionDecl &FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&FD);
  return Method && Method->isImplicitObjectMemberFunction() && !isa<CXXConstructorDecl>(Method);
}

/// The argument a row's Arg index names: for a non-static member function 0 is the object.
const Expr *argumentAt(const Expr *Call, const FunctionDecl &Callee, int Index) {
  if (Index < 0)
    return nullptr;
  unsigned I = static_cast<unsigned>(Index);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    return I < Construct->getNumArgs() ? Construct->getArg(I) : nullptr;
  const auto *CE = dyn_cast<CallExpr>(Call);
  if (!CE)
    return nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE);
      Member && isImplicitObjectMember(Callee)) {
    if (I == 0)
      return Member->getImplicitObjectArgument();
    --I;
  }
  // A member operator call already has the object as its argument 0.
  return I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
}

const ParmVarDecl *parameterAt(const FunctionDecl &Callee, int Index) {
  if (Index < 0)
    return nullptr;
  unsigned I = static_cast<unsigned>(Index);
  if (isImplicitObjectMember(Callee)) {
    if (I == 0)
      return nullptr;
    --I;
  }
  return I < Callee.getNumParams() ? Callee.getParamDecl(I) : nullptr;
}

const Expr *strip(const Expr *E) {
  return E ? E->IgnoreImplicit()->IgnoreParenImpCasts() : nullptr;
}

const VarDecl *referencedVar(const Expr *E) {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(strip(E)))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

std::optional<llvm::APSInt> integerValue(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent() ||
      !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  return E->getIntegerConstantExpr(Ctx);
}

bool isDeviceLiteral(const Expr *Path) {
  const auto *Literal = dyn_cast_or_null<StringLiteral>(strip(Path));
  if (!Literal || Literal->getCharByteWidth() != 1)
    return false;
  for (llvm::StringRef Prefix : factNames(FactKind::DevicePrefix))
    if (Literal->getString().starts_with(Prefix))
      return true;
  return false;
}

/// The string literal an argument spells, through the conversions to std::string or
/// std::string_view that a literal argument goes through.
const StringLiteral *spelledLiteral(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *Literal = dyn_cast<StringLiteral>(E))
      return Literal->getCharByteWidth() == 1 ? Literal : nullptr;
    const auto *Construct = dyn_cast<CXXConstructExpr>(E);
    if (!Construct || Construct->getNumArgs() == 0)
      return nullptr;
    E = Construct->getArg(0);
  }
  return nullptr;
}

/// True for a literal path into a kernel pseudo-filesystem (/proc/self/status): the kernel
/// answers from memory, no disk is waited for.
bool isPseudoFileLiteral(const Expr *Path) {
  const StringLiteral *Literal = spelledLiteral(Path);
  if (!Literal)
    return false;
  for (llvm::StringRef Prefix : factNames(FactKind::PseudoFilePrefix))
    if (Literal->getString().starts_with(Prefix))
      return true;
  return false;
}

/// True for a stream variable constructed on a pseudo-file literal (`std::ifstream
/// in("/proc/self/status")`).
bool isPseudoFileStream(const Expr *Object) {
  const VarDecl *Var = referencedVar(Object);
  const auto *Construct =
      Var && Var->getInit() ? dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit()) : nullptr;
  return Construct && Construct->getNumArgs() > 0 && isPseudoFileLiteral(Construct->getArg(0));
}

/// True for a variable initialized by a co_await (`auto done = co_await r.resolve();`): what an
/// await hands back is ready, and get() on it returns at once — in the coroutine, or in a
/// lambda that captured it.
bool isAwaitedResult(const Expr *Object) {
  const VarDecl *Var = referencedVar(Object);
  const Expr *Init = Var ? Var->getInit() : nullptr;
  for (int Depth = 0; Init && Depth < 4; ++Depth) {
    Init = Init->IgnoreImplicit()->IgnoreParenImpCasts();
    if (isa<CoawaitExpr>(Init))
      return true;
    const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
    if (!Construct || Construct->getNumArgs() != 1)
      return false;
    Init = Construct->getArg(0);
  }
  return false;
}

/// The first argument of string type: the host of a resolver call, the path of a file call.
const Expr *firstStringArgument(const Expr *Call) {
  auto IsString = [](QualType T) {
    T = T.getNonReferenceType();
    if (T->isPointerType() || T->isArrayType())
      return T->getPointeeOrArrayElementType()->isCharType();
    const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
    return Record && Record->getName().contains("string");
  };
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = dyn_cast<CallExpr>(Call))
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  else if (const auto *C = dyn_cast<CXXConstructExpr>(Call))
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  for (const Expr *Arg : Args)
    if (Arg && IsString(Arg->getType()))
      return Arg;
  return nullptr;
}

/// True for "0.0.0.0", "127.0.0.1", "::", "::1", "fe80::1": a numeric address, which a resolver
/// turns into an endpoint without asking anyone.
bool isNumericHostLiteral(const Expr *Host) {
  const StringLiteral *Literal = spelledLiteral(Host);
  if (!Literal)
    return false;
  llvm::StringRef Text = Literal->getString();
  if (Text.empty())
    return false;
  if (Text.contains(':'))
    return llvm::all_of(Text, [](char C) { return llvm::isHexDigit(C) || C == ':' || C == '.'; });
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Text.split(Parts, '.');
  return Parts.size() == 4 && llvm::all_of(Parts, [](llvm::StringRef Part) {
           unsigned Value;
           return !Part.empty() && Part.size() <= 3 && !Part.getAsInteger(10, Value) && Value <= 255;
         });
}

/// The stream a stream expression is: through a member call that hands back its own object
/// and is no catalogue row itself (`out.seekp(pos).write(...)`: seekp returns the
/// std::ostream& it was called on, so the write is the file's), but not through one that is
/// (`out << a << b` is reported once, at the first `<<`).
const Expr *streamObject(const Expr *Stream) {
  for (int Depth = 0; Stream && Depth < 8; ++Depth) {
    Stream = strip(Stream);
    const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Stream);
    const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
    if (!Method || !Method->getReturnType()->isLValueReferenceType())
      return Stream;
    const CXXRecordDecl *Returned =
        Method->getReturnType()->getPointeeType()->getAsCXXRecordDecl();
    const CXXRecordDecl *Own = Method->getParent();
    bool ReturnsItself = Returned && Own &&
                         (Returned->getCanonicalDecl() == Own->getCanonicalDecl() ||
                          Own->isDerivedFrom(Returned));
    if (!ReturnsItself || !CatalogueIndex::whole().findAll(*Method).empty())
      return Stream;
    Stream = Member->getImplicitObjectArgument();
  }
  return Stream;
}

bool isFileOrStdinStream(const Expr *Stream) {
  Stream = streamObject(Stream);
  if (!Stream)
    return false;
  if (const VarDecl *Var = referencedVar(Stream))
    if (matchesAny(*Var, factQualifiedNames(FactKind::StdinStream)))
      return true;
  // The declared type: a file stream, a reference to one (a parameter, a member, a local
  // alias), or a pointer to one (`file_->write(...)` through a std::unique_ptr<std::ofstream>).
  // A std::ostream& is not: it may be a string stream.
  QualType Type = Stream->getType().getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  return Record && matchesAny(*Record, factQualifiedNames(FactKind::FileStream));
}

bool isAllZeroInit(const Expr *Init, const ASTContext &Ctx) {
  Init = strip(Init);
  if (!Init)
    return false;
  if (isa<ImplicitValueInitExpr>(Init))
    return true;
  if (const auto *List = dyn_cast<InitListExpr>(Init)) {
    for (const Expr *Element : List->inits())
      if (!isAllZeroInit(Element, Ctx))
        return false;
    return true;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
    return Construct->getNumArgs() == 0 &&
           (Construct->requiresZeroInitialization() || Construct->isListInitialization());
  std::optional<llvm::APSInt> Value = integerValue(Init, Ctx);
  return Value && Value->isZero();
}

/// True for a constant whose only scalar is zero: a std::chrono::duration (one arithmetic member)
/// or a time_point (one duration member) evaluated at compile time.
bool isZeroValue(const APValue &V) {
  if (V.isInt())
    return V.getInt().isZero();
  if (V.isFloat())
    return V.getFloat().isZero();
  if (V.isStruct() && V.getStructNumBases() == 0 && V.getStructNumFields() == 1)
    return isZeroValue(V.getStructField(0));
  return false;
}

/// True for `stream >> m` / `stream << m` where m only changes the stream's format state: a
/// manipulator taking the `ios_base&` or `basic_ios&` (std::hex, std::noskipws, std::boolalpha)
/// or the result of std::setw/setfill/setbase/setprecision/setiosflags/resetiosflags. Nothing
/// is read or written. Manipulators of the stream itself (std::ws, std::endl, std::flush) do
/// read or write, and stay reported.
bool onlySetsFormat(const Expr *Call) {
  const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Call);
  if (!Op || Op->getNumArgs() != 2 ||
      (Op->getOperator() != OO_GreaterGreater && Op->getOperator() != OO_LessLess))
    return false;
  const Expr *Operand = Op->getArg(1)->IgnoreParenImpCasts();
  if (const auto *Inner = dyn_cast<CallExpr>(Operand)) {
    const FunctionDecl *Callee = Inner->getDirectCallee();
    return Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
           llvm::is_contained({"setw", "setfill", "setbase", "setprecision", "setiosflags",
                               "resetiosflags"},
                              Callee->getName());
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Operand);
  const auto *Manipulator = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
  if (!Manipulator || Manipulator->getNumParams() != 1)
    return false;
  const CXXRecordDecl *Stream =
      Manipulator->getParamDecl(0)->getType().getNonReferenceType()->getAsCXXRecordDecl();
  return Stream && Stream->isInStdNamespace() && Stream->getIdentifier() &&
         (Stream->getName() == "ios_base" || Stream->getName() == "basic_ios");
}

/// A timeout or deadline that only polls: 0, 0s, seconds(0), duration{}, duration::zero(),
/// clock::now(), time_point::min(), or a pointer to an all-zero timeval/timespec.
bool isZeroTimeout(const Expr *E, const ASTContext &Ctx, unsigned Depth = 0) {
  if (!E || Depth > 8)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens()->IgnoreImplicit();
  if (std::optional<llvm::APSInt> Value = integerValue(E, Ctx))
    return Value->isZero();
  // `0s`, `seconds(0)`, `milliseconds::zero()`, a constexpr duration: evaluate it.
  if (!E->isValueDependent() && E->getType()->isRecordType()) {
    Expr::EvalResult Result;
    if (E->EvaluateAsRValue(Result, Ctx) && !Result.HasSideEffects)
      return isZeroValue(Result.Val);
  }
  if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
    const Expr *Cooked = UDL->getCookedLiteral();
    if (const auto *Int = dyn_cast_or_null<IntegerLiteral>(Cooked))
      return Int->getValue().isZero();
    if (const auto *Float = dyn_cast_or_null<FloatingLiteral>(Cooked))
      return Float->getValue().isZero();
    return false;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0)
      return true; // duration{} is zero; time_point{} is the epoch, long past
    if (Construct->getNumArgs() == 1)
      return isZeroTimeout(Construct->getArg(0), Ctx, Depth + 1);
    return false;
  }
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return isZeroTimeout(Cast->getSubExpr(), Ctx, Depth + 1);
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0 ||
           (List->getNumInits() == 1 && isZeroTimeout(List->getInit(0), Ctx, Depth + 1));
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return false;
    llvm::StringRef Name = Callee->getName();
    if (Name == "zero" || Name == "min" || Name == "now")
      return Call->getNumArgs() == 0;
    // gRPC's C deadlines (grpc/support/time.h): `gpr_time_0(clock)` and `gpr_inf_past(clock)`
    // are no wait, `gpr_now(clock)` is now.
    if ((Name == "gpr_time_0" || Name == "gpr_inf_past" || Name == "gpr_now") &&
        Callee->isExternC())
      return Call->getNumArgs() == 1;
    if (Name == "duration_cast" || Name == "time_point_cast" || Name == "floor" ||
        Name == "ceil" || Name == "round")
      return Call->getNumArgs() == 1 && isZeroTimeout(Call->getArg(0), Ctx, Depth + 1);
    return false;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->getOpcode() == UO_AddrOf)
    if (const VarDecl *Var = referencedVar(Unary->getSubExpr()))
      return Var->getInit() && isAllZeroInit(Var->getInit(), Ctx);
  if (const VarDecl *Var = referencedVar(E))
    if (Var->getType().isConstQualified() && Var->getInit())
      return isZeroTimeout(Var->getInit(), Ctx, Depth + 1);
  return false;
}

/// \p E without parentheses, implicit nodes and casts (`static_cast<int>(n)` is n).
const Expr *stripCasts(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = strip(E);
    const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
    if (!Cast)
      return E;
    E = Cast->getSubExpr();
  }
  return E;
}

/// True when \p E is the result of \p Call: the call itself, an assignment of it (`(n =
/// recv(...))`), or the variable \p Result that holds it.
bool isCallResult(const Expr *E, const Expr *Call, const VarDecl *Result) {
  E = stripCasts(E);
  if (E == Call)
    return true;
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(E);
      Assign && Assign->getOpcode() == BO_Assign)
    return stripCasts(Assign->getRHS()) == Call;
  return Result && referencedVar(E) == Result;
}

/// True for a condition that holds when \p Call failed: its result compared with the failure
/// value (`n < 0`, `n == -1`, `n <= 0`, `-1 == n`), alone or in a `&&`/`||`.
bool isFailureTest(const Expr *Cond, const Expr *Call, const VarDecl *Result,
                   const ASTContext &Ctx) {
  const auto *Op = dyn_cast_or_null<BinaryOperator>(stripCasts(Cond));
  if (!Op)
    return false;
  if (Op->isLogicalOp())
    return isFailureTest(Op->getLHS(), Call, Result, Ctx) ||
           isFailureTest(Op->getRHS(), Call, Result, Ctx);
  if (!Op->isComparisonOp())
    return false;
  BinaryOperatorKind Kind = Op->getOpcode();
  const Expr *Value = Op->getLHS(), *Constant = Op->getRHS();
  if (!isCallResult(Value, Call, Result)) {
    std::swap(Value, Constant);
    Kind = BinaryOperator::reverseComparisonOp(Kind);
    if (!isCallResult(Value, Call, Result))
      return false;
  }
  std::optional<llvm::APSInt> C = integerValue(strip(Constant), Ctx);
  if (!C || C->isStrictlyPositive())
    return false;
  int64_t K = C->getExtValue();
  switch (Kind) {
  case BO_LT: return -1 < K;
  case BO_LE: return -1 <= K;
  case BO_EQ: return K == -1;
  default: return false;
  }
}

/// Walks a statement in source order: whether a suspension point (`co_await`, `co_yield`) of
/// the coroutine comes before \p Target (a node), and whether a `continue` of the loop the walk
/// starts in comes after one.
class SuspensionOrder : public RecursiveASTVisitor<SuspensionOrder> {
  using Base = RecursiveASTVisitor<SuspensionOrder>;

public:
  explicit SuspensionOrder(const Stmt *Target = nullptr) : Target(Target) {}
  bool Suspended = false;          // a suspension point was seen
  bool SuspendedBeforeTarget = false;
  bool TargetSeen = false;
  bool ContinuesAfterSuspending = false;
  bool ContinueSeen = false;

  bool TraverseStmt(Stmt *S) {
    if (S && S == Target && !TargetSeen) {
      TargetSeen = true;
      SuspendedBeforeTarget = Suspended;
    }
    return Base::TraverseStmt(S);
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its own body, not the coroutine's
  // A `continue` in a nested loop retries that loop.
  bool TraverseWhileStmt(WhileStmt *S) { return nested([&] { return Base::TraverseWhileStmt(S); }); }
  bool TraverseDoStmt(DoStmt *S) { return nested([&] { return Base::TraverseDoStmt(S); }); }
  bool TraverseForStmt(ForStmt *S) { return nested([&] { return Base::TraverseForStmt(S); }); }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    return nested([&] { return Base::TraverseCXXForRangeStmt(S); });
  }
  bool VisitCoawaitExpr(CoawaitExpr *) { return suspend(); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) { return suspend(); }
  bool VisitCoyieldExpr(CoyieldExpr *) { return suspend(); }
  bool VisitContinueStmt(ContinueStmt *) {
    if (NestedLoops == 0) {
      ContinueSeen = true;
      ContinuesAfterSuspending = ContinuesAfterSuspending || Suspended;
    }
    return true;
  }

private:
  bool suspend() {
    Suspended = true;
    return true;
  }
  template <class F> bool nested(F Traverse) {
    ++NestedLoops;
    bool Result = Traverse();
    --NestedLoops;
    return Result;
  }
  const Stmt *Target;
  unsigned NestedLoops = 0;
};

/// The readiness idiom, told by the code around a socket call: its result is compared with the
/// failure value, and on failure the coroutine suspends before it retries — the failure
/// branch awaits and then `continue`s the loop around the call, or it `continue`s a loop that
/// awaits before the call (`for (;;) { co_await poll(fd); n = ::recv(fd, ...); if (n < 0) {
/// if (again(errno)) continue; throw ...; } }`), or the call is the condition of a loop
/// that awaits. Wherever the would-block test lives (a helper in another file): only a
/// descriptor that returns at once on "not yet" is retried after yielding to the loop.
bool retriesAfterSuspending(const CallSite &Site, const ASTContext &Ctx) {
  if (Site.Loops.empty())
    return false;
  const Stmt *Loop = Site.Loops.back();
  const Stmt *Body = nullptr;
  const Expr *LoopCond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    Body = While->getBody(), LoopCond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(Loop))
    Body = Do->getBody();
  else if (const auto *For = dyn_cast<ForStmt>(Loop))
    Body = For->getBody(), LoopCond = For->getCond();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    Body = Range->getBody();
  if (!Body)
    return false;
  // `while ((n = ::recv(...)) < 0) { ... co_await readable(fd); }`: the loop is the retry.
  if (LoopCond && isFailureTest(LoopCond, Site.Call, nullptr, Ctx)) {
    SuspensionOrder Order;
    Order.TraverseStmt(const_cast<Stmt *>(Body));
    if (Order.Suspended)
      return true;
  }
  // The variable that holds the result: `ssize_t n = ::recv(...)` or `n = ::recv(...)`.
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    explicit Finder(const Expr *Call) : Call(Call) {}
    const VarDecl *Result = nullptr;
    llvm::SmallVector<const IfStmt *, 2> Ifs;
    bool VisitVarDecl(VarDecl *V) {
      if (!Result && V->getInit() && stripCasts(V->getInit()) == Call)
        Result = V;
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *Op) {
      if (!Result && Op->getOpcode() == BO_Assign && stripCasts(Op->getRHS()) == Call)
        Result = referencedVar(Op->getLHS());
      return true;
    }
    bool VisitIfStmt(IfStmt *If) {
      Ifs.push_back(If);
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  private:
    const Expr *Call;
  } Found(Site.Call);
  Found.TraverseStmt(const_cast<Stmt *>(Body));
  std::optional<bool> AwaitsBeforeCall;
  for (const IfStmt *If : Found.Ifs) {
    if (!If->getThen() || !isFailureTest(If->getCond(), Site.Call, Found.Result, Ctx))
      continue;
    SuspensionOrder Branch;
    Branch.TraverseStmt(const_cast<Stmt *>(If->getThen()));
    if (Branch.ContinuesAfterSuspending)
      return true;
    if (!Branch.ContinueSeen)
      continue;
    // The branch retries without suspending: the loop must suspend before the call.
    if (!AwaitsBeforeCall) {
      SuspensionOrder Order(Site.Call);
      Order.TraverseStmt(const_cast<Stmt *>(Body));
      AwaitsBeforeCall = Order.TargetSeen && Order.SuspendedBeforeTarget;
    }
    if (*AwaitsBeforeCall)
      return true;
  }
  return false;
}

/// For `select(..., &tv)`: whether the timeval/timespec `tv` is zero, from its initializer and
/// the assignments to its fields in the coroutine (`tv.tv_sec = 0; tv.tv_usec = 0;`). A field set
/// to anything but a zero constant makes it a real timeout; a struct that is neither initialized
/// nor assigned here is of unknown value, and precision wins: it counts as zero.
bool timeoutStructIsZero(const Expr *Arg, const FunctionDecl &Coroutine,
                                const ASTContext &Ctx) {
  const auto *Unary = dyn_cast_or_null<UnaryOperator>(strip(Arg));
  if (!Unary || Unary->getOpcode() != UO_AddrOf)
    return false;
  const VarDecl *Var = referencedVar(Unary->getSubExpr());
  if (!Var || !Var->isLocalVarDecl())
    return false;
  // `timeval tv;` default-initializes through a trivial constructor: no value yet.
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(strip(Var->getInit()));
  bool Uninitialized = !Var->getInit() || (Construct && Construct->getNumArgs() == 0 &&
                                           !Construct->requiresZeroInitialization() &&
                                           !Construct->isListInitialization());
  if (!Uninitialized && !isAllZeroInit(Var->getInit(), Ctx))
    return false;
  class FieldAssignments : public RecursiveASTVisitor<FieldAssignments> {
  public:
    FieldAssignments(const VarDecl *Var, const ASTContext &Ctx) : Var(Var), Ctx(Ctx) {}
    bool NonZero = false;
    bool VisitBinaryOperator(BinaryOperator *Op) {
      const auto *Field = dyn_cast<MemberExpr>(Op->getLHS()->IgnoreParenImpCasts());
      if (!Op->isAssignmentOp() || !Field || referencedVar(Field->getBase()) != Var)
        return true;
      std::optional<llvm::APSInt> Value = integerValue(strip(Op->getRHS()), Ctx);
      NonZero = Op->getOpcode() != BO_Assign || !Value || !Value->isZero();
      return !NonZero;
    }

  private:
    const VarDecl *Var;
    const ASTContext &Ctx;
  } Assignments(Var, Ctx);
  Assignments.TraverseStmt(Coroutine.getBody());
  return !Assignments.NonZero;
}

} // namespace

void BlockingCheckBase::registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                                            Preprocessor *) {
  // The transitive summaries are shared by the checks: whichever computes one judges every
  // category's rows, so it needs the idiom's macros too.
  if ((transitiveKind() && MaxCallDepth > 0) ||
      (Index && (Index->uses(BlockingCondition::UnlessNonBlockingIdiom) ||
                Index->uses(BlockingCondition::DevicePath) ||
                Index->uses(BlockingCondition::FileDescriptor) ||
                Index->uses(BlockingCondition::DeviceDescriptor))))
    IdiomMacroLocs = idiomMacroLocations(SM, *PP);
}

bool BlockingCheckBase::showsNonBlockingIdiom(const FunctionDecl &Coroutine,
                                              const SourceManager &SM) {
  if (CachedIdiom)
    return *CachedIdiom;
  CachedIdiom = false;
  const Stmt *Body = Coroutine.getBody();
  // A template instantiation's body is spelled where its pattern is.
  SourceLocation Begin = SM.getFileLoc(Body->getBeginLoc());
  SourceLocation End = SM.getFileLoc(Body->getEndLoc());
  llvm::ArrayRef<SourceLocation> MacroLocs;
  if (IdiomMacroLocs)
    MacroLocs = *IdiomMacroLocs;
  for (SourceLocation Loc : MacroLocs)
    if (Loc == Begin || Loc == End ||
        (SM.isBeforeInTranslationUnit(Begin, Loc) && SM.isBeforeInTranslationUnit(Loc, End)))
      return *(CachedIdiom = true);
  IdiomCallFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  if (Finder.Found)
    return *(CachedIdiom = true);
  // The errno test may live in a helper the coroutine calls (`if (would_block()) co_await
  // readable(fd);`): the idiom's macros in the body of a function called from here count too.
  if (MacroLocs.empty())
    return false;
  for (const FunctionDecl *Callee : Finder.Callees) {
    const FunctionDecl *Def = nullptr;
    if (!Callee->hasBody(Def) || !Def || !Def->getBody())
      continue;
    SourceLocation From = SM.getFileLoc(Def->getBody()->getBeginLoc());
    SourceLocation To = SM.getFileLoc(Def->getBody()->getEndLoc());
    if (SM.isInSystemHeader(From))
      continue;
    for (SourceLocation Loc : MacroLocs)
      if (SM.isBeforeInTranslationUnit(From, Loc) && SM.isBeforeInTranslationUnit(Loc, To))
        return *(CachedIdiom = true);
  }
  return false;
}

bool BlockingCheckBase::isNonBlockingSocket(const Expr *Fd, const FunctionDecl &Coroutine,
                                            ASTContext &Ctx) {
  const ValueDecl *D = referencedDecl(Fd);
  if (!D)
    return false;
  // Made non-blocking where it was created or configured, here or anywhere in the TU.
  if (TranslationUnitFacts::of(Ctx).isMadeNonBlocking(D))
    return true;
  // The readiness idiom: the coroutine awaits something about this very descriptor (it
  // becoming readable or writable) around the call.
  if (!CurrentScan)
    return false;
  // The descriptor may reach the await through locals: `Event ev{fd}; auto w = wait(ev);
  // co_await w;` awaits readiness of fd all the same.
  class RefFinder : public RecursiveASTVisitor<RefFinder> {
  public:
    explicit RefFinder(const ValueDecl *D) : D(D) {}
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      Found = Found || Ref->getDecl() == D;
      if (const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
          !Found && Local && Local->isLocalVarDecl() && Local->getInit() && Depth < 3 &&
          Visited.insert(Local).second) {
        ++Depth;
        TraverseStmt(const_cast<Expr *>(Local->getInit()));
        --Depth;
      }
      return !Found;
    }
    bool VisitMemberExpr(MemberExpr *Member) {
      Found = Found || Member->getMemberDecl() == D;
      return !Found;
    }

  private:
    const ValueDecl *D;
    unsigned Depth = 0;
    llvm::SmallPtrSet<const VarDecl *, 4> Visited;
  };
  for (const Expr *Operand : CurrentScan->Awaits) {
    RefFinder Finder(D);
    Finder.TraverseStmt(const_cast<Expr *>(Operand));
    if (Finder.Found)
      return true;
  }
  return false;
}

bool BlockingCheckBase::runsOffTheLoop(const CallSite &Site, const CoroutineScan &Scan,
                                       const FunctionDecl &Coroutine, ASTContext &Ctx) {
  // Driven inline from plain code (sync_wait, .resume(), .get()) and not yet suspended: this
  // runs on that plain thread, which is no event loop.
  if (!mayRunAfterSuspension(Site, Scan) && TranslationUnitFacts::mayBeDrivenInline(Coroutine) &&
      TranslationUnitFacts::of(Ctx).isDrivenInline(Coroutine))
    return true;
  // After `co_await resume_on(background_executor)` the coroutine runs on an executor made
  // for blocking work, until it awaits the same kind of hop to another executor.
  bool OnBlockingExecutor = false;
  const FunctionDecl *Hop = nullptr;
  for (unsigned I = 0; I < Site.AwaitsBefore && I < Scan.Awaits.size(); ++I) {
    const auto *Call = dyn_cast_or_null<CallExpr>(stripMoves(Scan.Awaits[I]));
    if (!Call)
      continue;
    bool ToBlocking = false;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      ToBlocking = isBlockingExecutor(Member->getImplicitObjectArgument(), &Coroutine,
                                      BlockingExecutors, Ctx);
    for (const Expr *Arg : Call->arguments())
      ToBlocking = ToBlocking || isBlockingExecutor(Arg, &Coroutine, BlockingExecutors, Ctx);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (ToBlocking) {
      OnBlockingExecutor = true;
      Hop = Callee ? Callee->getCanonicalDecl() : nullptr;
    } else if (OnBlockingExecutor && Callee && Callee->getCanonicalDecl() == Hop) {
      OnBlockingExecutor = false;
    }
  }
  return OnBlockingExecutor;
}

BlockingCheckBase::FdKind BlockingCheckBase::descriptorKind(const Expr *Fd,
                                                            const FunctionDecl &Coroutine,
                                                            ASTContext &Ctx) {
  // Standard input: reading it waits for the user (file-io's "reading stdin").
  if (std::optional<llvm::APSInt> Value = integerValue(strip(Fd), Ctx))
    return Value->isZero() ? FdKind::File : FdKind::Unknown;
  // Where the descriptor came from: a call to a catalogue `open`, directly or through a local
  // variable every non-constant assignment of which is such a call.
  auto OriginOf = [&](const Expr *Value) -> std::optional<FdKind> {
    const auto *Call = dyn_cast_or_null<CallExpr>(strip(Value));
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee)
      return std::nullopt;
    for (const CatalogueEntry *Entry : CatalogueIndex::whole().findAll(*Callee))
      if (Entry->Condition == BlockingCondition::NotDevicePath ||
          Entry->Condition == BlockingCondition::DevicePath)
        return isDeviceLiteral(argumentAt(Call, *Callee, Entry->Arg)) ? FdKind::Device
                                                                       : FdKind::File;
    return std::nullopt;
  };
  if (std::optional<FdKind> Direct = OriginOf(Fd))
    return *Direct;
  const VarDecl *Var = referencedVar(Fd);
  if (!Var || !Var->isLocalVarDecl())
    return FdKind::Unknown;
  if (!CachedAssignments) {
    AssignmentCollector Collector;
    Collector.TraverseStmt(Coroutine.getBody());
    CachedAssignments = std::move(Collector.Values);
  }
  auto It = CachedAssignments->find(Var);
  if (It == CachedAssignments->end())
    return FdKind::Unknown;
  std::optional<FdKind> Kind;
  for (const Expr *Value : It->second) {
    if (integerValue(strip(Value), Ctx)) // `int fd = -1;` before the open
      continue;
    std::optional<FdKind> Origin = OriginOf(Value);
    if (!Origin || (Kind && *Kind != *Origin))
      return FdKind::Unknown;
    Kind = Origin;
  }
  return Kind.value_or(FdKind::Unknown);
}

/// For UnlessDontWait: the call's last argument (the flags of zmq_recv, zmq_msg_send,
/// socket_t::recv, ...) is a constant, written or defaulted, without ZMQ_DONTWAIT's bit.
/// ZMQ_DONTWAIT is 1 in every libzmq (zmq.h; ZMQ_NOBLOCK and cppzmq's recv_flags::dontwait
/// and send_flags::dontwait are the same bit). Flags that are not a constant may say "do not
/// wait": precision wins, not reported.
static bool flagsSayWait(const Expr *Call, const ASTContext &Ctx) {
  const auto *CE = dyn_cast<CallExpr>(Call);
  if (!CE || CE->getNumArgs() == 0)
    return false;
  const Expr *Flags = CE->getArg(CE->getNumArgs() - 1);
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(Flags))
    Flags = Default->getExpr();
  // EvaluateAsInt, not an integer constant expression: cppzmq's flags are an enum class
  // (`recv_flags::none`, `send_flags::dontwait | send_flags::sndmore` through a constexpr
  // operator|), which a constant expression of integral type excludes.
  Expr::EvalResult Result;
  if (Flags->isValueDependent() || !Flags->EvaluateAsInt(Result, Ctx) || Result.HasSideEffects)
    return false;
  constexpr uint64_t DontWaitBit = 1;
  return (Result.Val.getInt().getExtValue() & DontWaitBit) == 0;
}

// --- Qt's conditions (NotQtResource, QtFileDevice, UnlessAwaitedBefore) --------------------

/// The string literal, of any character width, that a path argument spells through the
/// conversions a QString goes through: `":/x"`, `QString(":/x")`, `QStringLiteral(":/x")`
/// (a call on a UTF-16 literal), `u":/x"_s`, `QString::fromLatin1(":/x")`.
static const StringLiteral *spelledPathLiteral(const Expr *E) {
  for (int Depth = 0; E && Depth < 12; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *Literal = dyn_cast<StringLiteral>(E))
      return Literal;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 0)
        return nullptr;
      E = Construct->getArg(0);
    } else if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      E = Cast->getSubExpr();
    } else if (const auto *Call = dyn_cast<CallExpr>(E);
               Call && !isa<CXXMemberCallExpr>(Call) && Call->getNumArgs() > 0) {
      E = Call->getArg(0); // a conversion of its first argument, not a member of some object
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// True for a literal Qt resource path (":/data.json"): compiled into the binary.
static bool isQtResourcePath(const Expr *Path) {
  const StringLiteral *Literal = spelledPathLiteral(Path);
  if (!Literal)
    return false;
  // A device (/dev/stdin) or kernel pseudo-file (/proc/) path touches no disk either: as for
  // the POSIX rows' NotDevicePath.
  std::vector<llvm::StringRef> Prefixes = factNames(FactKind::QtResourcePrefix);
  for (FactKind Other : {FactKind::DevicePrefix, FactKind::PseudoFilePrefix})
    for (llvm::StringRef Prefix : factNames(Other))
      Prefixes.push_back(Prefix);
  for (llvm::StringRef Prefix : Prefixes) {
    if (Literal->getLength() < Prefix.size())
      continue;
    bool Same = true;
    for (unsigned I = 0; Same && I < Prefix.size(); ++I)
      Same = Literal->getCodeUnit(I) == static_cast<unsigned char>(Prefix[I]);
    if (Same)
      return true;
  }
  return false;
}

/// True for an object (a QFile, a QDir) constructed on a literal resource path: a temporary
/// (`QFile(":/x").exists()`), or a variable whose initializer is such a construction or `new`.
static bool isOnQtResource(const Expr *Object) {
  const Expr *Made = strip(Object);
  if (const VarDecl *Var = referencedVar(Object))
    Made = Var->getInit() ? strip(Var->getInit()) : nullptr;
  if (const auto *New = dyn_cast_or_null<CXXNewExpr>(Made))
    Made = New->getConstructExpr();
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Made);
  return Construct && Construct->getNumArgs() > 0 && isQtResourcePath(Construct->getArg(0));
}

/// The NotQtResource condition: false when the path is a literal resource, or when a member's
/// first parameter is an integer or a pointer (QFile::open(int fd, ...), open(FILE *, ...)).
static bool notQtResource(const Expr *Arg, const FunctionDecl &Callee) {
  if (isImplicitObjectMember(Callee) && Callee.getNumParams() > 0) {
    QualType First = Callee.getParamDecl(0)->getType().getNonReferenceType();
    if (First->isIntegerType() || First->isPointerType())
      return false;
  }
  return !isQtResourcePath(Arg) && !isOnQtResource(Arg);
}

/// True when \p Record is, or derives from, a class of fact kind \p Kind.
static bool derivesFromFact(const CXXRecordDecl *Record, FactKind Kind, unsigned Depth = 0) {
  if (!Record || Depth > 16)
    return false;
  if (matchesAny(*Record, factQualifiedNames(Kind)))
    return true;
  const CXXRecordDecl *Def = Record->getDefinition();
  if (!Def)
    return false;
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (derivesFromFact(Base.getType()->getAsCXXRecordDecl(), Kind, Depth + 1))
      return true;
  return false;
}

/// The QtFileDevice condition: the object's static type is a Qt file device, on no resource.
static bool isQtFileDevice(const Expr *Object) {
  Object = strip(Object);
  if (!Object)
    return false;
  QualType Type = Object->getType().getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  return derivesFromFact(Type->getAsCXXRecordDecl(), FactKind::FileDeviceClass) &&
         !isOnQtResource(Object);
}

/// The UnlessAwaitedBefore condition's test: the object is named in one of the coroutine's
/// co_awaits that complete before the call.
static bool isAwaitedBefore(const Expr *Object, const CallSite &Site, const CoroutineScan *Scan) {
  const ValueDecl *D = Object ? referencedDecl(Object) : nullptr;
  if (!D || !Scan)
    return false;
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    explicit Finder(const ValueDecl *D) : D(D) {}
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      Found = Found || Ref->getDecl() == D;
      return !Found;
    }
    bool VisitMemberExpr(MemberExpr *Member) {
      Found = Found || Member->getMemberDecl() == D;
      return !Found;
    }

  private:
    const ValueDecl *D;
  };
  for (unsigned I = 0; I < Site.AwaitsBefore && I < Scan->Awaits.size(); ++I) {
    Finder F(D);
    F.TraverseStmt(const_cast<Expr *>(Scan->Awaits[I]));
    if (F.Found)
      return true;
  }
  return false;
}

bool BlockingCheckBase::conditionHolds(const CatalogueEntry &Entry, const CallSite &Site,
                                       const FunctionDecl &Coroutine, ASTContext &Ctx) {
  const FunctionDecl &Callee = *Site.Callee;
  const Expr *Arg = argumentAt(Site.Call, Callee, Entry.Arg);
  // /proc and /sys are the kernel's memory: opening, reading or writing them waits for no
  // disk, whatever the row (a stream constructed on "/proc/self/status", its reads after).
  if (Entry.Category == BlockingCategory::FileIo &&
      (isPseudoFileLiteral(firstStringArgument(Site.Call)) ||
       isPseudoFileStream(argumentAt(Site.Call, Callee, 0))))
    return false;
  switch (Entry.Condition) {
  case BlockingCondition::Always:
    return true;
  case BlockingCondition::UnlessConsoleFile: {
    const VarDecl *Var = referencedVar(Arg);
    // `FILE *out = stderr;` then `fprintf(out, ...)`: look through one local alias.
    if (Var && Var->isLocalVarDecl() && Var->getInit())
      if (const VarDecl *Aliased = referencedVar(Var->getInit()))
        if (matchesAny(*Aliased, factQualifiedNames(FactKind::ConsoleFile)))
          return false;
    return !(Var && matchesAny(*Var, factQualifiedNames(FactKind::ConsoleFile)));
  }
  case BlockingCondition::UnlessPolledReady:
    return !isAwaitedResult(Arg) && !isPolledWithZeroTimeout(Arg, Entry.Category, Coroutine, Ctx);
  case BlockingCondition::FileDescriptor:
  case BlockingCondition::DeviceDescriptor: {
    if (!Arg || showsNonBlockingIdiom(Coroutine, Ctx.getSourceManager()))
      return false;
    FdKind Kind = descriptorKind(Arg, Coroutine, Ctx);
    return Kind == (Entry.Condition == BlockingCondition::FileDescriptor ? FdKind::File
                                                                          : FdKind::Device);
  }
  case BlockingCondition::NotDevicePath:
    return !isDeviceLiteral(Arg) && !isPseudoFileLiteral(Arg);
  case BlockingCondition::NotNumericHost:
    return !isNumericHostLiteral(firstStringArgument(Site.Call));
  case BlockingCondition::DevicePath:
    // A tty opened O_NONBLOCK does not wait for the line; a regular file ignores the flag.
    return isDeviceLiteral(Arg) && !showsNonBlockingIdiom(Coroutine, Ctx.getSourceManager());
  case BlockingCondition::FileOrStdinStream:
    return isFileOrStdinStream(Arg) && !onlySetsFormat(Site.Call);
  case BlockingCondition::ArgumentPassed:
    return Arg && !isa<CXXDefaultArgExpr>(Arg);
  case BlockingCondition::PathArgument: {
    const ParmVarDecl *Param = parameterAt(Callee, Entry.Arg);
    if (!Param)
      return false;
    const CXXRecordDecl *Record = Param->getType().getNonReferenceType()->getAsCXXRecordDecl();
    return Record && matchesAny(*Record, factQualifiedNames(FactKind::PathType));
  }
  case BlockingCondition::UnlessZeroTimeout:
    return !isZeroTimeout(Arg, Ctx) && !timeoutStructIsZero(Arg, Coroutine, Ctx);
  case BlockingCondition::UnlessNonBlockingIdiom: {
    // The readiness idiom by structure: a coroutine's socket call retried after suspending.
    bool Retries = CurrentScan && Entry.Category == BlockingCategory::Network &&
                   retriesAfterSuspending(Site, Ctx);
    return !showsNonBlockingIdiom(Coroutine, Ctx.getSourceManager()) &&
           !(Arg && isNonBlockingSocket(Arg, Coroutine, Ctx)) && !Retries;
  }
  case BlockingCondition::GeneratedStub:
    return true; // the index matched the signature (CatalogueIndex::Shape)
  case BlockingCondition::UnlessDontWait:
    return flagsSayWait(Site.Call, Ctx) &&
           !showsNonBlockingIdiom(Coroutine, Ctx.getSourceManager());
           !(Arg && isNonBlockingSocket(Arg, Coroutine, Ctx));
  case BlockingCondition::NotQtResource:
    return notQtResource(Arg, Callee);
  case BlockingCondition::QtFileDevice:
    return isQtFileDevice(Arg);
  case BlockingCondition::UnlessAwaitedBefore:
    return !isAwaitedResult(Arg) && !isAwaitedBefore(Arg, Site, CurrentScan);
  }
  llvm_unreachable("unknown blocking condition");
}

/// The variable or member an object expression names, to compare two calls' objects.
static const ValueDecl *objectIdentity(const Expr *Object) {
  Object = strip(Object);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Object))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Object))
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return Member->getMemberDecl();
  return nullptr;
}

bool BlockingCheckBase::isPolledWithZeroTimeout(const Expr *Object, BlockingCategory Category,
                                                const FunctionDecl &Coroutine, ASTContext &Ctx) {
  const ValueDecl *Identity = objectIdentity(Object);
  if (!Identity)
    return false;
  // Finds `same_object.wait_for(0s)` (any UnlessZeroTimeout row of the category) in the body.
  class PollFinder : public RecursiveASTVisitor<PollFinder> {
  public:
    PollFinder(const ValueDecl *Identity, BlockingCategory Category, ASTContext &Ctx)
        : Identity(Identity), Category(Category), Ctx(Ctx) {}
    bool Found = false;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || objectIdentity(Call->getImplicitObjectArgument()) != Identity)
        return true;
      for (const CatalogueEntry *Entry : CatalogueIndex::whole().findAll(*Callee))
        if (Entry->Category == Category &&
            Entry->Condition == BlockingCondition::UnlessZeroTimeout &&
            isZeroTimeout(argumentAt(Call, *Callee, Entry->Arg), Ctx))
          Found = true;
      return !Found;
    }

  private:
    const ValueDecl *Identity;
    BlockingCategory Category;
    ASTContext &Ctx;
  } Finder(Identity, Category, Ctx);
  Finder.TraverseStmt(Coroutine.getBody());
  return Finder.Found;
}

/// A class as the user wrote it, fully qualified: `std::ofstream` (the typedef), not
/// `std::basic_ofstream<char>`; a specialization without such a name by its template's name
/// (`std::future` for `std::future<int>`), as the catalogue names it.
static std::string writtenTypeName(QualType Type) {
  Type = Type.getNonReferenceType().getUnqualifiedType();
  if (Type->isPointerType())
    Type = Type->getPointeeType().getUnqualifiedType();
  // getAs looks through the sugar around it (a qualified name) down to the typedef.
  // A typedef the user can name: not a trait's member (`std::remove_reference<T>::type`).
  if (const auto *Typedef = Type->getAs<TypedefType>();
      Typedef && !isa<ClassTemplateSpecializationDecl>(Typedef->getDecl()->getDeclContext()))
    return Typedef->getDecl()->getQualifiedNameAsString();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return Type.getAsString();
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    return Spec->getSpecializedTemplate()->getQualifiedNameAsString();
  return Record->getQualifiedNameAsString();
}

/// How the warning names a catalogue function: the row's name, except for members of class
/// templates, which are named through the object's type as written (`std::ifstream::read`,
/// not `std::basic_istream::read`), and constructors, which name the type constructed.
static BlockingReason reasonFor(const CatalogueEntry &Entry, const CallSite &Site) {
  BlockingReason Reason{Entry.Name.ltrim(':').str(), Entry.WaitsFor.str(),
                        Entry.Replacement.str()};
  // A shape row names no function: the warning names the one called (a generated stub's).
  if (CatalogueIndex::isShape(Entry))
    Reason.Callee = Site.Callee->getQualifiedNameAsString();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site.Call)) {
    Reason.Callee = writtenTypeName(Construct->getType());
    Reason.Constructs = true;
    return Reason;
  }
  const auto *Method = dyn_cast<CXXMethodDecl>(Site.Callee);
  if (!Method || !isa<ClassTemplateSpecializationDecl>(Method->getParent()))
    return Reason;
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Site.Call))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Site.Call); Op && Op->getNumArgs() > 0)
    Object = Op->getArg(0); // `out << x` calls out.operator<<(x)
  if (Object)
    Reason.Callee = writtenTypeName(stripMoves(Object)->IgnoreImpCasts()->getType()) +
                    "::" + Site.Callee->getNameAsString();
  return Reason;
}

/// A global C function is the C library's only when it has C linkage (or comes from a system
/// header): a user's C++ `void send(Message)` in the global namespace is not POSIX send.
static bool isNotTheCLibrary(const FunctionDecl &Callee, const ASTContext &Ctx) {
  return !Callee.isExternC() && Callee.getDeclContext()->getRedeclContext()->isTranslationUnit() &&
         !Ctx.getSourceManager().isInSystemHeader(Callee.getLocation());
}

std::optional<BlockingReason> BlockingCheckBase::classify(const CallSite &Site,
                                                          const FunctionDecl &Coroutine,
                                                          ASTContext &Ctx) {
  if (!Index)
    return std::nullopt;
  // Moving or copying an open stream or connection waits for nothing.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Site.Callee);
      Ctor && Ctor->isCopyOrMoveConstructor())
    return std::nullopt;
  bool NotCLibrary = isNotTheCLibrary(*Site.Callee, Ctx);
  for (const CatalogueEntry *Entry : Index->findAll(*Site.Callee))
    if (!(NotCLibrary && Entry->Name.starts_with("::")) &&
        conditionHolds(*Entry, Site, Coroutine, Ctx))
      return reasonFor(*Entry, Site);
  return std::nullopt;
}

void BlockingCheckBase::checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) {
  // The first pass of a cross-TU run (CrossTuSummaries.h): what every function of the TU does.
  if (cross_tu::writing())
    exportSummaries(Ctx, Functions);
  // Each body is walked by scanCoroutine: no forCallable/hasAncestor, so clang never builds a
  // parent map.
  for (const FunctionDecl *Coroutine : Functions.Coroutines)
    checkCoroutine(*Coroutine, Ctx);
}

void BlockingCheckBase::checkCoroutine(const FunctionDecl &CoroutineDecl, ASTContext &Ctx) {
  const FunctionDecl *Coroutine = &CoroutineDecl;
  llvm::SmallVector<const CallSite *, 8> Sites;
  CachedIdiom.reset();
  CachedAssignments.reset();
  // One walk of the body for all the blocking checks; what this check allows is its own.
  const ScannedCoroutine &Scanned = TranslationUnitCache::of(Ctx).scanned(*Coroutine);
  const CoroutineScan &Scan = Scanned.Scan;
  for (const CallSite &Site : Scanned.Sites)
    if (!matchesAny(*Site.Callee, AllowedFunctions))
      Sites.push_back(&Site);
  if (Sites.empty() || !isAsyncCoroutine(*Coroutine, Scan))
    return;
  // Classified once the whole body is known: the readiness idiom looks at every await.
  CurrentScan = &Scan;
  const SourceManager &SM = Ctx.getSourceManager();
  bool CrossTu = cross_tu::active(); // reads the environment: once, not per call
  for (const CallSite *SitePtr : Sites) {
    const CallSite &Site = *SitePtr;
    std::optional<BlockingReason> Reason = classify(Site, *Coroutine, Ctx);
    // A call blocks through its callee's own calls only if there is a definition to follow;
    // whether it does (summaries of a few functions) is asked once the filters below let the
    // call through. Without one, another TU's summary may know (a cross-TU run's second pass).
    const FunctionDecl *Helper = Reason ? nullptr : transitiveHelper(Site, Ctx);
    const cross_tu::Chain *External = nullptr;
    if (!Reason && !Helper && CrossTu)
      External = externalChain(Site, Ctx);
    if (!Reason && !Helper && !External)
      continue;
    SourceLocation Loc = SM.getFileLoc(Site.Call->getExprLoc());
    if (SM.isInSystemHeader(Loc) ||
        (judgesWhereCodeRuns() && runsOffTheLoop(Site, Scan, *Coroutine, Ctx)))
      continue;
    if (External) {
      recordExternal(Loc, Site, *External, *Coroutine, Ctx);
      continue;
    }
    if (!Reason) {
      if (const BlockingChain *Chain = transitiveChain(*Helper, Ctx))
        recordTransitive(Loc, Site, *Chain, *Coroutine, Ctx);
      else if (CrossTu)
        // The helper's body in this TU does not block by itself; its calls into other TUs may.
        if (const cross_tu::Chain *Ext = externalChain(Site, Ctx))
          recordExternal(Loc, Site, *Ext, *Coroutine, Ctx);
      continue;
    }
    FixDecision Fix = fixFor(Site, *Coroutine, Ctx);
    record(Loc, std::move(*Reason), *Coroutine, std::move(Fix));
  }
  CurrentScan = nullptr;
}

// --- Transitive blocking (docs/transitive.md) --------------------------------------------

/// How notes and warnings name a function of the chain.
static std::string chainName(const FunctionDecl &F) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&F); Method && Method->getParent()->isLambda())
    return "the lambda";
  // A template's specialization by the template's name, as the code spells it.
  if (const FunctionDecl *Pattern = F.getTemplateInstantiationPattern())
    return chainName(*Pattern);
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  PrintingPolicy Policy(F.getASTContext().getLangOpts());
  Policy.SuppressUnwrittenScope = true; // no "(anonymous namespace)::"
  F.printQualifiedName(OS, Policy);
  return "'" + Name + "'";
}

/// True when the row's condition looks at an argument that is a parameter of \p Function:
/// whether the call blocks is then the caller's business (a FILE* that may be stderr, a socket
/// the caller made non-blocking, a timeout that may be zero). Not propagated: precision first.
static bool dependsOnCaller(const CatalogueEntry &Entry, const CallSite &Site) {
  switch (Entry.Condition) {
  case BlockingCondition::Always:
  case BlockingCondition::ArgumentPassed:
  case BlockingCondition::PathArgument:
  case BlockingCondition::FileOrStdinStream:
  case BlockingCondition::NotDevicePath:
    return false;
  default:
    break;
  }
  const Expr *Arg = Entry.Condition == BlockingCondition::NotNumericHost
                        ? firstStringArgument(Site.Call)
                        : argumentAt(Site.Call, *Site.Callee, Entry.Arg);
  // A parameter is set by the caller; a member or a global by code elsewhere (the constructor
  // that made the socket non-blocking, the configuration that set the address): the helper
  // alone cannot say whether the call waits.
  const ValueDecl *D = Arg ? referencedDecl(Arg) : nullptr;
  if (isa_and_nonnull<ParmVarDecl, FieldDecl>(D))
    return true;
  if (const auto *Var = dyn_cast_or_null<VarDecl>(D); Var && !Var->isLocalVarDecl())
    return true;
  return false;
}

/// True for a call of a callable the coroutine was given (`f()` on a parameter, a function
/// pointer parameter): the coroutine is a trampoline for whatever its caller submits, and where
/// that runs is the caller's business (concurrencpp's `bridge(executor_tag, executor&, F f)
/// { co_return f(); }` runs a task on the executor it was given).
static bool callsHeldCallable(const Expr *Call) {
  const Expr *Target = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
    Target = Op->getArg(0);
  else if (const auto *Plain = dyn_cast<CallExpr>(Call); Plain && !isa<CXXMemberCallExpr>(Plain))
    Target = Plain->getCallee();
  if (!Target)
    return false;
  Target = Target->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(Target); Unary && Unary->getOpcode() == UO_Deref)
    Target = Unary->getSubExpr()->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Target))
    D = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(Target))
    D = Member->getMemberDecl();
  return isa_and_nonnull<ParmVarDecl>(D);
}

/// The part of propagatingCallee and followsInto that is the same for every blocking check:
/// the callee through which blocking may propagate (no unresolvable virtual dispatch, not a
/// system header's, not marked non-blocking, no catalogue function) and, when the translation
/// unit defines it in a way the analysis follows, its definition. Computed once per call and
/// shared by the checks (TranslationUnitCache::followTargets).
static FollowTarget followTargetOf(const CallSite &Site, ASTContext &Ctx) {
  const FunctionDecl *Callee = Site.Callee;
  // `[] { ... }()`: the walk of the caller already went through the lambda's body.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Site.Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
      isa<LambdaExpr>(Op->getArg(0)->IgnoreImplicit()->IgnoreParens()))
    return {};
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee); Method && Method->isVirtual()) {
    // Only a call that does not dispatch (`Base::f()`) or that clang can devirtualize (a
    // final class or method, an object of known dynamic type).
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Site.Call);
    const auto *ME = Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens()) : nullptr;
    if (!ME)
      return {};
    if (ME->performsVirtualDispatch(Ctx.getLangOpts()))
      Callee = Method->getDevirtualizedMethod(Member->getImplicitObjectArgument(),
                                              /*IsAppleKext=*/false);
    if (!Callee)
      return {};
  }
  // Functions of the standard library and other system headers are the catalogue's business.
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(SM.getFileLoc(Callee->getLocation())) || Callee->isImplicit() ||
      Callee->isDefaulted())
    return {};
  // The catalogue's and the user's marks decide for the functions they name.
  if (hasAnnotation(*Callee, NonBlockingAnnotation) || !CatalogueIndex::whole().findAll(*Callee).empty())
    return {};
  FollowTarget Target{Callee, nullptr};
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def) || !Def || !Def->getBody() || Def->isImplicit() ||
      Def->isDefaulted() || Def->isDependentContext() ||
      isa<CoroutineBodyStmt>(Def->getBody()))
    return Target;
  if (SM.isInSystemHeader(SM.getFileLoc(Def->getLocation())))
    return Target;
  if (hasAnnotation(*Def, NonBlockingAnnotation))
    return Target;
  Target.Definition = Def;
  return Target;
}

FollowTarget BlockingCheckBase::sharedFollowTarget(const CallSite &Site, ASTContext &Ctx) const {
  auto &Targets = TranslationUnitCache::of(Ctx).followTargets();
  std::pair<const Expr *, const FunctionDecl *> Key{Site.Call, Site.Callee};
  auto It = Targets.find(Key);
  if (It == Targets.end())
    It = Targets.try_emplace(Key, followTargetOf(Site, Ctx)).first;
  // A copy: the map may grow (and move its entries) at the next call.
  return It->second;
}

bool BlockingCheckBase::exempted(const FunctionDecl &Callee) const {
  return matchesAny(Callee, AllowedFunctions) ||
         markedBlockingReason(Callee, MarkedBlockingFunctions).has_value();
}

const FunctionDecl *BlockingCheckBase::propagatingCallee(const CallSite &Site,
                                                         ASTContext &Ctx) const {
  FollowTarget Target = sharedFollowTarget(Site, Ctx);
  return Target.Callee && !exempted(*Target.Callee) ? Target.Callee : nullptr;
}

const FunctionDecl *BlockingCheckBase::followsInto(const CallSite &Site, ASTContext &Ctx) const {
  FollowTarget Target = sharedFollowTarget(Site, Ctx);
  return Target.Definition && !exempted(*Target.Callee) ? Target.Definition : nullptr;
}

void BlockingCheckBase::summarize(const FunctionDecl &Function, DirectSummary &Out,
                                  ASTContext &Ctx) {
  // The conditions' caches are per function: keep the coroutine's for after.
  std::optional<bool> SavedIdiom = CachedIdiom;
  auto SavedAssignments = std::move(CachedAssignments);
  const CoroutineScan *SavedScan = CurrentScan;
  CachedIdiom.reset();
  CachedAssignments.reset();
  CurrentScan = nullptr; // a plain function awaits no readiness
  scanFunctionBody(Function, [&](const CallSite &Site) {
    // A path the callee marks as rare (a logger's back-off when its queue is full) is not what
    // every call of it does: reporting each call site would repeat one unlikely wait everywhere.
    if (Site.InUnlikelyBranch)
      return;
    const FunctionDecl &Callee = *Site.Callee;
    if (hasAnnotation(Callee, NonBlockingAnnotation) || matchesAny(Callee, AllowedFunctions))
      return;
    CallStep Step{Site.Call, &Function, &Callee};
    if (std::optional<BlockingReason> Marked = markedBlockingReason(Callee, MarkedBlockingFunctions)) {
      if (Out.Roots[RootKind::Call].size() < DirectSummary::MaxRootsPerKind)
        Out.Roots[RootKind::Call].emplace_back(Step, std::move(*Marked));
      return;
    }
    // A loop run to completion is async-nested-run's root, and only its: following the run
    // function into its own waits (syncAwait's semaphore) gave the same call a second warning
    // from async-blocking-sync with the opposite advice (offload it, not await the work).
    if (std::optional<BlockingReason> Run = NestedRuns.reasonFor(Site, Ctx)) {
      if (Out.Roots[RootKind::NestedRun].size() < DirectSummary::MaxRootsPerKind)
        Out.Roots[RootKind::NestedRun].emplace_back(Step, std::move(*Run));
      return;
    }
    llvm::SmallVector<const CatalogueEntry *, 2> Entries = CatalogueIndex::whole().findAll(Callee);
    if (Entries.empty()) {
      if (const FunctionDecl *Next = followsInto(Site, Ctx))
        Out.Edges.push_back({Site.Call, &Function, Next});
      return;
    }
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Callee);
        Ctor && Ctor->isCopyOrMoveConstructor())
      return;
    bool NotCLibrary = isNotTheCLibrary(Callee, Ctx);
    for (const CatalogueEntry *Entry : Entries) {
      unsigned Kind = RootKind::of(Entry->Category);
      if (Out.Roots[Kind].size() >= DirectSummary::MaxRootsPerKind || (NotCLibrary && Entry->Name.starts_with("::")) ||
          dependsOnCaller(*Entry, Site) || !conditionHolds(*Entry, Site, Function, Ctx))
        continue;
      Out.Roots[Kind].emplace_back(Step, reasonFor(*Entry, Site));
      break; // one root per call
    }
  });
  CachedIdiom = SavedIdiom;
  CachedAssignments = std::move(SavedAssignments);
  CurrentScan = SavedScan;
}

const FunctionDecl *BlockingCheckBase::transitiveHelper(const CallSite &Site,
                                                        ASTContext &Ctx) const {
  if (!transitiveKind() || MaxCallDepth == 0 || callsHeldCallable(Site.Call))
    return nullptr;
  // A call that runs a loop is async-nested-run's finding, not a way into the run function.
  if (NestedRuns.reasonFor(Site, Ctx))
    return nullptr;
  return followsInto(Site, Ctx);
}

const BlockingChain *BlockingCheckBase::transitiveChain(const FunctionDecl &Helper,
                                                        ASTContext &Ctx) {
  std::optional<unsigned> Kind = transitiveKind();
  if (!Kind || MaxCallDepth == 0)
    return nullptr;
  const BlockingChain *Chain =
      TransitiveSummaries::of(Ctx, SummaryPolicy)
          .chainFrom(Helper, *Kind, MaxCallDepth,
                     [&](const FunctionDecl &F, DirectSummary &Out) { summarize(F, Out, Ctx); });
  return Chain && !Chain->Steps.empty() ? Chain : nullptr;
}

/// The words of a chain's step for a call: "calls 'load_template'", "constructs 'std::ifstream'".
static std::string rootWhat(const BlockingReason &Reason) {
  return (Reason.Constructs ? "constructs '" : "calls '") + Reason.Callee + "'";
}

void BlockingCheckBase::recordTransitive(SourceLocation Loc, const CallSite &Site,
                                         const BlockingChain &Chain,
                                         const FunctionDecl &Coroutine, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  BlockingReason Reason = Chain.Reason;
  std::string Text;
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
  for (unsigned I = 0; I < Chain.Steps.size(); ++I) {
    const CallStep &Step = Chain.Steps[I];
    bool Root = I + 1 == Chain.Steps.size();
    std::string What = Root ? rootWhat(Reason) : "calls " + chainName(*Step.Callee);
    Text += (I == 0 ? "it " : ", which ") + What;
    Notes.emplace_back(SM.getFileLoc(Step.Call->getExprLoc()),
                       chainName(*Step.Caller) + " " + What + " here");
  }
  for (const auto &[Step, More] : Chain.MoreRoots)
    Notes.emplace_back(SM.getFileLoc(Step.Call->getExprLoc()),
                       chainName(*Step.Caller) + " also " + rootWhat(More) + " here");
  recordChain(Loc, Site, Reason.WaitsFor, std::move(Text), std::move(Notes), Coroutine);
}

void BlockingCheckBase::recordChain(
    SourceLocation Loc, const CallSite &Site, const std::string &WaitsFor, std::string Text,
    llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes,
    const FunctionDecl &Coroutine) {
  // The warning names the callee in the coroutine; the root's reason is in the chain's words.
  BlockingReason Reason;
  Reason.Callee = chainName(*Site.Callee);
  Reason.WaitsFor = WaitsFor;
  // A helper that runs its own loop is not fixed by offloading it: the work is to be awaited.
  Reason.Replacement = transitiveKind() == std::optional<unsigned>(RootKind::NestedRun)
                           ? "{await_work}"
                           : "{offload}";
  bool Inserted = !Findings.count(Loc);
  record(Loc, std::move(Reason), Coroutine, FixDecision::no());
  if (Inserted) {
    Finding &F = Findings[Loc];
    F.ChainCallee = F.Reason.Callee;
    F.ChainText = std::move(Text) + ", waiting for " + WaitsFor;
    F.ChainNotes = std::move(Notes);
  }
}

// --- Across translation units (CrossTuSummaries.h) ---------------------------------------

static cross_tu::Place placeOf(SourceLocation Loc, const SourceManager &SM) {
  PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Loc), /*UseLineDirectives=*/false);
  if (P.isInvalid())
    return {};
  llvm::SmallString<256> File(P.getFilename());
  SM.getFileManager().makeAbsolutePath(File);
  return {File.str().str(), P.getLine(), P.getColumn()};
}

void BlockingCheckBase::exportSummaries(ASTContext &Ctx, const UserFunctions &Functions) {
  std::optional<unsigned> Kind = transitiveKind();
  if (!Kind || MaxCallDepth == 0)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  TransitiveSummaries &Summaries = TransitiveSummaries::of(Ctx, SummaryPolicy);
  // Every definition of the TU's own code, template instantiations included (a call in another
  // TU names the specialization); coroutines and templates' patterns are no helpers.
  for (const FunctionDecl *F :
       Functions.AllDefinitions ? *Functions.AllDefinitions : Functions.Definitions) {
    if (F->isDependentContext() || F->isDefaulted() || !F->getBody() ||
        isa<CoroutineBodyStmt>(F->getBody()))
      continue;
    cross_tu::FunctionRecord Record;
    Record.Usr = cross_tu::usrOf(*F);
    if (Record.Usr.empty())
      continue;
    Record.Name = chainName(*F);
    // Its own root: a chain of one function.
    if (const BlockingChain *Own = Summaries.chainFrom(
            *F, *Kind, 1, [&](const FunctionDecl &G, DirectSummary &Out) { summarize(G, Out, Ctx); });
        Own && Own->Steps.size() == 1) {
      Record.Root = cross_tu::Step{chainName(*F), rootWhat(Own->Reason),
                                   placeOf(Own->Steps.front().Call->getExprLoc(), SM)};
      Record.RootWaitsFor = Own->Reason.WaitsFor;
    }
    scanFunctionBody(*F, [&](const CallSite &Site) {
      if (Site.InUnlikelyBranch) // as in summarize: a rare path is not followed
        return;
      if (NestedRuns.reasonFor(Site, Ctx)) // a run call is a root (async-nested-run's), no edge
        return;
      if (const FunctionDecl *Callee = propagatingCallee(Site, Ctx))
        if (std::string CalleeUsr = cross_tu::usrOf(*Callee->getCanonicalDecl()); !CalleeUsr.empty())
          Record.Edges.push_back({std::move(CalleeUsr), chainName(*Callee),
                                  placeOf(Site.Call->getExprLoc(), SM)});
    });
    if (Record.Root || !Record.Edges.empty())
      cross_tu::addFunction(getID(), MaxCallDepth, std::move(Record));
  }
}

const cross_tu::Chain *BlockingCheckBase::externalChain(const CallSite &Site, ASTContext &Ctx) {
  if (!transitiveKind() || MaxCallDepth == 0 || callsHeldCallable(Site.Call))
    return nullptr;
  const FunctionDecl *Callee = propagatingCallee(Site, Ctx);
  if (!Callee)
    return nullptr;
  std::string Usr = cross_tu::usrOf(*Callee->getCanonicalDecl());
  if (Usr.empty())
    return nullptr;
  if (cross_tu::writing()) {
    cross_tu::addCoroutineCall(getID(), Usr);
    return nullptr;
  }
  const cross_tu::Chain *Chain = cross_tu::mergedChain(getID(), Usr);
  return Chain && Chain->Steps.size() <= MaxCallDepth ? Chain : nullptr;
}

void BlockingCheckBase::recordExternal(SourceLocation Loc, const CallSite &Site,
                                       const cross_tu::Chain &Chain,
                                       const FunctionDecl &Coroutine, ASTContext &Ctx) {
  SourceManager &SM = Ctx.getSourceManager();
  std::string Text;
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
  for (unsigned I = 0; I < Chain.Steps.size(); ++I) {
    const cross_tu::Step &Step = Chain.Steps[I];
    Text += (I == 0 ? "it " : ", which ") + Step.What;
    // The notes point into the files that define the chain's functions, which this TU may
    // never have read: the source manager is given them, so that notes show their lines.
    SourceLocation At;
    if (llvm::Expected<FileEntryRef> File = SM.getFileManager().getFileRef(Step.At.File)) {
      FileID FID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
      At = SM.translateLineCol(FID, Step.At.Line, Step.At.Column);
    } else {
      llvm::consumeError(File.takeError());
    }
    if (At.isValid())
      Notes.emplace_back(At, Step.Caller + " " + Step.What + " here");
  }
  recordChain(Loc, Site, Chain.WaitsFor, std::move(Text), std::move(Notes), Coroutine);
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
    // The advice is spelled in the runtime the coroutine runs on (RuntimeProfiles.def).
    const RuntimeProfile &Profile =
        profileForCoroutine(Coroutine, Coroutine.getASTContext(), forcedRuntime());
    F.Reason.Replacement = renderAdvice(F.Reason.Replacement, Profile);
    F.GenericRuntime = Profile.generic();
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

void BlockingCheckBase::noteCoroutine(const Finding &F) {
  // Advice that names no library says where to name one.
  diag(F.CoroutineLoc, "%0 declared here%select{|; its type names no coroutine runtime "
                       "async-tidy knows: set the 'Runtime' option for advice in yours}1",
       DiagnosticIDs::Note)
      << F.CoroutineName << F.GenericRuntime;
}

void BlockingCheckBase::onStartOfTranslationUnit() {
  cross_tu::reset();
  Findings.clear();
}

void BlockingCheckBase::onEndOfTranslationUnit() {
  cross_tu::flush(); // every check's checkFunctions has run: the TU's summary is complete
  for (auto &[Loc, F] : Findings) {
    if (!F.ChainText.empty()) {
      diag(F.Loc, "%0 blocks the event loop running %1: %2; use %3 instead")
          << F.ChainCallee << F.CoroutineName << F.ChainText << F.Reason.Replacement;
      for (const auto &[NoteLoc, Note] : F.ChainNotes)
        diag(NoteLoc, Note, DiagnosticIDs::Note);
      noteCoroutine(F);
      continue;
    }
    {
      auto Diag = diag(F.Loc, "%select{|constructing }4'%0' waits for %1 and blocks the event "
                              "loop running %2; use %3 instead")
                  << F.Reason.Callee << F.Reason.WaitsFor << F.CoroutineName
                  << F.Reason.Replacement << F.Reason.Constructs;
      if (F.Fix.Decision == FixDecision::Yes)
        for (const FixItHint &Hint : F.Fix.Hints)
          Diag << Hint;
    } // The warning must be emitted before its note.
    noteCoroutine(F);
  }
  Findings.clear();
  IdiomMacroLocs.reset();
}

} // namespace clang::tidy::async
