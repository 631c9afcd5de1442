// What clangd cannot know about checks built outside it, told through functions of clangd's and
// clang's libraries that async-clangd wraps at link time (`ld --wrap`, see clangd/CMakeLists.txt):
//
// - isFastTidyCheck: clangd runs a check only if its latency was measured and listed in
//   clangd's TidyFastChecks.inc, unless the user loosens Diagnostics.ClangTidy.FastCheckFilter
//   in .clangd. The async-* checks are measured by bench/clangd_latency.py (their budget is 5%
//   of a parse), so they answer "fast", like clangd's own listed checks; every other check keeps
//   clangd's answer, and FastCheckFilter keeps its meaning for them.
// - provideDefaultChecks: with no .clang-tidy and no .clangd check list, clangd runs a short
//   default list. Someone who chose async-clangd wants the async-* checks too, as async-tidy
//   runs them with no .clang-tidy: they are added to that default list. A .clang-tidy that
//   names checks is obeyed as it is, as by clang-tidy.
// - provideClangTidyFiles: clangd skips a .clang-tidy that does not parse with a line in its
//   log, and the file is linted with the configurations above it or the defaults. async-tidy
//   stops with exit 2 instead; here the same message is a diagnostic at the top of the file
//   (the check clang-tidy-config below), with the CLI's warnings for unknown options.
// - PrecompiledPreamble::Build: clangd parses the headers of its preamble without function
//   bodies, but a task's kind (lazy or not) is read from its promise's awaiter, whose
//   `await_ready` and `await_suspend` bodies live in a header: those few bodies are parsed.
//
// All are non-inline functions called from other objects than the ones defining them, which is
// what --wrap needs; if a future clangd renames them, the link fails on the __real_ symbols
// instead of silently dropping the checks.
#include "AsyncTidyModule.h"
#include "ClangdHooks.h"
#include "ClangTidyCheck.h"
#include "ClangTidyModule.h"
#include "ClangTidyModuleRegistry.h"
#include "ClangTidyOptions.h"
#include "InputChecks.h"
#include "TaskTypes.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/Support/Path.h"
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

using async_clangd::asyncChecks;
using async_clangd::ConfigProblemsCheckName;

namespace clang::clangd {
class ThreadsafeFS; // only passed on to clangd's own provider
} // namespace clang::clangd

namespace {

// clangd::TidyProviderRef (clangd/TidyProvider.h, which Debian does not ship): what
// provideDefaultChecks returns in clangd 19. The wrappers must have the exact signatures of the
// functions they replace; nothing checks them at link time, so each LLVM major is verified by
// the LSP test (test/clangd) before CMake enables it.
using TidyProviderRef =
    llvm::function_ref<void(clang::tidy::ClangTidyOptions &, llvm::StringRef)>;
// clangd::TidyProvider, what provideClangTidyFiles returns.
using TidyProvider =
    llvm::unique_function<void(clang::tidy::ClangTidyOptions &, llvm::StringRef) const>;

// The option through which provideClangTidyFiles tells the check what is wrong: one problem a
// line, each "E:" (an error) or "W:" (a warning) and the message.
constexpr llvm::StringLiteral ProblemsOption = "clang-tidy-config.Problems";

/// Reports, at the top of the file, the problems of the .clang-tidy files clangd read for it.
/// Enabled by provideDefaultChecks only when there are any.
class ConfigProblemsCheck : public clang::tidy::ClangTidyCheck {
public:
  ConfigProblemsCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Problems(Options.get("Problems", "")) {}
  void registerPPCallbacks(const clang::SourceManager &SM, clang::Preprocessor *,
                           clang::Preprocessor *) override {
    Sources = &SM;
  }
  // A matcher only to be told when the translation unit is matched: after the parse, when
  // clangd listens to clang-tidy's diagnostics. (clangd matches the main file's declarations
  // only, so it never matches.)
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override {
    Finder->addMatcher(clang::ast_matchers::translationUnitDecl(), this);
  }
  void onStartOfTranslationUnit() override {
    if (!Sources || Problems.empty())
      return;
    clang::SourceLocation Top = Sources->getLocForStartOfFile(Sources->getMainFileID());
    llvm::SmallVector<llvm::StringRef> Lines;
    llvm::StringRef(Problems).split(Lines, '\n', -1, false);
    for (llvm::StringRef Line : Lines)
      diag(Top, "%0",
           Line.starts_with("E:") ? clang::DiagnosticIDs::Error : clang::DiagnosticIDs::Warning)
          << Line.drop_front(2);
  }
  void check(const clang::ast_matchers::MatchFinder::MatchResult &) override {}

private:
  std::string Problems;
  const clang::SourceManager *Sources = nullptr;
};

class ConfigProblemsModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<ConfigProblemsCheck>(ConfigProblemsCheckName);
  }
};

clang::tidy::ClangTidyModuleRegistry::Add<ConfigProblemsModule>
    ConfigProblems("async-clangd-config", "Reports .clang-tidy files clangd cannot read.");

/// One .clang-tidy as clangd reads it: its problems in the CLI's words, and whether clangd goes
/// on to the parent directory's.
struct ConfigFileState {
  llvm::sys::TimePoint<> Modified;
  uint64_t Size = 0;
  std::vector<std::string> Problems; // "E:..." / "W:..."
  bool ReadParent = false;           // broken (clangd skips it), or InheritParentConfig
};

ConfigFileState readConfigFile(llvm::StringRef Path) {
  ConfigFileState State;
  std::vector<std::string> Warnings;
  // async-tidy's own check of a --config-file: the same message for the same file.
  if (std::optional<std::string> Error =
          async_tidy::checkConfiguration(std::nullopt, Path.str(), {}, Warnings)) {
    State.Problems.push_back("E:" + *Error + "; clangd ignores this file");
    State.ReadParent = true;
    return State;
  }
  // async-clangd has no --dump-config to point at.
  for (llvm::StringRef Warning : Warnings)
    State.Problems.push_back("W:" + Warning.rsplit(" (see --dump-config)").first.str());
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
          llvm::MemoryBuffer::getFile(Path))
    if (llvm::ErrorOr<clang::tidy::ClangTidyOptions> Parsed =
            clang::tidy::parseConfiguration((*Text)->getMemBufferRef()))
      State.ReadParent = Parsed->InheritParentConfig.value_or(false);
  return State;
}

/// The problems of the .clang-tidy files clangd reads for \p File: from its directory up, as
/// clangd's DotClangTidyTree walks them (a broken file is skipped; a good one ends the walk
/// unless it inherits its parent's). Each file is read again only when it changes.
std::string configProblems(llvm::StringRef File) {
  static std::mutex Mutex;
  static llvm::StringMap<ConfigFileState> Cache;
  std::string Result;
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, ".clang-tidy");
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(Path, Status) || !llvm::sys::fs::is_regular_file(Status))
      continue;
    std::lock_guard<std::mutex> Lock(Mutex);
    auto [It, New] = Cache.try_emplace(Path);
    ConfigFileState &State = It->second;
    if (New || State.Modified != Status.getLastModificationTime() ||
        State.Size != Status.getSize()) {
      State = readConfigFile(Path);
      State.Modified = Status.getLastModificationTime();
      State.Size = Status.getSize();
    }
    for (const std::string &Problem : State.Problems)
      Result += Problem + "\n";
    if (!State.ReadParent)
      break;
  }
  return Result;
}

// The async-* globs of async-tidy's default check list ("async-*", and the exclusions of
// opt-in checks, if any), so that both front-ends default to the same async checks.
std::string asyncDefaultGlobs() {
  llvm::SmallVector<llvm::StringRef> Globs;
  llvm::StringRef(clang::tidy::async::DefaultChecks).split(Globs, ',', -1, false);
  std::string Result;
  for (llvm::StringRef Glob : Globs) {
    Glob = Glob.trim();
    if (!Glob.ltrim('-').starts_with("async-"))
      continue;
    if (!Result.empty())
      Result += ',';
    Result += Glob;
  }
  return Result;
}

} // namespace

const llvm::StringSet<> &async_clangd::asyncChecks() {
  static const llvm::StringSet<> Names = [] {
    clang::tidy::ClangTidyCheckFactories Factories;
    clang::tidy::async::AsyncTidyModule().addCheckFactories(Factories);
    llvm::StringSet<> Result;
    for (const auto &Factory : Factories)
      Result.insert(Factory.getKey());
    return Result;
  }();
  return Names;
}

// clangd's own definitions, which --wrap leaves reachable under the __real_ names.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProviderRef realProvideDefaultChecks() asm("__real__ZN5clang6clangd20provideDefaultChecksEv");
TidyProvider realProvideClangTidyFiles(clang::clangd::ThreadsafeFS &FS) asm(
    "__real__ZN5clang6clangd21provideClangTidyFilesERNS0_12ThreadsafeFSE");
llvm::ErrorOr<clang::PrecompiledPreamble> realBuildPreamble(
    const clang::CompilerInvocation &Invocation, const llvm::MemoryBuffer *MainFileBuffer,
    clang::PreambleBounds Bounds, clang::DiagnosticsEngine &Diagnostics,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<clang::PCHContainerOperations> PCHContainerOps, bool StoreInMemory,
    llvm::StringRef StoragePath, clang::PreambleCallbacks &Callbacks)
    asm("__real__ZN5clang19PrecompiledPreamble5BuildERKNS_18CompilerInvocationEPKN4llvm12Memory"
        "BufferENS_14PreambleBoundsERNS_17DiagnosticsEngineENS4_18IntrusiveRefCntPtrINS4_3vfs10"
        "FileSystemEEESt10shared_ptrINS_22PCHContainerOperationsEEbNS4_9StringRefERNS_17Preamble"
        "CallbacksE");
// clang's header declares Build: the compiler checks this copy of its signature.
static_assert(std::is_same_v<decltype(&clang::PrecompiledPreamble::Build),
                             decltype(&realBuildPreamble)>);

// What clangd calls instead.
std::optional<bool> wrappedIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProviderRef wrappedProvideDefaultChecks() asm(
    "__wrap__ZN5clang6clangd20provideDefaultChecksEv");
TidyProvider wrappedProvideClangTidyFiles(clang::clangd::ThreadsafeFS &FS) asm(
    "__wrap__ZN5clang6clangd21provideClangTidyFilesERNS0_12ThreadsafeFSE");
llvm::ErrorOr<clang::PrecompiledPreamble> wrappedBuildPreamble(
    const clang::CompilerInvocation &Invocation, const llvm::MemoryBuffer *MainFileBuffer,
    clang::PreambleBounds Bounds, clang::DiagnosticsEngine &Diagnostics,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<clang::PCHContainerOperations> PCHContainerOps, bool StoreInMemory,
    llvm::StringRef StoragePath, clang::PreambleCallbacks &Callbacks)
    asm("__wrap__ZN5clang19PrecompiledPreamble5BuildERKNS_18CompilerInvocationEPKN4llvm12Memory"
        "BufferENS_14PreambleBoundsERNS_17DiagnosticsEngineENS4_18IntrusiveRefCntPtrINS4_3vfs10"
        "FileSystemEEESt10shared_ptrINS_22PCHContainerOperationsEEbNS4_9StringRefERNS_17Preamble"
        "CallbacksE");

std::optional<bool> wrappedIsFastTidyCheck(llvm::StringRef Check) {
  if (asyncChecks().contains(Check) || Check == ConfigProblemsCheckName)
    return true;
  return realIsFastTidyCheck(Check);
}

TidyProvider wrappedProvideClangTidyFiles(clang::clangd::ThreadsafeFS &FS) {
  return [Real = realProvideClangTidyFiles(FS)](clang::tidy::ClangTidyOptions &Opts,
                                                llvm::StringRef File) {
    Real(Opts, File);
    std::string Problems = configProblems(File);
    if (!Problems.empty())
      Opts.CheckOptions[ProblemsOption] = clang::tidy::ClangTidyOptions::ClangTidyValue(Problems);
  };
}

namespace {
/// clangd's preamble callbacks, but the bodies bodyDecidesTaskStart() names are parsed.
class KeepTaskStartBodies final : public clang::PreambleCallbacks {
public:
  explicit KeepTaskStartBodies(clang::PreambleCallbacks &Inner) : Inner(Inner) {}
  void BeforeExecute(clang::CompilerInstance &CI) override { Inner.BeforeExecute(CI); }
  void AfterExecute(clang::CompilerInstance &CI) override { Inner.AfterExecute(CI); }
  void AfterPCHEmitted(clang::ASTWriter &Writer) override { Inner.AfterPCHEmitted(Writer); }
  void HandleTopLevelDecl(clang::DeclGroupRef DG) override { Inner.HandleTopLevelDecl(DG); }
  std::unique_ptr<clang::PPCallbacks> createPPCallbacks() override {
    return Inner.createPPCallbacks();
  }
  clang::CommentHandler *getCommentHandler() override { return Inner.getCommentHandler(); }
  bool shouldSkipFunctionBody(clang::Decl *D) override {
    return !clang::tidy::async::bodyDecidesTaskStart(D) && Inner.shouldSkipFunctionBody(D);
  }

private:
  clang::PreambleCallbacks &Inner;
};
} // namespace

llvm::ErrorOr<clang::PrecompiledPreamble> wrappedBuildPreamble(
    const clang::CompilerInvocation &Invocation, const llvm::MemoryBuffer *MainFileBuffer,
    clang::PreambleBounds Bounds, clang::DiagnosticsEngine &Diagnostics,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<clang::PCHContainerOperations> PCHContainerOps, bool StoreInMemory,
    llvm::StringRef StoragePath, clang::PreambleCallbacks &Callbacks) {
  KeepTaskStartBodies Keep(Callbacks);
  return realBuildPreamble(Invocation, MainFileBuffer, Bounds, Diagnostics, std::move(VFS),
                           std::move(PCHContainerOps), StoreInMemory, StoragePath, Keep);
}

TidyProviderRef wrappedProvideDefaultChecks() {
  // A function_ref needs a callable that outlives it: a static, stateless one.
  static constexpr auto Provider = [](clang::tidy::ClangTidyOptions &Opts, llvm::StringRef File) {
    static const std::string Async = asyncDefaultGlobs();
    // clangd's defaults apply only when nothing chose checks; ours go with them.
    bool Chosen = Opts.Checks && !Opts.Checks->empty();
    realProvideDefaultChecks()(Opts, File);
    if (!Chosen && Opts.Checks && !Async.empty())
      *Opts.Checks += "," + Async;
    // Last, so that no check list of a .clang-tidy or .clangd turns it off.
    if (Opts.CheckOptions.count(ProblemsOption))
      Opts.Checks = Opts.Checks.value_or("") + "," + ConfigProblemsCheckName.str();
  };
  return Provider;
}
