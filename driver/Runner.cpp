#include "Runner.h"
#include "Temporary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

namespace async_tidy {

namespace {

std::string readFile(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
  return Text ? (*Text)->getBuffer().str() : std::string();
}

/// A unit whose worker was started: what finish() needs once it exits.
struct Started {
  size_t Index;
  std::string Yaml, Deps, Err;
  bool WantDeps = false;
};

/// The worker's side, in the forked child: clang-tidy's main on one TU, its stdout dropped (the
/// parent renders from the exported diagnostics), its stderr kept for the parent. Never returns.
[[noreturn]] void runChild(const Unit &U, const RunSettings &Settings,
                           std::vector<std::string> &Args, const std::string &Err) {
  int Null = ::open("/dev/null", O_RDWR);
  int ErrFd = ::open(Err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (Null < 0 || ErrFd < 0 || ::dup2(Null, 0) < 0 || ::dup2(Null, 1) < 0 ||
      ::dup2(ErrFd, 2) < 0)
    ::_exit(127);
  for (const std::string &Var : U.Env)
    ::putenv(::strdup(Var.c_str()));
  if (!U.SummaryOut.empty())
    ::putenv(::strdup(("ASYNC_TIDY_SUMMARY_OUT=" + U.SummaryOut).c_str()));
  std::vector<const char *> Argv;
  Argv.reserve(Args.size());
  for (const std::string &Arg : Args)
    Argv.push_back(Arg.c_str());
  int Status = Settings.Main(static_cast<int>(Argv.size()), Argv.data());
  llvm::outs().flush();
  llvm::errs().flush();
  std::fflush(nullptr);
  // Not exit(): the parent's atexit handlers and static destructors are not the child's to run
  // (they would remove the parent's temporary files).
  ::_exit(Status & 0xff);
}

/// Forks the worker of \p U. A failure to start is a result at once.
std::optional<UnitResult> start(const Unit &U, const RunSettings &Settings,
                                llvm::StringRef TempDir, size_t Index, Started &S, pid_t &Pid) {
  std::string Stem = (TempDir + "/" + llvm::Twine(Index)).str();
  S.Index = Index;
  S.Yaml = Stem + ".yaml";
  S.Deps = Stem + ".d";
  S.Err = Stem + ".err";
  std::vector<std::string> Args{Settings.Self};
  Args.insert(Args.end(), Settings.Options.begin(), Settings.Options.end());
  Args.insert(Args.end(), U.Extra.begin(), U.Extra.end());
  Args.push_back("--quiet");
  Args.push_back("--export-fixes=" + S.Yaml);
  // The files the compiler reads, written by the analysis' own parse (clang-tidy's argument
  // adjusters strip -MD/-MF, but not -Wp,-MD): the cache's dependency list at no extra cost.
  S.WantDeps = Settings.Cache && !U.CacheKey.empty();
  if (S.WantDeps)
    Args.push_back("--extra-arg=-Wp,-MD," + S.Deps);
  Args.push_back(U.File);
  Args.insert(Args.end(), Settings.CompileFlags.begin(), Settings.CompileFlags.end());
  // Nothing buffered may be written twice, by the parent and by its copy in the child.
  llvm::outs().flush();
  llvm::errs().flush();
  std::fflush(nullptr);
  Pid = ::fork();
  if (Pid == 0)
    runChild(U, Settings, Args, S.Err);
  if (Pid < 0) {
    UnitResult R;
    R.File = U.File;
    R.Failure = std::string("cannot run the analysis: fork: ") + std::strerror(errno);
    return R;
  }
  return std::nullopt;
}

/// The result of a worker that exited with wait status \p WaitStatus.
UnitResult finish(const Unit &U, const RunSettings &Settings, SourceFiles &Sources,
                  const Started &S, int WaitStatus) {
  UnitResult R;
  R.File = U.File;
  if (!U.SummaryOut.empty()) {
    R.Summary = readFile(U.SummaryOut);
    removeTemporary(U.SummaryOut);
  }
  R.Stderr = readFile(S.Err);
  removeTemporary(S.Err);
  if (WIFSIGNALED(WaitStatus)) {
    R.Failure = std::string("the analysis crashed (") + ::strsignal(WTERMSIG(WaitStatus)) + ")";
    removeTemporary(S.Yaml);
    removeTemporary(S.Deps);
    return R;
  }
  int Status = WIFEXITED(WaitStatus) ? WEXITSTATUS(WaitStatus) : 1;
  if (Status == 127 && !llvm::sys::fs::exists(S.Yaml) && R.Stderr.empty()) {
    R.Failure = "cannot run the analysis: its output files cannot be opened";
    return R;
  }
  bool HaveYaml = llvm::sys::fs::exists(S.Yaml);
  std::string Error;
  std::optional<std::vector<Finding>> Findings =
      readExportedFindings(HaveYaml ? readFile(S.Yaml) : std::string(), Sources, Error);
  removeTemporary(S.Yaml);
  if (!Findings) {
    R.Failure = "cannot read the analysis' diagnostics: " + Error;
    return R;
  }
  R.Findings = std::move(*Findings);
  // clang-tidy exits non-zero without a diagnostic when it could not start on the file ("no
  // checks enabled", an unreadable configuration): that is a failure, not a clean TU.
  if (Status != 0 && R.Findings.empty()) {
    R.Failure = "the analysis stopped (exit " + std::to_string(Status) + ")";
    return R;
  }
  bool Broken = std::any_of(R.Findings.begin(), R.Findings.end(),
                            [](const Finding &F) { return F.isCompileError(); });
  if (S.WantDeps && !Broken) {
    std::vector<std::string> Files = parseDependencyFile(readFile(S.Deps), U.Directory);
    if (!Files.empty())
      Settings.Cache->store(U.CacheKey, R, Files);
  }
  removeTemporary(S.Deps);
  return R;
}

} // namespace

void runUnits(const std::vector<Unit> &Units, const RunSettings &Settings, SourceFiles &Sources,
              const std::function<void(size_t, UnitResult &)> &OnResult,
              const std::function<void(size_t, size_t)> &OnProgress) {
  llvm::SmallString<128> TempDir;
  if (llvm::sys::fs::createUniqueDirectory("async-tidy", TempDir)) {
    for (size_t I = 0; I < Units.size(); ++I) {
      UnitResult R;
      R.File = Units[I].File;
      R.Failure = "cannot create a temporary directory";
      OnResult(I, R);
    }
    return;
  }
  // One thread: workers are forked from it (a fork copies only the calling thread, so no other
  // may hold a lock then), and everything else — cache, results, delivery — is done here while
  // they run.
  std::vector<std::optional<UnitResult>> Results(Units.size());
  std::map<pid_t, Started> Running;
  size_t Next = 0, Done = 0, Delivered = 0, Reported = 0;
  unsigned Jobs = std::max(1u, Settings.Jobs);
  auto Complete = [&](size_t I, UnitResult R) {
    Results[I] = std::move(R);
    ++Done;
  };
  while (Delivered < Units.size()) {
    while (Running.size() < Jobs && Next < Units.size()) {
      size_t I = Next++;
      const Unit &U = Units[I];
      if (Settings.Cache && !U.CacheKey.empty())
        if (std::optional<UnitResult> Hit = Settings.Cache->lookup(U.CacheKey)) {
          Hit->File = U.File;
          Complete(I, std::move(*Hit));
          continue;
        }
      Started S;
      pid_t Pid = -1;
      if (std::optional<UnitResult> Failed = start(U, Settings, TempDir, I, S, Pid))
        Complete(I, std::move(*Failed));
      else
        Running.emplace(Pid, std::move(S));
    }
    // Deliver in input order as soon as each prefix is complete, so a long run streams.
    for (; Delivered < Units.size(); ++Delivered) {
      std::optional<UnitResult> &Ready = Results[Delivered];
      if (!Ready)
        break;
      UnitResult R = std::move(*Ready);
      Ready.reset();
      OnResult(Delivered, R);
    }
    if (OnProgress && Done > Reported)
      OnProgress(Done, Units.size());
    Reported = Done;
    if (Running.empty())
      continue;
    int WaitStatus = 0;
    pid_t Pid = ::waitpid(-1, &WaitStatus, 0);
    if (Pid < 0) {
      if (errno == EINTR)
        continue;
      // No child to wait for, yet some are recorded as running: report them, do not hang.
      for (auto &[Gone, S] : Running) {
        UnitResult R;
        R.File = Units[S.Index].File;
        R.Failure = "the analysis was lost (waitpid failed)";
        Complete(S.Index, std::move(R));
      }
      Running.clear();
      continue;
    }
    auto It = Running.find(Pid);
    if (It == Running.end())
      continue; // not a worker (a child of something this process ran before)
    Started S = std::move(It->second);
    Running.erase(It);
    Complete(S.Index, finish(Units[S.Index], Settings, Sources, S, WaitStatus));
  }
  removeTemporaryTree(TempDir);
}

} // namespace async_tidy
