// RUN: %check_async_tidy %s async-blocking-db %t -- -- -I%S/Inputs -I/usr/include/postgresql -I/usr/include/mysql %async_compile_flags
// Real headers: sqlite3.h (libsqlite3-dev), libpq-fe.h (libpq-dev), pqxx (libpqxx-dev 6.4),
// soci (libsoci-dev), mysql.h (default-libmysqlclient-dev).

#include <utility>
#include <asyncrt/sqlite.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <libpq-fe.h>
#include <mysql.h>
#include <pqxx/pqxx>
#include <soci/soci.h>
#include <sqlite3.h>
#include <string>
#include "minitask.h"

// --- Positives: SQLite --------------------------------------------------------------------

asyncrt::task<int> count_users(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sqlite3_open' waits for the database file and blocks the event loop running coroutine 'count_users'; use 'co_await asyncrt::sqlite::database::open(path)' instead [async-blocking-db]
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: coroutine 'count_users' declared here
  sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS users(id)", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sqlite3_exec' waits for the database file {{.*}}'co_await db.query(sql)' on an asyncrt::sqlite::database instead [async-blocking-db]
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &stmt, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sqlite3_prepare_v2' {{.*}}[async-blocking-db]
  int n = 0;
  if (sqlite3_step(stmt) == SQLITE_ROW)
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sqlite3_step' {{.*}}[async-blocking-db]
    n = sqlite3_column_int(stmt, 0); // reads the row in memory
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sqlite3_close' {{.*}}[async-blocking-db]
  co_return n;
}

// --- Positives: libpq, libpqxx, SOCI, MySQL -------------------------------------------------

asyncrt::task<void> postgres(const char *conninfo) {
  PGconn *conn = PQconnectdb(conninfo);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PQconnectdb' waits for the database server {{.*}}'co_await asyncrt::to_thread(...)' instead [async-blocking-db]
  PGresult *res = PQexec(conn, "SELECT 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PQexec' {{.*}}[async-blocking-db]
  PQclear(res);
  const char *values[] = {"1"};
  res = PQexecParams(conn, "SELECT $1", 1, nullptr, values, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PQexecParams' {{.*}}[async-blocking-db]
  PQclear(res);
  PQprepare(conn, "q", "SELECT 1", 0, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'PQprepare' {{.*}}[async-blocking-db]
  PQsendQuery(conn, "SELECT 2"); // sends, does not wait
  while (PGresult *r = PQgetResult(conn))
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'PQgetResult' {{.*}}[async-blocking-db]
    PQclear(r);
  PQfinish(conn);
  co_return;
}

asyncrt::task<int> with_pqxx(std::string conninfo) {
  pqxx::connection conn(conninfo);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: constructing 'pqxx::connection' waits for the database server {{.*}}[async-blocking-db]
  pqxx::work tx(conn);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: constructing 'pqxx::work' {{.*}}[async-blocking-db]
  pqxx::result r = tx.exec("SELECT 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'pqxx::transaction_base::exec' {{.*}}[async-blocking-db]
  tx.exec_params("SELECT $1", 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'pqxx::transaction_base::exec_params' {{.*}}[async-blocking-db]
  tx.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'pqxx::transaction_base::commit' {{.*}}[async-blocking-db]
  co_return r[0][0].as<int>();
}

asyncrt::task<int> with_soci(std::string connect) {
  soci::session sql("sqlite3", connect);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'soci::session' waits for the database server {{.*}}[async-blocking-db]
  int count = 0;
  sql << "SELECT count(*) FROM users", soci::into(count);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'soci::session::operator<<' {{.*}}[async-blocking-db]
  soci::session later; // not connected yet
  later.open("sqlite3", connect);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'soci::session::open' {{.*}}[async-blocking-db]
  co_return count;
}

asyncrt::task<void> with_mysql(MYSQL *db) {
  mysql_real_connect(db, "localhost", "u", "p", "app", 0, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mysql_real_connect' {{.*}}[async-blocking-db]
  mysql_query(db, "SELECT 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mysql_query' {{.*}}[async-blocking-db]
  MYSQL_RES *res = mysql_store_result(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'mysql_store_result' {{.*}}[async-blocking-db]
  while (mysql_fetch_row(res)) { // reads the stored result in memory
  }
  mysql_free_result(res);
  co_return;
}

template <class Row> struct Repository {
  sqlite3 *db;
  asyncrt::task<void> save(const char *sql) {
    sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sqlite3_exec' {{.*}}coroutine 'save'{{.*}}[async-blocking-db]
    co_return;
  }
};
template struct Repository<int>;
template struct Repository<long>;

auto coroutine_lambda = [](PGconn *c) -> asyncrt::task<void> {
  PQclear(PQexec(c, "VACUUM"));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'PQexec' {{.*}}coroutine lambda{{.*}}[async-blocking-db]
  co_return;
};

#define EXEC(db, sql) sqlite3_exec(db, sql, nullptr, nullptr, nullptr)
boost::asio::awaitable<void> asio_handler(sqlite3 *db) {
  EXEC(db, "DELETE FROM sessions");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sqlite3_exec' {{.*}}coroutine 'asio_handler'{{.*}}[async-blocking-db]
  co_return;
}

mini::Task other_library(MYSQL *db) {
  mysql_ping(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mysql_ping' {{.*}}[async-blocking-db]
  co_return;
}

// --- Traps --------------------------------------------------------------------------------

void plain_function(sqlite3 *db) { sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr); }

// The fix: asyncrt's sqlite adapter, or to_thread.
asyncrt::task<long> fixed(std::string path, PGconn *pg) {
  auto db = co_await asyncrt::sqlite::database::open(path);
  auto rows = co_await db.query("SELECT 1");
  co_await db.close();
  co_await asyncrt::to_thread([pg] { PQclear(PQexec(pg, "SELECT 1")); });
  co_return static_cast<long>(rows.size());
}

// libpq's non-blocking mode: PQgetResult after PQconsumeInput/PQisBusy returns at once.
asyncrt::task<void> pg_nonblocking(PGconn *conn) {
  PQsetnonblocking(conn, 1);
  PQsendQuery(conn, "SELECT 1");
  for (;;) {
    if (!PQconsumeInput(conn))
      break;
    if (!PQisBusy(conn)) {
      while (PGresult *r = PQgetResult(conn))
        PQclear(r);
      break;
    }
    co_await asyncrt::to_thread([] {}); // stands in for awaiting the socket
  }
}

// In-memory results, default constructions that connect nothing, moves.
asyncrt::task<int> in_memory(pqxx::result r, soci::session &s, sqlite3_stmt *stmt) {
  soci::session unconnected;
  pqxx::result copy(r);
  int v = copy[0][0].as<int>() + sqlite3_column_int(stmt, 0);
  sqlite3_reset(stmt);
  co_return v + static_cast<int>(s.got_data());
}

void register_callback(void (*)());
asyncrt::task<void> stored_callback() {
  auto callback = [] { PQconnectdb("dbname=app"); };
  register_callback(callback);
  co_return;
}

// Look-alikes: a user DAO with exec/query/step members.
struct Dao {
  int exec(const char *) { return 0; }
  int query(const char *) { return 0; }
  int step() { return 0; }
};
asyncrt::task<int> look_alikes(Dao &dao) { co_return dao.exec("x") + dao.query("y") + dao.step(); }

asyncrt::task<void> suppressed(sqlite3 *db) {
  sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr); // NOLINT(async-blocking-db)
  co_return;
}
