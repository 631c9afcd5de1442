// The blocking catalogue (BlockingCatalogue.def) as data the checks look calls up in.
#include "BlockingCatalogue.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include <array>

namespace clang::tidy::async {

static const CatalogueEntry Catalogue[] = {
#define ASYNC_BLOCKING(Category, Name, Condition, Arg, WaitsFor, Replacement, Source)           \
  {BlockingCategory::Category, Name, BlockingCondition::Condition, Arg, WaitsFor, Replacement,  \
   Source},
#include "BlockingCatalogue.def"
};

static const CatalogueFact Facts[] = {
#define ASYNC_BLOCKING_FACT(Kind, Name, Why) {FactKind::Kind, Name, Why},
#include "BlockingCatalogue.def"
};

llvm::ArrayRef<CatalogueEntry> blockingCatalogue() { return Catalogue; }

llvm::ArrayRef<CatalogueFact> catalogueFacts() { return Facts; }

std::vector<llvm::StringRef> factNames(FactKind Kind) {
  std::vector<llvm::StringRef> Names;
  for (const CatalogueFact &Fact : Facts)
    if (Fact.Kind == Kind)
      Names.push_back(Fact.Name);
  return Names;
}

llvm::StringRef checkNameFor(BlockingCategory Category) {
  switch (Category) {
  case BlockingCategory::Sleep:
    return "async-blocking-sleep";
  case BlockingCategory::FileIo:
    return "async-blocking-file-io";
  case BlockingCategory::Http:
    return "async-blocking-http";
  case BlockingCategory::Network:
    return "async-blocking-network";
  case BlockingCategory::Db:
    return "async-blocking-db";
  case BlockingCategory::DeviceIo:
    return "async-blocking-device-io";
  case BlockingCategory::Process:
    return "async-blocking-process";
  case BlockingCategory::Sync:
    return "async-blocking-sync";
  }
  llvm_unreachable("unknown blocking category");
}

/// True when \p Type names the class \p Name: the class itself, or a typedef of that name in
/// front of it (an older gRPC's `typedef grpc_impl::ClientContext ClientContext`).
static bool namesClass(QualType Type, const QualifiedName &Name) {
  if (const auto *Typedef = Type->getAs<TypedefType>(); Typedef && Name.matches(*Typedef->getDecl()))
    return true;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  return Record && Name.matches(*Record);
}

bool CatalogueIndex::Shape::matches(const NamedDecl &Callee) const {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method || Method->isStatic() || Method->getNumParams() == 0 ||
      isa<CXXConstructorDecl>(Method))
    return false;
  QualType First = Method->getParamDecl(0)->getType();
  if (!First->isPointerType() || !namesClass(First->getPointeeType(), FirstParameter))
    return false;
  QualType Result = Method->getReturnType();
  bool Returns = namesClass(Result, this->Returns);
  // `std::unique_ptr<grpc::ClientReader<R>>`: the stream the call opens.
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(Result->getAsCXXRecordDecl());
      !Returns && Spec && Spec->getName() == "unique_ptr" && Spec->isInStdNamespace() &&
      Spec->getTemplateArgs().size() > 0 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    Returns = namesClass(Spec->getTemplateArgs()[0].getAsType(), this->Returns);
  if (!Returns)
    return false;
  // Generated code is declared here and defined elsewhere; a definition in the code under
  // analysis (a wrapper, a mock) is the transitive analysis's to follow.
  const FunctionDecl *Def = nullptr;
  if (Method->hasBody(Def) && Def) {
    const SourceManager &SM = Method->getASTContext().getSourceManager();
    if (!SM.isInSystemHeader(SM.getFileLoc(Def->getLocation())))
      return false;
  }
  return true;
}

void CatalogueIndex::add(const CatalogueEntry &Entry) {
  UsedConditions |= 1u << static_cast<unsigned>(Entry.Condition);
  if (isShape(Entry)) {
    // `*(P*) -> R`
    llvm::StringRef Text = Entry.Name.drop_front();
    llvm::StringRef Parameter = Text.drop_until([](char C) { return C == '('; }).drop_front();
    llvm::StringRef Returns = Parameter.split("->").second.trim();
    Parameter = Parameter.take_until([](char C) { return C == '*' || C == ')'; }).trim();
    Shapes.push_back({QualifiedName(Parameter), QualifiedName(Returns), &Entry});
    return;
  }
  QualifiedName Name(Entry.Name);
  ByLastName[Name.last()].push_back({std::move(Name), &Entry});
}

CatalogueIndex::CatalogueIndex(BlockingCategory Category) {
  for (const CatalogueEntry &Entry : blockingCatalogue())
    if (Entry.Category == Category)
      add(Entry);
}

CatalogueIndex::CatalogueIndex() {
  for (const CatalogueEntry &Entry : blockingCatalogue())
    add(Entry);
}

const CatalogueIndex &CatalogueIndex::of(BlockingCategory Category) {
  // Function-local statics: built on first use, thread-safely (clangd builds ASTs on several
  // threads), never modified after.
  static const std::array<CatalogueIndex, 8> ByCategory = [] {
    return std::array<CatalogueIndex, 8>{
        CatalogueIndex(BlockingCategory::Sleep),   CatalogueIndex(BlockingCategory::FileIo),
        CatalogueIndex(BlockingCategory::Http),    CatalogueIndex(BlockingCategory::Network),
        CatalogueIndex(BlockingCategory::Db),      CatalogueIndex(BlockingCategory::DeviceIo),
        CatalogueIndex(BlockingCategory::Process), CatalogueIndex(BlockingCategory::Sync)};
  }();
  static_assert(static_cast<unsigned>(BlockingCategory::Sync) + 1 == 8,
                "one index per BlockingCategory, in enum order");
  return ByCategory[static_cast<unsigned>(Category)];
}

const CatalogueIndex &CatalogueIndex::whole() {
  static const CatalogueIndex Index;
  return Index;
}

bool CatalogueIndex::uses(BlockingCondition Condition) const {
  return UsedConditions & (1u << static_cast<unsigned>(Condition));
}

llvm::SmallVector<const CatalogueEntry *, 2>
CatalogueIndex::findAll(const NamedDecl &Callee) const {
  llvm::SmallVector<const CatalogueEntry *, 2> Found;
  auto It = ByLastName.find(lookupKey(Callee));
  if (It != ByLastName.end())
    for (const Row &R : It->second)
      if (R.Name.matches(Callee))
        Found.push_back(R.Entry);
  for (const Shape &S : Shapes)
    if (S.matches(Callee))
      Found.push_back(S.Entry);
  return Found;
}

const CatalogueEntry *CatalogueIndex::find(const NamedDecl &Callee) const {
  auto It = ByLastName.find(lookupKey(Callee));
  if (It != ByLastName.end())
    for (const Row &R : It->second)
      if (R.Name.matches(Callee))
        return R.Entry;
  for (const Shape &S : Shapes)
    if (S.matches(Callee))
      return S.Entry;
  return nullptr;
}

} // namespace clang::tidy::async
