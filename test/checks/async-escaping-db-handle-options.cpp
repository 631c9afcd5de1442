// RUN: %check_async_tidy %s async-escaping-db-handle %t -- \
// RUN:   --config="{CheckOptions: {async-escaping-db-handle.DbHandleTypes: 'app::Cursor;app::LiveView'}}" \
// RUN:   -- -I%S/Inputs %async_compile_flags
// RUN: %check_async_tidy --check-suffix=DEFAULT %s async-escaping-db-handle %t -- -- -I%S/Inputs %async_compile_flags

// DbHandleTypes adds handle types to the built-in ones; a template is named without arguments.
#include <asyncrt/task.hpp>
#include <sqlite3.h>
#include <string>
#include <tuple>
#include <vector>

namespace app {
struct Cursor {
  bool next() { return false; }
};
template <class T> struct LiveView {
  T current;
};
Cursor open(const char *);
template <class T> LiveView<T> watch(const char *);
struct Snapshot {
  std::vector<std::string> rows;
};
Snapshot snapshot(const char *);
} // namespace app

asyncrt::task<app::Cursor> configured_cursor() {
  app::Cursor c = app::open("users");
  co_return c;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'configured_cursor' returns 'app::Cursor', a lazy database handle still bound to its connection: whoever reads it does blocking database I/O on the event loop; read it into a container of plain values inside the coroutine and return that [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: the handle is produced here
}

asyncrt::task<std::tuple<int, app::LiveView<std::string>>> configured_view() {
  co_return std::make_tuple(1, app::watch<std::string>("users"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'configured_view' returns 'std::tuple<int, app::LiveView<std::string>>' holding 'app::LiveView', a lazy database handle {{.*}} [async-escaping-db-handle]
}

// Built-in handles are still reported.
asyncrt::task<sqlite3_stmt *> builtin(sqlite3_stmt *stmt) {
  co_return stmt;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'builtin' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: coroutine 'builtin' returns 'sqlite3_stmt *'{{.*}} [async-escaping-db-handle]
}

// Materialized data stays fine.
asyncrt::task<app::Snapshot> materialized() { co_return app::snapshot("users"); }
