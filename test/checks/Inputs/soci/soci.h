// A faithful subset of SOCI's public API (soci/soci.h) for the checks' tests: a session, the
// `sql.prepare << "..."` statement builder and the lazy rowset<T> that fetches while iterated.
#pragma once
#include <string>

namespace soci {
class session;
namespace details {
class prepare_temp_type {
public:
  explicit prepare_temp_type(session &s) : s_(&s) {}
  prepare_temp_type &operator<<(const char *) { return *this; }
  prepare_temp_type &operator<<(const std::string &) { return *this; }

private:
  session *s_;
};
} // namespace details

class session {
public:
  explicit session(const std::string &connect_string) {}
  struct prepare_type {
    session *s;
    details::prepare_temp_type operator<<(const char *sql) const {
      details::prepare_temp_type t(*s);
      t << sql;
      return t;
    }
  };
  prepare_type prepare{this};
};

template <class T> class rowset_iterator {
public:
  const T &operator*() const { return *value_; }
  rowset_iterator &operator++() { return *this; }
  bool operator!=(const rowset_iterator &) const { return false; }

private:
  const T *value_ = nullptr;
};

// Rows are fetched from the server while the rowset is iterated: it keeps the statement open.
template <class T = int> class rowset {
public:
  rowset(const details::prepare_temp_type &) {}
  rowset(rowset &&) = default;
  rowset_iterator<T> begin() const { return {}; }
  rowset_iterator<T> end() const { return {}; }
};
} // namespace soci
