// async-blocking-network: synchronous sockets and name resolution: POSIX, Asio and Boost.Asio inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGNETWORKCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGNETWORKCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the Network rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-network.md.
class BlockingNetworkCheck : public BlockingCheckBase {
public:
  BlockingNetworkCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
