// async-blocking-db: synchronous database calls: sqlite3, libpq, libpqxx, SOCI, MySQL inside a coroutine stall its whole event loop.
#include "BlockingDbCheck.h"

namespace clang::tidy::async {

BlockingDbCheck::BlockingDbCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Db) {}

} // namespace clang::tidy::async
