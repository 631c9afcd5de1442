#include "ProjectRun.h"
#include "AsyncTidyModule.h"
#include "Baseline.h"
#include "HeaderScope.h"
#include "InputChecks.h"
#include "ResultCache.h"
#include "Runner.h"
#include "Summaries.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "Temporary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <tuple>
#include <thread>

#ifndef ASYNC_TIDY_VERSION
#define ASYNC_TIDY_VERSION "0.0.0"
#endif

namespace async_tidy {

namespace {

constexpr int FindingsExit = 1;
constexpr int CouldNotExit = 2;

int fail(const llvm::Twine &Message) {
  llvm::errs() << "async-tidy: error: " << Message << "\n";
  return CouldNotExit;
}

std::string currentDirectory() {
  llvm::SmallString<256> Cwd;
  if (llvm::sys::fs::current_path(Cwd))
    return ".";
  return Cwd.str().str();
}

std::string absolute(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    P = Base;
    llvm::sys::path::append(P, Path);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/false);
  return P.str().str();
}

std::string readFile(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
  return Text ? (*Text)->getBuffer().str() : std::string();
}

/// Runs git with \p Args in \p Dir; its stdout, or std::nullopt and \p Error.
std::optional<std::string> git(llvm::ArrayRef<std::string> Args, llvm::StringRef Dir,
                               std::string &Error) {
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    Error = "git is not on PATH";
    return std::nullopt;
  }
  llvm::SmallString<128> Out, Err;
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile("async-tidy-git", "out", Out)) {
    Error = "cannot create a temporary file: " + EC.message();
    return std::nullopt;
  }
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile("async-tidy-git", "err", Err)) {
    removeTemporary(Out);
    Error = "cannot create a temporary file: " + EC.message();
    return std::nullopt;
  }
  std::vector<llvm::StringRef> Argv{*Git, "-C", Dir};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), Out.str(), Err.str()};
  int Status = llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects);
  std::string Stdout = readFile(Out), Stderr = readFile(Err);
  removeTemporary(Out);
  removeTemporary(Err);
  if (Status != 0) {
    Error = llvm::StringRef(Stderr).trim().str();
    if (Error.empty())
      Error = "git exited with status " + std::to_string(Status);
    return std::nullopt;
  }
  return Stdout;
}

std::string projectRoot(const ProjectOptions &Options) {
  std::string Cwd = currentDirectory();
  if (Options.Root)
    return absolute(*Options.Root, Cwd);
  std::string Error;
  if (std::optional<std::string> Top = git({"rev-parse", "--show-toplevel"}, Cwd, Error))
    if (!llvm::StringRef(*Top).trim().empty())
      return llvm::StringRef(*Top).trim().str();
  return Cwd;
}

/// What a worker printed that the user needs: its counts ("2 warnings generated.") and "Error
/// while processing" are replaced by the project run's summary and problem list.
std::string workerMessages(llvm::StringRef Stderr) {
  static const llvm::Regex Noise(
      "^([0-9]+ (warning|error)s?( and [0-9]+ (warning|error)s?)? generated\\.|"
      "Error while processing .*\\.)$");
  std::string Out;
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  Stderr.split(Lines, '\n', -1, false);
  for (llvm::StringRef Line : Lines)
    if (!Noise.match(Line.rtrim("\r")))
      Out += Line.str() + "\n";
  return Out;
}

/// The path with symlinks and ".." resolved when the file exists (a deleted file: lexically), so
/// that git's names and the compiler's include paths compare equal.
std::string canonical(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    return Real.str().str();
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return P.str().str();
}

bool isGlob(llvm::StringRef S) { return S.find_first_of("*?[") != llvm::StringRef::npos; }

/// Every file async-tidy's identity depends on: a rebuilt binary is a different tool.
std::string toolIdentity(llvm::StringRef Self) {
  llvm::sys::fs::file_status Status;
  std::string Id = std::string("async-tidy ") + ASYNC_TIDY_VERSION;
  if (!llvm::sys::fs::status(Self, Status))
    Id += " " + std::to_string(Status.getSize()) + " " +
          std::to_string(Status.getLastModificationTime().time_since_epoch().count());
  return Id;
}

/// The text of every .clang-tidy from \p File's directory up to the root (clang-tidy reads the
/// nearest, and its parents with InheritParentConfig).
std::string configurationText(llvm::StringRef File) {
  std::string Text;
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(File));
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    if (llvm::sys::fs::exists(Candidate))
      Text += Candidate.str().str() + "\n" + readFile(Candidate) + "\n";
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return Text;
}

/// The files each of \p Files includes, by running only the preprocessor (for --since without a
/// cached dependency list). Runs on \p Jobs threads.
std::vector<std::vector<std::string>>
scanDependencies(clang::tooling::CompilationDatabase &Database,
                 const std::vector<std::string> &Files, llvm::ArrayRef<std::string> ExtraArgs,
                 unsigned Jobs) {
  std::vector<std::vector<std::string>> Deps(Files.size());
  llvm::SmallString<128> TempDir;
  if (llvm::sys::fs::createUniqueDirectory("async-tidy-deps", TempDir))
    return Deps;
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next++) < Files.size();) {
      std::string DepFile = (TempDir + "/" + llvm::Twine(I) + ".d").str();
      clang::tooling::ClangTool Tool(Database, {Files[I]});
      Tool.setPrintErrorMessage(false);
      Tool.setDiagnosticConsumer(new clang::IgnoringDiagConsumer());
      clang::tooling::CommandLineArguments Extra(ExtraArgs.begin(), ExtraArgs.end());
      Extra.push_back("-Wp,-MD," + DepFile);
      Tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
          Extra, clang::tooling::ArgumentInsertPosition::END));
      Tool.run(clang::tooling::newFrontendActionFactory<clang::PreprocessOnlyAction>().get());
      std::vector<clang::tooling::CompileCommand> Commands = Database.getCompileCommands(Files[I]);
      std::string Dir = Commands.empty() ? currentDirectory() : Commands.front().Directory;
      Deps[I] = parseDependencyFile(readFile(DepFile), Dir);
      removeTemporary(DepFile);
    }
  };
  std::vector<std::thread> Pool;
  Pool.reserve(std::max(1u, Jobs));
  for (unsigned T = 0; T < std::max(1u, Jobs); ++T)
    Pool.emplace_back(Work);
  for (std::thread &T : Pool)
    T.join();
  removeTemporaryTree(TempDir);
  return Deps;
}

} // namespace

bool parseShard(llvm::StringRef Text, unsigned &Index, unsigned &Count) {
  auto [I, N] = Text.split('/');
  return !I.getAsInteger(10, Index) && !N.getAsInteger(10, Count) && Count >= 1 && Index >= 1 &&
         Index <= Count;
}

int runProject(const ProjectOptions &Options) {
  std::string Cwd = currentDirectory();
  // The root (git's top level unless --root) is for paths in json/sarif/github, baselines and
  // --since; a plain text run does not start git for it.
  bool NeedsRoot = Options.OutputFormat != Format::Text || Options.BaselineFile ||
                   Options.WriteBaselineFile || Options.Since;
  std::string Root = NeedsRoot ? projectRoot(Options) : Cwd;

  // 1. Which TUs: the given files (globs matched against the database), or all of it; sorted,
  // so that shards and outputs do not depend on the database's order.
  std::vector<std::string> Files;
  llvm::StringSet<> Seen;
  auto Add = [&](const std::string &F) {
    if (Seen.insert(F).second)
      Files.push_back(F);
  };
  std::vector<std::string> DatabaseFiles;
  if (Options.Database) {
    DatabaseFiles = Options.Database->getAllFiles();
    std::sort(DatabaseFiles.begin(), DatabaseFiles.end());
  }
  if (Options.Files.empty()) {
    for (const std::string &F : DatabaseFiles)
      Add(F);
  } else {
    for (const std::string &Pattern : Options.Files) {
      if (!isGlob(Pattern)) {
        Add(Pattern);
        continue;
      }
      // GlobPattern keeps references into its pattern: the string must outlive it.
      std::string AbsolutePattern = absolute(Pattern, Cwd);
      llvm::Expected<llvm::GlobPattern> Glob = llvm::GlobPattern::create(AbsolutePattern);
      if (!Glob)
        return fail("invalid file pattern '" + Pattern + "': " + llvm::toString(Glob.takeError()));
      size_t Before = Files.size();
      for (const std::string &F : DatabaseFiles)
        if (Glob->match(F))
          Add(F);
      if (Files.size() == Before)
        return fail("'" + Pattern + "' matches no file of the compilation database");
    }
  }
  if (Options.ShardCount) {
    std::vector<std::string> Sorted = Files, Mine;
    std::sort(Sorted.begin(), Sorted.end());
    for (size_t I = 0; I < Sorted.size(); ++I)
      if (I % Options.ShardCount == Options.ShardIndex - 1)
        Mine.push_back(Sorted[I]);
    Files = Mine;
  }

  // 2. Each TU's run: its default checks, directory and cache key.
  std::unique_ptr<ResultCache> Cache;
  if (Options.CacheDir)
    Cache = std::make_unique<ResultCache>(absolute(*Options.CacheDir, Cwd));
  std::string Identity = toolIdentity(Options.Self);
  std::string ConfigFileText =
      Options.ConfigFile ? *Options.ConfigFile + "\n" + readFile(*Options.ConfigFile) : "";
  // The project's own headers are shown unless the user said which (HeaderScope.h). The scope
  // is the whole database's, so that a run over some of its files shows what the full run shows.
  std::optional<HeaderScope> Scope;
  std::optional<HeaderFilterConfigured> Configured;
  if (Options.Database && !Options.UserHeaderFilter) {
    Scope = projectHeaderScope(DatabaseFiles, Options.BuildDir);
    Configured.emplace(Options.ConfigText, Options.ConfigFile);
    // ASYNC_TIDY_TRACE_HEADERS=1: what was decided (a user asking why a header is not shown).
    if (const char *Trace = getenv("ASYNC_TIDY_TRACE_HEADERS"); Trace && *Trace &&
        llvm::StringRef(Trace) != "0") {
      if (!Scope) {
        llvm::errs() << "async-tidy: header scope: none (the files share no folder)\n";
      } else {
        llvm::errs() << "async-tidy: header scope: " << Scope->Root << "\n";
        for (const std::string &D : Scope->BuildDirectories)
          llvm::errs() << "async-tidy: header scope: build directory " << D << "\n";
        for (const std::string &D : Scope->Bundled)
          llvm::errs() << "async-tidy: header scope: bundled " << D << "\n";
        llvm::errs() << "async-tidy: header scope: --header-filter=" << Scope->HeaderFilter
                     << "\nasync-tidy: header scope: --exclude-header-filter="
                     << Scope->ExcludeHeaderFilter << "\n";
      }
    }
  }
  std::vector<Unit> Units;
  for (const std::string &F : Files) {
    Unit U;
    U.File = F;
    U.Directory = Cwd;
    std::vector<std::string> KeyParts{Identity};
    if (Options.Database) {
      std::vector<clang::tooling::CompileCommand> Commands =
          Options.Database->getCompileCommands(absolute(F, Cwd));
      if (!Commands.empty())
        U.Directory = Commands.front().Directory;
      for (const clang::tooling::CompileCommand &C : Commands) {
        KeyParts.push_back(C.Directory);
        KeyParts.insert(KeyParts.end(), C.CommandLine.begin(), C.CommandLine.end());
      }
    } else {
      KeyParts.push_back(Cwd);
    }
    if (Options.DefaultChecks && !nearestClangTidyFile(absolute(F, Cwd)))
      U.Extra.push_back(std::string("--checks=") + clang::tidy::async::DefaultChecks);
    // In the worker's options, and so in the cache key.
    if (Scope && Configured && !(*Configured)(absolute(F, Cwd))) {
      U.Extra.push_back("--header-filter=" + Scope->HeaderFilter);
      U.Extra.push_back("--exclude-header-filter=" + Scope->ExcludeHeaderFilter);
      U.DefaultHeaderScope = true;
    }
    KeyParts.push_back("options");
    KeyParts.insert(KeyParts.end(), Options.WorkerOptions.begin(), Options.WorkerOptions.end());
    KeyParts.insert(KeyParts.end(), U.Extra.begin(), U.Extra.end());
    KeyParts.push_back(F);
    KeyParts.insert(KeyParts.end(), Options.CompileFlags.begin(), Options.CompileFlags.end());
    KeyParts.push_back(configurationText(absolute(F, Cwd)));
    KeyParts.push_back(ConfigFileText);
    if (Cache)
      U.CacheKey = ResultCache::keyOf(KeyParts);
    Units.push_back(std::move(U));
  }

  // 3. --since REV: only the TUs that read a file changed since REV (committed, staged, in the
  // work tree, or new and untracked).
  if (Options.Since) {
    std::string Error;
    std::optional<std::string> Diff =
        git({"diff", "--name-only", "-z", *Options.Since, "--"}, Root, Error);
    if (!Diff)
      return fail("cannot list the files changed since '" + *Options.Since + "': " + Error);
    std::optional<std::string> Untracked =
        git({"ls-files", "--others", "--exclude-standard", "-z"}, Root, Error);
    if (!Untracked)
      return fail("cannot list the untracked files: " + Error);
    std::string GitRoot = Root;
    if (std::optional<std::string> Top = git({"rev-parse", "--show-toplevel"}, Root, Error))
      GitRoot = llvm::StringRef(*Top).trim().str();
    llvm::StringSet<> Changed;
    for (const std::string *List : {&*Diff, &*Untracked}) {
      llvm::SmallVector<llvm::StringRef, 32> Names;
      llvm::StringRef(*List).split(Names, '\0', -1, false);
      for (llvm::StringRef Name : Names)
        Changed.insert(canonical(absolute(Name, GitRoot)));
    }
    std::vector<size_t> NeedScan;
    std::vector<bool> Keep(Units.size(), false);
    for (size_t I = 0; I < Units.size(); ++I) {
      if (Changed.count(canonical(absolute(Units[I].File, Units[I].Directory))) ||
          Changed.count(canonical(absolute(Units[I].File, Cwd)))) {
        Keep[I] = true;
        continue;
      }
      std::optional<std::vector<std::string>> Deps;
      if (Cache && !Units[I].CacheKey.empty())
        Deps = Cache->dependencies(Units[I].CacheKey);
      if (!Deps) {
        NeedScan.push_back(I);
        continue;
      }
      Keep[I] = llvm::any_of(*Deps, [&](const std::string &D) { return Changed.count(canonical(D)); });
    }
    if (!NeedScan.empty()) {
      std::unique_ptr<clang::tooling::CompilationDatabase> Fixed;
      clang::tooling::CompilationDatabase *Database = Options.Database;
      if (!Database) {
        std::vector<std::string> Flags(Options.CompileFlags.begin() +
                                           (Options.CompileFlags.empty() ? 0 : 1),
                                       Options.CompileFlags.end());
        Fixed = std::make_unique<clang::tooling::FixedCompilationDatabase>(Cwd, Flags);
        Database = Fixed.get();
      }
      std::vector<std::string> ScanFiles;
      ScanFiles.reserve(NeedScan.size());
      for (size_t I : NeedScan)
        ScanFiles.push_back(absolute(Units[I].File, Cwd));
      std::vector<std::vector<std::string>> Deps =
          scanDependencies(*Database, ScanFiles, Options.ExtraArgs, Options.Jobs);
      for (size_t K = 0; K < NeedScan.size(); ++K)
        // A TU whose includes could not be listed is linted: missing a change is worse.
        Keep[NeedScan[K]] =
            Deps[K].empty() ||
            llvm::any_of(Deps[K], [&](const std::string &D) { return Changed.count(canonical(D)); });
    }
    std::vector<Unit> Selected;
    for (size_t I = 0; I < Units.size(); ++I)
      if (Keep[I])
        Selected.push_back(std::move(Units[I]));
    Units = std::move(Selected);
  }

  std::optional<Baseline> Base;
  if (Options.BaselineFile) {
    std::string Error;
    Base = Baseline::read(*Options.BaselineFile, Error);
    if (!Base)
      return fail(Error);
  }

  // 4. Analyse, in order; text streams as each TU's prefix completes.
  std::unique_ptr<llvm::raw_fd_ostream> OutFile;
  if (Options.Output) {
    std::error_code EC;
    OutFile = std::make_unique<llvm::raw_fd_ostream>(*Options.Output, EC, llvm::sys::fs::OF_Text);
    if (EC)
      return fail("cannot write '" + *Options.Output + "': " + EC.message());
  }
  llvm::raw_ostream &Out = OutFile ? *OutFile : llvm::outs();
  bool Color = !OutFile && Options.OutputFormat == Format::Text &&
               llvm::sys::Process::StandardOutHasColors();
  bool Progress = llvm::sys::Process::StandardErrIsDisplayed() && !getenv("CI") &&
                  Units.size() > 1;

  SourceFiles Sources;
  RunSettings Settings;
  Settings.Self = Options.Self;
  Settings.Main = Options.TidyMain;
  Settings.Options = Options.WorkerOptions;
  Settings.CompileFlags = Options.CompileFlags;
  Settings.Jobs = Options.Jobs;
  Settings.Cache = Cache.get();

  Report Rep;
  Rep.Root = Root;
  Rep.Units = Units.size();
  if (Scope && llvm::any_of(Units, [](const Unit &U) { return U.DefaultHeaderScope; }))
    Rep.HeaderScopeRoot = Scope->Root;
  Rep.Checks = {};
  std::set<std::tuple<std::string, std::string, unsigned, std::string>> Reported;
  llvm::StringMap<std::string> CanonicalNames;
  std::vector<Finding> AllForBaseline;
  auto ClearProgress = [&] {
    if (Progress)
      llvm::errs() << "\r\033[K";
  };
  auto Process = [&](UnitResult &R) {
        if (R.FromCache)
          ++Rep.FromCache;
        std::string Stderr = workerMessages(R.Stderr);
        if (!Stderr.empty()) {
          ClearProgress();
          llvm::errs() << Stderr;
        }
        if (!R.Failure.empty())
          Rep.Problems.push_back({R.File, Position{R.File, 0, 0, 0}, R.Failure});
        std::vector<Finding> Unit;
        bool Broken = false;
        for (Finding &F : R.Findings) {
          // A header's finding is reported by every TU that includes it: once is enough, also
          // when TUs name the header differently (a relative include path: build/../include).
          auto [Name, Fresh] = CanonicalNames.try_emplace(F.At.File);
          if (Fresh)
            Name->second = canonical(F.At.File);
          if (!Reported.insert({F.Check, Name->second, F.At.Offset, F.Message}).second)
            continue;
          if (F.isCompileError() && !Broken) {
            Broken = true;
            Rep.Problems.push_back({R.File, F.At, "does not compile: " + F.Message});
          }
          Unit.push_back(std::move(F));
        }
        if (Options.WriteBaselineFile)
          AllForBaseline.insert(AllForBaseline.end(), Unit.begin(), Unit.end());
        if (Base)
          Rep.Baselined += Base->filter(Root, Unit, Sources);
        if (Options.OutputFormat == Format::Text) {
          ClearProgress();
          for (const Finding &F : Unit)
            renderText(F, Sources, Color, Out);
          Out.flush();
        }
        Rep.Findings.insert(Rep.Findings.end(), std::make_move_iterator(Unit.begin()),
                            std::make_move_iterator(Unit.end()));
  };
  auto ShowProgress = [&](size_t Done, size_t Total) {
    if (Progress)
      llvm::errs() << "\r\033[K[" << Done << "/" << Total << "] analysed";
  };
  using SummariesMode = ProjectOptions::SummariesMode;
  bool Explicit = Options.Summaries == SummariesMode::Dir;
  bool TwoPasses = Explicit || (Options.Summaries == SummariesMode::Auto && Units.size() > 1);
  if (!TwoPasses) {
    runUnits(Units, Settings, Sources, [&](size_t, UnitResult &R) { Process(R); }, ShowProgress);
  } else {
    // Transitive blocking across TUs (docs/transitive.md): the first pass writes each TU's
    // summary, the merge finds every function's chain, and the TUs whose coroutines call one
    // of them run again with the merged chains. Results are reported once both passes are done.
    // Without --summaries=DIR the files are temporary.
    std::string Dir;
    if (Explicit) {
      Dir = absolute(Options.SummariesDir, Cwd);
      if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
        return fail("cannot create the summaries directory '" + Dir + "': " + EC.message());
    } else {
      llvm::SmallString<128> Temp;
      if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("async-tidy-summaries", Temp))
        return fail("cannot create a temporary directory: " + EC.message());
      Dir = Temp.str().str();
    }
    struct RemoveTemporaryDir {
      std::string Dir;
      ~RemoveTemporaryDir() {
        if (!Dir.empty())
          removeTemporaryTree(Dir);
      }
    } Cleanup{Explicit ? std::string() : Dir};
    for (size_t I = 0; I < Units.size(); ++I) {
      Units[I].SummaryOut = Dir + "/tu-" + std::to_string(I) + ".json";
      if (!Units[I].CacheKey.empty())
        Units[I].CacheKey = ResultCache::keyOf({Units[I].CacheKey, "summaries pass 1"});
    }
    std::vector<UnitResult> Results(Units.size());
    runUnits(Units, Settings, Sources, [&](size_t I, UnitResult &R) { Results[I] = std::move(R); },
             ShowProgress);
    std::vector<std::string> Texts, Names, Warnings;
    for (const UnitResult &R : Results) {
      Texts.push_back(R.Summary);
      Names.push_back(R.File);
    }
    MergedSummaries Merged = mergeSummaries(Texts, Names, Warnings);
    for (const std::string &W : Warnings)
      llvm::errs() << "async-tidy: warning: " << W << "\n";
    std::string MergedPath = Dir + "/merged.json";
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(MergedPath, EC, llvm::sys::fs::OF_Text);
      if (EC)
        return fail("cannot write '" + MergedPath + "': " + EC.message());
      OS << Merged.Json;
    }
    std::vector<Unit> Second;
    std::vector<size_t> SecondIndex;
    std::string MergedKey = ResultCache::keyOf({Merged.Json});
    for (size_t I = 0; I < Units.size(); ++I)
      if (Merged.NeedsSecondPass[I] && Results[I].Failure.empty()) {
        Unit U = Units[I];
        U.SummaryOut.clear();
        U.Env.push_back("ASYNC_TIDY_SUMMARY_IN=" + MergedPath);
        if (!U.CacheKey.empty())
          U.CacheKey = ResultCache::keyOf({U.CacheKey, "summaries pass 2", MergedKey});
        Second.push_back(std::move(U));
        SecondIndex.push_back(I);
      }
    runUnits(Second, Settings, Sources,
             [&](size_t K, UnitResult &R) {
               if (!Results[SecondIndex[K]].FromCache)
                 R.FromCache = false; // the TU's first pass was analysed: not a cache hit
               Results[SecondIndex[K]] = std::move(R);
             },
             nullptr);
    ClearProgress();
    if (Explicit)
      llvm::errs() << "async-tidy: summaries: " << Merged.Functions << " function(s), "
                   << Merged.Chains << " blocking chain(s); " << Second.size()
                   << " file(s) analysed again with them\n";
    for (UnitResult &R : Results)
      Process(R);
  }
  ClearProgress();

  // 5. The report. SARIF lists every async-* check as a rule (a finding's check is one of
  // them; other rules come from the findings); listing them instantiates every check, so only
  // SARIF pays for it.
  if (Options.OutputFormat == Format::Sarif) {
    Rep.Checks = asyncCheckNames();
    std::sort(Rep.Checks.begin(), Rep.Checks.end());
  }
  switch (Options.OutputFormat) {
  case Format::Text:
    break;
  case Format::Json:
    renderJson(Rep, Out);
    break;
  case Format::Sarif:
    renderSarif(Rep, Sources, Out);
    break;
  case Format::Github:
    renderGithub(Rep, Out);
    break;
  }
  Out.flush();
  // On stderr whatever the format: the CI log says what was done even when stdout is SARIF.
  renderSummary(Rep, llvm::errs());
  size_t Promoted = llvm::count_if(Rep.Findings, [](const Finding &F) { return F.isPromoted(); });
  if (Promoted)
    llvm::errs() << Promoted << " warning(s) treated as error(s)\n";

  if (Options.ExportFixes) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(*Options.ExportFixes, EC, llvm::sys::fs::OF_Text);
    if (EC)
      return fail("cannot write '" + *Options.ExportFixes + "': " + EC.message());
    OS << exportFindingsYaml(Units.size() == 1 ? Units.front().File : "", Rep.Findings);
  }
  if (Options.WriteBaselineFile) {
    std::string Error;
    if (!Baseline::write(*Options.WriteBaselineFile, Root, AllForBaseline, Sources, Error))
      return fail(Error);
  }
  for (const Problem &P : Rep.Problems) {
    std::string Where = P.At.Line ? P.At.File + ":" + std::to_string(P.At.Line) + ":" +
                                        std::to_string(P.At.Column)
                                  : P.File;
    llvm::errs() << "async-tidy: error: " << Where << ": " << P.Message << "\n";
  }
  bool AllCompileErrors = llvm::all_of(Rep.Problems, [](const Problem &P) {
    return llvm::StringRef(P.Message).starts_with("does not compile:");
  });
  if (!Rep.Problems.empty())
    return fail(llvm::Twine(Rep.Problems.size()) +
                (AllCompileErrors ? " file(s) do not compile"
                                  : " file(s) could not be analysed completely") +
                "; their findings are incomplete");
  return Rep.Findings.empty() ? 0 : FindingsExit;
}

} // namespace async_tidy
