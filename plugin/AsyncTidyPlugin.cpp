// Registers the async-* checks with a stock clang-tidy that loads this plugin with --load,
// after making sure that clang-tidy is the LLVM major the plugin was built for.
#include "AsyncTidyModule.h"
#include "clang/Basic/Version.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

namespace clang::tidy::async {
namespace {

// The exit status when the plugin is loaded into the wrong clang-tidy (documented in README).
constexpr int PluginVersionMismatchExit = 4;

// The host's major version, parsed from its full version string ("Debian clang version 22.1.2
// (...)"). getClangFullVersion() is resolved from the host process, not from this plugin:
// its string is the one thing a plugin of any version can read safely from any clang-tidy.
int hostMajor() {
  std::string Full = clang::getClangFullVersion();
  size_t Pos = Full.find("version ");
  if (Pos == std::string::npos)
    return -1;
  return std::atoi(Full.c_str() + Pos + 8);
}

bool registerIfCompatible() {
  int Host = hostMajor();
  if (Host != builtForLLVMMajor()) {
    // A plugin of another major does not crash reliably, it silently reports nothing (the
    // checks' AST classes do not match the host's): stop before anything runs.
    llvm::errs() << "error: AsyncTidyModule.so was built for clang-tidy " << builtForLLVMMajor()
                 << " but was loaded into clang-tidy " << Host
                 << "; use clang-tidy-" << builtForLLVMMajor()
                 << " or rebuild async-tidy with -DASYNC_TIDY_LLVM=" << Host << "\n";
    llvm::errs().flush();
    std::_Exit(PluginVersionMismatchExit);
  }
  static ClangTidyModuleRegistry::Add<AsyncTidyModule> Module(ModuleName, ModuleDescription);
  return true;
}

[[maybe_unused]] const bool Registered = registerIfCompatible();

} // namespace
} // namespace clang::tidy::async
