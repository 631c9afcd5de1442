// async-blocking-db, the bad way: sqlite3 calls straight in the coroutine; every statement waits
// for the database file on the loop's thread.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <sqlite3.h>

asyncrt::task<int> count_rows(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);                                                        // blocks
  sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t(x)", nullptr, nullptr, nullptr); // blocks
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &stmt, nullptr);          // blocks
  int n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;    // blocks
  sqlite3_finalize(stmt);
  sqlite3_close(db);                                                              // blocks
  co_return n;
}

int main() { std::printf("%d rows\n", asyncrt::run(count_rows("/tmp/async-tidy-db.sqlite"))); }
