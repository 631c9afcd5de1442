// RUN: %check_async_tidy %s async-blocking-file-io,async-unawaited-task %t -- -- -I%S/Inputs %async_compile_flags
// RUN: %check_async_tidy -check-suffix=OPTION %s async-blocking-file-io %t-option -- \
// RUN:   --config="{CheckOptions: {async-blocking-file-io.BlockingExecutors: 'concurrencpp::runtime::background_executor;concurrencpp::thread_executor;concurrencpp::runtime::thread_executor;app::io_pool'}}" -- -I%S/Inputs %async_compile_flags

// After an awaited hop onto an executor made for blocking work (BlockingExecutors: by default
// concurrencpp's background executor and its thread-per-task executor), blocking is the fix,
// not the bug — until the coroutine hops back. A hop that is dropped, not awaited, moves
// nothing: the drop and the blocking after it are both reported.

#include <fstream>
#include <sstream>
#include <iterator>
#include <string>
#include "tasklibs.h"

namespace app {
struct io_pool : concurrencpp::executor {};
} // namespace app

using pool_ptr = std::shared_ptr<concurrencpp::thread_pool_executor>;

concurrencpp::result<void> rewrite(pool_ptr background, pool_ptr cpu, std::string path) {
  co_await concurrencpp::resume_on(background);
  std::ifstream input(path);                // on the background executor: fine
  std::string text(std::istreambuf_iterator<char>(input), {});
  co_await concurrencpp::resume_on(cpu);
  std::ofstream early(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ofstream' waits for the disk and blocks the event loop running coroutine 'rewrite'; use the runtime's background executor ('co_await concurrencpp::resume_on(runtime.background_executor())' before the call) instead [async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:17: warning: constructing 'std::ofstream' waits for the disk and blocks the event loop running coroutine 'rewrite'; use the runtime's background executor ('co_await concurrencpp::resume_on(runtime.background_executor())' before the call) instead [async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'rewrite' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'rewrite' declared here
  concurrencpp::resume_on(background);      // dropped: still on the cpu executor
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'concurrencpp::resume_on_awaitable' returned by 'concurrencpp::resume_on' is discarded without being awaited, so it has no effect; co_await it [async-unawaited-task]
  // CHECK-FIXES: {{^}}  co_await concurrencpp::resume_on(background);      // dropped: still on the cpu executor{{$}}
  std::ofstream output(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ofstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:17: warning: constructing 'std::ofstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'rewrite' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'rewrite' declared here
  output.write(text.data(), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::ofstream::write' waits for the disk {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:10: warning: 'std::ofstream::write' waits for the disk {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'rewrite' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'rewrite' declared here
}

// Straight from the runtime, and through a local: the executor is known where it is used.
concurrencpp::result<void> direct(concurrencpp::runtime &rt, std::string path) {
  co_await concurrencpp::resume_on(rt.background_executor());
  std::ifstream first(path);
  auto pool = rt.thread_pool_executor();
  co_await concurrencpp::resume_on(pool);
  std::ifstream second(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ifstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:17: warning: constructing 'std::ifstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'direct' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'direct' declared here
  auto threads = rt.thread_executor();
  co_await concurrencpp::resume_on(threads); // a thread of its own
  std::ifstream third(path);
}

// A parameter is a blocking executor only when every call in the file passes one.
concurrencpp::result<void> mixed(pool_ptr executor, std::string path) {
  co_await concurrencpp::resume_on(executor);
  std::ifstream input(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ifstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:17: warning: constructing 'std::ifstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'mixed' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'mixed' declared here
}

// The option lists them: a project's own blocking-work pool is one once added.
concurrencpp::result<void> own_pool(std::shared_ptr<app::io_pool> io, std::string path) {
  co_await concurrencpp::resume_on(io);
  std::ifstream input(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: constructing 'std::ifstream' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'own_pool' declared here
}

// Reading a file through its buffer blocks as reading it does.
concurrencpp::result<void> slurp(std::ifstream &in, std::stringstream &out) {
  std::string all(std::istreambuf_iterator<char>(in), {});
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: constructing 'std::istreambuf_iterator' waits for the disk or standard input {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:19: warning: constructing 'std::istreambuf_iterator' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'slurp' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'slurp' declared here
  out << in.rdbuf();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::ifstream::rdbuf' waits for the disk {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES-OPTION: :[[@LINE-2]]:13: warning: 'std::ifstream::rdbuf' {{.*}}[async-blocking-file-io]
  // CHECK-MESSAGES: :{{[0-9]+}}:28: note: coroutine 'slurp' declared here
  // CHECK-MESSAGES-OPTION: :{{[0-9]+}}:28: note: coroutine 'slurp' declared here
  co_return;
}

int main() {
  concurrencpp::runtime rt;
  rewrite(rt.background_executor(), rt.thread_pool_executor(), "a.txt");
  mixed(rt.background_executor(), "b.txt");
  mixed(rt.thread_pool_executor(), "c.txt");
  own_pool(std::make_shared<app::io_pool>(), "d.txt");
  return 0;
}
