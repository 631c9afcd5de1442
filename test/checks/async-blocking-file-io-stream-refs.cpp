// RUN: %check_async_tidy %s async-blocking-file-io %t -- -- -I%S/Inputs %async_compile_flags

// A stream declared as a reference or a pointer to a file stream is a file stream: a
// parameter, a member, a local alias, a std::unique_ptr's pointee; also through the member
// calls that hand back the stream they were called on (`out.seekp(pos).write(...)`). A stream
// declared as std::ostream& may be a string stream, and is not reported.

#include <asyncrt/task.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

asyncrt::task<void> tick();

asyncrt::task<void> param(std::ofstream &out, long pos, const char *p, long n) {
  co_await tick();
  out.seekp(pos);
  out.write(p, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::ofstream::write' waits for the disk and blocks the event loop running coroutine 'param'{{.*}} [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-5]]:21: note: coroutine 'param' declared here
  out << n;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::ofstream::operator<<' waits for the disk and blocks the event loop running coroutine 'param'{{.*}} [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-8]]:21: note: coroutine 'param' declared here
  out.seekp(pos).write(p, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: {{.*}}::write' waits for the disk and blocks the event loop running coroutine 'param'{{.*}} [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-11]]:21: note: coroutine 'param' declared here
  out.seekp(pos) << n << p;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: {{.*}}::operator<<' waits for the disk and blocks the event loop running coroutine 'param'{{.*}} [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-14]]:21: note: coroutine 'param' declared here
  co_await tick();
}

struct Journal {
  std::ofstream &file;
  std::unique_ptr<std::ofstream> owned;
  asyncrt::task<void> append(const char *p, long n) {
    co_await tick();
    file.write(p, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::ofstream::write' waits for the disk and blocks the event loop running coroutine 'append'{{.*}} [async-blocking-file-io]
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: coroutine 'append' declared here
    owned->write(p, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}}::write' waits for the disk and blocks the event loop running coroutine 'append'{{.*}} [async-blocking-file-io]
    // CHECK-MESSAGES: :[[@LINE-7]]:23: note: coroutine 'append' declared here
    std::ofstream &alias = *owned;
    alias.seekp(0).put('x');
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: {{.*}}::put' waits for the disk and blocks the event loop running coroutine 'append'{{.*}} [async-blocking-file-io]
    // CHECK-MESSAGES: :[[@LINE-11]]:23: note: coroutine 'append' declared here
  }
};

// Traps: a std::ostream& may be in memory, also through seekp; a string stream's pointer is
// no file's.
asyncrt::task<void> generic(std::ostream &out, std::stringstream *mem, const char *p, long n) {
  co_await tick();
  out.seekp(0);
  out.write(p, n);
  out << n;
  out.seekp(0).write(p, n);
  mem->write(p, n);
  mem->seekp(0) << n;
}

asyncrt::task<void> bound_to_memory() {
  std::stringstream buffer;
  co_await generic(buffer, &buffer, "x", 1);
}
