// What async-tidy checks before and after clang-tidy runs, so that a CI step never passes because
// its input was unreadable: each problem is one message that names the file and says why.
#ifndef ASYNC_TIDY_DRIVER_INPUTCHECKS_H
#define ASYNC_TIDY_DRIVER_INPUTCHECKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace async_tidy {

/// An error message when \p Value, given for option \p Name, is not a valid regular expression.
std::optional<std::string> checkRegexOption(llvm::StringRef Name, llvm::StringRef Value);

/// An error message when a configuration async-tidy would read does not parse: the `--config`
/// text, the `--config-file`, or any `.clang-tidy` at or above one of \p Files (clang-tidy
/// itself prints the parse error once per file and goes on with defaults). \p Warnings gets the
/// CheckOptions keys that name a registered check but none of its options.
std::optional<std::string> checkConfiguration(std::optional<std::string> ConfigText,
                                              std::optional<std::string> ConfigFile,
                                              llvm::ArrayRef<std::string> Files,
                                              std::vector<std::string> &Warnings);

/// The `.clang-tidy` that governs \p Path (a file or directory): the nearest one in its
/// directory or above, as clang-tidy's FileOptionsProvider finds it.
std::optional<std::string> nearestClangTidyFile(llvm::StringRef Path);

/// Warnings for names in a `--checks` value that match no registered check (`async-blockign-*`
/// enables nothing and says nothing in clang-tidy).
std::vector<std::string> unknownCheckNames(llvm::StringRef Checks);

/// The names of every async-* check, sorted.
std::vector<std::string> asyncCheckNames();

/// An error message when `compile_commands.json` exists in \p Dir but cannot be read as one.
std::optional<std::string> checkCompilationDatabaseFile(llvm::StringRef Dir);

/// What a run reported, read back from the diagnostics it exported (clang-tidy's
/// `--export-fixes` YAML).
struct RunOutcome {
  unsigned Findings = 0;
  /// "file:line:col: does not compile: message", the first compiler error of each such file.
  std::vector<std::string> CompileErrors;
};
std::optional<RunOutcome> readRunOutcome(llvm::StringRef ExportedYaml, std::string &Error);

} // namespace async_tidy

#endif
