// asyncrt/file.hpp: file I/O that does not block the loop (the aiofiles of asyncrt).
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "task.hpp"
#include "to_thread.hpp"

namespace asyncrt {
namespace detail {

// Regular files are always "ready" to epoll, so there is no readiness to wait for: the read or
// write itself is what blocks (on the disk, or on NFS). The portable fix is the one aiofiles uses:
// do the system call on a worker thread. (io_uring could do it without threads; asyncrt keeps
// the thread pool because it works on every kernel and in every container.)

[[noreturn]] inline void throw_file_error(const char* what, const std::string& path) {
  throw std::system_error(errno, std::generic_category(), std::string(what) + " " + path);
}

class unique_fd {
 public:
  explicit unique_fd(int fd = -1) noexcept : fd_(fd) {}
  unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  ~unique_fd() { reset(); }
  [[nodiscard]] int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

inline std::string read_all(int fd, const std::string& path) {
  std::string out;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_file_error("read", path);
    }
    if (n == 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

inline std::size_t write_all(int fd, std::string_view data, const std::string& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_file_error("write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  return done;
}

inline void write_file_at(const std::string& path, std::string_view data, int flags) {
  const unique_fd fd(::open(path.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw_file_error("open", path);
  write_all(fd.get(), data, path);
}

}  // namespace detail

// The whole file as bytes, like `async with aiofiles.open(p) as f: await f.read()`.
// Throws std::system_error (with the path in what()) when it cannot be read.
inline task<std::string> read_file(std::string path) {
  co_return co_await to_thread([&path] {
    const detail::unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) detail::throw_file_error("open", path);
    return detail::read_all(fd.get(), path);
  });
}

// Creates or truncates `path` and writes `data` to it.
inline task<void> write_file(std::string path, std::string data) {
  co_await to_thread([&] { detail::write_file_at(path, data, O_TRUNC); });
}

// Creates `path` if needed and appends `data`.
inline task<void> append_file(std::string path, std::string data) {
  co_await to_thread([&] { detail::write_file_at(path, data, O_APPEND); });
}

// An open file for incremental reads and writes, like the object aiofiles.open() yields.
//
//   auto f = co_await asyncrt::async_file::open("log.txt", "a");
//   co_await f.write("started\n");
//   co_await f.close();
//
// Each operation runs on the thread pool. Do not start two operations on one file at once (the
// file has one offset); await each before the next. Destroying an open file closes it
// synchronously: close() of a regular file does not wait for the disk.
class async_file {
 public:
  async_file() = default;

  // mode is fopen-like: "r", "w" (truncate), "a" (append), "r+" (read/write); with "w", "a" the
  // file is created if missing.
  static task<async_file> open(std::string path, std::string mode = "r") {
    int flags = O_CLOEXEC;
    if (mode == "r") {
      flags |= O_RDONLY;
    } else if (mode == "w") {
      flags |= O_WRONLY | O_CREAT | O_TRUNC;
    } else if (mode == "a") {
      flags |= O_WRONLY | O_CREAT | O_APPEND;
    } else if (mode == "r+") {
      flags |= O_RDWR;
    } else {
      throw std::invalid_argument("asyncrt::async_file::open: unknown mode \"" + mode + '"');
    }
    // errno is per thread: the error is turned into an exception where it happened.
    const int fd = co_await to_thread([&] {
      const int opened = ::open(path.c_str(), flags, 0644);
      if (opened < 0) detail::throw_file_error("open", path);
      return opened;
    });
    co_return async_file(detail::unique_fd(fd), std::move(path));
  }

  // Up to max_bytes from the current offset; an empty string at end of file.
  task<std::string> read(std::size_t max_bytes = 65536) {
    require_open();
    co_return co_await to_thread([this, max_bytes] {
      std::string buf(max_bytes, '\0');
      ssize_t n = 0;
      do {
        n = ::read(fd_.get(), buf.data(), buf.size());
      } while (n < 0 && errno == EINTR);
      if (n < 0) detail::throw_file_error("read", path_);
      buf.resize(static_cast<std::size_t>(n));
      return buf;
    });
  }

  // Everything from the current offset to the end.
  task<std::string> read_all() {
    require_open();
    co_return co_await to_thread([this] { return detail::read_all(fd_.get(), path_); });
  }

  // Writes all of data; returns the number of bytes written.
  task<std::size_t> write(std::string data) {
    require_open();
    co_return co_await to_thread([&] { return detail::write_all(fd_.get(), data, path_); });
  }

  task<void> close() {
    if (fd_.get() < 0) co_return;
    co_await to_thread([fd = fd_.release(), this] {
      if (::close(fd) != 0) detail::throw_file_error("close", path_);
    });
  }

  [[nodiscard]] bool is_open() const noexcept { return fd_.get() >= 0; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  async_file(detail::unique_fd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  void require_open() const {
    if (fd_.get() < 0) throw std::logic_error("asyncrt::async_file: file is not open");
  }

  detail::unique_fd fd_;
  std::string path_;
};

}  // namespace asyncrt
