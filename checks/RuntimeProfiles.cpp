// The runtime profiles compiled from RuntimeProfiles.def, and the advice they render.
#include "RuntimeProfiles.h"

#include "NameMatching.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::async {

static const RuntimeProfile Profiles[] = {
#define ASYNC_RUNTIME(Id, Name, Types, Requires, SleepFor, SleepUntil, Offload, FileOpen,          \
                      FileRead, FileWrite, DbOpen, DbQuery, DbClose, AsyncOpToken, Gather, Spawn,  \
                      Run, SleepForFix, SleepUntilFix, FixNames, FixHeaders, Source)               \
  {#Id,     Name,      Types,    Requires,     SleepFor, SleepUntil, Offload, FileOpen,           \
   FileRead, FileWrite, DbOpen,  DbQuery,      DbClose,  AsyncOpToken, Gather, Spawn,             \
   Run,     SleepForFix, SleepUntilFix, FixNames, FixHeaders, Source},
#include "RuntimeProfiles.def"
};

// Words for a runtime async-tidy does not know: they name no library, and the note at the
// coroutine says how to name one (the Runtime option).
static const RuntimeProfile Generic = {
    "generic", "a runtime async-tidy does not know", "", "",
    "your runtime's awaitable timer", "your runtime's awaitable timer (until the time point)",
    "your runtime's thread pool (run the call there and resume after it)",
    "", "", "", "", "", "",
    "", "your runtime's when_all",
    "your runtime's fire-and-forget API (a detached spawn)", "",
    "", "", "", "", ""};

llvm::ArrayRef<RuntimeProfile> runtimeProfiles() { return Profiles; }

const RuntimeProfile &genericProfile() { return Generic; }

const RuntimeProfile *findRuntimeProfile(llvm::StringRef Id) {
  if (Id == Generic.Id)
    return &Generic;
  for (const RuntimeProfile &P : Profiles)
    if (P.Id == Id)
      return &P;
  return nullptr;
}

std::string runtimeProfileIds() {
  std::string Ids;
  for (const RuntimeProfile &P : Profiles)
    Ids += P.Id.str() + ", ";
  return Ids + Generic.Id.str();
}

/// The declarations that name a task type, outermost first: each alias template or typedef
/// the type is spelled through (`exec::task` is an alias of a `basic_task`; a project's own
/// `template <class T> using task = boost::asio::awaitable<T>` is an alias of Asio's), then the
/// class template (or class) it finally is.
static llvm::SmallVector<const NamedDecl *, 4> taskNamesOf(QualType Ty, ASTContext &Ctx) {
  QualType Type = Ty;
  llvm::SmallVector<const NamedDecl *, 4> Names;
  if (Type.isNull())
    return Names;
  Type = Type.getNonReferenceType();
  for (int Depth = 0; Depth < 8; ++Depth) {
    const clang::Type *T = Type.getTypePtr();
    if (const auto *Spec = dyn_cast<TemplateSpecializationType>(T)) {
      if (const TemplateDecl *TD = Spec->getTemplateName().getAsTemplateDecl())
        Names.push_back(TD->getTemplatedDecl() ? TD->getTemplatedDecl() : TD);
    } else if (const auto *Typedef = dyn_cast<TypedefType>(T)) {
      Names.push_back(Typedef->getDecl());
    }
    QualType Next = Type.getSingleStepDesugaredType(Ctx);
    if (Next == Type)
      break;
    Type = Next;
  }
  if (const CXXRecordDecl *Record = Type->getAsCXXRecordDecl()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
      Names.push_back(Spec->getSpecializedTemplate()->getTemplatedDecl());
    Names.push_back(Record);
  }
  return Names;
}

static bool namesAny(const NamedDecl &D, llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Names;
  List.split(Names, ';', -1, false);
  for (llvm::StringRef Name : Names)
    if (QualifiedName(Name.trim()).matches(D))
      return true;
  return false;
}

static bool anyDeclared(ASTContext &Ctx, llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Names;
  List.split(Names, ';', -1, false);
  for (llvm::StringRef Name : Names)
    if (lookupInTranslationUnit(Ctx, QualifiedName(Name.trim())))
      return true;
  return false;
}

const RuntimeProfile &profileForType(QualType Type, ASTContext &Ctx, llvm::StringRef Forced) {
  if (!Forced.empty())
    if (const RuntimeProfile *P = findRuntimeProfile(Forced))
      return *P;
  for (const NamedDecl *Task : taskNamesOf(Type, Ctx))
    for (const RuntimeProfile &P : Profiles)
      if (namesAny(*Task, P.Types) && (P.Requires.empty() || anyDeclared(Ctx, P.Requires)))
        return P;
  return Generic;
}

const RuntimeProfile &profileForCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx,
                                          llvm::StringRef Forced) {
  return profileForType(Coroutine.getReturnType(), Ctx, Forced);
}

namespace {
struct Kind {
  llvm::StringRef Name;
  llvm::StringRef RuntimeProfile::*Field;
  llvm::StringRef DefaultArg;
  /// Where a runtime without this kind sends the user instead (null: the field is required).
  llvm::StringRef RuntimeProfile::*Fallback;
};
} // namespace

static const Kind Kinds[] = {
    {"sleep_for", &RuntimeProfile::SleepFor, "duration", nullptr},
    {"sleep_until", &RuntimeProfile::SleepUntil, "time_point", nullptr},
    {"offload", &RuntimeProfile::Offload, "...", nullptr},
    {"file_open", &RuntimeProfile::FileOpen, "...", &RuntimeProfile::Offload},
    {"file_read", &RuntimeProfile::FileRead, "...", &RuntimeProfile::Offload},
    {"file_write", &RuntimeProfile::FileWrite, "...", &RuntimeProfile::Offload},
    {"db_open", &RuntimeProfile::DbOpen, "...", &RuntimeProfile::Offload},
    {"db_query", &RuntimeProfile::DbQuery, "...", &RuntimeProfile::Offload},
    {"db_close", &RuntimeProfile::DbClose, "...", &RuntimeProfile::Offload},
};

/// `{async_op|socket.async_receive(...)}`: the operation with the runtime's completion token
/// as its last argument, awaited.
static std::string renderAsyncOp(llvm::StringRef Op, const RuntimeProfile &P) {
  llvm::StringRef Token = P.AsyncOpToken;
  if (Token.empty())
    return "'" + Op.str() + "' with a completion token your coroutine can co_await";
  if (Token.contains(' ')) // the runtime's own forms, in words
    return Token.str();
  std::string Call = Op.str();
  if (llvm::StringRef(Call).ends_with("()"))
    Call.insert(Call.size() - 1, Token.str());
  else if (llvm::StringRef(Call).ends_with(")"))
    Call.insert(Call.size() - 1, ", " + Token.str());
  return "'co_await " + Call + "'";
}

static std::string renderKind(llvm::StringRef Name, llvm::StringRef Arg,
                              const RuntimeProfile &P) {
  if (Name == "async_op")
    return renderAsyncOp(Arg, P);
  if (Name == "await_work") // the same in every runtime
    return "a coroutine that co_awaits the work (no helper that runs its own loop)";
  for (const Kind &K : Kinds) {
    if (K.Name != Name)
      continue;
    llvm::StringRef Spelling = P.*K.Field;
    llvm::StringRef Default = K.DefaultArg;
    if (Spelling.empty() && K.Fallback) {
      Spelling = P.*K.Fallback;
      Default = "...";
    }
    if (Spelling.empty()) // a row without this kind: the words that name no library
      Spelling = genericProfile().*K.Field ;
    std::string Out = Spelling.str();
    std::string With = Arg.empty() ? Default.str() : Arg.str();
    for (size_t At = Out.find('$'); At != std::string::npos; At = Out.find('$', At + With.size()))
      Out.replace(At, 1, With);
    // `#`: the argument as a callable, for runtimes whose offload takes one (to_thread(f)).
    std::string Callable = Arg.empty() ? "..." : "[&] { return " + Arg.str() + "; }";
    for (size_t At = Out.find('#'); At != std::string::npos;
         At = Out.find('#', At + Callable.size()))
      Out.replace(At, 1, Callable);
    return Out;
  }
  return "{" + Name.str() + "}"; // an unknown kind: visible, and caught by the catalogue test
}

std::string renderAdvice(llvm::StringRef Template, const RuntimeProfile &P) {
  if (!Template.contains('{'))
    return "'" + Template.str() + "'";
  std::string Out;
  while (!Template.empty()) {
    size_t Open = Template.find('{');
    Out += Template.take_front(Open).str();
    if (Open == llvm::StringRef::npos)
      break;
    // The placeholder ends at its matching brace: an argument may hold a lambda's braces.
    size_t Depth = 0, Close = Open;
    for (; Close < Template.size(); ++Close) {
      if (Template[Close] == '{')
        ++Depth;
      else if (Template[Close] == '}' && --Depth == 0)
        break;
    }
    llvm::StringRef Inside = Template.slice(Open + 1, Close);
    auto [Name, Arg] = Inside.split('|');
    Out += renderKind(Name, Arg, P);
    Template = Template.drop_front(std::min(Close + 1, Template.size()));
  }
  return Out;
}

} // namespace clang::tidy::async
