// async-tidy: clang-tidy's command line with the async-* checks built in. It only adds what a
// lint step needs on top of clangTidyMain: async-* as the default check set, "no FILE" meaning
// every TU of the compilation database, and exit codes a CI step can trust: 0 no findings,
// 1 findings, 2 the tool could not do its job (bad invocation, unreadable configuration or
// compilation database, a file that does not compile), each with one message naming the file.
#include "AsyncTidyModule.h"
#include "InputChecks.h"
#include "tool/ClangTidyMain.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using namespace clang::tidy;

static ClangTidyModuleRegistry::Add<async::AsyncTidyModule> AsyncModule(async::ModuleName,
                                                                        async::ModuleDescription);

namespace {

// Exit statuses, documented in README.md.
constexpr int FindingsExit = 1;
constexpr int UsageErrorExit = 2; // also: could not do its job
constexpr int NoCompilationDatabaseExit = 3;

// Options CommonOptionsParser registers only while it parses, so the registry lacks them now.
const char *const LateOptions[] = {"p", "extra-arg", "extra-arg-before"};

struct Invocation {
  std::vector<std::string> Args;      // argv[1..], as given
  std::vector<std::string> Files;     // positional arguments before "--"
  std::string BuildPath;              // -p
  bool HasCompileFlags = false;       // "--" was given
  bool HasCheckConfig = false;        // --checks, --config or --config-file
  bool InfoOnly = false;              // --help, --version, --list-checks, --dump-config, ...
  bool HelpOnly = false;              // --help, --version: nothing is read
  std::optional<std::string> Checks;     // --checks
  std::optional<std::string> Config;     // --config
  std::optional<std::string> ConfigFile; // --config-file
  std::optional<std::string> ExportFixes; // --export-fixes
  std::vector<std::pair<std::string, std::string>> Regexes; // --header-filter, ...
};

int fail(int Status, const llvm::Twine &Message) {
  llvm::errs() << "async-tidy: error: " << Message << "\n";
  return Status;
}

bool takesValue(llvm::StringRef Name) {
  for (const char *Late : LateOptions)
    if (Name == Late)
      return true;
  auto &Registered = llvm::cl::getRegisteredOptions();
  auto It = Registered.find(Name);
  return It != Registered.end() && It->second->getValueExpectedFlag() == llvm::cl::ValueRequired;
}

bool isKnownOption(llvm::StringRef Name) {
  for (const char *Late : LateOptions)
    if (Name == Late)
      return true;
  return llvm::cl::getRegisteredOptions().count(Name) != 0;
}

// Sorts the command line into options, files and compile flags, the way llvm::cl will.
std::optional<int> scan(int Argc, const char **Argv, Invocation &Inv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg = Argv[I];
    Inv.Args.push_back(Arg.str());
    if (Arg == "--") {
      Inv.HasCompileFlags = true;
      for (++I; I < Argc; ++I)
        Inv.Args.push_back(Argv[I]);
      break;
    }
    if (Arg.size() < 2 || !Arg.starts_with("-")) {
      Inv.Files.push_back(Arg.str());
      continue;
    }
    if (Arg.starts_with("@")) // response file: clangTidyMain expands it
      continue;
    llvm::StringRef Name = Arg.drop_front(Arg.starts_with("--") ? 2 : 1);
    auto [Key, Value] = Name.split('=');
    if (!isKnownOption(Key))
      return fail(UsageErrorExit, "unknown option '" + Arg + "'; see 'async-tidy --help'");
    std::optional<std::string> OptValue;
    if (Name.contains('='))
      OptValue = Value.str();
    else if (takesValue(Key)) {
      if (I + 1 >= Argc)
        return fail(UsageErrorExit, "option '" + Arg + "' needs a value");
      OptValue = Argv[++I];
      Inv.Args.push_back(*OptValue);
    }
    if (Key == "checks" || Key == "config" || Key == "config-file")
      Inv.HasCheckConfig = true;
    if (Key == "checks" && OptValue)
      Inv.Checks = *OptValue;
    if (Key == "config" && OptValue)
      Inv.Config = *OptValue;
    if (Key == "config-file" && OptValue)
      Inv.ConfigFile = *OptValue;
    if (Key == "export-fixes" && OptValue)
      Inv.ExportFixes = *OptValue;
    if ((Key == "header-filter" || Key == "exclude-header-filter") && OptValue)
      Inv.Regexes.emplace_back(Key.str(), *OptValue);
    if (Key == "help" || Key == "help-hidden" || Key == "version")
      Inv.HelpOnly = true;
    if (Key == "p" && OptValue)
      Inv.BuildPath = *OptValue;
    if (Key == "help" || Key == "help-hidden" || Key == "version" || Key == "list-checks" ||
        Key == "dump-config" || Key == "explain-config" || Key == "verify-config")
      Inv.InfoOnly = true;
  }
  return std::nullopt;
}

} // namespace

int main(int Argc, const char **Argv) {
  Invocation Inv;
  if (std::optional<int> Status = scan(Argc, Argv, Inv))
    return *Status;

  // What would make clang-tidy run with something other than what the user asked for: a
  // regex that matches nothing, a configuration it reads past with a message and defaults.
  if (!Inv.HelpOnly) {
    for (const auto &[Name, Value] : Inv.Regexes)
      if (std::optional<std::string> Problem = async_tidy::checkRegexOption(Name, Value))
        return fail(UsageErrorExit, *Problem);
    if (Inv.Checks)
      for (const std::string &Unknown : async_tidy::unknownCheckNames(*Inv.Checks))
        llvm::errs() << "async-tidy: warning: '" << Unknown
                     << "' in --checks matches no check; see 'async-tidy --list-checks'\n";
  }

  std::vector<std::string> Extra;
  if (!Inv.InfoOnly) {
    for (const std::string &File : Inv.Files)
      if (!llvm::sys::fs::exists(File))
        return fail(UsageErrorExit, "no such file: '" + File + "'");

    if (!Inv.HasCompileFlags) {
      // Without "-- flags" every file needs its compile command: fail clearly here rather than
      // let clang-tidy guess flags (a coroutine file parsed as C++17 is all errors).
      std::string Error;
      std::unique_ptr<clang::tooling::CompilationDatabase> Database;
      // A compile_commands.json that is there but broken is not "no database".
      if (std::optional<std::string> Problem = async_tidy::checkCompilationDatabaseFile(
              Inv.BuildPath.empty() ? std::string(".") : Inv.BuildPath))
        return fail(UsageErrorExit, *Problem);
      if (!Inv.BuildPath.empty())
        Database = clang::tooling::CompilationDatabase::autoDetectFromDirectory(Inv.BuildPath, Error);
      else if (!Inv.Files.empty())
        Database = clang::tooling::CompilationDatabase::autoDetectFromSource(Inv.Files.front(), Error);
      else
        Database = clang::tooling::CompilationDatabase::autoDetectFromDirectory(".", Error);
      if (!Database)
        return fail(NoCompilationDatabaseExit,
                    "no compilation database (compile_commands.json) found" +
                        llvm::Twine(Inv.BuildPath.empty() ? "" : " in '" + Inv.BuildPath + "'") +
                        "; pass -p <build-dir>, or compile flags after '--'");
      if (Inv.Files.empty()) {
        // No FILE: lint every translation unit of the database.
        Inv.Files = Database->getAllFiles();
        if (Inv.Files.empty())
          return fail(NoCompilationDatabaseExit, "the compilation database lists no files");
        Extra.insert(Extra.end(), Inv.Files.begin(), Inv.Files.end());
      }
    } else if (Inv.Files.empty()) {
      return fail(UsageErrorExit, "no input files; usage: async-tidy [options] FILE... [-- flags]");
    }
  }

  // Every configuration the files' run would read (now that the database named them).
  if (!Inv.HelpOnly) {
    std::vector<std::string> Warnings;
    if (std::optional<std::string> Problem =
            async_tidy::checkConfiguration(Inv.Config, Inv.ConfigFile, Inv.Files, Warnings))
      return fail(UsageErrorExit, *Problem);
    for (const std::string &Warning : Warnings)
      llvm::errs() << "async-tidy: warning: " << Warning << "\n";
  }

  if (!Inv.HasCheckConfig &&
      !async_tidy::nearestClangTidyFile(Inv.Files.empty() ? std::string(".") : Inv.Files.front()))
    Extra.insert(Extra.begin(), std::string("--checks=") + async::DefaultChecks);

  // Arguments added here go before "--" so llvm::cl reads them as options/files.
  std::vector<const char *> NewArgv{Argv[0]};
  auto DashDash = std::find(Inv.Args.begin(), Inv.Args.end(), "--");
  for (auto It = Inv.Args.begin(); It != DashDash; ++It)
    NewArgv.push_back(It->c_str());
  for (const std::string &Arg : Extra)
    NewArgv.push_back(Arg.c_str());
  // The run's diagnostics, read back to tell findings from files that do not compile: the
  // user's --export-fixes file, or one of our own.
  llvm::SmallString<128> OwnExport;
  std::string ExportArg;
  if (!Inv.InfoOnly && !Inv.ExportFixes) {
    if (!llvm::sys::fs::createTemporaryFile("async-tidy-diagnostics", "yaml", OwnExport)) {
      ExportArg = "--export-fixes=" + OwnExport.str().str();
      NewArgv.push_back(ExportArg.c_str());
    }
  }
  for (auto It = DashDash; It != Inv.Args.end(); ++It)
    NewArgv.push_back(It->c_str());
  int Status = clangTidyMain(static_cast<int>(NewArgv.size()), NewArgv.data());
  if (Inv.InfoOnly || (!Inv.ExportFixes && OwnExport.empty()))
    return Status;

  std::string Exported = Inv.ExportFixes ? *Inv.ExportFixes : OwnExport.str().str();
  std::string Error;
  std::optional<async_tidy::RunOutcome> Outcome = async_tidy::readRunOutcome(Exported, Error);
  if (!OwnExport.empty() && llvm::sys::fs::remove(OwnExport))
    llvm::errs() << "async-tidy: warning: cannot remove '" << OwnExport << "'\n";
  if (!Outcome)
    return Status == 0 ? 0 : fail(UsageErrorExit, "clang-tidy failed (exit " +
                                                      llvm::Twine(Status) + ")");
  if (!Outcome->CompileErrors.empty()) {
    for (const std::string &Broken : Outcome->CompileErrors)
      llvm::errs() << "async-tidy: error: " << Broken << "\n";
    return fail(UsageErrorExit,
                llvm::Twine(Outcome->CompileErrors.size()) +
                    " file(s) do not compile; their findings are incomplete");
  }
  if (Outcome->Findings > 0)
    return FindingsExit;
  // clang-tidy failed with nothing to show for it ("no checks enabled", ...): its message is
  // printed; the job was not done.
  return Status == 0 ? 0 : UsageErrorExit;
}
