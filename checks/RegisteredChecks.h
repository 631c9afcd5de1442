// The names of every check the running clang-tidy could enable.
#pragma once

#include <string>
#include <vector>

namespace clang::tidy::async {

/// Each registered module's checks (the host clang-tidy's, ours, other plugins') and the static
/// analyzer's checkers as "clang-analyzer-<name>", experimental ones included. Built once per
/// process, on first use (after --load has registered the plugins), without clang-tidy's
/// getCheckNames, which matches every name against the globs by regex (10 M instructions).
/// The driver validates --checks against it; the dispatcher asks which other checks run.
const std::vector<std::string> &registeredCheckNames();

} // namespace clang::tidy::async
