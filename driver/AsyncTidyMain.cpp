// async-tidy: clang-tidy's command line with the async-* checks built in. It only adds what a
// lint step needs on top of clangTidyMain: async-* as the default check set, "no FILE" meaning
// every TU of the compilation database, and exit codes a CI step can trust: 0 no findings,
// 1 findings, 2 the tool could not do its job (bad invocation, unreadable configuration or
// compilation database, a file that does not compile), each with one message naming the file.
#include "AsyncTidyModule.h"
#include "InputChecks.h"
#include "ProjectRun.h"
#include "Runner.h"
#include "tool/ClangTidyMain.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
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
  bool FixOrProfile = false;          // --fix*, --*-check-profile: clang-tidy's own run
  std::vector<std::string> WorkerArgs; // options for each TU's run (no files, no driver options)
  std::vector<std::string> ExtraArgs;  // --extra-arg(-before) values
  llvm::StringMap<std::string> Driver; // the project-run options below, by name
};

// Options of the project run (ProjectRun.h), handled here and never passed to clang-tidy.
struct DriverOption {
  const char *Name;
  const char *Help;
  bool Flag = false; // takes no value
};
const DriverOption DriverOptions[] = {
    {"format", "=text|json|sarif|github  output format (default text: clang's diagnostics)"},
    {"output", "=FILE  write the report to FILE instead of stdout"},
    {"j", " N  analyse N files at once (default: the number of cores)"},
    {"jobs", "=N  the same as -j N"},
    {"cache-dir", "=DIR  reuse results of unchanged files (or $ASYNC_TIDY_CACHE_DIR)"},
    {"baseline", "=FILE  report only findings that FILE does not hold"},
    {"write-baseline", "=FILE  record the run's findings in FILE"},
    {"since", "=REV  only the files that changed since git revision REV, and the files including them"},
    {"shard", "=I/N  only the I-th of N equal parts of the files (1 <= I <= N)"},
    {"root", "=DIR  paths in json/sarif/github output are relative to DIR (default: the git top level)"},
    {"summaries", "=DIR|off  keep the cross-TU summaries in DIR, or do not compute them (default: computed when more than one file is analysed; docs/transitive.md)"},
    {"no-summaries", "  the same as --summaries=off", true},
};

const DriverOption *driverOption(llvm::StringRef Name) {
  for (const DriverOption &O : DriverOptions)
    if (Name == O.Name)
      return &O;
  return nullptr;
}

bool isDriverOption(llvm::StringRef Name) {
  for (const DriverOption &O : DriverOptions)
    if (Name == O.Name)
      return true;
  return false;
}

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
    if (Arg.starts_with("@")) { // a response file: clang-tidy's own run expands it
      Inv.FixOrProfile = true;
      continue;
    }
    if (Arg.size() < 2 || !Arg.starts_with("-")) {
      Inv.Files.push_back(Arg.str());
      continue;
    }
    llvm::StringRef Name = Arg.drop_front(Arg.starts_with("--") ? 2 : 1);
    auto [Key, Value] = Name.split('=');
    if (Name.starts_with("j") && Name.size() > 1 && llvm::isDigit(Name[1])) { // -j4
      Key = "j";
      Value = Name.drop_front();
      Name = Arg; // has a value
    }
    if (isDriverOption(Key)) {
      Inv.Args.pop_back();
      std::string V;
      if (driverOption(Key)->Flag) {
        if (Name.contains('='))
          return fail(UsageErrorExit, "option '" + Arg + "' takes no value");
      } else if (Name.contains('=') || Key != Name)
        V = Value.str();
      else if (I + 1 < Argc)
        V = Argv[++I];
      else
        return fail(UsageErrorExit, "option '" + Arg + "' needs a value");
      Inv.Driver[Key == "jobs" ? "j" : Key] = V;
      continue;
    }
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
    if ((Key == "extra-arg" || Key == "extra-arg-before") && OptValue)
      Inv.ExtraArgs.push_back(*OptValue);
    if (Key == "fix" || Key == "fix-errors" || Key == "fix-notes" ||
        Key == "enable-check-profile" || Key == "store-check-profile")
      Inv.FixOrProfile = true;
    // Each TU's run gets its own --export-fixes and --quiet from the project run.
    if (Key != "export-fixes" && Key != "quiet") {
      Inv.WorkerArgs.push_back(Arg.str());
      if (OptValue && !Name.contains('='))
        Inv.WorkerArgs.push_back(*OptValue);
    }
    if (Key == "help" || Key == "help-hidden" || Key == "version" || Key == "list-checks" ||
        Key == "dump-config" || Key == "explain-config" || Key == "verify-config")
      Inv.InfoOnly = true;
  }
  return std::nullopt;
}

/// The lint run of every TU (ProjectRun.h): the driver options, checked, become ProjectOptions.
int runProject(const Invocation &Inv, clang::tooling::CompilationDatabase *Database,
               bool WholeDatabase, const char *Argv0) {
  async_tidy::ProjectOptions Options;
  Options.Self = llvm::sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&fail));
  Options.TidyMain = &clangTidyMain;
  Options.WorkerOptions = Inv.WorkerArgs;
  auto DashDash = std::find(Inv.Args.begin(), Inv.Args.end(), "--");
  Options.CompileFlags.assign(DashDash, Inv.Args.end());
  if (!WholeDatabase)
    Options.Files = Inv.Files;
  Options.Database = Inv.HasCompileFlags ? nullptr : Database;
  Options.DefaultChecks = !Inv.HasCheckConfig;
  Options.ConfigFile = Inv.ConfigFile;
  Options.ConfigText = Inv.Config;
  Options.UserHeaderFilter = !Inv.Regexes.empty();
  Options.BuildDir = Inv.BuildPath;
  Options.ExtraArgs = Inv.ExtraArgs;
  Options.ExportFixes = Inv.ExportFixes;
  Options.Jobs = std::max(1u, llvm::hardware_concurrency().compute_thread_count());
  auto Get = [&](llvm::StringRef Name) -> std::optional<std::string> {
    auto It = Inv.Driver.find(Name);
    if (It == Inv.Driver.end())
      return std::nullopt;
    return It->second;
  };
  if (std::optional<std::string> F = Get("format")) {
    std::optional<async_tidy::Format> Parsed = async_tidy::parseFormat(*F);
    if (!Parsed)
      return fail(UsageErrorExit, "unknown --format '" + *F + "'; use text, json, sarif or github");
    Options.OutputFormat = *Parsed;
  }
  if (std::optional<std::string> J = Get("j")) {
    unsigned N;
    if (llvm::StringRef(*J).getAsInteger(10, N) || N == 0)
      return fail(UsageErrorExit, "-j needs a number of jobs of at least 1, not '" + *J + "'");
    Options.Jobs = N;
  }
  if (std::optional<std::string> S = Get("shard"))
    if (!async_tidy::parseShard(*S, Options.ShardIndex, Options.ShardCount))
      return fail(UsageErrorExit, "--shard needs I/N with 1 <= I <= N, not '" + *S + "'");
  Options.Output = Get("output");
  Options.CacheDir = Get("cache-dir");
  if (!Options.CacheDir)
    if (const char *Env = getenv("ASYNC_TIDY_CACHE_DIR"); Env && *Env)
      Options.CacheDir = std::string(Env);
  Options.BaselineFile = Get("baseline");
  Options.WriteBaselineFile = Get("write-baseline");
  Options.Since = Get("since");
  Options.Root = Get("root");
  if (std::optional<std::string> S = Get("summaries")) {
    if (S->empty())
      return fail(UsageErrorExit, "--summaries needs a directory, or 'off'");
    Options.Summaries = *S == "off" ? async_tidy::ProjectOptions::SummariesMode::Off
                                    : async_tidy::ProjectOptions::SummariesMode::Dir;
    Options.SummariesDir = *S;
  }
  if (Get("no-summaries")) {
    if (Options.Summaries == async_tidy::ProjectOptions::SummariesMode::Dir)
      return fail(UsageErrorExit, "--no-summaries and --summaries=DIR contradict each other");
    Options.Summaries = async_tidy::ProjectOptions::SummariesMode::Off;
  }
  if (Options.Root && !llvm::sys::fs::is_directory(*Options.Root))
    return fail(UsageErrorExit, "--root '" + *Options.Root + "' is not a directory");
  return async_tidy::runProject(Options);
}

} // namespace

int main(int Argc, const char **Argv) {
  Invocation Inv;
  if (std::optional<int> Status = scan(Argc, Argv, Inv))
    return *Status;
  if (!Inv.Driver.empty() && (Inv.InfoOnly || Inv.FixOrProfile))
    return fail(UsageErrorExit, "--" + Inv.Driver.begin()->getKey() +
                                    " is an option of a lint run; it cannot be combined with "
                                    "--fix, --*-check-profile, a response file or an "
                                    "information option");

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
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  bool WholeDatabase = false;
  if (!Inv.InfoOnly) {
    for (const std::string &File : Inv.Files)
      if (!llvm::sys::fs::exists(File) &&
          llvm::StringRef(File).find_first_of("*?[") == llvm::StringRef::npos)
        return fail(UsageErrorExit, "no such file: '" + File + "'");

    if (!Inv.HasCompileFlags) {
      // Without "-- flags" every file needs its compile command: fail clearly here rather than
      // let clang-tidy guess flags (a coroutine file parsed as C++17 is all errors).
      std::string Error;
      // A compile_commands.json that is there but broken is not "no database".
      if (std::optional<std::string> Problem = async_tidy::checkCompilationDatabaseFile(
              Inv.BuildPath.empty() ? std::string(".") : Inv.BuildPath))
        return fail(UsageErrorExit, *Problem);
      if (!Inv.BuildPath.empty())
        Database = clang::tooling::CompilationDatabase::autoDetectFromDirectory(Inv.BuildPath, Error);
      else if (!Inv.Files.empty() && llvm::sys::fs::exists(Inv.Files.front()))
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
        WholeDatabase = true;
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

  if (!Inv.InfoOnly && !Inv.FixOrProfile)
    return runProject(Inv, Database.get(), WholeDatabase, Argv[0]);

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
  if (std::find(Inv.Args.begin(), DashDash, "--help") != DashDash ||
      std::find(Inv.Args.begin(), DashDash, "-help") != DashDash) {
    llvm::outs() << "\nasync-tidy project runs (every file of -p's database when none is given;"
                    " files may be globs):\n\n";
    for (const DriverOption &O : DriverOptions)
      llvm::outs() << "  " << (llvm::StringRef(O.Name).size() == 1 ? "-" : "--") << O.Name
                   << O.Help << "\n";
    llvm::outs() << "\nExit status: 0 no findings, 1 findings, 2 the job could not be done"
                    " (unreadable input, a file that does not compile), 3 no compilation"
                    " database.\n";
  }
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
