// Transitive blocking across translation units (docs/transitive.md, "Across translation
// units"). A project run with --summaries makes two passes:
//
//  1. Each TU's run writes, to the file named by ASYNC_TIDY_SUMMARY_OUT, what every function
//     defined in it does: per blocking check, its own blocking call of that check's kind (the
//     root) and the calls it makes that blocking may propagate through (by USR), and the
//     functions its coroutines call whose blocking this TU cannot see.
//  2. The driver merges the TUs' files into each function's shortest chain to a root
//     (driver/Summaries.cpp) and re-runs the TUs whose coroutines call one of them with
//     ASYNC_TIDY_SUMMARY_IN naming the merged file; the checks report those calls with the
//     chain, its notes pointing into the other files.
//
// The environment variables are the protocol between async-tidy and its own workers (one TU per
// process); they are not meant to be set by hand.
#ifndef ASYNC_TIDY_CHECKS_CROSSTUSUMMARIES_H
#define ASYNC_TIDY_CHECKS_CROSSTUSUMMARIES_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::async::cross_tu {

/// A function's USR, the key that is the same in every TU ("" when it has none).
std::string usrOf(const Decl &D);

/// A place in a file, as written to the summaries.
struct Place {
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// One step of a merged chain: `Caller` `What` at `At` ("'render'" "calls 'load_template'").
struct Step {
  std::string Caller;
  std::string What;
  Place At;
};

/// A merged chain from a function to a blocking root of one check's kind.
struct Chain {
  std::vector<Step> Steps;       ///< from the function asked about down to the root call
  std::string WaitsFor;          ///< the root's reason
};

// --- pass 1 -------------------------------------------------------------------------------

/// True when this process writes summaries (ASYNC_TIDY_SUMMARY_OUT is set).
bool writing();
/// True in either pass (ASYNC_TIDY_SUMMARY_OUT or ASYNC_TIDY_SUMMARY_IN is set).
bool active();

/// What \p Check records about one function definition.
struct FunctionRecord {
  std::string Usr;
  std::string Name;                ///< as notes name it ("'load_template'", "the lambda")
  std::optional<Step> Root;        ///< its own blocking call of the check's kind
  std::string RootWaitsFor;        ///< why that call blocks ("the disk")
  struct Edge {
    std::string Usr;
    std::string Name;
    Place At;
  };
  std::vector<Edge> Edges;         ///< calls blocking may propagate through
};

/// Adds \p Record to \p Check's section of this TU's summary.
void addFunction(llvm::StringRef Check, unsigned MaxDepth, FunctionRecord Record);
/// Records that a coroutine of this TU calls \p Usr, which this TU cannot judge.
void addCoroutineCall(llvm::StringRef Check, llvm::StringRef Usr);
/// Writes this TU's summary file (once per TU; later calls do nothing until reset()).
void flush();
/// Forgets the TU's records: called when a translation unit starts.
void reset();

// --- pass 2 -------------------------------------------------------------------------------

/// The merged chain for \p Usr in \p Check's section of ASYNC_TIDY_SUMMARY_IN, or null (also
/// when the variable is not set or the file cannot be read).
const Chain *mergedChain(llvm::StringRef Check, llvm::StringRef Usr);

} // namespace clang::tidy::async::cross_tu

#endif
