// async-blocking-http: synchronous HTTP clients: libcurl easy, cpr, cpp-httplib, Boost.Beast inside a coroutine stall its whole event loop.
#include "BlockingHttpCheck.h"

namespace clang::tidy::async {

BlockingHttpCheck::BlockingHttpCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Http) {}

} // namespace clang::tidy::async
