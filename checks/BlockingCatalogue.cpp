// The blocking catalogue (BlockingCatalogue.def) as data the checks look calls up in.
#include "BlockingCatalogue.h"

#include "clang/AST/Decl.h"

namespace clang::tidy::async {

static const CatalogueEntry Catalogue[] = {
#define ASYNC_BLOCKING(Category, Name, Condition, Arg, WaitsFor, Replacement, Source)           \
  {BlockingCategory::Category, Name, BlockingCondition::Condition, Arg, WaitsFor, Replacement,  \
   Source},
#include "BlockingCatalogue.def"
};

llvm::ArrayRef<CatalogueEntry> blockingCatalogue() { return Catalogue; }

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

CatalogueIndex::CatalogueIndex(BlockingCategory Category) {
  for (const CatalogueEntry &Entry : blockingCatalogue()) {
    if (Entry.Category != Category)
      continue;
    QualifiedName Name(Entry.Name);
    ByLastName[Name.last()].push_back({std::move(Name), &Entry});
  }
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
