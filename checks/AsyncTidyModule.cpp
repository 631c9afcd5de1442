// The async-tidy clang-tidy module: every async-* check, for the plugin, the CLI and clangd.
#include "AsyncTidyModule.h"

#include "AwaitInLoopCheck.h"
#include "BlockingCallCheck.h"
#include "BlockingDbCheck.h"
#include "BlockingDeviceIoCheck.h"
#include "BlockingFileIoCheck.h"
#include "BlockingHttpCheck.h"
#include "BlockingNetworkCheck.h"
#include "BlockingProcessCheck.h"
#include "BlockingSleepCheck.h"
#include "BlockingSyncCheck.h"
#include "EscapingDbHandleCheck.h"
#include "NestedRunCheck.h"
#include "UnawaitedTaskCheck.h"
#include "clang/Basic/Version.h"

namespace clang::tidy::async {

void AsyncTidyModule::addCheckFactories(ClangTidyCheckFactories &Factories) {
  Factories.registerCheck<AwaitInLoopCheck>("async-await-in-loop");
  Factories.registerCheck<BlockingCallCheck>("async-blocking-call");
  Factories.registerCheck<BlockingDbCheck>("async-blocking-db");
  Factories.registerCheck<BlockingDeviceIoCheck>("async-blocking-device-io");
  Factories.registerCheck<BlockingFileIoCheck>("async-blocking-file-io");
  Factories.registerCheck<BlockingHttpCheck>("async-blocking-http");
  Factories.registerCheck<BlockingNetworkCheck>("async-blocking-network");
  Factories.registerCheck<BlockingProcessCheck>("async-blocking-process");
  Factories.registerCheck<BlockingSleepCheck>("async-blocking-sleep");
  Factories.registerCheck<BlockingSyncCheck>("async-blocking-sync");
  Factories.registerCheck<EscapingDbHandleCheck>("async-escaping-db-handle");
  Factories.registerCheck<NestedRunCheck>("async-nested-run");
  Factories.registerCheck<UnawaitedTaskCheck>("async-unawaited-task");
}

int builtForLLVMMajor() { return CLANG_VERSION_MAJOR; }

} // namespace clang::tidy::async
