// async-await-in-loop, the bad way: five independent fetches, each awaited before the next one
// starts, so the round trips add up (5 x 50 ms) although nothing links one to the next.
#include <asyncrt/run.hpp>
#include <asyncrt/sleep.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

asyncrt::task<std::string> fetch_item(int id) {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(50)); // a network round trip
  co_return "item " + std::to_string(id);
}

asyncrt::task<std::vector<std::string>> fetch_all(std::vector<int> ids) {
  std::vector<std::string> items;
  for (int id : ids)
    items.push_back(co_await fetch_item(id)); // one at a time
  co_return items;
}

int main() {
  std::vector<std::string> items = asyncrt::run(fetch_all({1, 2, 3, 4, 5}));
  std::printf("fetched %zu items\n", items.size());
}
