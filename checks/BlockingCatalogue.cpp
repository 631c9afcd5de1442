// The blocking catalogue (BlockingCatalogue.def) as data the checks look calls up in.
#include "BlockingCatalogue.h"

#include "clang/AST/Decl.h"
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

void CatalogueIndex::add(const CatalogueEntry &Entry) {
  QualifiedName Name(Entry.Name);
  ByLastName[Name.last()].push_back({std::move(Name), &Entry});
  UsedConditions |= 1u << static_cast<unsigned>(Entry.Condition);
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
  if (It == ByLastName.end())
    return Found;
  for (const Row &R : It->second)
    if (R.Name.matches(Callee))
      Found.push_back(R.Entry);
  return Found;
}

const CatalogueEntry *CatalogueIndex::find(const NamedDecl &Callee) const {
  auto It = ByLastName.find(lookupKey(Callee));
  if (It == ByLastName.end())
    return nullptr;
  for (const Row &R : It->second)
    if (R.Name.matches(Callee))
      return R.Entry;
  return nullptr;
}

} // namespace clang::tidy::async
