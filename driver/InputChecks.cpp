// What async-tidy checks before and after clang-tidy runs (see InputChecks.h).
#include "InputChecks.h"

#include "RegisteredChecks.h"

#include "ClangTidy.h"
#include "ClangTidyOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

namespace async_tidy {

/// A --checks glob (only '*' is special) against one name.
static bool globMatches(llvm::StringRef Glob, llvm::StringRef Name) {
  size_t Star = Glob.find('*');
  if (Star == llvm::StringRef::npos)
    return Glob == Name;
  if (!Name.starts_with(Glob.take_front(Star)))
    return false;
  llvm::StringRef Rest = Glob.drop_front(Star + 1);
  for (size_t From = Star; From <= Name.size(); ++From)
    if (globMatches(Rest, Name.drop_front(From)))
      return true;
  return false;
}

// LLVM 22 added a flag for its experimental custom (query-based) checks: not ours, left off.
static std::vector<std::string> allCheckNames(const clang::tidy::ClangTidyOptions &All) {
#if CLANG_VERSION_MAJOR >= 22
  return clang::tidy::getCheckNames(All, true, /*ExperimentalCustomChecks=*/false);
#else
  return clang::tidy::getCheckNames(All, true);
#endif
}
static clang::tidy::ClangTidyOptions::OptionMap
allCheckOptions(const clang::tidy::ClangTidyOptions &All) {
#if CLANG_VERSION_MAJOR >= 22
  return clang::tidy::getCheckOptions(All, true, /*ExperimentalCustomChecks=*/false);
#else
  return clang::tidy::getCheckOptions(All, true);
#endif
}

std::optional<std::string> checkRegexOption(llvm::StringRef Name, llvm::StringRef Value) {
  // Empty is no regex to llvm::Regex, but clang-tidy's own default (19: no header is shown;
  // an exclusion that excludes nothing): the filters then match no file.
  std::string Error;
  if (Value.empty() || llvm::Regex(Value).isValid(Error))
    return std::nullopt;
  return "invalid regular expression '" + Value.str() + "' for --" + Name.str() + ": " + Error;
}

/// Warnings for CheckOptions keys that name a registered check but none of its options
/// (`async-blocking-sleep.SleepFuntion`): clang-tidy ignores them without a word.
static void warnUnknownOptions(const clang::tidy::ClangTidyOptions &Parsed,
                               llvm::StringRef Where, std::vector<std::string> &Warnings) {
  if (Parsed.CheckOptions.empty())
    return;
  clang::tidy::ClangTidyOptions All = clang::tidy::ClangTidyOptions::getDefaults();
  All.Checks = "*";
  std::vector<std::string> Names = allCheckNames(All);
  llvm::StringSet<> Checks;
  for (const std::string &Name : Names)
    Checks.insert(Name);
  // With the given options applied: a check whose options are open-ended (readability-
  // identifier-naming's <Kind>Case) stores those it was given, and only those are known.
  All.CheckOptions = Parsed.CheckOptions;
  clang::tidy::ClangTidyOptions::OptionMap Known = allCheckOptions(All);
  for (const auto &Option : Parsed.CheckOptions) {
    llvm::StringRef Key = Option.getKey();
    auto [Check, Name] = Key.rsplit('.');
    if (Name.empty() || !Checks.contains(Check) || Known.count(Key))
      continue;
    Warnings.push_back(Where.str() + ": unknown option '" + Key.str() + "'; '" + Check.str() +
                       "' has no option '" + Name.str() + "' (see --dump-config)");
  }
}

/// Parses one configuration; the first problem as "where: message".
static std::optional<std::string> parseOne(llvm::StringRef Text, llvm::StringRef Where,
                                           std::vector<std::string> &Warnings) {
  std::string First;
  auto Handler = [&](const llvm::SMDiagnostic &D) {
    if (!First.empty() || D.getKind() != llvm::SourceMgr::DK_Error)
      return;
    First = Where.str();
    if (D.getLineNo() > 0)
      First += ":" + std::to_string(D.getLineNo()) + ":" + std::to_string(D.getColumnNo() + 1);
    First += ": " + D.getMessage().str();
  };
  llvm::ErrorOr<clang::tidy::ClangTidyOptions> Parsed =
      clang::tidy::parseConfigurationWithDiags(llvm::MemoryBufferRef(Text, Where), Handler);
  if (Parsed) {
    warnUnknownOptions(*Parsed, Where, Warnings);
    return std::nullopt;
  }
  if (First.empty())
    First = Where.str() + ": " + Parsed.getError().message();
  return "cannot read the configuration " + First;
}

std::optional<std::string> checkConfiguration(std::optional<std::string> ConfigText,
                                              std::optional<std::string> ConfigFile,
                                              llvm::ArrayRef<std::string> Files,
                                              std::vector<std::string> &Warnings) {
  if (ConfigText)
    return parseOne(*ConfigText, "--config", Warnings);
  auto ParseFile = [&Warnings](llvm::StringRef Path) -> std::optional<std::string> {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
    if (!Text)
      return "cannot read the configuration '" + Path.str() + "': " + Text.getError().message();
    return parseOne((*Text)->getBuffer(), Path, Warnings);
  };
  if (ConfigFile)
    return ParseFile(*ConfigFile);
  // Every .clang-tidy at or above these files must parse, not only the nearest: clang-tidy
  // also reads the working directory's (and, with InheritParentConfig, the parents') and
  // prints a broken one's error while it goes on with defaults.
  llvm::StringSet<> Seen;
  std::vector<std::string> Starts(Files.begin(), Files.end());
  if (Starts.empty())
    Starts.push_back(".");
  for (const std::string &File : Starts)
    for (std::optional<std::string> Config = nearestClangTidyFile(File); Config;
         Config = nearestClangTidyFile(
             llvm::sys::path::parent_path(llvm::sys::path::parent_path(*Config)))) {
      if (!Seen.insert(*Config).second)
        break; // this file and its parents were checked for an earlier input
      if (std::optional<std::string> Problem = ParseFile(*Config))
        return Problem;
    }
  return std::nullopt;
}

std::optional<std::string> nearestClangTidyFile(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(Path);
  if (Dir.empty() || llvm::sys::fs::make_absolute(Dir))
    return std::nullopt; // no working directory: nothing to search from
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  for (llvm::StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    if (llvm::sys::fs::exists(Candidate))
      return Candidate.str().str();
  }
  return std::nullopt;
}

/// A clang-tidy glob (`async-*`) as a regular expression matching whole names.
std::vector<std::string> asyncCheckNames() {
  clang::tidy::ClangTidyOptions All = clang::tidy::ClangTidyOptions::getDefaults();
  All.Checks = "-*,async-*";
  return allCheckNames(All);
}

std::vector<std::string> unknownCheckNames(llvm::StringRef Checks) {
  const std::vector<std::string> &Names = clang::tidy::async::registeredCheckNames();
  std::vector<std::string> Unknown;
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Checks.split(Items, ',', -1, false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    // Removals and clang's own warnings (clang-diagnostic-*, named after -W flags) are fine.
    if (Item.empty() || Item.starts_with("-") || Item.starts_with("clang-diagnostic-") ||
        Item == "*")
      continue;
    bool Matches =
        llvm::any_of(Names, [&](const std::string &Name) { return globMatches(Item, Name); });
    if (!Matches)
      Unknown.push_back(Item.str());
  }
  return Unknown;
}

std::optional<std::string> checkCompilationDatabaseFile(llvm::StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "compile_commands.json");
  if (!llvm::sys::fs::exists(Path))
    return std::nullopt;
  std::string Error;
  if (clang::tooling::JSONCompilationDatabase::loadFromFile(
          Path, Error, clang::tooling::JSONCommandLineSyntax::AutoDetect))
    return std::nullopt;
  return "cannot read the compilation database '" + Path.str().str() + "': " + Error;
}

/// "file:line:col" of a byte offset in a file, or just the file when it cannot be read.
static std::string locationOf(llvm::StringRef File, unsigned Offset) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(File);
  if (!Text || Offset > (*Text)->getBufferSize())
    return File.str();
  llvm::StringRef Before = (*Text)->getBuffer().take_front(Offset);
  size_t Line = Before.count('\n') + 1;
  size_t LineStart = Before.rfind('\n');
  size_t Column = LineStart == llvm::StringRef::npos ? Offset + 1 : Offset - LineStart;
  return File.str() + ":" + std::to_string(Line) + ":" + std::to_string(Column);
}

std::optional<RunOutcome> readRunOutcome(llvm::StringRef ExportedYaml, std::string &Error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFile(ExportedYaml);
  if (!Text) {
    Error = Text.getError().message();
    return std::nullopt;
  }
  clang::tooling::TranslationUnitDiagnostics Diagnostics;
  llvm::yaml::Input YAML((*Text)->getBuffer());
  YAML >> Diagnostics;
  if (YAML.error()) {
    Error = YAML.error().message();
    return std::nullopt;
  }
  RunOutcome Outcome;
  llvm::StringSet<> BrokenFiles;
  for (const clang::tooling::Diagnostic &D : Diagnostics.Diagnostics) {
    // clang's errors are named clang-diagnostic-error; a warning promoted by
    // --warnings-as-errors keeps its check's name and is a finding.
    if (D.DiagLevel == clang::tooling::Diagnostic::Error &&
        D.DiagnosticName == "clang-diagnostic-error") {
      if (BrokenFiles.insert(D.Message.FilePath).second)
        Outcome.CompileErrors.push_back(locationOf(D.Message.FilePath, D.Message.FileOffset) +
                                        ": does not compile: " + D.Message.Message);
      continue;
    }
    ++Outcome.Findings;
  }
  return Outcome;
}

} // namespace async_tidy
