// async-blocking-device-io: synchronous device I/O: libusb transfers, ioctl, serial lines inside a coroutine stall its whole event loop.
#include "BlockingDeviceIoCheck.h"

namespace clang::tidy::async {

BlockingDeviceIoCheck::BlockingDeviceIoCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::DeviceIo) {}

} // namespace clang::tidy::async
