// RUN: %check_async_tidy %s async-escaping-db-handle %t -- -- -I%S/Inputs %async_compile_flags

#include <asyncrt/sleep.hpp>
#include <asyncrt/sqlite.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <QtSql/QSqlQuery>
#include <chrono>
#include <memory>
#include <odb/result.hxx>
#include <optional>
#include <soci/soci.h>
#include <sqlite3.h>
#include <string>
#include <tuple>
#include <utility>
#include <vector>
#include "lazytask.h"
#include "minitask.h"

using namespace std::chrono_literals;

struct Person {
  std::string name;
};

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<sqlite3_stmt *> open_cursor(sqlite3 *db) {
  co_await asyncrt::sleep_for(1ms);
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users", -1, &stmt, nullptr);
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'open_cursor' returns 'sqlite3_stmt *', a lazy database handle still bound to its connection: whoever reads it does blocking database I/O on the event loop; step it to the end inside the coroutine and return the rows, like the std::vector<asyncrt::sqlite::row> that 'co_await db.query(sql)' returns [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
}

// Prepared off the loop, but stepped by whoever receives it.
asyncrt::task<sqlite3_stmt *> prepared_off_loop(sqlite3 *db) {
  sqlite3_stmt *stmt = co_await asyncrt::to_thread([db] {
    sqlite3_stmt *prepared = nullptr;
    sqlite3_prepare_v2(db, "SELECT 1", -1, &prepared, nullptr);
    return prepared;
  });
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'prepared_off_loop' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-7]]:24: note: the handle is produced here
}

// A pair built from the handle: still the handle.
asyncrt::task<std::pair<sqlite3_stmt *, int>> cursor_and_count(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_return std::make_pair(stmt, rc);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'cursor_and_count' returns 'std::pair<sqlite3_stmt *, int>' holding 'sqlite3_stmt *', a lazy database handle {{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: the handle is produced here
}

// A braced result aggregate, through a promise whose return_value takes the value type.
lazy::Task<std::pair<sqlite3_stmt *, int>> braced(sqlite3 *db) {
  sqlite3_stmt *stmt;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_return {stmt, 1};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'braced' returns 'std::pair<sqlite3_stmt *, int>' holding 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
}

asyncrt::task<std::optional<sqlite3_stmt *>> maybe_cursor(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr) != SQLITE_OK)
    co_return std::nullopt;
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'maybe_cursor' returns 'std::optional<sqlite3_stmt *>' holding 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: the handle is produced here
}

// A page of rows plus the cursor to fetch the next page: the cursor escapes.
struct Page {
  std::vector<std::string> rows;
  sqlite3_stmt *next = nullptr;
};
asyncrt::task<Page> first_page(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users", -1, &stmt, nullptr);
  std::vector<std::string> rows;
  co_return Page{rows, stmt};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'first_page' returns 'Page' holding 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the handle is produced here
}

// A vector of prepared statements.
asyncrt::task<std::vector<sqlite3_stmt *>> prepare_all(sqlite3 *db, std::vector<std::string> sqls) {
  std::vector<sqlite3_stmt *> stmts;
  for (const std::string &sql : sqls) {
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    stmts.push_back(stmt);
  }
  co_return stmts;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'prepare_all' returns 'std::vector<sqlite3_stmt *>' holding 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-5]]:5: note: the handle is produced here
}

// SOCI: rowset fetches while it is iterated.
asyncrt::task<soci::rowset<int>> soci_ids(soci::session &sql) {
  soci::rowset<int> ids = (sql.prepare << "SELECT id FROM users");
  co_return std::move(ids);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'soci_ids' returns 'soci::rowset<int>', a lazy database handle {{.*}}; copy the rows into a std::vector inside the coroutine and return that [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:27: note: the handle is produced here
}

// ODB: the result is a cursor of the running transaction. Produced in the co_return: no note.
asyncrt::task<odb::result<Person>> adults(odb::database &db) {
  co_return db.query<Person>("age >= 18");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'adults' returns 'odb::result<Person>', a lazy database handle {{.*}}; copy the objects into a std::vector inside the coroutine (the result is a cursor of its transaction) and return that [async-escaping-db-handle]
}

// Qt: the query is executed by exec(); the note points there.
asyncrt::task<QSqlQuery> qt_users(QSqlDatabase db) {
  QSqlQuery query(db);
  query.prepare("SELECT name FROM users WHERE id = ?");
  query.exec();
  co_return query;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'qt_users' returns 'QSqlQuery', a lazy database handle {{.*}}; copy its records into a std::vector or QList inside the coroutine and return that [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
}

// Owned by a smart pointer, the statement is alive all the same.
struct Finalize {
  void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};
asyncrt::task<std::unique_ptr<sqlite3_stmt, Finalize>> owned(sqlite3 *db) {
  sqlite3_stmt *raw = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, Finalize> stmt(raw);
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'owned' returns 'std::unique_ptr<sqlite3_stmt, Finalize>' holding 'sqlite3_stmt'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the handle is produced here
}

// A handle from a parameter or a member: reported, but where it was made is not visible.
asyncrt::task<sqlite3_stmt *> pass_on(sqlite3_stmt *stmt) {
  co_await asyncrt::sleep_for(1ms);
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'pass_on' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
}
struct Repository {
  sqlite3_stmt *cursor_ = nullptr;
  asyncrt::task<sqlite3_stmt *> cursor() {
    co_return cursor_;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'cursor' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  }
};

// One branch returns the handle.
asyncrt::task<sqlite3_stmt *> conditional(sqlite3 *db, bool ok) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_return ok ? stmt : nullptr;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'conditional' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
}

// A coroutine template: reported once, from its pattern.
template <class Row> asyncrt::task<soci::rowset<Row>> rows_of(soci::session &sql) {
  co_return soci::rowset<Row>(sql.prepare << "SELECT * FROM t");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'rows_of' returns 'soci::rowset<Row>', a lazy database handle {{.*}} [async-escaping-db-handle]
}
template asyncrt::task<soci::rowset<int>> rows_of<int>(soci::session &);
template asyncrt::task<soci::rowset<long>> rows_of<long>(soci::session &);

// A coroutine lambda, and a macro (reported where it is used).
auto lambda_cursor = [](sqlite3 *db) -> asyncrt::task<sqlite3_stmt *> {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
};
#define RETURN_STMT(s) co_return s
asyncrt::task<sqlite3_stmt *> via_macro(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  RETURN_STMT(stmt);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'via_macro' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
}

// Other task types: Boost.Asio's awaitable and a task that only co_returns.
boost::asio::awaitable<sqlite3_stmt *> asio_cursor(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'asio_cursor' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the handle is produced here
}

// --- Traps: materialized data, synchronous code, handles that do not escape ---------------

// The fix: rows read inside the coroutine (here off the loop, by asyncrt's adapter).
asyncrt::task<std::vector<asyncrt::sqlite::row>> materialized(asyncrt::sqlite::database &db) {
  co_return co_await db.query("SELECT name FROM users");
}

// A handle used and finalized inside the coroutine; only plain values leave it.
asyncrt::task<std::vector<std::string>> read_names(sqlite3 *db) {
  co_await asyncrt::sleep_for(1ms);
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM users", -1, &stmt, nullptr);
  std::vector<std::string> names;
  while (sqlite3_step(stmt) == SQLITE_ROW)
    names.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  co_return names;
}
asyncrt::task<int> count_rows(soci::session &sql) {
  soci::rowset<int> ids = (sql.prepare << "SELECT id FROM users");
  int n = 0;
  for (int id : ids)
    n += id > 0;
  co_return n;
}
asyncrt::task<std::string> text() { co_return "rows"; }

// A connection is not a lazy result: opening one in a coroutine and returning it is fine.
asyncrt::task<sqlite3 *> open_db(const char *path) {
  sqlite3 *db = nullptr;
  co_await asyncrt::to_thread([&] { sqlite3_open(path, &db); });
  co_return db;
}

// Synchronous functions may return handles: they run where their caller runs.
sqlite3_stmt *prepare_sync(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  return stmt;
}
soci::rowset<int> soci_sync(soci::session &sql) { return sql.prepare << "SELECT id FROM t"; }

// A lambda inside a coroutine is its own (synchronous) context.
asyncrt::task<int> lambda_inside(sqlite3 *db) {
  auto prepare = [db] {
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
    return stmt;
  };
  sqlite3_stmt *stmt = prepare();
  sqlite3_finalize(stmt);
  co_return 0;
}

// No handle in the value: null pointers, empty optionals, a default (null) cursor field.
asyncrt::task<sqlite3_stmt *> null_handle() { co_return nullptr; }
asyncrt::task<sqlite3_stmt *> never_assigned() {
  sqlite3_stmt *stmt = nullptr;
  co_await asyncrt::sleep_for(1ms);
  co_return stmt;
}
asyncrt::task<sqlite3_stmt *> finalized_then_nulled(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  sqlite3_finalize(stmt);
  stmt = nullptr;
  co_return stmt;
}
asyncrt::task<std::optional<sqlite3_stmt *>> no_cursor() { co_return std::nullopt; }
asyncrt::task<Page> last_page() {
  std::vector<std::string> rows{"a", "b"};
  co_return Page{rows};
}

// A generic coroutine is judged by its pattern, not by the T it is instantiated with.
template <class T> asyncrt::task<T> identity(T value) {
  co_await asyncrt::sleep_for(1ms);
  co_return value;
}
template asyncrt::task<sqlite3_stmt *> identity<sqlite3_stmt *>(sqlite3_stmt *);

// A synchronous generator runs on its caller's thread: it follows the same rule as a function.
struct StmtGenerator {
  struct promise_type {
    StmtGenerator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) noexcept { return {}; }
    void return_value(sqlite3_stmt *) {}
    void unhandled_exception() { std::terminate(); }
  };
};
StmtGenerator generator(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_yield 1;
  co_return stmt;
}

// A class that owns its statement is an abstraction this check does not look into (list it in
// DbHandleTypes to have it reported); only result aggregates are.
class Statement {
public:
  explicit Statement(sqlite3_stmt *s) : stmt_(s) {}

private:
  sqlite3_stmt *stmt_;
};
asyncrt::task<Statement> wrapped(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, nullptr);
  co_return Statement(stmt);
}

// Another engineer's look-alike: a struct named like a handle in another namespace.
namespace mydb {
struct QSqlQuery {};
} // namespace mydb
asyncrt::task<mydb::QSqlQuery> look_alike() { co_return mydb::QSqlQuery{}; }

asyncrt::task<sqlite3_stmt *> suppressed(sqlite3_stmt *stmt) {
  co_return stmt; // NOLINT(async-escaping-db-handle)
}
