// Sender libraries whose sync_wait is a function object (a customization point object) that
// takes a sender and returns a std::optional, empty when the work was stopped. The shapes of
// facebookexperimental/libunifex include/unifex/sync_wait.hpp (`inline constexpr
// _sync_wait_cpo::_fn sync_wait{};`) and of NVIDIA/stdexec
// include/stdexec/__detail/__sync_wait.hpp (`inline constexpr sync_wait_t sync_wait{};`, an
// optional of a tuple), the latter under a namespace the RunFunctions default does not name.
// A sender has no await_* members: it is not awaitable, and not a task.
#pragma once
#include <optional>
#include <tuple>
#include <type_traits>
#include <variant>

namespace unifex {
template <class T> struct just_sender {
  using value_type = T;
  T value;
};
template <class T> just_sender<T> just(T v) { return {v}; }
namespace _sync_wait_cpo {
class _fn {
public:
  template <class Sender>
  auto operator()(Sender &&) const -> std::optional<typename std::remove_cvref_t<Sender>::value_type> {
    return std::nullopt;
  }
};
} // namespace _sync_wait_cpo
inline constexpr _sync_wait_cpo::_fn sync_wait{};
} // namespace unifex

namespace p2300 {
struct just_sender {};
inline just_sender just() { return {}; }
struct sync_wait_t {
  template <class S> auto operator()(S &&) const { return std::optional<std::tuple<int>>{}; }
};
inline constexpr sync_wait_t sync_wait{};
struct sync_wait_with_variant_t {
  template <class S> auto operator()(S &&) const {
    return std::optional<std::variant<std::tuple<int>>>{};
  }
};
inline constexpr sync_wait_with_variant_t sync_wait_with_variant{};
} // namespace p2300

// Look-alikes: named like a blocking wait, but not one by structure.
namespace metrics {
struct Histogram {};
struct sync_wait_fn {
  int operator()(Histogram) const { return 0; } // returns no optional
};
inline constexpr sync_wait_fn sync_wait{};
} // namespace metrics
namespace cache {
inline std::optional<int> sync_wait(int key) { return key; } // its argument is no object
} // namespace cache
