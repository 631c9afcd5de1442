// asyncrt/gather.hpp: gather(), run tasks concurrently and collect their results (asyncio.gather).
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "detail/debug_state.hpp"
#include "detail/detached.hpp"
#include "task.hpp"

namespace asyncrt {
namespace detail {

// A void task contributes std::monostate to gather's tuple (Python's None in the result list).
template <class T>
using gather_value_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

struct gather_state {
  // One count per child plus one held by the starter: the last child to finish resumes the
  // gathering coroutine, but only after the starter has let go, so a child finishing while the
  // others are still being started never resumes the gatherer from inside its own await_suspend.
  std::size_t remaining = 0;
  std::coroutine_handle<> waiter;
  std::exception_ptr first_error;

  std::coroutine_handle<> release() noexcept {
    return --remaining == 0 ? waiter : std::noop_coroutine();
  }
};

// Final step of a child's driver: count it done and, if it was the last, continue the gatherer.
struct gather_done {
  gather_state* state;
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> driver) const noexcept {
    gather_state* s = state;  // read before the frame (which holds *this) is destroyed
    driver.destroy();
    return s->release();
  }
  void await_resume() const noexcept {}
};

// Pointers, not references, as coroutine parameters: all three outlive the driver (they live in
// the gathering coroutine's frame, which stays suspended until every driver is done).
template <class T>
detached gather_child(task<T>* child, std::optional<gather_value_t<T>>* slot, gather_state* state) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await *child;
      slot->emplace();
    } else {
      slot->emplace(co_await *child);
    }
  } catch (...) {
    if (!state->first_error) state->first_error = std::current_exception();
  }
  co_await gather_done{state};
}

// Starts every driver, then suspends the gatherer until the last one finishes (or does not
// suspend at all when every child finished synchronously).
class gather_start {
 public:
  gather_start(std::vector<std::coroutine_handle<>>& drivers, gather_state& state) noexcept
      : drivers_(drivers), state_(state) {}
  bool await_ready() const noexcept { return drivers_.empty(); }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> gatherer) {
    segment_end();
    where_ = where_of(gatherer);
    state_.waiter = gatherer;
    // Each child runs until its first suspension; the next starts when it does. That is how
    // they come to wait together: their timers or sockets are all armed before any resumes.
    for (auto d : drivers_) d.resume();
    drivers_.clear();
    return --state_.remaining != 0;
  }
  void await_resume() const noexcept {
    if (where_ != nullptr) segment_begin(where_);
  }

 private:
  std::vector<std::coroutine_handle<>>& drivers_;
  gather_state& state_;
  const code_location* where_ = nullptr;
};

// Every slot is filled when no child failed; value() would throw if that ever broke.
template <class T>
T take_slot(std::optional<T>& slot) {
  if (!slot.has_value()) throw std::logic_error("asyncrt::gather: a result is missing");
  return std::move(*slot);
}

}  // namespace detail

// Runs all tasks concurrently on the current loop and returns their results in argument order,
// like `await asyncio.gather(a(), b())`. A void task gives std::monostate.
//
//   auto [user, orders] = co_await asyncrt::gather(fetch_user(id), fetch_orders(id));
//
// Errors: every task runs to its end (asyncrt has no cancellation), then the first exception to
// occur (in time, not in argument order) is rethrown and the other results are discarded. Python's
// default is the same first exception, though asyncio lets the other tasks run on unawaited.
template <class... Ts>
task<std::tuple<detail::gather_value_t<Ts>...>> gather(task<Ts>... tasks) {
  std::tuple<std::optional<detail::gather_value_t<Ts>>...> slots;
  detail::gather_state state;
  state.remaining = sizeof...(Ts) + 1;
  std::vector<std::coroutine_handle<>> drivers;
  drivers.reserve(sizeof...(Ts));
  auto refs = std::forward_as_tuple(tasks...);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (drivers.push_back(
         detail::gather_child(&std::get<I>(refs), &std::get<I>(slots), &state).handle),
     ...);
  }(std::index_sequence_for<Ts...>{});
  co_await detail::gather_start{drivers, state};
  if (state.first_error) std::rethrow_exception(state.first_error);
  co_return std::apply(
      [](auto&... slot) {
        return std::tuple<detail::gather_value_t<Ts>...>(detail::take_slot(slot)...);
      },
      slots);
}

// The dynamic form: gather a vector of same-typed tasks into a vector of results, in order.
//
//   std::vector<asyncrt::task<std::string>> fetches;
//   for (auto& url : urls) fetches.push_back(client.get_text(url));
//   std::vector<std::string> bodies = co_await asyncrt::gather(std::move(fetches));
template <class T>
task<std::conditional_t<std::is_void_v<T>, void, std::vector<T>>> gather(
    std::vector<task<T>> tasks) {
  std::vector<std::optional<detail::gather_value_t<T>>> slots(tasks.size());
  detail::gather_state state;
  state.remaining = tasks.size() + 1;
  std::vector<std::coroutine_handle<>> drivers;
  drivers.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    drivers.push_back(detail::gather_child(&tasks[i], &slots[i], &state).handle);
  }
  co_await detail::gather_start{drivers, state};
  if (state.first_error) std::rethrow_exception(state.first_error);
  if constexpr (!std::is_void_v<T>) {
    std::vector<T> results;
    results.reserve(slots.size());
    for (auto& slot : slots) results.push_back(detail::take_slot(slot));
    co_return results;
  }
}

}  // namespace asyncrt
