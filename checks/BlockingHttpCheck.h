// async-blocking-http: synchronous HTTP clients: libcurl easy, cpr, cpp-httplib, Boost.Beast inside a coroutine stall its whole event loop.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGHTTPCHECK_H
#define ASYNC_TIDY_CHECKS_BLOCKINGHTTPCHECK_H

#include "BlockingCheckBase.h"

namespace clang::tidy::async {

/// Reports the Http rows of the blocking catalogue (BlockingCatalogue.def) called in a
/// coroutine that runs on an event loop. Everything else lives in BlockingCheckBase.
///
/// For the user-facing documentation see docs/checks/async-blocking-http.md.
class BlockingHttpCheck : public BlockingCheckBase {
public:
  BlockingHttpCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::async

#endif
