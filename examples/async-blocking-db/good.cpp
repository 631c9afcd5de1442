// async-blocking-db, fixed: asyncrt's sqlite adapter runs each statement on the database's own
// thread and returns materialized rows; the coroutine only awaits.
#include <asyncrt/run.hpp>
#include <asyncrt/sqlite.hpp>
#include <asyncrt/task.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

asyncrt::task<std::int64_t> count_rows(std::string path) {
  auto db = co_await asyncrt::sqlite::database::open(path);
  co_await db.execute("CREATE TABLE IF NOT EXISTS t(x INTEGER)");
  for (std::int64_t i = 0; i < 3; ++i) {
    std::vector<asyncrt::sqlite::value> params{i};
    co_await db.execute("INSERT INTO t(x) VALUES (?)", std::move(params));
  }
  auto rows = co_await db.query("SELECT count(*) AS n FROM t");
  co_await db.close();
  co_return rows.at(0).get<std::int64_t>("n");
}

int main() {
  std::string path = "/tmp/async-tidy-db-" + std::to_string(getpid()) + ".sqlite";
  std::int64_t n = asyncrt::run(count_rows(path));
  unlink(path.c_str());
  std::printf("counted %lld rows\n", static_cast<long long>(n));
  return n == 3 ? 0 : 1;
}
