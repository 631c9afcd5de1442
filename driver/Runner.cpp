#include "Runner.h"
#include "Temporary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unistd.h> // environ

namespace async_tidy {

namespace {

std::string readFile(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
  return Text ? (*Text)->getBuffer().str() : std::string();
}

UnitResult analyse(const Unit &U, const RunSettings &Settings, SourceFiles &Sources,
                   llvm::StringRef TempDir, size_t Index) {
  UnitResult R;
  R.File = U.File;
  if (Settings.Cache && !U.CacheKey.empty())
    if (std::optional<UnitResult> Hit = Settings.Cache->lookup(U.CacheKey)) {
      Hit->File = U.File;
      return std::move(*Hit);
    }

  std::string Stem = (TempDir + "/" + llvm::Twine(Index)).str();
  std::string Yaml = Stem + ".yaml", Deps = Stem + ".d", Err = Stem + ".err";
  std::vector<std::string> Args{Settings.Self, WorkerFlag};
  Args.insert(Args.end(), Settings.Options.begin(), Settings.Options.end());
  Args.insert(Args.end(), U.Extra.begin(), U.Extra.end());
  Args.push_back("--quiet");
  Args.push_back("--export-fixes=" + Yaml);
  // The files the compiler reads, written by the analysis' own parse (clang-tidy's argument
  // adjusters strip -MD/-MF, but not -Wp,-MD): the cache's dependency list at no extra cost.
  bool WantDeps = Settings.Cache && !U.CacheKey.empty();
  if (WantDeps)
    Args.push_back("--extra-arg=-Wp,-MD," + Deps);
  Args.push_back(U.File);
  Args.insert(Args.end(), Settings.CompileFlags.begin(), Settings.CompileFlags.end());

  std::vector<llvm::StringRef> ArgRefs(Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(""),
                                                llvm::StringRef(Err)};
  std::string ErrMsg;
  bool ExecFailed = false;
  std::optional<llvm::ArrayRef<llvm::StringRef>> Env;
  std::vector<std::string> EnvStrings;
  std::vector<llvm::StringRef> EnvRefs;
  if (!U.Env.empty() || !U.SummaryOut.empty()) {
    for (char **E = environ; *E; ++E)
      EnvStrings.push_back(*E);
    EnvStrings.insert(EnvStrings.end(), U.Env.begin(), U.Env.end());
    if (!U.SummaryOut.empty())
      EnvStrings.push_back("ASYNC_TIDY_SUMMARY_OUT=" + U.SummaryOut);
    EnvRefs.assign(EnvStrings.begin(), EnvStrings.end());
    Env = EnvRefs;
  }
  int Status = llvm::sys::ExecuteAndWait(Settings.Self, ArgRefs, Env, Redirects, 0, 0, &ErrMsg,
                                         &ExecFailed);
  if (!U.SummaryOut.empty()) {
    R.Summary = readFile(U.SummaryOut);
    removeTemporary(U.SummaryOut);
  }
  R.Stderr = readFile(Err);
  removeTemporary(Err);
  if (ExecFailed) {
    R.Failure = "cannot run the analysis: " + ErrMsg;
    return R;
  }
  if (Status < 0) {
    R.Failure = "the analysis crashed" + (ErrMsg.empty() ? std::string() : " (" + ErrMsg + ")");
    removeTemporary(Yaml);
    removeTemporary(Deps);
    return R;
  }
  bool HaveYaml = llvm::sys::fs::exists(Yaml);
  std::string Error;
  std::optional<std::vector<Finding>> Findings =
      readExportedFindings(HaveYaml ? readFile(Yaml) : std::string(), Sources, Error);
  removeTemporary(Yaml);
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
  if (WantDeps && !Broken) {
    std::vector<std::string> Files = parseDependencyFile(readFile(Deps), U.Directory);
    if (!Files.empty())
      Settings.Cache->store(U.CacheKey, R, Files);
  }
  removeTemporary(Deps);
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
  std::vector<std::optional<UnitResult>> Results(Units.size());
  std::mutex Lock;
  std::condition_variable Ready;
  std::atomic<size_t> Next{0};
  size_t Done = 0;
  auto Work = [&] {
    for (size_t I; (I = Next++) < Units.size();) {
      UnitResult R = analyse(Units[I], Settings, Sources, TempDir, I);
      std::lock_guard<std::mutex> Guard(Lock);
      Results[I] = std::move(R);
      ++Done;
      Ready.notify_one();
    }
  };
  unsigned Threads = std::max(1u, std::min<unsigned>(Settings.Jobs, Units.size()));
  std::vector<std::thread> Pool;
  Pool.reserve(Threads);
  for (unsigned T = 0; T < Threads; ++T)
    Pool.emplace_back(Work);
  // Deliver in input order as soon as each prefix is complete, so a long run streams.
  size_t Delivered = 0, Reported = 0;
  std::unique_lock<std::mutex> Guard(Lock);
  while (Delivered < Units.size()) {
    Ready.wait(Guard, [&] { return Done > Reported || (Results[Delivered].has_value()); });
    size_t NowDone = Done;
    std::vector<std::pair<size_t, UnitResult>> Batch;
    for (; Delivered < Units.size(); ++Delivered) {
      std::optional<UnitResult> &Next = Results[Delivered];
      if (!Next)
        break;
      Batch.emplace_back(Delivered, std::move(*Next));
      Next.reset();
    }
    Guard.unlock();
    for (auto &[Index, R] : Batch)
      OnResult(Index, R);
    if (OnProgress && NowDone > Reported)
      OnProgress(NowDone, Units.size());
    Reported = NowDone;
    Guard.lock();
  }
  Guard.unlock();
  for (std::thread &T : Pool)
    T.join();
  removeTemporaryTree(TempDir);
}

} // namespace async_tidy
