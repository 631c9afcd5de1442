// RUN: %check_async_tidy %s async-blocking-file-io %t -- -- -I%S/Inputs %async_compile_flags

#include <asyncrt/file.hpp>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include "minitask.h"

namespace fs = std::filesystem;

// --- Positives: C stdio ---------------------------------------------------------------------

asyncrt::task<std::string> read_config(const char *path) {
  std::FILE *f = std::fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'fopen' waits for the disk and blocks the event loop running coroutine 'read_config'; use 'co_await asyncrt::async_file::open(path, mode)' instead [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: coroutine 'read_config' declared here
  char buf[256];
  std::fgets(buf, sizeof buf, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fgets' waits for the disk or standard input {{.*}}'co_await asyncrt::read_file(path)' instead [async-blocking-file-io]
  std::size_t n = fread(buf, 1, sizeof buf, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'fread' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  std::fclose(f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fclose' waits for the disk {{.*}}[async-blocking-file-io]
  co_return std::string(buf, n);
}

asyncrt::task<void> write_log(std::FILE *log, const char *line) {
  std::fputs(line, log);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fputs' waits for the disk {{.*}}'co_await asyncrt::write_file(path, data)' instead [async-blocking-file-io]
  std::fprintf(log, "%s\n", line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fprintf' waits for the disk {{.*}}[async-blocking-file-io]
  fwrite(line, 1, 1, log);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fwrite' waits for the disk {{.*}}[async-blocking-file-io]
  fflush(log);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fflush' waits for the disk {{.*}}[async-blocking-file-io]
  co_return;
}

// Reading standard input waits for the user.
asyncrt::task<int> ask() {
  int answer = 0;
  std::scanf("%d", &answer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'scanf' waits for standard input {{.*}}'co_await asyncrt::to_thread(...)' instead [async-blocking-file-io]
  int c = getchar();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'getchar' waits for standard input {{.*}}[async-blocking-file-io]
  char line[64];
  fgets(line, sizeof line, stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fgets' {{.*}}[async-blocking-file-io]
  std::string s;
  std::cin >> s;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::operator>>' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  std::cin >> answer;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::istream::operator>>' {{.*}}[async-blocking-file-io]
  std::getline(std::cin, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::getline' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  // A manipulator of the format state reads and writes nothing; std::ws skips input, std::endl
  // flushes: those do.
  std::cin >> std::noskipws >> std::hex;
  std::cin >> std::setw(8);
  std::cin >> std::ws;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::istream::operator>>' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  std::ofstream log_file("/tmp/async-tidy-manip.log");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ofstream' waits for the disk {{.*}}[async-blocking-file-io]
  log_file << std::setfill('0') << std::boolalpha;
  log_file << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::ofstream::operator<<' waits for the disk {{.*}}[async-blocking-file-io]
  char raw[8];
  ::read(STDIN_FILENO, raw, sizeof raw);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  co_return answer + c;
}

// --- Positives: POSIX descriptors opened on files ------------------------------------------

asyncrt::task<void> posix_copy(const char *from, const char *to) {
  int in = ::open(from, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' waits for the disk {{.*}}[async-blocking-file-io]
  int out = -1;
  out = creat(to, 0644);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'creat' waits for the disk {{.*}}[async-blocking-file-io]
  char buf[4096];
  ssize_t n = read(in, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'read' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  write(out, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'write' waits for the disk {{.*}}[async-blocking-file-io]
  pwrite(out, buf, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pwrite' waits for the disk {{.*}}[async-blocking-file-io]
  fsync(out);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fsync' waits for the disk {{.*}}[async-blocking-file-io]
  close(in);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'close' waits for the disk {{.*}}[async-blocking-file-io]
  close(out);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'close' waits for the disk {{.*}}[async-blocking-file-io]
  co_return;
}

// --- Positives: file streams and std::filesystem ------------------------------------------

asyncrt::task<std::string> first_line(std::string path) {
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ifstream' waits for the disk {{.*}}[async-blocking-file-io]
  std::string line;
  std::getline(in, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::getline' {{.*}}[async-blocking-file-io]
  char buf[16];
  in.read(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::ifstream::read' {{.*}}[async-blocking-file-io]
  int number = 0;
  in >> number >> number;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::ifstream::operator>>' {{.*}}[async-blocking-file-io]
  co_return line;
}

asyncrt::task<void> save(const fs::path &path, const std::string &text) {
  std::ofstream out;
  out.open(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::ofstream::open' waits for the disk {{.*}}[async-blocking-file-io]
  out << text << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::operator<<' waits for the disk {{.*}}[async-blocking-file-io]
  out.write(text.data(), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::ofstream::write' {{.*}}[async-blocking-file-io]
  out.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::ofstream::close' {{.*}}[async-blocking-file-io]
  std::fstream both(path, std::ios::in | std::ios::out);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: constructing 'std::fstream' {{.*}}[async-blocking-file-io]
  co_return;
}

asyncrt::task<std::uintmax_t> disk_usage(fs::path dir) {
  if (!fs::exists(dir))
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::filesystem::exists' waits for the disk {{.*}}[async-blocking-file-io]
    co_return 0;
  std::uintmax_t total = 0;
  for (const auto &entry : fs::directory_iterator(dir))
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: constructing 'std::filesystem::directory_iterator' {{.*}}[async-blocking-file-io]
    total += fs::file_size(entry.path());
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'std::filesystem::file_size' {{.*}}[async-blocking-file-io]
  fs::create_directories(dir / "cache");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::filesystem::create_directories' {{.*}}[async-blocking-file-io]
  fs::remove_all(dir / "tmp");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::filesystem::remove_all' {{.*}}[async-blocking-file-io]
  co_return total;
}

asyncrt::task<bool> boost_filesystem(boost::filesystem::path p, boost::filesystem::file_status st) {
  bool ok = boost::filesystem::exists(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'boost::filesystem::exists' waits for the disk {{.*}}[async-blocking-file-io]
  boost::filesystem::remove(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::filesystem::remove' {{.*}}[async-blocking-file-io]
  co_return ok && boost::filesystem::is_directory(st); // a file_status: memory only
}

// A member coroutine of a class template, instantiated twice: one warning.
template <class T> struct Store {
  asyncrt::task<void> load(const char *path) {
    std::FILE *f = fopen(path, "rb");
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'fopen' {{.*}}coroutine 'load'{{.*}}[async-blocking-file-io]
    T value{};
    fread(&value, sizeof value, 1, f);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'fread' {{.*}}coroutine 'load'{{.*}}[async-blocking-file-io]
    co_return;
  }
};
template struct Store<int>;
template struct Store<double>;

// A coroutine template whose stream type depends on the template argument.
template <class Stream> asyncrt::task<int> parse(std::string path) {
  Stream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: constructing 'std::basic_ifstream' {{.*}}coroutine 'parse'{{.*}}[async-blocking-file-io]
  int v = 0;
  in >> v;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::basic_ifstream::operator>>' {{.*}}coroutine 'parse'{{.*}}[async-blocking-file-io]
  co_return v;
}
template asyncrt::task<int> parse<std::ifstream>(std::string);
template asyncrt::task<int> parse<std::istringstream>(std::string); // in memory: nothing

auto coroutine_lambda = [](std::string path) -> asyncrt::task<bool> {
  co_return fs::is_regular_file(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::filesystem::is_regular_file' {{.*}}coroutine lambda{{.*}}[async-blocking-file-io]
};

#define SLURP(path) std::ifstream(path).get()
asyncrt::task<int> in_macro() {
  // Two blocking calls in one macro body share the expansion site: one warning.
  co_return SLURP("/etc/hostname");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::ifstream::get' {{.*}}[async-blocking-file-io]
}

boost::asio::awaitable<void> asio_handler(const char *path) {
  std::ofstream(path) << "x";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: constructing 'std::ofstream' {{.*}}coroutine 'asio_handler'{{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'std::operator<<' {{.*}}coroutine 'asio_handler'{{.*}}[async-blocking-file-io]
  co_return;
}

mini::Task other_library(const char *path) {
  unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'unlink' waits for the disk {{.*}}[async-blocking-file-io]
  co_return;
}

asyncrt::task<void> immediately_invoked(const char *path) {
  [&] { std::remove(path); fs::remove(path); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'std::filesystem::remove' {{.*}}[async-blocking-file-io]
  co_return;
}

// --- Traps ------------------------------------------------------------------------------

void plain_function(const char *path) {
  std::FILE *f = fopen(path, "r");
  std::ifstream in(path);
  fclose(f);
}

asyncrt::task<void> console_output(int n) {
  std::printf("%d\n", n);
  std::puts("hello");
  std::fprintf(stderr, "warn %d\n", n);
  std::fputs("out\n", stdout);
  fwrite("x", 1, 1, stdout);
  fflush(stdout);
  std::cout << "n = " << n << std::endl;
  std::cerr << "err\n";
  std::clog << n;
  std::FILE *out = n > 0 ? stdout : stderr;
  std::FILE *err = stderr;
  std::fprintf(err, "%d\n", n);
  (void)out;
  write(STDOUT_FILENO, "x", 1);
  write(2, "x", 1);
  co_return;
}

asyncrt::task<int> in_memory(std::string text) {
  std::istringstream in(text);
  int v = 0;
  in >> v;
  std::string line;
  std::getline(in, line);
  std::ostringstream out;
  out << v << line;
  std::stringstream both;
  both << "1";
  both >> v;
  co_return v;
}

// A stream of unknown kind may be in memory: precision first.
asyncrt::task<int> generic_stream(std::istream &in, std::ostream &out) {
  int v = 0;
  in >> v;
  std::string line;
  std::getline(in, line);
  out << v;
  co_return v;
}

// Descriptors of unknown kind (sockets, pipes, eventfds read after readiness).
asyncrt::task<long> unknown_descriptor(int fd, char *buf) {
  long n = read(fd, buf, 16);
  write(fd, buf, n);
  close(fd);
  co_return n;
}

// The non-blocking idiom: the descriptor is non-blocking, the call returns at once.
asyncrt::task<long> nonblocking(const char *fifo, char *buf) {
  int fd = open(fifo, O_RDONLY | O_NONBLOCK);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' waits for the disk {{.*}}[async-blocking-file-io]
  long n = read(fd, buf, 16);
  if (n < 0 && errno == EAGAIN)
    n = 0;
  co_return n;
}

// Devices are async-blocking-device-io's.
asyncrt::task<void> device(char *buf) {
  int tty = open("/dev/ttyUSB0", O_RDWR);
  read(tty, buf, 1);
  co_return;
}

// file_status overloads look at memory.
asyncrt::task<bool> status_only(fs::file_status st, fs::directory_entry entry) {
  co_return fs::is_directory(st) || fs::exists(st) || entry.is_regular_file();
}

asyncrt::task<std::string> offloaded(std::string path) {
  std::thread([path] { std::ifstream in(path); }).detach();
  std::string text = co_await asyncrt::to_thread([&] {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
  });
  co_await asyncrt::write_file(path, text);
  co_return co_await asyncrt::read_file(path);
}

void register_callback(void (*)());
asyncrt::task<void> stored_callback() {
  auto callback = [] { std::FILE *f = fopen("x", "r"); fclose(f); };
  register_callback(callback);
  co_return;
}

struct Document {
  int read() { return 0; }
  void write(int) {}
  int get() { return 1; }
  void open(const char *) {}
  void close() {}
};
asyncrt::task<int> look_alikes(Document &doc, std::shared_ptr<int> p) {
  doc.open("x");
  doc.write(doc.read() + doc.get());
  doc.close();
  co_return *p.get();
}

asyncrt::task<void> moved_stream(std::ifstream in) {
  std::ifstream mine(std::move(in));
  std::ofstream unopened;
  co_return;
}

mini::Generator lines_of(const char *path) {
  std::ifstream in(path); // a synchronous generator runs on its caller's thread
  co_yield 1;
}

asyncrt::task<void> suppressed(const char *path) {
  std::FILE *f = fopen(path, "r"); // NOLINT(async-blocking-file-io)
  // NOLINTNEXTLINE(async-blocking-file-io)
  fclose(f);
  co_return;
}
