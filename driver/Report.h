// The output formats of a project run: text (clang's own diagnostic format, with source
// snippets), json, sarif (SARIF 2.1.0, for GitHub code scanning and other SARIF viewers) and
// github (workflow annotation commands). All are rendered from the same findings, in the order of
// the translation units, so every format of a -j N run equals the -j 1 run's.
#ifndef ASYNC_TIDY_DRIVER_REPORT_H
#define ASYNC_TIDY_DRIVER_REPORT_H

#include "Findings.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace async_tidy {

enum class Format { Text, Json, Sarif, Github };

/// "text", "json", "sarif", "github"; std::nullopt for anything else.
std::optional<Format> parseFormat(llvm::StringRef Name);

/// A file that could not be analysed completely: a compile error or a worker failure.
struct Problem {
  std::string File;
  Position At;          ///< Line 0 when the problem has no place in the file
  std::string Message;
};

struct Report {
  std::string Root;                  ///< paths in sarif/github/json are relative to it
  std::vector<Finding> Findings;     ///< deduplicated, in TU order
  std::vector<Problem> Problems;
  std::vector<std::string> Checks;   ///< enabled checks, for SARIF's rule list
  size_t Units = 0, FromCache = 0, Baselined = 0;
  /// The default header scope's root when some TU ran with it (HeaderScope.h), else empty.
  std::string HeaderScopeRoot;
};

/// One finding as clang prints it (location, level, message, [check], snippet, notes).
void renderText(const Finding &F, SourceFiles &Sources, bool Color, llvm::raw_ostream &OS);
/// The end-of-run summary: files, findings by check, cache hits, baselined findings.
void renderSummary(const Report &R, llvm::raw_ostream &OS);
void renderJson(const Report &R, llvm::raw_ostream &OS);
void renderSarif(const Report &R, SourceFiles &Sources, llvm::raw_ostream &OS);
void renderGithub(const Report &R, llvm::raw_ostream &OS);

/// \p Path relative to \p Root when it is inside it, else \p Path.
std::string relativeTo(llvm::StringRef Root, llvm::StringRef Path);

} // namespace async_tidy

#endif
