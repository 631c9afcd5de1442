// A lint run over many translation units, the way a CI step runs it: select the TUs (files,
// globs, --since, --shard), analyse them on -j workers with the result cache, drop what the
// baseline holds, and write one report in the chosen format. Exit status: 0 no findings, 1
// findings, 2 a file could not be analysed completely (or an input was unreadable).
#ifndef ASYNC_TIDY_DRIVER_PROJECTRUN_H
#define ASYNC_TIDY_DRIVER_PROJECTRUN_H

#include "Report.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <optional>
#include <string>
#include <vector>

namespace async_tidy {

struct ProjectOptions {
  std::string Self;                        ///< this executable
  int (*TidyMain)(int, const char **) = nullptr; ///< clang-tidy's main, run on each TU
  std::vector<std::string> WorkerOptions;  ///< clang-tidy options for every TU's run
  std::vector<std::string> CompileFlags;   ///< "--" and what follows, or empty
  std::vector<std::string> Files;          ///< files and globs given; empty: the whole database
  clang::tooling::CompilationDatabase *Database = nullptr; ///< null when flags follow "--"
  bool DefaultChecks = false;  ///< no --checks/--config: TUs without a .clang-tidy get async-*
  std::optional<std::string> ConfigFile;   ///< --config-file, part of the cache key
  std::optional<std::string> ConfigText;   ///< --config
  /// --header-filter or --exclude-header-filter was given: no default header scope.
  bool UserHeaderFilter = false;
  std::string BuildDir;                    ///< -p, or empty
  std::vector<std::string> ExtraArgs;      ///< --extra-arg(-before) values, for --since scans
  Format OutputFormat = Format::Text;
  std::optional<std::string> Output;       ///< --output; stdout otherwise
  std::optional<std::string> ExportFixes;  ///< --export-fixes: merged from every TU
  unsigned Jobs = 1;
  std::optional<std::string> CacheDir;
  std::optional<std::string> BaselineFile, WriteBaselineFile;
  std::optional<std::string> Since;
  unsigned ShardIndex = 0, ShardCount = 0; ///< --shard I/N: 1-based I; 0/0 without
  std::optional<std::string> Root;         ///< --root; the git top level or the cwd otherwise
  /// Two passes, blocking across TUs (docs/transitive.md): Auto runs them when more than one
  /// TU is analysed, in a temporary directory; Dir (--summaries=DIR) keeps DIR/merged.json.
  enum class SummariesMode { Auto, Off, Dir } Summaries = SummariesMode::Auto;
  std::string SummariesDir;                ///< with SummariesMode::Dir
};

int runProject(const ProjectOptions &Options);

/// Parses "I/N" (1 <= I <= N); false when it is not.
bool parseShard(llvm::StringRef Text, unsigned &Index, unsigned &Count);

} // namespace async_tidy

#endif
