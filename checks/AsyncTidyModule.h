// The async-tidy clang-tidy module: every async-* check, for the plugin, the CLI and clangd.
#ifndef ASYNC_TIDY_CHECKS_ASYNCTIDYMODULE_H
#define ASYNC_TIDY_CHECKS_ASYNCTIDYMODULE_H

#include "ClangTidyModule.h"
#include "clang/Basic/Version.h"
// The module registry has its own header up to LLVM 21; from 22 on it is in ClangTidyModule.h
// and the old header only warns that it is deprecated.
#if CLANG_VERSION_MAJOR < 22
#include "ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy::async {

class AsyncTidyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override;
};

/// The registry name and description every front-end registers the module under.
inline constexpr const char *ModuleName = "async-module";
inline constexpr const char *ModuleDescription =
    "Checks for async misuse in C++20 coroutines (async-tidy).";

/// The checks async-tidy and async-clangd run when no .clang-tidy, --checks or --config
/// says otherwise: clang's own diagnostics, every async-* check except the opt-in ones, and
/// not the static analyzer (clang-tidy's default), which is not what a lint step asked for.
inline constexpr const char *DefaultChecks =
    "clang-diagnostic-*,-clang-analyzer-*,async-*,-async-await-in-loop";

/// The LLVM major version the checks were compiled against.
int builtForLLVMMajor();

} // namespace clang::tidy::async

#endif
