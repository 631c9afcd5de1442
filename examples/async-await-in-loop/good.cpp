// async-await-in-loop, fixed: the loop only creates the tasks; asyncrt::gather runs them
// together and returns their results in order, so the five round trips overlap (~50 ms, not
// 250 ms).
#include <asyncrt/gather.hpp>
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
  std::vector<asyncrt::task<std::string>> fetches;
  for (int id : ids)
    fetches.push_back(fetch_item(id)); // created, not awaited yet
  co_return co_await asyncrt::gather(std::move(fetches));
}

int main() {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> items = asyncrt::run(fetch_all({1, 2, 3, 4, 5}));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  std::printf("fetched %zu items, %s first\n", items.size(), items.front().c_str());
  // Sequential awaits would take 250 ms; together they take one round trip.
  const bool overlapped = elapsed < std::chrono::milliseconds(200);
  if (!overlapped)
    std::printf("the fetches did not overlap\n");
  return items.size() == 5 && items.front() == "item 1" && overlapped ? 0 : 1;
}
