// What the hooks of async-clangd (ClangdTidyHooks.cpp, ClangdProtocolHooks.cpp) share.
#ifndef ASYNC_TIDY_CLANGD_CLANGDHOOKS_H
#define ASYNC_TIDY_CLANGD_CLANGDHOOKS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

namespace async_clangd {

/// The names of the async-* checks this front-end adds to clangd.
const llvm::StringSet<> &asyncChecks();

/// The check that reports, at the top of a file, the .clang-tidy files clangd could not read
/// for it (ClangdTidyHooks.cpp). Not an async-* check: `-async-*` does not silence it.
inline constexpr llvm::StringLiteral ConfigProblemsCheckName = "clang-tidy-config";

} // namespace async_clangd

#endif
