// What clangd cannot know about checks built outside it, told through two of its functions that
// async-clangd wraps at link time (`ld --wrap`, see clangd/CMakeLists.txt):
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
//
// Both are non-inline functions of libclangDaemon.a called from other objects of the archive,
// which is what --wrap needs; if a future clangd renames them, the link fails on the __real_
// symbols instead of silently dropping the checks.
#include "AsyncTidyModule.h"
#include "ClangTidyModule.h"
#include "ClangTidyOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>

namespace {

// clangd::TidyProviderRef (clangd/TidyProvider.h, which Debian does not ship): what
// provideDefaultChecks returns in clangd 19. The wrappers must have the exact signatures of the
// functions they replace; nothing checks them at link time, so each LLVM major is verified by
// the LSP test (test/clangd) before CMake enables it.
using TidyProviderRef =
    llvm::function_ref<void(clang::tidy::ClangTidyOptions &, llvm::StringRef)>;

// The names of the checks this front-end adds to clangd.
const llvm::StringSet<> &asyncChecks() {
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

// clangd's own definitions, which --wrap leaves reachable under the __real_ names.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProviderRef realProvideDefaultChecks() asm("__real__ZN5clang6clangd20provideDefaultChecksEv");

// What clangd calls instead.
std::optional<bool> wrappedIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
TidyProviderRef wrappedProvideDefaultChecks() asm(
    "__wrap__ZN5clang6clangd20provideDefaultChecksEv");

std::optional<bool> wrappedIsFastTidyCheck(llvm::StringRef Check) {
  if (asyncChecks().contains(Check))
    return true;
  return realIsFastTidyCheck(Check);
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
  };
  return Provider;
}
