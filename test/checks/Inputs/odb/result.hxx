// A faithful subset of ODB's public API (odb/database.hxx, odb/result.hxx) for the checks'
// tests: database::query<T>() returns a lazy odb::result<T>, a cursor of the open transaction.
#pragma once
#include <string>

namespace odb {
template <class T> class result_iterator {
public:
  T &operator*() const { return *value_; }
  result_iterator &operator++() { return *this; }
  bool operator!=(const result_iterator &) const { return false; }

private:
  T *value_ = nullptr;
};

template <class T> class result {
public:
  result() = default;
  result_iterator<T> begin() { return {}; }
  result_iterator<T> end() { return {}; }
  bool empty() const { return true; }
};

class database {
public:
  template <class T> result<T> query(const std::string &condition = "") { return {}; }
};

class transaction {
public:
  explicit transaction(void *) {}
  void commit() {}
};
} // namespace odb
