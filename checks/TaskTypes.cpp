// What a task is, by structure (DESIGN.md, "Task-like and awaitable types"): no library names.
#include "TaskTypes.h"

#include "CoroutineContext.h"
#include "NameMatching.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Version.h"

namespace clang::tidy::async {
namespace {

/// The class template a record was instantiated from (its pattern), or the record itself:
/// `task<int>` and the `task<T>` written in a partial specialization compare equal this way.
const Decl *identityOf(const CXXRecordDecl *Record) {
  if (!Record)
    return nullptr;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    if (const ClassTemplateDecl *Template = Spec->getSpecializedTemplate())
      return Template->getTemplatedDecl()->getCanonicalDecl();
  return Record->getCanonicalDecl();
}

/// The first declaration called \p Name in \p Record or its bases.
const NamedDecl *findMember(const CXXRecordDecl *Record, StringRef Name, unsigned Depth = 0) {
  if (!Record || Depth > 8)
    return nullptr;
  const CXXRecordDecl *Def = Record->getDefinition();
  // A specialization nobody instantiated yet (concurrencpp's lazy_promise<T> in a TU that
  // defines no lazy_result coroutine): its members are those of the template's pattern.
  if (!Def)
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
      if (const ClassTemplateDecl *Template = Spec->getSpecializedTemplate())
        Def = Template->getTemplatedDecl()->getDefinition();
  if (!Def)
    return nullptr;
  DeclContext::lookup_result Found =
      Def->lookup(DeclarationName(&Def->getASTContext().Idents.get(Name)));
  if (!Found.empty())
    return Found.front();
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (const NamedDecl *D = findMember(recordOf(Base.getType()), Name, Depth + 1))
      return D;
  return nullptr;
}

const ClassTemplateDecl *coroutineTraits(ASTContext &Ctx) {
  static const QualifiedName Traits("std::coroutine_traits");
  return dyn_cast_or_null<ClassTemplateDecl>(lookupInTranslationUnit(Ctx, Traits));
}

const CXXRecordDecl *promiseOf(const CXXRecordDecl *Record) {
  if (!Record)
    return nullptr;
  ASTContext &Ctx = Record->getASTContext();
  if (const auto *Type = dyn_cast_or_null<TypeDecl>(findMember(Record, "promise_type")))
    return recordOf(Ctx.getTypeDeclType(Type));
  // A promise named by a std::coroutine_traits specialization (Asio's awaitable,
  // concurrencpp's result): clang instantiated coroutine_traits<R, Args...> for every
  // coroutine returning R defined in this translation unit; any of them names the promise.
  const ClassTemplateDecl *Traits = coroutineTraits(Ctx);
  if (!Traits)
    return nullptr;
  // Failing an exact match (no coroutine returning `awaitable<std::size_t>` is defined here),
  // one for another specialization of the same template: how a task template's coroutines
  // start does not depend on its arguments.
#if CLANG_VERSION_MAJOR >= 22 // getRecordType gave way to getCanonicalTagType in LLVM 22
  QualType Wanted = Ctx.getCanonicalTagType(Record);
#else
  QualType Wanted = Ctx.getCanonicalType(Ctx.getRecordType(Record));
#endif
  const Decl *WantedTemplate = identityOf(Record);
  const CXXRecordDecl *Sibling = nullptr;
  for (const ClassTemplateSpecializationDecl *Spec : Traits->specializations()) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type || !Spec->hasDefinition())
      continue;
    QualType First = Ctx.getCanonicalType(Args[0].getAsType());
    bool Exact = First == Wanted;
    if (!Exact && (Sibling || identityOf(recordOf(First)) != WantedTemplate))
      continue;
    const auto *Type = dyn_cast_or_null<TypeDecl>(findMember(Spec, "promise_type"));
    const CXXRecordDecl *Promise = Type ? recordOf(Ctx.getTypeDeclType(Type)) : nullptr;
    if (Exact && Promise)
      return Promise;
    if (!Exact)
      Sibling = Promise;
  }
  if (Sibling)
    return Sibling;
  // No coroutine of this task template is defined in this translation unit, so nothing was
  // instantiated: read the promise template a partial specialization names
  // (`coroutine_traits<lazy_result<T>, A...>::promise_type = lazy_promise<T>`).
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
    const TemplateArgumentList &Args = Partial->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type ||
        identityOf(recordOf(Args[0].getAsType())) != WantedTemplate)
      continue;
    if (const auto *Type = dyn_cast_or_null<TypeDecl>(findMember(Partial, "promise_type")))
      if (const CXXRecordDecl *Promise = recordOf(Ctx.getTypeDeclType(Type)))
        return Promise;
  }
  return nullptr;
}

bool hasCoroutineTraitsSpecialization(const CXXRecordDecl *Record) {
  const ClassTemplateDecl *Template = coroutineTraits(Record->getASTContext());
  if (!Template)
    return false;
  const Decl *Wanted = identityOf(Record);
  auto FirstArgIsRecord = [&](const TemplateArgumentList &Args) {
    return Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type &&
           identityOf(recordOf(Args[0].getAsType())) == Wanted;
  };
  // Only specializations someone wrote: clang instantiates the primary template implicitly
  // for every coroutine signature, and those say nothing about the type.
  for (const ClassTemplateSpecializationDecl *Spec : Template->specializations())
    if (Spec->getSpecializationKind() == TSK_ExplicitSpecialization &&
        FirstArgIsRecord(Spec->getTemplateArgs()))
      return true;
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(Template)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials)
    if (FirstArgIsRecord(Partial->getTemplateArgs()))
      return true;
  return false;
}

/// The literal a method's body returns when it is just `return true;` / `return false;`.
std::optional<bool> returnsLiteral(const CXXMethodDecl *Method) {
  if (!Method)
    return std::nullopt;
  const FunctionDecl *Def = nullptr;
  if (!Method->hasBody(Def) || !Def)
    return std::nullopt;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Return || !Return->getRetValue())
    return std::nullopt;
  if (const auto *Literal =
          dyn_cast<CXXBoolLiteralExpr>(Return->getRetValue()->IgnoreImplicit()->IgnoreParens()))
    return Literal->getValue();
  return std::nullopt;
}

const CXXMethodDecl *methodNamed(const CXXRecordDecl *Record, StringRef Name) {
  const NamedDecl *D = findMember(Record, Name);
  if (const auto *Template = dyn_cast_or_null<FunctionTemplateDecl>(D))
    D = Template->getTemplatedDecl();
  return dyn_cast_or_null<CXXMethodDecl>(D);
}

/// An empty `void await_suspend(...) {}`: the coroutine simply stays suspended.
bool suspendsAndStays(const CXXRecordDecl *Awaiter) {
  const NamedDecl *D = findMember(Awaiter, "await_suspend");
  if (const auto *Template = dyn_cast_or_null<FunctionTemplateDecl>(D))
    D = Template->getTemplatedDecl();
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(D);
  if (!Method)
    return false;
  if (Method->getReturnType()->isVoidType()) {
    const FunctionDecl *Def = nullptr;
    if (!Method->hasBody(Def) || !Def)
      return false;
    const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
    return Body && Body->body_empty();
  }
  return Method->getReturnType()->isBooleanType() && returnsLiteral(Method) == true;
}

TaskStart startOfAwaiter(QualType Awaiter) {
  static const QualifiedName SuspendAlways("std::suspend_always");
  static const QualifiedName SuspendNever("std::suspend_never");
  const CXXRecordDecl *Record = recordOf(Awaiter);
  if (!Record)
    return TaskStart::Unknown;
  if (SuspendAlways.matches(*Record))
    return TaskStart::Lazy;
  if (SuspendNever.matches(*Record))
    return TaskStart::Eager;
  std::optional<bool> Ready = returnsLiteral(methodNamed(Record, "await_ready"));
  if (Ready == true)
    return TaskStart::Eager;
  if (Ready == false && suspendsAndStays(Record))
    return TaskStart::Lazy;
  return TaskStart::Unknown;
}

bool hasFreeCoawait(const CXXRecordDecl *Record) {
  ASTContext &Ctx = Record->getASTContext();
  DeclarationName Name = Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  const Decl *Wanted = identityOf(Record);
  auto TakesRecord = [&](const NamedDecl *D) {
    if (const auto *Template = dyn_cast_or_null<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    const auto *Function = dyn_cast_or_null<FunctionDecl>(D);
    return Function && Function->getNumParams() == 1 &&
           identityOf(recordOf(Function->getParamDecl(0)->getType())) == Wanted;
  };
  // Hidden friends (folly's TaskWithExecutor) are found only through the class.
  const CXXRecordDecl *Pattern = Record;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    if (const ClassTemplateDecl *Template = Spec->getSpecializedTemplate())
      Pattern = Template->getTemplatedDecl();
  for (const CXXRecordDecl *R : {Record, Pattern})
    if (const CXXRecordDecl *Def = R->getDefinition())
      for (const FriendDecl *Friend : Def->friends())
        if (const NamedDecl *D = Friend->getFriendDecl())
          if (D->getDeclName() == Name && TakesRecord(D))
            return true;
  // A namespace-scope operator, found by argument-dependent lookup at the co_await.
  const DeclContext *DC = Record->getDeclContext()->getRedeclContext();
  if (!DC->isFileContext())
    return false;
  for (const NamedDecl *D : DC->lookup(Name))
    if (TakesRecord(D))
      return true;
  return false;
}

} // namespace

bool isTaskLikeType(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record || !Record->getDefinition())
    return false;
  return findMember(Record, "promise_type") || hasCoroutineTraitsSpecialization(Record);
}

bool isAwaitableTypeOrFree(QualType Type) {
  if (isAwaitableType(Type))
    return true;
  const CXXRecordDecl *Record = recordOf(Type);
  return Record && Record->getDefinition() && hasFreeCoawait(Record);
}

TaskStart taskStart(QualType Type) {
  const CXXRecordDecl *Promise = promiseOf(recordOf(Type));
  if (!Promise)
    return TaskStart::Unknown;
  const CXXMethodDecl *Initial = methodNamed(Promise, "initial_suspend");
  if (!Initial || Initial->getReturnType()->isUndeducedType())
    return TaskStart::Unknown;
  return startOfAwaiter(Initial->getReturnType());
}

bool bodyDecidesTaskStart(const Decl *D) {
  const FunctionDecl *Function = D ? D->getAsFunction() : nullptr;
  if (!Function || !isa<CXXMethodDecl>(Function) || !Function->getIdentifier())
    return false;
  StringRef Name = Function->getName();
  return Name == "await_ready" || Name == "await_suspend";
}

bool hasConsumerInterface(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record)
    return false;
  for (llvm::StringRef Name : {"get", "wait", "wait_for", "wait_until", "then"})
    if (findMember(Record, Name))
      return true;
  return false;
}

std::optional<bool> awaitReadyLiteral(QualType Type) {
  return returnsLiteral(methodNamed(recordOf(Type), "await_ready"));
}

bool isNodiscardType(QualType Type) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record)
    return false;
  if (Record->hasAttr<WarnUnusedResultAttr>())
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    if (const ClassTemplateDecl *Template = Spec->getSpecializedTemplate())
      return Template->getTemplatedDecl()->hasAttr<WarnUnusedResultAttr>();
  return false;
}

bool isSyncGeneratorType(QualType Type) {
  const CXXRecordDecl *Promise = promiseOf(recordOf(Type));
  return Promise && findMember(Promise, "yield_value") && !isAwaitableTypeOrFree(Type);
}

const TemplateDecl *classTemplateOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(Type->getAsCXXRecordDecl()))
    return Spec->getSpecializedTemplate();
  if (const auto *TST = Type->getAs<TemplateSpecializationType>())
    return TST->getTemplateName().getAsTemplateDecl();
  return nullptr;
}

std::optional<bool> coAwaitCompilesIn(const FunctionDecl &Coroutine, QualType Type) {
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  if (!Body)
    return false;
  if (Body->hasDependentPromiseType())
    return std::nullopt;
  const CXXRecordDecl *Promise = recordOf(Body->getPromiseDecl()->getType());
  if (Promise && hasMemberNamed(*Promise, "await_transform")) {
    const TemplateDecl *Own = classTemplateOf(Coroutine.getReturnType());
    return Own && classTemplateOf(Type) == Own;
  }
  return isAwaitableTypeOrFree(Type);
}

} // namespace clang::tidy::async
