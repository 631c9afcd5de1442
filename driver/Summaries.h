// The driver's half of transitive blocking across translation units (checks/CrossTuSummaries.h):
// merging the first pass's per-TU summaries into each function's shortest chain to a blocking
// root, and choosing the TUs whose coroutines call such a function. Format: docs/transitive.md.
#ifndef ASYNC_TIDY_DRIVER_SUMMARIES_H
#define ASYNC_TIDY_DRIVER_SUMMARIES_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace async_tidy {

struct MergedSummaries {
  std::string Json;                 ///< the merged file's text (chains by check and USR)
  std::vector<bool> NeedsSecondPass; ///< per input summary: a coroutine calls a blocking function
  size_t Functions = 0, Chains = 0;
};

/// Merges \p Summaries (the per-TU files' texts, in TU order; "" for a TU without one). A
/// summary that does not parse is skipped and named in \p Warnings.
MergedSummaries mergeSummaries(const std::vector<std::string> &Summaries,
                               const std::vector<std::string> &Names,
                               std::vector<std::string> &Warnings);

} // namespace async_tidy

#endif
