// async-blocking-file-io: file I/O and reading standard input: C stdio, POSIX descriptors opened on files, file streams, std::filesystem inside a coroutine stall its whole event loop.
#include "BlockingFileIoCheck.h"

namespace clang::tidy::async {

BlockingFileIoCheck::BlockingFileIoCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::FileIo) {}

} // namespace clang::tidy::async
