// async-blocking-file-io: file I/O and reading standard input: C stdio, POSIX descriptors opened on files, file streams, std::filesystem inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGFILEIOCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGFILEIOCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the FileIo rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-file-io.md.
class BlockingFileIoCheck : public BlockingCheckBase {
public:
  BlockingFileIoCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
