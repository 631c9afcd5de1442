// Which headers a project run shows by default (docs/ci.md#which-headers-are-shown): the
// project's own, i.e. the files under the compilation database's source tree that are not in a
// third-party folder, a build directory or a bundled copy of another project. clang-tidy shows
// the main file only unless told otherwise; a project run that is told nothing (no
// --header-filter/--exclude-header-filter, no HeaderFilterRegex/ExcludeHeaderFilterRegex in the
// configuration) gets the two regexes below, so that the findings in the project's own headers
// are shown once, whichever TU includes them.
#ifndef ASYNC_TIDY_DRIVER_HEADERSCOPE_H
#define ASYNC_TIDY_DRIVER_HEADERSCOPE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy {
class ClangTidyOptionsProvider;
}

namespace async_tidy {

struct HeaderScope {
  /// The project's source tree: the nearest directory holding .git at or above the common
  /// directory of the database's files (those outside build directories), or without one, that
  /// directory widened while its parent holds a build description (CMakeLists.txt, ...).
  std::string Root;
  /// Directories under Root left out besides the third-party names: build directories (the -p
  /// directory, any holding CMakeCache.txt, build.ninja or meson-private) and bundled projects
  /// (a nested git repository or submodule; a directory with its own LICENSE/COPYING that no
  /// TU of the database is in). Absolute, sorted.
  std::vector<std::string> BuildDirectories, Bundled;
  std::string HeaderFilter, ExcludeHeaderFilter; ///< the regexes given to clang-tidy
};

/// The default scope for a database listing \p DatabaseFiles (all of them, so that a run over a
/// subset has the scope of the whole). \p BuildDir: the -p directory, or empty. std::nullopt
/// when the files share no directory below '/'.
std::optional<HeaderScope> projectHeaderScope(llvm::ArrayRef<std::string> DatabaseFiles,
                                              llvm::StringRef BuildDir);

/// Answers, per file, whether the configuration clang-tidy reads for it (the --config text, the
/// --config-file's, or the .clang-tidy files) sets HeaderFilterRegex or ExcludeHeaderFilterRegex.
class HeaderFilterConfigured {
public:
  HeaderFilterConfigured(const std::optional<std::string> &ConfigText,
                         const std::optional<std::string> &ConfigFile);
  ~HeaderFilterConfigured();
  bool operator()(llvm::StringRef File);

private:
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Provider;
};

} // namespace async_tidy

#endif
