// asyncrt/detail/http_parser.hpp: URL and HTTP/1.1 response parsing, free of I/O (and fuzzed).
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asyncrt::http {

// Every HTTP failure is an http::error; the subclasses say which kind.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The peer sent something that is not a valid HTTP/1.x response, or broke a size limit.
class protocol_error : public error {
 public:
  explicit protocol_error(const std::string& what) : error("malformed HTTP response: " + what) {}
};
// The request did not finish before its deadline.
class timeout_error : public error {
 public:
  using error::error;
};
// Name resolution or TCP connection failed, or the connection broke mid-request.
class connection_error : public error {
 public:
  using error::error;
};

using headers = std::vector<std::pair<std::string, std::string>>;

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

struct response {
  int status = 0;
  std::string reason;
  http::headers headers;  // in arrival order, names as sent
  std::string body;       // decoded from chunked if it was
  std::string url;        // the URL that produced it, after redirects

  // The first header with this name (case-insensitive), if any.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (iequals(k, name)) return std::string_view(v);
    }
    return std::nullopt;
  }
  [[nodiscard]] bool ok() const noexcept { return status >= 200 && status < 300; }
};

// Bounds on what a response may make the client hold in memory; exceeding one is a
// protocol_error, never an allocation the server chose.
struct limits {
  std::size_t max_header_bytes = std::size_t{64} * 1024;       // status line + all header lines
  std::size_t max_headers = 100;
  std::size_t max_body_bytes = std::size_t{16} * 1024 * 1024;
};

struct url {
  std::string host;  // without brackets for IPv6 literals
  std::uint16_t port = 80;
  std::string target = "/";  // path and query, as sent in the request line

  // "host" or "host:port" for the Host header and the connection pool key.
  [[nodiscard]] std::string authority() const {
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + std::to_string(port);
  }
  [[nodiscard]] std::string str() const { return "http://" + authority() + target; }
};

// Parses an absolute http:// URL. https:// is refused with an explanation: asyncrt speaks plain
// HTTP/1.1 only (docs/runtime.md says what TLS would take).
inline url parse_url(std::string_view text) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("asyncrt::http: bad URL \"" + std::string(text) + "\": " + why);
  };
  const auto colon = text.find("://");
  if (colon == std::string_view::npos) throw bad("expected http://host/path");
  std::string scheme(text.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme == "https") {
    throw bad("HTTPS is not supported: asyncrt's client speaks plain HTTP/1.1 (see docs/runtime.md)");
  }
  if (scheme != "http") throw bad("only http:// URLs are supported");
  std::string_view rest = text.substr(colon + 3);
  const auto frag = rest.find('#');
  if (frag != std::string_view::npos) rest = rest.substr(0, frag);
  const auto slash = rest.find_first_of("/?");
  std::string_view auth = rest.substr(0, slash);
  url u;
  if (slash != std::string_view::npos) {
    u.target = std::string(rest.substr(slash));
    if (u.target.front() == '?') u.target.insert(0, "/");
  }
  if (auth.find('@') != std::string_view::npos) throw bad("credentials in URLs are not supported");
  std::string_view port_text;
  if (!auth.empty() && auth.front() == '[') {  // [IPv6]:port
    const auto close = auth.find(']');
    if (close == std::string_view::npos) throw bad("unterminated [IPv6 address]");
    u.host = std::string(auth.substr(1, close - 1));
    auto after = auth.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw bad("junk after ]");
      port_text = after.substr(1);
    }
  } else {
    const auto c = auth.rfind(':');
    u.host = std::string(auth.substr(0, c));
    if (c != std::string_view::npos) port_text = auth.substr(c + 1);
  }
  if (u.host.empty()) throw bad("no host");
  for (char ch : u.host) {
    if (std::isspace(static_cast<unsigned char>(ch)) != 0 || ch == '/' || ch == '\\') {
      throw bad("invalid character in host");
    }
  }
  if (!port_text.empty()) {
    unsigned long p = 0;
    if (port_text.size() > 5) throw bad("bad port");
    for (char ch : port_text) {
      if (ch < '0' || ch > '9') throw bad("bad port");
      p = p * 10 + static_cast<unsigned long>(ch - '0');
    }
    if (p == 0 || p > 65535) throw bad("port out of range");
    u.port = static_cast<std::uint16_t>(p);
  }
  for (char ch : u.target) {
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) throw bad("space or control character in path");
  }
  return u;
}

// RFC 3986 section 5.2.4: "/a/b/../c/./d" -> "/a/c/d" (the query is left alone).
inline std::string remove_dot_segments(const std::string& target) {
  const auto q = target.find('?');
  const std::string path = target.substr(0, q);
  std::vector<std::string> parts;
  std::size_t i = 1;
  while (i <= path.size()) {
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string seg = path.substr(i, j - i);
    const bool last = j == path.size();
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      if (last) parts.emplace_back();
    } else if (seg == ".") {
      if (last) parts.emplace_back();
    } else {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  if (out.empty()) out = "/";
  return q == std::string::npos ? out : out + target.substr(q);
}

// Resolves a Location header against the URL that answered.
inline url resolve_location(const url& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return parse_url(location);
  if (location.substr(0, 2) == "//") return parse_url("http:" + std::string(location));
  url u = base;
  if (!location.empty() && location.front() == '/') {
    u.target = std::string(location);
  } else {
    std::string dir = base.target.substr(0, base.target.find('?'));
    dir = dir.substr(0, dir.rfind('/') + 1);
    u.target = dir + std::string(location);
  }
  u.target = remove_dot_segments(u.target);
  return parse_url(u.str());  // re-validate
}

namespace detail {

// Incremental HTTP/1.x response parser: feed() it bytes as they arrive, in any split, until
// done(). It enforces `limits`, decodes chunked bodies, skips 1xx interim responses, and decides
// whether the connection can be reused. Malformed input throws protocol_error; it never reads out
// of bounds (runtime/fuzz/ drives it with libFuzzer).
class response_parser {
 public:
  explicit response_parser(limits lim = {}, bool head_request = false)
      : limits_(lim), head_(head_request) {}

  // Consumes all of data (bytes past the end of this response are an error: asyncrt does not
  // pipeline, so the server has no business sending them).
  void feed(std::string_view data) {
    if (state_ == state::done) {
      if (!data.empty()) throw protocol_error("data after the end of the response");
      return;
    }
    buf_.append(data);
    parse();
  }

  // The peer closed the connection. Completes a body delimited by close, else it is an error.
  void feed_eof() {
    if (state_ == state::until_close) {
      state_ = state::done;
      return;
    }
    if (state_ != state::done) {
      throw protocol_error(state_ == state::status_line && buf_.empty() && !got_any_
                               ? "connection closed before any response"
                               : "connection closed in the middle of the response");
    }
  }

  [[nodiscard]] bool done() const noexcept { return state_ == state::done; }
  // Whether any byte arrived: a reused connection that fails before any is safe to retry.
  [[nodiscard]] bool started() const noexcept { return got_any_; }
  [[nodiscard]] bool keep_alive() const noexcept { return keep_alive_ && delimited_; }
  response& result() noexcept { return response_; }

 private:
  enum class state : std::uint8_t { status_line, header, length_body, chunk_size, chunk_data, chunk_crlf, trailer, until_close, done };

  // One line out of buf_ (without CRLF, bare LF tolerated), or nullopt if it is not complete.
  std::optional<std::string> take_line() {
    const auto nl = buf_.find('\n', pos_);
    if (nl == std::string::npos) {
      if (buf_.size() - pos_ > limits_.max_header_bytes) throw protocol_error("line too long");
      return std::nullopt;
    }
    std::string line = buf_.substr(pos_, nl - pos_);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos_ = nl + 1;
    return line;
  }

  void count_header_bytes(std::size_t n) {
    header_bytes_ += n + 2;
    if (header_bytes_ > limits_.max_header_bytes) {
      throw protocol_error("headers exceed " + std::to_string(limits_.max_header_bytes) + " bytes");
    }
  }

  void add_body(std::string_view bytes) {
    if (response_.body.size() + bytes.size() > limits_.max_body_bytes) {
      throw protocol_error("body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes");
    }
    response_.body.append(bytes);
  }

  static bool is_tchar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  }

  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }

  void parse_status_line(const std::string& line) {
    // HTTP/1.1 200 OK
    if (line.size() < 12 || line.compare(0, 7, "HTTP/1.") != 0 || (line[7] != '0' && line[7] != '1') ||
        line[8] != ' ') {
      throw protocol_error("bad status line \"" + printable(line) + "\"");
    }
    http11_ = line[7] == '1';
    int code = 0;
    for (int i = 9; i < 12; ++i) {
      const char c = line[static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') throw protocol_error("bad status code in \"" + printable(line) + "\"");
      code = code * 10 + (c - '0');
    }
    if (code < 100 || (line.size() > 12 && line[12] != ' ')) {
      throw protocol_error("bad status code in \"" + printable(line) + "\"");
    }
    response_.status = code;
    response_.reason = line.size() > 13 ? line.substr(13) : std::string();
  }

  void parse_header(const std::string& line) {
    if (line.front() == ' ' || line.front() == '\t') {
      throw protocol_error("obsolete folded header line");
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      throw protocol_error("header line without a name: \"" + printable(line) + "\"");
    }
    std::string_view name(line.data(), colon);
    if (!std::all_of(name.begin(), name.end(), is_tchar)) {
      throw protocol_error("invalid header name \"" + printable(std::string(name)) + "\"");
    }
    if (response_.headers.size() >= limits_.max_headers) {
      throw protocol_error("more than " + std::to_string(limits_.max_headers) + " headers");
    }
    auto value = trim(std::string_view(line).substr(colon + 1));
    response_.headers.emplace_back(std::string(name), std::string(value));
  }

  static std::optional<std::uint64_t> parse_decimal(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
  }

  // Headers are complete: decide how the body is delimited (RFC 9112 section 6.3).
  void start_body() {
    const int code = response_.status;
    if (code >= 100 && code < 200) {
      if (code == 101) throw protocol_error("unexpected 101 Switching Protocols");
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      response_ = response{};
      header_bytes_ = 0;
      state_ = state::status_line;
      return;
    }
    bool close = !http11_;
    bool chunked = false;
    bool has_te = false;
    std::optional<std::uint64_t> length;
    for (const auto& [k, v] : response_.headers) {
      if (iequals(k, "connection")) {
        if (contains_token(v, "close")) close = true;
        if (contains_token(v, "keep-alive")) close = false;
      } else if (iequals(k, "transfer-encoding")) {
        has_te = true;
        chunked = last_token_is(v, "chunked");
      } else if (iequals(k, "content-length")) {
        auto n = parse_decimal(v);
        if (!n) throw protocol_error("bad Content-Length \"" + printable(v) + "\"");
        if (length && *length != *n) throw protocol_error("conflicting Content-Length headers");
        length = n;
      }
    }
    keep_alive_ = !close;
    delimited_ = true;
    if (head_ || code == 204 || code == 304) {
      state_ = state::done;
    } else if (has_te) {
      // Transfer-Encoding overrides Content-Length; anything but a final "chunked" means the body
      // runs to the end of the connection.
      if (chunked) {
        state_ = state::chunk_size;
      } else {
        delimited_ = false;
        state_ = state::until_close;
      }
    } else if (length) {
      if (*length > limits_.max_body_bytes) {
        throw protocol_error("Content-Length " + std::to_string(*length) + " exceeds the " +
                             std::to_string(limits_.max_body_bytes) + "-byte limit");
      }
      remaining_ = *length;
      response_.body.reserve(static_cast<std::size_t>(*length));
      state_ = remaining_ == 0 ? state::done : state::length_body;
    } else {
      delimited_ = false;
      state_ = state::until_close;
    }
  }

  void parse() {
    got_any_ = got_any_ || !buf_.empty();
    bool progress = true;
    while (progress && state_ != state::done) {
      progress = false;
      switch (state_) {
        case state::status_line: {
          auto line = take_line();
          if (!line) break;
          if (line->empty() && response_.status == 0 && header_bytes_ == 0 && !saw_blank_) {
            saw_blank_ = true;  // tolerate one stray CRLF before the status line
            progress = true;
            break;
          }
          count_header_bytes(line->size());
          parse_status_line(*line);
          state_ = state::header;
          progress = true;
          break;
        }
        case state::header: {
          auto line = take_line();
          if (!line) break;
          count_header_bytes(line->size());
          if (line->empty()) {
            start_body();
          } else {
            parse_header(*line);
          }
          progress = true;
          break;
        }
        // A Content-Length body and a chunk's data are both "take remaining_ more bytes".
        case state::length_body:
        case state::chunk_data: {
          const std::size_t avail = buf_.size() - pos_;
          if (avail == 0) break;
          const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(avail, remaining_));
          add_body(std::string_view(buf_).substr(pos_, n));
          pos_ += n;
          remaining_ -= n;
          if (remaining_ == 0) state_ = state_ == state::length_body ? state::done : state::chunk_crlf;
          progress = true;
          break;
        }
        case state::chunk_size: {
          auto line = take_line();
          if (!line) break;
          std::string_view s = *line;
          s = s.substr(0, s.find(';'));  // drop chunk extensions
          s = trim(s);
          if (s.empty() || s.size() > 15) throw protocol_error("bad chunk size \"" + printable(*line) + "\"");
          std::uint64_t size = 0;
          for (char c : s) {
            int d = 0;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else throw protocol_error("bad chunk size \"" + printable(*line) + "\"");
            size = size * 16 + static_cast<std::uint64_t>(d);
          }
          if (size > limits_.max_body_bytes - response_.body.size()) {
            throw protocol_error("body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes");
          }
          remaining_ = size;
          state_ = size == 0 ? state::trailer : state::chunk_data;
          progress = true;
          break;
        }
        case state::chunk_crlf: {
          auto line = take_line();
          if (!line) break;
          if (!line->empty()) throw protocol_error("chunk not followed by CRLF");
          state_ = state::chunk_size;
          progress = true;
          break;
        }
        case state::trailer: {
          auto line = take_line();
          if (!line) break;
          count_header_bytes(line->size());
          if (line->empty()) state_ = state::done;  // trailers are read and dropped
          progress = true;
          break;
        }
        case state::until_close: {
          const std::size_t avail = buf_.size() - pos_;
          if (avail == 0) break;
          add_body(std::string_view(buf_).substr(pos_));
          pos_ = buf_.size();
          progress = true;
          break;
        }
        case state::done:
          break;
      }
    }
    // Drop consumed bytes now and then so the buffer stays small on long bodies.
    if (pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
    } else if (pos_ > 4096) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    if (state_ == state::done && pos_ != buf_.size()) {
      throw protocol_error("data after the end of the response");
    }
  }

  static bool contains_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
      const auto comma = list.find(',');
      if (iequals(trim(list.substr(0, comma)), token)) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return false;
  }
  static bool last_token_is(std::string_view list, std::string_view token) {
    const auto comma = list.rfind(',');
    return iequals(trim(comma == std::string_view::npos ? list : list.substr(comma + 1)), token);
  }

  // For error messages: at most 60 characters, control bytes escaped.
  static std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 60)) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f) {
        static const char* hex = "0123456789abcdef";
        out += "\\x";
        out += hex[u >> 4];
        out += hex[u & 15];
      } else {
        out += c;
      }
    }
    if (s.size() > 60) out += "...";
    return out;
  }

  limits limits_;
  bool head_;
  state state_ = state::status_line;
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t header_bytes_ = 0;
  std::uint64_t remaining_ = 0;
  bool http11_ = true;
  bool keep_alive_ = false;
  bool delimited_ = false;
  bool got_any_ = false;
  bool saw_blank_ = false;
  response response_;
};

}  // namespace detail
}  // namespace asyncrt::http
