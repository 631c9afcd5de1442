// asyncrt/sqlite.hpp: sqlite off the loop, returning materialized rows (the Django rule's fix).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "detail/thread_pool.hpp"
#include "task.hpp"
#include "to_thread.hpp"

// The seed's Django rule: never return a lazy QuerySet from an async function, evaluate it first.
// The C++ shape of that mistake is co_return-ing a sqlite3_stmt* (or any cursor) from a coroutine:
// stepping it later runs blocking I/O on the loop, on a connection another thread may be using.
// This adapter makes the mistake impossible: every statement is prepared, stepped and finalized
// on the database's own thread, and only plain values come back.
namespace asyncrt::sqlite {

// A column value, copied out of sqlite: NULL, INTEGER, REAL, TEXT or BLOB.
using blob = std::vector<std::byte>;
using value = std::variant<std::nullptr_t, std::int64_t, double, std::string, blob>;

class error : public std::runtime_error {
 public:
  error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  [[nodiscard]] int code() const noexcept { return code_; }

 private:
  int code_;
};

// One result row: values by index or by column name. It owns its data; it stays valid after the
// database is closed.
class row {
 public:
  row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] const value& operator[](std::size_t i) const { return values_.at(i); }
  [[nodiscard]] const value& operator[](std::string_view column) const {
    return values_.at(index_of(column));
  }
  [[nodiscard]] bool is_null(std::size_t i) const {
    return std::holds_alternative<std::nullptr_t>(values_.at(i));
  }

  // Typed access; throws std::bad_variant_access when the column holds another type
  // (sqlite is dynamically typed: check the schema, or read the value and visit it).
  template <class T>
  [[nodiscard]] const T& get(std::size_t i) const {
    return std::get<T>(values_.at(i));
  }
  template <class T>
  [[nodiscard]] const T& get(std::string_view column) const {
    return std::get<T>(values_.at(index_of(column)));
  }
  [[nodiscard]] const std::vector<std::string>& columns() const noexcept { return *columns_; }

 private:
  [[nodiscard]] std::size_t index_of(std::string_view column) const {
    for (std::size_t i = 0; i < columns_->size(); ++i) {
      if ((*columns_)[i] == column) return i;
    }
    throw std::out_of_range("asyncrt::sqlite::row: no column named " + std::string(column));
  }

  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<value> values_;
};

namespace detail {

[[noreturn]] inline void fail(sqlite3* db, int rc, const std::string& context) {
  const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw error(rc, "sqlite: " + context + ": " + msg);
}

inline void bind(sqlite3* db, sqlite3_stmt* stmt, int index, const value& v) {
  int rc = SQLITE_OK;
  if (std::holds_alternative<std::nullptr_t>(v)) {
    rc = sqlite3_bind_null(stmt, index);
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    rc = sqlite3_bind_int64(stmt, index, *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    rc = sqlite3_bind_double(stmt, index, *d);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } else {
    const auto& b = std::get<blob>(v);
    rc = sqlite3_bind_blob64(stmt, index, b.data(), b.size(), SQLITE_TRANSIENT);
  }
  if (rc != SQLITE_OK) fail(db, rc, "bind parameter " + std::to_string(index));
}

inline value column(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(stmt, i));
      return blob(data, data + sqlite3_column_bytes(stmt, i));
    }
    default:
      return nullptr;
  }
}

struct stmt_deleter {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};

// Runs every statement in `sql` (separated by ';'), binding `params` to the first one, and
// materializes the rows of the last statement that produced any. Runs on the database thread.
inline std::vector<row> execute_all(sqlite3* db, const std::string& sql,
                                    const std::vector<value>& params, std::int64_t* changes) {
  std::vector<row> rows;
  const char* tail = sql.c_str();
  bool first = true;
  while (tail != nullptr && *tail != '\0') {
    sqlite3_stmt* raw = nullptr;
    const char* next = nullptr;
    int rc = sqlite3_prepare_v2(db, tail, -1, &raw, &next);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
    tail = next;
    if (raw == nullptr) continue;  // whitespace or a comment
    const std::unique_ptr<sqlite3_stmt, stmt_deleter> stmt(raw);
    if (first) {
      const int wanted = sqlite3_bind_parameter_count(raw);
      if (static_cast<std::size_t>(wanted) != params.size()) {
        throw error(SQLITE_RANGE, "sqlite: statement wants " + std::to_string(wanted) +
                                      " parameters, got " + std::to_string(params.size()));
      }
      for (std::size_t i = 0; i < params.size(); ++i) bind(db, raw, static_cast<int>(i + 1), params[i]);
      first = false;
    }
    const int ncols = sqlite3_column_count(raw);
    std::shared_ptr<std::vector<std::string>> names;
    if (ncols > 0) {
      names = std::make_shared<std::vector<std::string>>();
      for (int i = 0; i < ncols; ++i) names->emplace_back(sqlite3_column_name(raw, i));
      rows.clear();
    }
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      std::vector<value> values;
      values.reserve(static_cast<std::size_t>(ncols));
      for (int i = 0; i < ncols; ++i) values.push_back(column(raw, i));
      rows.emplace_back(names, std::move(values));
    }
    if (rc != SQLITE_DONE) fail(db, rc, "step");
  }
  if (changes != nullptr) *changes = sqlite3_changes64(db);
  return rows;
}

struct connection {
  sqlite3* db = nullptr;
  // One thread per database: sqlite connections must not be used by two threads at once, and
  // this way they never are, with no locking in the caller.
  asyncrt::detail::thread_pool thread{1};
  // No job can be running here: every call keeps the connection alive until its job is done.
  ~connection() {
    if (db != nullptr) sqlite3_close_v2(db);
  }
  connection() = default;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
};

// Like to_thread, but on the connection's own thread.
template <class F>
asyncrt::detail::thread_awaiter<F> on_db_thread(connection& conn, F fn) {
  return asyncrt::detail::thread_awaiter<F>(std::move(fn), conn.thread);
}

}  // namespace detail

// A database connection whose statements run on a dedicated thread.
//
//   auto db = co_await asyncrt::sqlite::database::open("app.db");
//   co_await db.execute("CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT)");
//   std::vector<asyncrt::sqlite::value> params{std::string("ada")};
//   co_await db.execute("INSERT INTO users(name) VALUES (?)", std::move(params));
//   for (const auto& r : co_await db.query("SELECT id, name FROM users"))
//     std::printf("%lld %s\n", (long long)r.get<std::int64_t>("id"), r.get<std::string>("name").c_str());
//   co_await db.close();
//
// (Parameters go in a named vector: GCC 12 rejects a braced list inside a co_await expression.)
// Await each call before the next one on the same database (they are queued on one thread
// anyway). For concurrency, open several databases (connections).
class database {
 public:
  database() = default;

  static task<database> open(std::string path) {
    auto conn = std::make_shared<detail::connection>();
    co_await detail::on_db_thread(*conn, [&path, raw = conn.get()] {
      const int rc = sqlite3_open_v2(path.c_str(), &raw->db,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                         SQLITE_OPEN_NOMUTEX,
                                     nullptr);
      if (rc != SQLITE_OK) detail::fail(raw->db, rc, "open " + path);
      sqlite3_busy_timeout(raw->db, 5000);  // wait for other writers (on this thread) up to 5 s
    });
    co_return database(std::move(conn));
  }

  // Runs a statement (or several, separated by ';') and returns the rows, fully read.
  task<std::vector<row>> query(std::string sql, std::vector<value> params = {}) {
    auto conn = require_open();
    co_return co_await detail::on_db_thread(*conn, [&sql, &params, db = conn->db] {
      return detail::execute_all(db, sql, params, nullptr);
    });
  }

  // Runs a statement for its effect; returns the number of rows it changed.
  task<std::int64_t> execute(std::string sql, std::vector<value> params = {}) {
    auto conn = require_open();
    co_return co_await detail::on_db_thread(*conn, [&sql, &params, db = conn->db] {
      std::int64_t changes = 0;
      detail::execute_all(db, sql, params, &changes);
      return changes;
    });
  }

  // The rowid of the last INSERT on this connection.
  task<std::int64_t> last_insert_rowid() {
    auto conn = require_open();
    co_return co_await detail::on_db_thread(*conn,
                                    [db = conn->db] { return std::int64_t{sqlite3_last_insert_rowid(db)}; });
  }

  // Closes the connection on its thread. Destroying an open database also closes it, but then
  // the caller's thread waits for the database thread to finish its queue.
  task<void> close() {
    if (!conn_) co_return;
    auto conn = std::move(conn_);
    co_await detail::on_db_thread(*conn, [raw = conn.get()] {
      sqlite3_close_v2(raw->db);
      raw->db = nullptr;
    });
  }

  [[nodiscard]] bool is_open() const noexcept { return static_cast<bool>(conn_); }

 private:
  explicit database(std::shared_ptr<detail::connection> conn) : conn_(std::move(conn)) {}

  std::shared_ptr<detail::connection> require_open() const {
    if (!conn_) throw std::logic_error("asyncrt::sqlite::database: not open");
    return conn_;
  }

  std::shared_ptr<detail::connection> conn_;
};

}  // namespace asyncrt::sqlite
