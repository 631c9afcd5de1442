#include "RegisteredChecks.h"

#include "ClangTidyModule.h"
#include "clang/Basic/Version.h"
#if CLANG_VERSION_MAJOR < 22 // from 22 on the registry is declared in ClangTidyModule.h
#include "ClangTidyModuleRegistry.h"
#endif
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"

namespace clang::tidy::async {

const std::vector<std::string> &registeredCheckNames() {
  static const std::vector<std::string> Names = [] {
    ClangTidyCheckFactories Factories;
    for (const ClangTidyModuleRegistry::entry &Module : ClangTidyModuleRegistry::entries())
      Module.instantiate()->addCheckFactories(Factories);
    std::vector<std::string> Result;
    for (const auto &Entry : Factories)
      Result.push_back(Entry.getKey().str());
    for (llvm::StringRef Checker : AnalyzerOptions::getRegisteredCheckers(true))
      Result.push_back(("clang-analyzer-" + Checker).str());
    return Result;
  }();
  return Names;
}

} // namespace clang::tidy::async
