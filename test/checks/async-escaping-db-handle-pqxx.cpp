// REQUIRES: libpqxx
// RUN: %check_async_tidy %s async-escaping-db-handle %t -- -- %async_compile_flags

// libpqxx with its real headers (Debian: libpqxx-dev): a stream_from is neither copyable nor
// movable, so it escapes by pointer; a pqxx::result is fully read and fine to return.
#include <asyncrt/task.hpp>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <vector>

asyncrt::task<std::unique_ptr<pqxx::stream_from>> stream_users(pqxx::work &tx) {
  auto stream = std::make_unique<pqxx::stream_from>(tx, "users");
  co_return stream;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'stream_users' returns 'std::unique_ptr<pqxx::stream_from>' holding 'pqxx::stream_from', a lazy database handle still bound to its connection: whoever reads it does blocking database I/O on the event loop; read the rows into a std::vector inside the coroutine, or return the pqxx::result of exec() [async-escaping-db-handle]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: the handle is produced here
}

asyncrt::task<pqxx::stream_from *> raw_stream(pqxx::work &tx) {
  co_return new pqxx::stream_from(tx, "users");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'raw_stream' returns 'pqxx::stream_from *', a lazy database handle {{.*}} [async-escaping-db-handle]
}

// --- Traps ----------------------------------------------------------------------------------

asyncrt::task<pqxx::result> all_users(pqxx::work &tx) { co_return tx.exec("SELECT name FROM users"); }

asyncrt::task<std::vector<std::tuple<int, std::string>>> streamed(pqxx::work &tx) {
  pqxx::stream_from stream(tx, "users");
  std::vector<std::tuple<int, std::string>> rows;
  std::tuple<int, std::string> row;
  while (stream >> row)
    rows.push_back(row);
  stream.complete();
  co_return rows;
}

std::unique_ptr<pqxx::stream_from> sync_stream(pqxx::work &tx) {
  return std::make_unique<pqxx::stream_from>(tx, "users");
}
