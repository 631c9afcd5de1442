// Matching declarations against the fully qualified names used by the catalogue and by options.
#include "NameMatching.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::async {

QualifiedName::QualifiedName(llvm::StringRef Name) : Spelling(Name.trim().str()) {
  llvm::StringRef Rest = llvm::StringRef(Spelling);
  Rest.consume_front("::");
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Rest.split(Parts, "::");
  for (llvm::StringRef Part : Parts)
    Components.push_back(Part.trim().str());
  if (Components.empty())
    Components.emplace_back();
}

std::string lookupKey(const NamedDecl &D) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&D))
    return Ctor->getParent()->getName().str();
  if (const IdentifierInfo *II = D.getIdentifier())
    return II->getName().str();
  return D.getNameAsString();
}

// Skips the contexts a user does not spell in a qualified name.
static const DeclContext *skipTransparent(const DeclContext *DC) {
  while (DC) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC); NS && NS->isInline()) {
      DC = DC->getParent();
      continue;
    }
    if (isa<LinkageSpecDecl, ExportDecl>(DC)) {
      DC = DC->getParent();
      continue;
    }
    break;
  }
  return DC;
}

bool QualifiedName::matches(const NamedDecl &D) const {
  auto It = Components.rbegin();
  if (lookupKey(D) != *It)
    return false;
  ++It;
  const DeclContext *DC = skipTransparent(D.getDeclContext());
  for (; It != Components.rend(); ++It) {
    const auto *Named = dyn_cast_or_null<NamedDecl>(DC);
    if (!Named || !Named->getIdentifier() || Named->getName() != *It)
      return false;
    DC = skipTransparent(DC->getParent());
  }
  return DC && DC->isTranslationUnit();
}

std::vector<QualifiedName> parseNameList(llvm::StringRef Value) {
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Value.split(Items, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<QualifiedName> Names;
  for (llvm::StringRef Item : Items)
    if (!Item.trim().empty())
      Names.emplace_back(Item);
  return Names;
}

bool matchesAny(const NamedDecl &D, llvm::ArrayRef<QualifiedName> Names) {
  if (Names.empty())
    return false;
  std::string Key = lookupKey(D);
  for (const QualifiedName &Name : Names)
    if (Name.last() == Key && Name.matches(D))
      return true;
  return false;
}

const NamedDecl *lookupInTranslationUnit(ASTContext &Ctx, const QualifiedName &Name) {
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  llvm::ArrayRef<std::string> Parts = Name.components();
  for (size_t I = 0; I < Parts.size(); ++I) {
    bool IsLast = I + 1 == Parts.size();
    const NamedDecl *Found = nullptr;
    for (const NamedDecl *Candidate : DC->lookup(&Ctx.Idents.get(Parts[I]))) {
      if (IsLast || isa<NamespaceDecl, CXXRecordDecl>(Candidate)) {
        Found = Candidate;
        break;
      }
    }
    if (!Found)
      return nullptr;
    if (IsLast)
      return Found;
    DC = dyn_cast<DeclContext>(Found);
    if (!DC)
      return nullptr;
  }
  return nullptr;
}

static bool hasOwnAnnotation(const Decl &D, llvm::StringRef Annotation) {
  for (const auto *Attr : D.specific_attrs<AnnotateAttr>())
    if (Attr->getAnnotation() == Annotation)
      return true;
  return false;
}

bool hasAnnotation(const FunctionDecl &FD, llvm::StringRef Annotation) {
  for (const FunctionDecl *Redecl : FD.redecls())
    if (hasOwnAnnotation(*Redecl, Annotation))
      return true;
  if (const FunctionDecl *Pattern = FD.getTemplateInstantiationPattern())
    if (Pattern != &FD)
      return hasAnnotation(*Pattern, Annotation);
  return false;
}

} // namespace clang::tidy::async
