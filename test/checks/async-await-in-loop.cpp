// RUN: %check_async_tidy %s async-await-in-loop %t -- -- -I%S/Inputs %async_compile_flags

#include <asyncrt/file.hpp>
#include <asyncrt/gather.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "lazytask.h"

using namespace std::chrono_literals;

struct User {
  std::string name;
  int id = 0;
};
struct Page {
  std::vector<User> users;
  int next = 0;
};

asyncrt::task<User> fetch_user(int id);
asyncrt::task<std::string> fetch_text(const std::string &url);
asyncrt::task<Page> fetch_page(int cursor);
asyncrt::task<bool> send(std::string message);
asyncrt::task<void> notify(int id);
asyncrt::task<int> score(const User &user);
lazy::Task<int> lazy_count(int shard);
boost::asio::awaitable<int> asio_lookup(int key);
int log_start(int id);

// --- Positives ----------------------------------------------------------------------------

asyncrt::task<std::vector<User>> load_users(std::vector<int> ids) {
  std::vector<User> users;
  for (int id : ids)
    users.push_back(co_await fetch_user(id));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: each iteration waits for 'fetch_user' before the next one starts, though the iterations do not depend on each other; start the calls first and await them together: 'co_await asyncrt::gather(std::move(tasks))' [async-await-in-loop]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop
  co_return users;
}

// An index loop writing results by position, and a body-local value used afterwards.
asyncrt::task<std::vector<std::string>> download(std::vector<std::string> urls) {
  std::vector<std::string> bodies(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    std::string body = co_await fetch_text(urls[i]);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: each iteration waits for 'fetch_text' {{.*}} [async-await-in-loop]
    bodies[i] = body;
    std::printf("%zu bytes\n", body.size());
  }
  co_return bodies;
}

// A sum: gather keeps the order, so summing its results gives the same total.
asyncrt::task<int> total_score(std::vector<User> users) {
  int total = 0;
  for (const User &user : users)
    total += co_await score(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: each iteration waits for 'score' {{.*}} [async-await-in-loop]
  co_return total;
}

// A value computed from this iteration's element before the await.
asyncrt::task<std::map<int, std::string>> names(std::vector<User> users) {
  std::map<int, std::string> out;
  for (const User &user : users) {
    int id = user.id * 2;
    User fetched = co_await fetch_user(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: each iteration waits for 'fetch_user' {{.*}} [async-await-in-loop]
    out[id] = fetched.name;
  }
  co_return out;
}

// asyncrt's own file reads.
asyncrt::task<std::size_t> read_all(std::vector<std::string> paths) {
  std::size_t bytes = 0;
  for (const std::string &path : paths) {
    std::string text = co_await asyncrt::read_file(path);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: each iteration waits for 'read_file' {{.*}} [async-await-in-loop]
    bytes += text.size();
  }
  co_return bytes;
}

// Each element is the iteration's own: writing to it does not reach the next iteration.
asyncrt::task<void> fill(std::vector<User> &users) {
  for (User &user : users)
    user.name = (co_await fetch_user(user.id)).name;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: each iteration waits for 'fetch_user' {{.*}} [async-await-in-loop]
}

// Structured bindings of the element: async-await-in-loop-bindings.cpp (LLVM 19 only).

// Other task types: the advice names gather and when_all.
lazy::Task<int> count_shards(int shards) {
  int n = 0;
  for (int shard = 0; shard < shards; ++shard)
    n += co_await lazy_count(shard);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: each iteration waits for 'lazy_count' before the next one starts, though the iterations do not depend on each other; start the calls first and await them together: your runtime's when_all [async-await-in-loop]
  co_return n;
}
boost::asio::awaitable<int> asio_sum(std::vector<int> keys) {
  int sum = 0;
  for (int key : keys)
    sum += co_await asio_lookup(key);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: each iteration waits for 'asio_lookup' {{.*}} [async-await-in-loop]
  co_return sum;
}

// A coroutine template (reported once for its instantiations), a coroutine lambda, a macro.
template <class Ids> asyncrt::task<std::vector<User>> load_all(Ids ids) {
  std::vector<User> users;
  for (int id : ids)
    users.push_back(co_await fetch_user(id));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: each iteration waits for 'fetch_user' {{.*}} [async-await-in-loop]
  co_return users;
}
template asyncrt::task<std::vector<User>> load_all(std::vector<int>);
template asyncrt::task<std::vector<User>> load_all(std::vector<long>);

auto lambda_loader = [](std::vector<int> ids) -> asyncrt::task<int> {
  int n = 0;
  for (int id : ids)
    n += (co_await fetch_user(id)).id;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: each iteration waits for 'fetch_user' {{.*}} [async-await-in-loop]
  co_return n;
};

#define FETCH(id) co_await fetch_user(id)
asyncrt::task<std::vector<User>> via_macro(std::vector<int> ids) {
  std::vector<User> users;
  for (int id : ids)
    users.push_back(FETCH(id));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: each iteration waits for 'fetch_user' {{.*}} [async-await-in-loop]
  co_return users;
}

// --- Traps: iterations that depend on each other, or are sequential on purpose -------------

// Pagination: the next call takes the previous result.
asyncrt::task<std::vector<User>> paginate() {
  std::vector<User> all;
  int cursor = 0;
  do {
    Page page = co_await fetch_page(cursor);
    all.insert(all.end(), page.users.begin(), page.users.end());
    cursor = page.next;
  } while (cursor != 0);
  co_return all;
}
asyncrt::task<int> paginate_for(int pages) {
  int cursor = 0;
  for (int i = 0; i < pages; ++i)
    cursor = (co_await fetch_page(cursor)).next;
  co_return cursor;
}

// The loop stops on a result: gather would run calls the loop never makes.
asyncrt::task<User> first_admin(std::vector<int> ids) {
  for (int id : ids) {
    User user = co_await fetch_user(id);
    if (user.name == "admin")
      co_return user;
  }
  co_return User{};
}
asyncrt::task<int> until_failure(std::vector<std::string> messages) {
  int sent = 0;
  for (const std::string &message : messages) {
    bool ok = co_await send(message);
    if (!ok)
      break;
    ++sent;
  }
  co_return sent;
}
asyncrt::task<void> throws_on_result(std::vector<int> ids) {
  for (int id : ids) {
    User user = co_await fetch_user(id);
    if (user.id < 0)
      throw 1;
  }
}

// The condition reads a result.
asyncrt::task<int> until_enough(int limit) {
  int n = 0, next = 1;
  while (n < limit) {
    n += (co_await fetch_user(next)).id;
  }
  co_return n;
}
asyncrt::task<int> until_enough_do(std::vector<int> ids) {
  int n = 0;
  std::size_t i = 0;
  do {
    int id = ids[i];
    n += (co_await fetch_user(id)).id;
  } while (n < 100 && ++i < ids.size());
  co_return n;
}

// Iterations read what earlier ones wrote before awaiting.
asyncrt::task<int> dedupe(std::vector<int> ids) {
  std::map<int, User> cache;
  for (int id : ids) {
    if (cache.count(id))
      continue;
    cache[id] = co_await fetch_user(id);
  }
  co_return static_cast<int>(cache.size());
}

// Sleeps and timers are sequential by intent; so is a polling loop.
asyncrt::task<void> heartbeat(int beats) {
  for (int i = 0; i < beats; ++i)
    co_await asyncrt::sleep_for(10ms);
}
asyncrt::task<int> delay_then(int ms);
asyncrt::task<int> staggered(std::vector<int> delays) {
  int n = 0;
  for (int d : delays)
    n += co_await delay_then(d);
  co_return n;
}
asyncrt::task<int> poll_forever() {
  int seen = 0;
  for (;;)
    seen += (co_await fetch_user(seen)).id;
}
asyncrt::task<int> poll_while_true(int id) {
  int seen = 0;
  while (true)
    seen += (co_await fetch_user(id)).id;
}

// Tasks that already exist (and may already run): awaiting them in turn is how to collect them.
asyncrt::task<int> collect(std::vector<asyncrt::task<int>> tasks) {
  int sum = 0;
  for (auto &task : tasks)
    sum += co_await std::move(task);
  for (std::size_t i = 0; i < tasks.size(); ++i)
    sum += co_await tasks[i];
  co_return sum;
}

// Results dropped: calls made for their effect may have to happen in order.
asyncrt::task<void> notify_all(std::vector<int> ids) {
  for (int id : ids)
    co_await notify(id);
  for (const auto &id : ids)
    (void)co_await send(std::to_string(id));
}

// Shared mutable state: one connection, one object, *this.
struct Connection {
  asyncrt::task<int> query(std::string sql);
  asyncrt::task<int> ping(int n) const;
};
asyncrt::task<int> send_on(Connection &conn, int n);
asyncrt::task<int> on_one_connection(Connection &conn, std::vector<std::string> sqls) {
  int rows = 0;
  for (const std::string &sql : sqls)
    rows += co_await conn.query(sql);
  for (int i = 0; i < 3; ++i)
    rows += co_await send_on(conn, i);
  co_return rows;
}
struct Service {
  asyncrt::task<int> load(int id);
  asyncrt::task<int> load_all(std::vector<int> ids) {
    int n = 0;
    for (int id : ids)
      n += co_await load(id);
    co_return n;
  }
};

// A shared object passed by pointer or shared_ptr.
asyncrt::task<int> insert_row(std::shared_ptr<Connection> conn, int row);
asyncrt::task<int> insert_raw(Connection *conn, int row);
asyncrt::task<int> inserts(std::shared_ptr<Connection> conn, std::vector<int> rows) {
  int n = 0;
  for (int row : rows)
    n += co_await insert_row(conn, row);
  for (int row : rows)
    n += co_await insert_raw(conn.get(), row);
  co_return n;
}

// Boost.Asio I/O on one socket: reads and writes must stay in order.
boost::asio::awaitable<std::size_t> echo(boost::asio::ip::tcp::socket socket, int rounds) {
  std::size_t total = 0;
  char data[1024];
  for (int i = 0; i < rounds; ++i) {
    std::size_t n = co_await socket.async_read_some(boost::asio::buffer(data), boost::asio::use_awaitable);
    total += co_await boost::asio::async_write(socket, boost::asio::buffer(data, n), boost::asio::use_awaitable);
  }
  for (const std::string &line : std::vector<std::string>{"a", "b"})
    total += co_await boost::asio::async_write(socket, boost::asio::buffer(line), boost::asio::use_awaitable);
  co_return total;
}

// The same call every time: a retry or a poll, not independent work.
asyncrt::task<int> same_call(int id, int times) {
  int n = 0;
  for (int i = 0; i < times; ++i)
    n += (co_await fetch_user(id)).id;
  co_return n;
}

// Two awaits per iteration, or an await in a nested loop: restructuring, not a gather.
asyncrt::task<int> two_awaits(std::vector<int> ids) {
  int n = 0;
  for (int id : ids) {
    User user = co_await fetch_user(id);
    n += co_await score(user);
  }
  co_return n;
}

// Side effects ordered before the await.
asyncrt::task<int> logged(std::vector<int> ids) {
  int n = 0, started = 0;
  for (int id : ids) {
    log_start(id);
    n += (co_await fetch_user(id)).id;
  }
  for (int id : ids) {
    ++started;
    n += (co_await fetch_user(id)).id;
  }
  co_return n + started;
}

// Per-item error handling would change under gather.
asyncrt::task<int> per_item_errors(std::vector<int> ids) {
  int n = 0;
  for (int id : ids) {
    try {
      n += (co_await fetch_user(id)).id;
    } catch (...) {
    }
  }
  co_return n;
}

// A loop modifying the container it iterates, and a lambda in the call.
asyncrt::task<int> grows(std::vector<int> ids) {
  int n = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    n += (co_await fetch_user(ids[i])).id;
    ids.push_back(n);
  }
  co_return n;
}
asyncrt::task<int> apply(int (*f)(int), int x);
asyncrt::task<int> with_lambda(std::vector<int> ids) {
  int n = 0;
  for (int id : ids)
    n += co_await apply([](int x) { return x; }, id);
  co_return n;
}

// Awaits outside a loop, and a lambda's loop that is not this coroutine's.
asyncrt::task<int> no_loop(int id) { co_return (co_await fetch_user(id)).id; }
asyncrt::task<int> range_init_awaited() {
  int n = 0;
  for (int id : (co_await fetch_page(1)).users.size() ? std::vector<int>{1} : std::vector<int>{})
    n += id;
  co_return n;
}

asyncrt::task<std::vector<User>> suppressed(std::vector<int> ids) {
  std::vector<User> users;
  for (int id : ids)
    users.push_back(co_await fetch_user(id)); // NOLINT(async-await-in-loop)
  co_return users;
}

// The fix: no await in the loop.
asyncrt::task<std::vector<User>> gathered(std::vector<int> ids) {
  std::vector<asyncrt::task<User>> tasks;
  for (int id : ids)
    tasks.push_back(fetch_user(id));
  co_return co_await asyncrt::gather(std::move(tasks));
}
