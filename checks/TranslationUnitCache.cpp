// What the async-* checks compute once per translation unit and share.
#include "TranslationUnitCache.h"

#include "ExecutionContext.h"
#include "NameMatching.h"
#include "TransitiveBlocking.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async {
namespace {

/// Collects UserFunctions. It visits what MatchFinder visits (template instantiations, and the
/// implicit closure classes through which lambdas' call operators are reached), except that it
/// does not enter declarations spelled in system headers: the functions found are those a
/// matcher `functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))` would match.
class UserFunctionFinder : public RecursiveASTVisitor<UserFunctionFinder> {
  using Base = RecursiveASTVisitor<UserFunctionFinder>;

public:
  UserFunctionFinder(const SourceManager &SM, UserFunctions &Out,
                     llvm::function_ref<bool(const FunctionDecl &)> Hidden = nullptr)
      : SM(SM), Out(Out), Hidden(Hidden) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    // A declaration in a system header holds only the library's code; the two ways the
    // user's code ends up under one are handled where the user's declaration is visited
    // (visitPartialSpecialization, visitRedeclaredTemplate).
    if (D && !isa<TranslationUnitDecl>(D) && inSystemHeader(D->getLocation()))
      return true;
    // A function whose findings would not be shown: nothing in it would be either (the
    // headers of a library bundled with -I, hidden by the header filter).
    if (Hidden)
      if (const auto *F = dyn_cast_or_null<FunctionDecl>(D); F && Hidden(*F))
        return true;
    return Base::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *F) {
    // The location test of isExpansionInSystemHeader, which the checks' matchers used.
    if (!F->isThisDeclarationADefinition() || inSystemHeader(F->getBeginLoc()))
      return true;
    if (!F->isImplicit())
      Out.Definitions.push_back(F);
    if (F->doesThisDeclarationHaveABody() && isa_and_nonnull<CoroutineBodyStmt>(F->getBody()))
      Out.Coroutines.push_back(F);
    return true;
  }

  // `template <class Sig> struct boost::asio::async_result<my_token, Sig> { ... }`: the
  // instantiations of a user's partial specialization of a library template are
  // specializations of the library's template, which the walk skipped with it.
  bool VisitClassTemplatePartialSpecializationDecl(ClassTemplatePartialSpecializationDecl *P) {
    ClassTemplateDecl *Primary = P->getSpecializedTemplate();
    if (!P->isCompleteDefinition() || !inSystemHeader(Primary->getCanonicalDecl()->getLocation()))
      return true; // instantiations are visited with the primary template
    for (ClassTemplateSpecializationDecl *Spec : Primary->specializations()) {
      if (Spec->getSpecializationKind() != TSK_ImplicitInstantiation)
        continue;
      auto *From = Spec->getSpecializedTemplateOrPartial()
                       .dyn_cast<ClassTemplatePartialSpecializationDecl *>();
      if (From && From->getCanonicalDecl() == P->getCanonicalDecl())
        Base::TraverseDecl(Spec); // its location may be the library template's
    }
    return true;
  }

  // A template declared first in a system header and defined in the user's code: the
  // instantiations are visited with the first declaration, which the walk skipped.
  bool VisitFunctionTemplateDecl(FunctionTemplateDecl *T) {
    if (!isRedeclarationOfSkipped(T))
      return true;
    for (FunctionDecl *Spec : T->getCanonicalDecl()->specializations())
      for (FunctionDecl *Redecl : Spec->redecls())
        if (Redecl->getTemplateSpecializationKind() != TSK_ExplicitSpecialization)
          Base::TraverseDecl(Redecl);
    return true;
  }
  bool VisitClassTemplateDecl(ClassTemplateDecl *T) {
    if (!isRedeclarationOfSkipped(T))
      return true;
    for (ClassTemplateSpecializationDecl *Spec : T->getCanonicalDecl()->specializations())
      if (Spec->getSpecializationKind() == TSK_ImplicitInstantiation ||
          Spec->getSpecializationKind() == TSK_Undeclared)
        Base::TraverseDecl(Spec);
    return true;
  }

private:
  bool inSystemHeader(SourceLocation Loc) const {
    SourceLocation Expansion = SM.getExpansionLoc(Loc);
    return Expansion.isValid() && SM.isInSystemHeader(Expansion);
  }

  template <class TemplateDeclT> bool isRedeclarationOfSkipped(TemplateDeclT *T) const {
    const TemplateDeclT *First = T->getCanonicalDecl();
    return First != T && T->isThisDeclarationADefinition() &&
           inSystemHeader(First->getLocation());
  }

  const SourceManager &SM;
  UserFunctions &Out;
  llvm::function_ref<bool(const FunctionDecl &)> Hidden;
};

thread_local std::unique_ptr<TranslationUnitCache> Current;

} // namespace

TranslationUnitCache &TranslationUnitCache::of(ASTContext &Ctx) {
  if (!Current || &Current->Ctx != &Ctx)
    Current.reset(new TranslationUnitCache(Ctx));
  return *Current;
}

void TranslationUnitCache::reset() { Current.reset(); }

TranslationUnitCache::TranslationUnitCache(ASTContext &Ctx) : Ctx(Ctx) {}
TranslationUnitCache::~TranslationUnitCache() = default;

const UserFunctions &TranslationUnitCache::functions() { return functions(nullptr); }

const UserFunctions &
TranslationUnitCache::functions(llvm::function_ref<bool(const FunctionDecl &)> Hidden) {
  if (!Functions) {
    Functions = std::make_unique<UserFunctions>();
    UserFunctionFinder Finder(Ctx.getSourceManager(), *Functions, Hidden);
    for (Decl *D : scope())
      Finder.TraverseDecl(D);
  }
  return *Functions;
}

void TranslationUnitCache::setScope(std::vector<Decl *> UserDecls) {
  Scope = std::move(UserDecls);
}

llvm::ArrayRef<Decl *> TranslationUnitCache::scope() {
  // The scope MatchFinder was given: the whole TU, or in clangd the main file's top-level
  // declarations (clangd sets it) — unless the dispatcher set the checks' own.
  if (!Scope)
    Scope = Ctx.getTraversalScope();
  return *Scope;
}

TranslationUnitFacts &TranslationUnitCache::facts() {
  if (!Facts)
    Facts = TranslationUnitFacts::build(Ctx, scope());
  return *Facts;
}

const ScannedCoroutine &TranslationUnitCache::scanned(const FunctionDecl &Coroutine) {
  std::unique_ptr<ScannedCoroutine> &Found = Scans[&Coroutine];
  if (!Found) {
    Found = std::make_unique<ScannedCoroutine>();
    Found->Scan = scanCoroutine(Coroutine, [&](const CallSite &Site) {
      if (!hasAnnotation(*Site.Callee, NonBlockingAnnotation))
        Found->Sites.push_back(Site);
    });
  }
  return *Found;
}

TransitiveSummaries &TranslationUnitCache::summaries(llvm::StringRef Policy) {
  std::unique_ptr<TransitiveSummaries> &Found = Summaries[Policy];
  if (!Found)
    Found = std::make_unique<TransitiveSummaries>();
  return *Found;
}

} // namespace clang::tidy::async
