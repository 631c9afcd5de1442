// async-clangd: clangd with the async-* checks built in. It only adds what clangd cannot find by
// itself when it is not installed next to clang: the compiler's resource directory.
#include "AsyncTidyModule.h"
#include "ClangTidyModuleRegistry.h"
#include "clang/Basic/Version.h"
#include "clang/Driver/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::clangd {
int clangdMain(int Argc, char *Argv[]); // libclangdMain.a; Debian ships no clangd headers.
} // namespace clang::clangd

static clang::tidy::ClangTidyModuleRegistry::Add<clang::tidy::async::AsyncTidyModule>
    AsyncModule(clang::tidy::async::ModuleName, clang::tidy::async::ModuleDescription);

namespace {

// Exit status when no resource directory can be found: after clangd's own 1 to 3, and apart
// from async-tidy's 4 (a plugin in the wrong clang-tidy).
constexpr int NoResourceDirExit = 5;

// True if the user chose a resource directory: on the command line, or in CLANGD_FLAGS, which
// clangd reads as more command-line flags.
bool userGaveResourceDir(int Argc, char **Argv) {
  auto Names = [](llvm::StringRef Arg) {
    Arg = Arg.ltrim('-');
    return Arg == "resource-dir" || Arg.starts_with("resource-dir=");
  };
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]).starts_with("-") && Names(Argv[I]))
      return true;
  if (std::optional<std::string> Flags = llvm::sys::Process::GetEnv("CLANGD_FLAGS")) {
    llvm::SmallVector<llvm::StringRef> Words;
    llvm::StringRef(*Flags).split(Words, ' ', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef Word : Words)
      if (Word.starts_with("-") && Names(Word))
        return true;
  }
  return false;
}

// A resource directory is usable if it has the compiler's builtin headers: without them every
// file that includes <cstddef> or <coroutine> is a wall of errors.
bool isResourceDir(llvm::StringRef Dir) {
  llvm::SmallString<256> Header(Dir);
  llvm::sys::path::append(Header, "include", "stddef.h");
  return llvm::sys::fs::exists(Header);
}

} // namespace

int main(int Argc, char **Argv) {
  if (userGaveResourceDir(Argc, Argv))
    return clang::clangd::clangdMain(Argc, Argv);

  // 1. Installed: PREFIX/lib/clang/NN next to PREFIX/bin/async-clangd, which is where clangd
  //    itself looks (the install makes PREFIX/lib/clang a link to LLVM's).
  // 2. The build tree, or an install without that link: the LLVM this was built against.
  std::vector<std::string> Candidates;
  std::string Executable = llvm::sys::fs::getMainExecutable(Argv[0], (void *)&main);
  if (!Executable.empty())
    Candidates.push_back(clang::driver::Driver::GetResourcesPath(Executable));
  Candidates.push_back(ASYNC_TIDY_CLANG_RESOURCE_DIR);

  for (const std::string &Dir : Candidates) {
    if (!isResourceDir(Dir))
      continue;
    std::string Flag = "--resource-dir=" + Dir;
    std::vector<char *> NewArgv(Argv, Argv + Argc);
    NewArgv.insert(NewArgv.begin() + 1, Flag.data());
    NewArgv.push_back(nullptr);
    return clang::clangd::clangdMain(Argc + 1, NewArgv.data());
  }

  llvm::errs() << "async-clangd: error: cannot find clang's resource directory (the compiler's "
                  "builtin headers such as stddef.h); looked in:\n";
  for (const std::string &Dir : Candidates)
    llvm::errs() << "  " << Dir << "\n";
  llvm::errs() << "install clang " << CLANG_VERSION_MAJOR_STRING
               << "'s headers (Debian: libclang-common-" << CLANG_VERSION_MAJOR_STRING
               << "-dev) or pass --resource-dir=<dir>\n";
  return NoResourceDirExit;
}
