// Runs the analysis of many translation units on N processes: each TU is one worker, a fork of
// async-tidy running clang-tidy's main on that file and exporting its diagnostics. A fork, not
// an exec: the child starts with the parent's libraries already relocated and its static
// initializers run (30 M instructions per TU, 0.4 % of a Boost.Asio TU's). A worker that
// crashes takes only its TU with it, and every result is delivered in the order of the input
// list, so the output of -j N is the output of -j 1.
#ifndef ASYNC_TIDY_DRIVER_RUNNER_H
#define ASYNC_TIDY_DRIVER_RUNNER_H

#include "Findings.h"
#include "ResultCache.h"
#include <functional>
#include <string>
#include <vector>

namespace async_tidy {

struct Unit {
  std::string File;                  ///< as the compilation database (or the user) names it
  std::string Directory;             ///< where its relative paths are resolved
  std::vector<std::string> Extra;    ///< worker options for this TU only (its default checks)
  std::string CacheKey;              ///< empty: not cached
  std::vector<std::string> Env;      ///< "NAME=value" added to the worker's environment
  std::string SummaryOut;            ///< where the worker writes its cross-TU summary, if any
  bool DefaultHeaderScope = false;   ///< Extra holds the default header filters (HeaderScope.h)
};

struct RunSettings {
  std::string Self;                    ///< this executable (the workers' argv[0])
  /// clang-tidy's main, run by each worker (in the child).
  int (*Main)(int Argc, const char **Argv) = nullptr;
  std::vector<std::string> Options;    ///< clang-tidy options for every worker
  std::vector<std::string> CompileFlags; ///< after "--" (with the "--"), or empty
  unsigned Jobs = 1;
  ResultCache *Cache = nullptr;
};

/// Analyses \p Units; \p OnResult is called on the calling thread, once per unit, in order.
/// \p OnProgress (may be empty) is called on the calling thread after each unit finishes.
void runUnits(const std::vector<Unit> &Units, const RunSettings &Settings, SourceFiles &Sources,
              const std::function<void(size_t, UnitResult &)> &OnResult,
              const std::function<void(size_t Done, size_t Total)> &OnProgress);

} // namespace async_tidy

#endif
