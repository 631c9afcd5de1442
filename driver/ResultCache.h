// The result cache (--cache-dir): a TU is analysed again only when something that could change
// its findings changed.
//
// The key of an entry hashes everything known before the run: async-tidy's identity (version and
// the executable's size and modification time, so a rebuilt tool invalidates everything), the
// options given to the worker, the TU's compile command and working directory, and the text of
// every configuration the run can read (each .clang-tidy from the file's directory up to the
// root, --config-file). The entry records every file the compiler read for the TU — the
// dependency list clang wrote with -MD during the analysis, system headers included — with a
// hash of each one's content. A lookup is a hit only when every recorded file still has the
// recorded content: a changed header, a changed option or a rebuilt tool all miss.
//
// Not detected: a new file that would now be found first on an include path (the compiler never
// read it, so no hash covers it). Clear the cache when include directories gain such files.
#ifndef ASYNC_TIDY_DRIVER_RESULTCACHE_H
#define ASYNC_TIDY_DRIVER_RESULTCACHE_H

#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace async_tidy {

class ResultCache {
public:
  explicit ResultCache(std::string Dir) : Dir(std::move(Dir)) {}

  /// The findings and worker output stored under \p Key, if every file they depend on still has
  /// the content it had when they were stored.
  std::optional<UnitResult> lookup(llvm::StringRef Key);
  /// The files the last stored run under \p Key read (whatever their content now), for --since.
  std::optional<std::vector<std::string>> dependencies(llvm::StringRef Key);
  /// Stores \p Result, which was computed from the files \p Dependencies (absolute paths).
  /// Errors are ignored: a cache that cannot be written only costs time.
  void store(llvm::StringRef Key, const UnitResult &Result,
             const std::vector<std::string> &Dependencies);

  /// Hex digest of \p Parts, each length-prefixed so that no two lists collide by concatenation.
  static std::string keyOf(const std::vector<std::string> &Parts);

private:
  std::string entryPath(llvm::StringRef Key) const;
  std::optional<std::string> contentHash(llvm::StringRef File); // memoized for the run
  std::string Dir;
  std::mutex Lock;
  llvm::StringMap<std::optional<std::string>> Hashes;
};

/// The files listed in a make-style dependency file (what clang writes for -MD), made absolute
/// against \p Directory.
std::vector<std::string> parseDependencyFile(llvm::StringRef Text, llvm::StringRef Directory);

} // namespace async_tidy

#endif
