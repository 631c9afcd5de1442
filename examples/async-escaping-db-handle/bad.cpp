// async-escaping-db-handle, the bad way: a coroutine hands out a live sqlite3_stmt. It prepared
// the statement off the loop, but whoever steps it later runs the query on their own thread, on
// a connection that is not theirs: the loop, if the caller is a coroutine.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <cstdio>
#include <sqlite3.h>

asyncrt::task<sqlite3_stmt *> find_users(sqlite3 *db) {
  sqlite3_stmt *stmt = co_await asyncrt::to_thread([db] {
    sqlite3_stmt *prepared = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM users ORDER BY name", -1, &prepared, nullptr);
    return prepared;
  });
  co_return stmt; // lazy: no row has been read yet
}

int main() {
  sqlite3 *db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE users(name TEXT); INSERT INTO users VALUES ('ada')", nullptr,
               nullptr, nullptr);
  sqlite3_stmt *stmt = asyncrt::run(find_users(db));
  while (sqlite3_step(stmt) == SQLITE_ROW)
    std::printf("%s\n", reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}
