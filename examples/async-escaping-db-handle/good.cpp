// async-escaping-db-handle, fixed: the coroutine returns the rows themselves. asyncrt's sqlite
// adapter prepares, steps and finalizes every statement on the database's own thread and hands
// back std::vector<asyncrt::sqlite::row>, plain values that outlive the statement.
#include <asyncrt/run.hpp>
#include <asyncrt/sqlite.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace sql = asyncrt::sqlite;

asyncrt::task<std::vector<std::string>> find_users(std::string path) {
  auto db = co_await sql::database::open(path);
  co_await db.execute("CREATE TABLE users(name TEXT)");
  const std::vector<std::string> names{"grace", "ada", "linus"};
  for (const std::string &name : names) {
    std::vector<sql::value> params{name};
    co_await db.execute("INSERT INTO users(name) VALUES (?)", std::move(params));
  }
  std::vector<std::string> users;
  for (const sql::row &row : co_await db.query("SELECT name FROM users ORDER BY name"))
    users.push_back(row.get<std::string>("name"));
  co_await db.close();
  co_return users; // materialized: no statement or connection escapes
}

int main() {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("async_tidy_example_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  std::vector<std::string> users = asyncrt::run(find_users(path.string()));
  std::filesystem::remove(path);
  for (const std::string &user : users)
    std::printf("%s\n", user.c_str());
  std::printf("read %zu users\n", users.size());
  return users.size() == 3 && users.front() == "ada" ? 0 : 1;
}
