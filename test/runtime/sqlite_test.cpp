// sqlite_test.cpp: the sqlite adapter on a real database file.
#include <gtest/gtest.h>

#include <asyncrt/asyncrt.hpp>
#include <asyncrt/sqlite.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
namespace sql = asyncrt::sqlite;

namespace {

class Sqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("asyncrt_sqlite_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(Sqlite, CreateInsertQueryOnARealFile) {
  auto body = [&]() -> asyncrt::task<std::vector<sql::row>> {
    auto db = co_await sql::database::open(path_.string());
    co_await db.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, score REAL, pic BLOB)");
    // Parameters are built in their own statement: GCC 12 rejects a braced list whose backing
    // array would have to live across a co_await ("array used as initializer").
    const std::vector<std::string> names{"ada", "grace", "linus"};
    for (const auto& name : names) {
      std::vector<sql::value> params{name, 1.5, sql::blob{std::byte{1}, std::byte{2}}};
      co_await db.execute("INSERT INTO users(name, score, pic) VALUES (?, ?, ?)", std::move(params));
    }
    EXPECT_EQ(co_await db.last_insert_rowid(), 3);
    std::vector<sql::value> from_id{std::int64_t{2}};
    EXPECT_EQ(co_await db.execute("UPDATE users SET score = score * 2 WHERE id >= ?", from_id), 2);
    co_await db.execute("INSERT INTO users(name) VALUES (NULL)");
    auto rows = co_await db.query("SELECT id, name, score, pic FROM users ORDER BY id");
    co_await db.close();
    EXPECT_FALSE(db.is_open());
    co_return rows;  // plain values: valid after close
  };
  auto rows = asyncrt::run(body());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].get<std::int64_t>("id"), 1);
  EXPECT_EQ(rows[0].get<std::string>("name"), "ada");
  EXPECT_DOUBLE_EQ(rows[0].get<double>(2), 1.5);
  EXPECT_DOUBLE_EQ(rows[2].get<double>("score"), 3.0);
  EXPECT_EQ(rows[1].get<sql::blob>("pic").size(), 2u);
  EXPECT_TRUE(rows[3].is_null(1));
  EXPECT_EQ(rows[3].columns(), (std::vector<std::string>{"id", "name", "score", "pic"}));
  EXPECT_TRUE(std::filesystem::exists(path_));
}

TEST_F(Sqlite, DataPersistsAcrossConnections) {
  auto body = [&]() -> asyncrt::task<std::int64_t> {
    {
      auto db = co_await sql::database::open(path_.string());
      co_await db.execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
      co_await db.close();
    }
    auto db = co_await sql::database::open(path_.string());
    auto rows = co_await db.query("SELECT sum(x) AS s FROM t");
    co_return rows.at(0).get<std::int64_t>("s");
  };
  EXPECT_EQ(asyncrt::run(body()), 6);
}

TEST_F(Sqlite, ErrorsAreClear) {
  auto body = [&]() -> asyncrt::task<std::vector<std::string>> {
    std::vector<std::string> errors;
    auto db = co_await sql::database::open(path_.string());
    try {
      co_await db.query("SELEC nonsense");
    } catch (const sql::error& e) {
      errors.push_back(e.what());
    }
    try {
      co_await db.query("SELECT ?", {});
    } catch (const sql::error& e) {
      errors.push_back(e.what());
    }
    try {
      co_await sql::database::open("/nonexistent-dir/x.db");
    } catch (const sql::error& e) {
      errors.push_back(e.what());
    }
    co_return errors;
  };
  auto errors = asyncrt::run(body());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("syntax error"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("parameters"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("open"), std::string::npos) << errors[2];
}

// Statements run on the database's thread, never on the loop's; the loop keeps ticking.
TEST_F(Sqlite, QueriesDoNotBlockTheLoop) {
  auto body = [&]() -> asyncrt::task<int> {
    auto db = co_await sql::database::open(path_.string());
    int ticks = 0;
    auto ticker = [&]() -> asyncrt::task<void> {
      for (int i = 0; i < 3; ++i) {
        co_await asyncrt::sleep_for(10ms);
        ++ticks;
      }
    };
    auto heavy = [&]() -> asyncrt::task<void> {
      // A recursive CTE that takes a while: counting to a few million.
      co_await db.query(
          "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
          "SELECT count(*) FROM c");
    };
    co_await asyncrt::gather(heavy(), ticker());
    co_return ticks;
  };
  EXPECT_EQ(asyncrt::run(body()), 3);
}

}  // namespace
