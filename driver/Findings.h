// What one translation unit's run reported, in the form every output format needs: clang-tidy's
// exported diagnostics (byte offsets) turned into findings with lines and columns, notes and
// fix-its. The parent async-tidy reads these from its workers' --export-fixes YAML, so the text,
// JSON, SARIF and GitHub outputs all come from one model.
#ifndef ASYNC_TIDY_DRIVER_FINDINGS_H
#define ASYNC_TIDY_DRIVER_FINDINGS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace async_tidy {

/// A place in a file: byte offset, 1-based line, 1-based byte column (clang's columns).
struct Position {
  std::string File;
  unsigned Offset = 0;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// A highlighted range or a fix-it's replaced range: [Begin, End).
struct Span {
  Position Begin;
  Position End;
};

struct Edit {
  Span Range;
  std::string Text; ///< what replaces the range
};

struct Note {
  std::string Message;
  Position At;
};

struct Finding {
  std::string Check;   ///< check name, or clang-diagnostic-<flag> for clang's own diagnostics
  std::string Level;   ///< "warning" or "error" (compile errors, --warnings-as-errors)
  std::string Message;
  Position At;
  std::vector<Span> Ranges;
  std::vector<Note> Notes;
  std::vector<Edit> Fixes;
  /// A compiler error: the TU's findings are incomplete.
  bool isCompileError() const { return Check == "clang-diagnostic-error"; }
  /// A warning promoted by --warnings-as-errors (clang-tidy marks it in its check list).
  bool isPromoted() const { return Level == "error" && !isCompileError(); }
};

/// The result of one translation unit.
struct UnitResult {
  std::string File;      ///< the TU's main file, as the compilation database names it
  std::vector<Finding> Findings;
  std::string Stderr;    ///< what the worker printed besides its findings
  std::string Failure;   ///< non-empty when the worker did not finish (crash, cannot start)
  bool FromCache = false;
  std::string Summary;   ///< the cross-TU summary the run wrote (--summaries' first pass)
};

/// File contents with line tables, shared by the threads that read workers' results.
class SourceFiles {
public:
  /// Line and column of \p Offset in \p File (0, 0 when it cannot be read).
  Position position(llvm::StringRef File, unsigned Offset);
  /// The text of 1-based line \p Line of \p File, without its newline ("" when unknown).
  std::string lineText(llvm::StringRef File, unsigned Line);

private:
  struct Text {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  const Text *get(llvm::StringRef File); // under Lock
  std::mutex Lock;
  llvm::StringMap<std::unique_ptr<Text>> Files;
};

/// Reads clang-tidy's exported diagnostics (the --export-fixes YAML); std::nullopt and \p Error
/// when the file cannot be read or parsed.
std::optional<std::vector<Finding>> readExportedFindings(llvm::StringRef YamlText,
                                                         SourceFiles &Sources,
                                                         std::string &Error);

/// Writes \p Findings as the --export-fixes YAML that clang-apply-replacements reads.
std::string exportFindingsYaml(llvm::StringRef MainSourceFile,
                               const std::vector<Finding> &Findings);

/// JSON form of a finding, used by --format json and by the result cache.
llvm::json::Value toJSON(const Finding &F);
std::optional<Finding> findingFromJSON(const llvm::json::Value &V);

} // namespace async_tidy

#endif
