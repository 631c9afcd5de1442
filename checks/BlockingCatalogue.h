// The blocking catalogue (BlockingCatalogue.def) as data the checks look calls up in.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H

#include "NameMatching.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::async {

/// Which check reports a catalogue entry.
enum class BlockingCategory { Sleep, FileIo, Http, Network, Db, DeviceIo, Process, Sync };

/// When a call to a catalogue function is not blocking after all.
enum class BlockingCondition {
  /// Always blocking.
  Always,
};

struct CatalogueEntry {
  BlockingCategory Category;
  llvm::StringRef Name;
  BlockingCondition Condition;
  int Arg;
  llvm::StringRef WaitsFor;
  llvm::StringRef Replacement;
  llvm::StringRef Source;
};

/// Every row of BlockingCatalogue.def, in file order.
llvm::ArrayRef<CatalogueEntry> blockingCatalogue();

/// The check that reports \p Category, e.g. "async-blocking-file-io".
llvm::StringRef checkNameFor(BlockingCategory Category);

/// The catalogue rows of one category, indexed by the callee's unqualified name so that a call
/// costs one hash lookup unless its name is a known blocking one.
class CatalogueIndex {
public:
  explicit CatalogueIndex(BlockingCategory Category);
  /// The entry \p Callee matches, or null.
  const CatalogueEntry *find(const NamedDecl &Callee) const;

private:
  struct Row {
    QualifiedName Name;
    const CatalogueEntry *Entry;
  };
  llvm::StringMap<std::vector<Row>> ByLastName;
};

} // namespace clang::tidy::async

#endif
