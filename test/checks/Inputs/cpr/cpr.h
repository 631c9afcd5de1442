// A minimal stand-in for cpr (https://github.com/libcpr/cpr, include/cpr/api.h, session.h):
// Debian has no libcpr-dev. Same namespace and signatures as cpr 1.10 for what the tests call;
// declarations only, the tests never link.
#pragma once
#include <future>
#include <map>
#include <string>
#include <utility>

namespace cpr {
class Url {
public:
  Url(const char *s) : str_(s) {}
  Url(std::string s) : str_(std::move(s)) {}
  const std::string &str() const { return str_; }

private:
  std::string str_;
};
struct Body {
  Body(const char *s) : text(s) {}
  std::string text;
};
struct Header : std::map<std::string, std::string> {
  using std::map<std::string, std::string>::map;
};
struct Response {
  long status_code = 0;
  std::string text;
};
using AsyncResponse = std::future<Response>;

class Session {
public:
  void SetUrl(const Url &url);
  void SetBody(const Body &body);
  Response Get();
  Response Post();
  Response Put();
  Response Delete();
  Response Head();
  Response Options();
  Response Patch();
  AsyncResponse GetAsync();
};

template <typename... Ts> Response Get(Ts &&...ts);
template <typename... Ts> Response Post(Ts &&...ts);
template <typename... Ts> Response Put(Ts &&...ts);
template <typename... Ts> Response Delete(Ts &&...ts);
template <typename... Ts> Response Head(Ts &&...ts);
template <typename... Ts> Response Patch(Ts &&...ts);
template <typename... Ts> AsyncResponse GetAsync(Ts... ts);
template <typename... Ts> AsyncResponse PostAsync(Ts... ts);
} // namespace cpr
