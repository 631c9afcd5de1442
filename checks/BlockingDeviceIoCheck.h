// async-blocking-device-io: synchronous device I/O: libusb transfers, ioctl, serial lines inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGDEVICEIOCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGDEVICEIOCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the DeviceIo rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-device-io.md.
class BlockingDeviceIoCheck : public BlockingCheckBase {
public:
  BlockingDeviceIoCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
