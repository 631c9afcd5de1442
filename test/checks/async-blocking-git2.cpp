// RUN: %check_async_tidy %s async-blocking-file-io,async-blocking-network %t -- -- -I%S/Inputs %async_compile_flags
// Real headers: git2.h (libgit2-dev 1.5), Boost.Beast's file bodies (libboost-dev 1.74).

#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/core/file_stdio.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <git2.h>
#include "minitask.h"

namespace beast = boost::beast;
namespace http = beast::http;

// --- Positives: libgit2 on the network ----------------------------------------------------------

asyncrt::task<int> sync_remote(git_repository *repo, const char *url, const char *path) {
  git_remote *remote = nullptr;
  git_remote_lookup(&remote, repo, "origin"); // reads the config already loaded: not listed
  git_remote_fetch(remote, nullptr, nullptr, "fetch");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_remote_fetch' waits for a Git remote and blocks the event loop running coroutine 'sync_remote'{{.*}} [async-blocking-network]
  git_remote_push(remote, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_remote_push' waits for a Git remote {{.*}}[async-blocking-network]
  git_remote_connect(remote, GIT_DIRECTION_FETCH, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_remote_connect' waits for a Git remote {{.*}}[async-blocking-network]
  const git_remote_head **heads = nullptr;
  size_t count = 0;
  git_remote_ls(&heads, &count, remote); // what the connect already received: memory
  git_remote_disconnect(remote);
  git_repository *clone = nullptr;
  int rc = git_clone(&clone, url, path, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'git_clone' waits for a Git remote (or the disk, for a local clone) {{.*}}[async-blocking-network]
  git_remote_free(remote);
  co_return rc;
}

// --- Positives: libgit2 on the disk ---------------------------------------------------------------

asyncrt::task<int> commit_all(const char *path, const git_signature *who) {
  git_repository *repo = nullptr;
  git_repository_open(&repo, path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_repository_open' waits for the disk and blocks the event loop running coroutine 'commit_all'{{.*}} [async-blocking-file-io]
  git_index *index = nullptr;
  git_repository_index(&index, repo);
  git_index_add_bypath(index, "README.md");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_index_add_bypath' waits for the disk {{.*}}[async-blocking-file-io]
  git_index_write(index);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_index_write' waits for the disk {{.*}}[async-blocking-file-io]
  git_oid tree_id, commit_id;
  git_index_write_tree(&tree_id, index);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_index_write_tree' waits for the disk {{.*}}[async-blocking-file-io]
  git_tree *tree = nullptr;
  git_tree_lookup(&tree, repo, &tree_id);
  git_commit_create(&commit_id, repo, "HEAD", who, who, nullptr, "msg", tree, 0, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_commit_create' waits for the disk {{.*}}[async-blocking-file-io]
  git_commit_create_v(&commit_id, repo, "HEAD", who, who, nullptr, "msg", tree, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'git_commit_create_v' waits for the disk {{.*}}[async-blocking-file-io]
  // Traps: memory only.
  git_buf buf = GIT_BUF_INIT;
  git_commit_create_buffer(&buf, repo, who, who, nullptr, "msg", tree, 0, nullptr);
  size_t entries = git_index_entrycount(index);
  const char *workdir = git_repository_workdir(repo);
  (void)workdir;
  git_buf_dispose(&buf);
  git_index_free(index);
  git_repository_free(repo);
  co_return static_cast<int>(entries);
}

// Offloaded, or in plain code: fine.
asyncrt::task<int> offloaded(const char *path) {
  int rc = co_await asyncrt::to_thread([path] {
    git_repository *repo = nullptr;
    return git_repository_open(&repo, path);
  });
  co_return rc;
}

int plain(const char *path) {
  git_repository *repo = nullptr;
  return git_repository_open(&repo, path);
}

// --- Positives: Boost.Beast's file bodies ---------------------------------------------------------

asyncrt::task<bool> serve_file(const char *path) {
  beast::error_code ec;
  http::file_body::value_type body;
  body.open(path, beast::file_mode::scan, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'boost::beast::http::basic_file_body::value_type::open' waits for the disk and blocks the event loop running coroutine 'serve_file'{{.*}} [async-blocking-file-io]
  http::response<http::file_body> res;
  res.body().open(path, beast::file_mode::read, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'boost::beast::http::basic_file_body::value_type::open' waits for the disk {{.*}}[async-blocking-file-io]
  bool open = body.is_open(); // a flag: memory
  std::uint64_t size = body.size();
  co_return open && size > 0;
}

asyncrt::task<std::size_t> raw_files(const char *path) {
  beast::error_code ec;
  beast::file f;
  f.open(path, beast::file_mode::read, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::beast::file_posix::open' waits for the disk {{.*}}[async-blocking-file-io]
  char buf[64];
  std::size_t n = f.read(buf, sizeof buf, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'boost::beast::file_posix::read' waits for the disk {{.*}}[async-blocking-file-io]
  beast::file_stdio out;
  out.open("copy.txt", beast::file_mode::write, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::beast::file_stdio::open' waits for the disk {{.*}}[async-blocking-file-io]
  out.write(buf, n, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'boost::beast::file_stdio::write' waits for the disk {{.*}}[async-blocking-file-io]
  co_return n;
}
