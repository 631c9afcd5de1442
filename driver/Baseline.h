// Baselines: adopt async-tidy on a project with findings by recording them once
// (--write-baseline FILE) and reporting only new ones afterwards (--baseline FILE).
//
// A finding is recorded by what it says and where in the code, not by its line number: check,
// file (relative to the root), message and the trimmed text of the line it is on. Edits elsewhere
// in the file move it without making it new; editing its own line, or the code it names, does.
// The same key may occur several times (two identical calls in one file): the baseline counts
// them, and a run may have at most that many before the extra ones are new.
#ifndef ASYNC_TIDY_DRIVER_BASELINE_H
#define ASYNC_TIDY_DRIVER_BASELINE_H

#include "Findings.h"
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace async_tidy {

class Baseline {
public:
  /// Reads \p Path; std::nullopt and \p Error when it cannot be read or is not a baseline.
  static std::optional<Baseline> read(llvm::StringRef Path, std::string &Error);
  /// Writes the baseline of \p Findings to \p Path; false and \p Error on failure.
  static bool write(llvm::StringRef Path, llvm::StringRef Root,
                    const std::vector<Finding> &Findings, SourceFiles &Sources,
                    std::string &Error);
  /// Removes from \p Findings those the baseline holds; returns how many it removed.
  size_t filter(llvm::StringRef Root, std::vector<Finding> &Findings, SourceFiles &Sources);

private:
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  static Key keyOf(llvm::StringRef Root, const Finding &F, SourceFiles &Sources);
  std::map<Key, unsigned> Counts;
};

} // namespace async_tidy

#endif
