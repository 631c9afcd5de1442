// The async-tidy clang-tidy module: every async-* check, for the plugin, the CLI and clangd.
#include "AsyncTidyModule.h"

#include "AwaitInLoopCheck.h"
#include "BlockingSleepCheck.h"
#include "EscapingDbHandleCheck.h"
#include "NestedRunCheck.h"
#include "UnawaitedTaskCheck.h"
#include "clang/Basic/Version.h"

namespace clang::tidy::async {

void AsyncTidyModule::addCheckFactories(ClangTidyCheckFactories &Factories) {
  Factories.registerCheck<AwaitInLoopCheck>("async-await-in-loop");
  Factories.registerCheck<BlockingSleepCheck>("async-blocking-sleep");
  Factories.registerCheck<EscapingDbHandleCheck>("async-escaping-db-handle");
  Factories.registerCheck<NestedRunCheck>("async-nested-run");
  Factories.registerCheck<UnawaitedTaskCheck>("async-unawaited-task");
}

int builtForLLVMMajor() { return CLANG_VERSION_MAJOR; }

} // namespace clang::tidy::async
