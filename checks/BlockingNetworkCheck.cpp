// async-blocking-network: synchronous sockets and name resolution: POSIX, Asio and Boost.Asio inside a coroutine stall its whole event loop.
#include "BlockingNetworkCheck.h"

namespace clang::tidy::async {

BlockingNetworkCheck::BlockingNetworkCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Network) {}

} // namespace clang::tidy::async
