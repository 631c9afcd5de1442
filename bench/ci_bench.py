"""The CI lint step's benchmark (`bench/bench.py --ci`): whole-project runs of async-tidy against
the parse floor, in one run over one corpus.

The corpus is a project made in a temporary directory: the repository's examples, benchmark
sources and runtime tests, plus generated coroutine-heavy Boost.Asio TUs of realistic size (a
server's handlers, each TU including a shared project header and a few its own), with a
compile_commands.json and a git repository; or, with -p BUILD, a real project's compilation
database (its files are linted where they are, and --since is measured only on the generated
corpus).

Timed, every tool over every TU, rounds interleaved, best round kept:
  floor         clang++ -fsyntax-only, one TU after another
  async-tidy    a project run, -j 1, all async-* checks, no cache
  plugin        clang-tidy-19 --load AsyncTidyModule.so, one TU after another
  cached        the project run again with a warm --cache-dir
  -j 2          the project run with two workers
  --since       after a change to one header: which TUs run, and the time
Printed: seconds, ratio to the floor, peak RSS of any one process (MiB) and its ratio, and the
issue's targets with pass/fail. The -j 2 output is compared with the -j 1 output byte for byte.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = "-*,async-*"

# One handler TU of the generated corpus. {i} numbers it; every fourth includes the shared header
# that the --since measurement edits.
HANDLER = r"""// Generated benchmark TU {i}: request handlers of a Boost.Asio coroutine server.
#include <utility> // Boost 1.74's awaitable.hpp uses std::exchange without including it
#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>
{shared}
namespace net = boost::asio;
using net::ip::tcp;

namespace service{i} {{

struct Request {{
  std::string method, path, body;
  std::map<std::string, std::string> headers;
}};

std::string render(const Request &r) {{ return r.method + " " + r.path + "\n" + r.body; }}

std::string load_template(const std::string &name) {{
  std::ifstream in(name);
  return std::string(std::istreambuf_iterator<char>(in), {{}});
}}

net::awaitable<Request> read_request(tcp::socket &socket) {{
  Request r;
  std::string line(256, '\0');
  std::size_t n = co_await socket.async_read_some(net::buffer(line), net::use_awaitable);
  r.method = line.substr(0, n);
  co_return r;
}}

net::awaitable<void> write_reply(tcp::socket &socket, std::string text) {{
  co_await net::async_write(socket, net::buffer(text), net::use_awaitable);
}}

net::awaitable<void> timeout(std::chrono::milliseconds ms) {{
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(ms);
  co_await timer.async_wait(net::use_awaitable);
}}

net::awaitable<void> handle(tcp::socket socket) {{
  for (int k = 0; k < 100; ++k) {{
    Request r = co_await read_request(socket);
    if (r.method.empty()) {{
      co_await timeout(std::chrono::milliseconds(100));
      co_return;
    }}
    if (r.path == "/slow")
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::string page = r.path == "/page" ? load_template("page.html") : render(r);
    co_await write_reply(socket, std::move(page));
  }}
}}

net::awaitable<void> listen(tcp::acceptor &acceptor) {{
  for (;;) {{
    tcp::socket socket = co_await acceptor.async_accept(net::use_awaitable);
    net::co_spawn(acceptor.get_executor(), handle(std::move(socket)), net::detached);
  }}
}}

}} // namespace service{i}

int run_service{i}() {{
  net::io_context io;
  tcp::acceptor acceptor(io, {{tcp::v4(), 0}});
  net::co_spawn(io, service{i}::listen(acceptor), net::detached);
  io.run_for(std::chrono::milliseconds(1));
  return 0;
}}
"""

SHARED_H = """#pragma once
// The project header that the --since measurement edits.
#include <string>
inline std::string service_name() { return "bench"; }
"""


def measure(cmd, cwd=None):
    """Wall seconds, peak RSS in MiB of the largest process of the tree, exit status."""
    # A fresh wrapper per command: RUSAGE_CHILDREN of the wrapper covers the whole tree (the
    # project run's workers) and nothing else.
    wrapper = ("import resource,subprocess,sys\n"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(r.returncode)\n")
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", wrapper] + cmd, cwd=cwd, stdout=subprocess.PIPE,
                       text=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(r.stdout.strip() or 0) / 1024.0, r.returncode


def make_corpus(d, generated):
    flags = ["-std=c++20", "-I" + os.path.join(ROOT, "runtime", "include"), "-I" + d,
             "-DBOOST_ASIO_HAS_CO_AWAIT", "-DBOOST_ASIO_HAS_STD_COROUTINE",
             '-DASYNCRT_TEST_PYTHON="python3"',
             '-DASYNCRT_TEST_SERVER="' + os.path.join(ROOT, "test", "runtime", "http_test_server.py") + '"']
    files = []
    for sub, pattern in (("bench/corpus", ".cpp"), ("examples", "good.cpp"), ("test/runtime", "_test.cpp")):
        base = os.path.join(ROOT, sub)
        for dirpath, _, names in sorted(os.walk(base)):
            for n in sorted(names):
                if n.endswith(pattern):
                    files.append(os.path.join(dirpath, n))
    with open(os.path.join(d, "shared.h"), "w") as f:
        f.write(SHARED_H)
    for i in range(generated):
        path = os.path.join(d, "handler_%02d.cpp" % i)
        shared = '#include "shared.h"\n' if i % 4 == 0 else ""
        with open(path, "w") as f:
            f.write(HANDLER.format(i=i, shared=shared))
        files.append(path)
    db = [{"directory": d, "file": f, "arguments": ["clang++-19"] + flags + ["-c", f]} for f in files]
    os.makedirs(os.path.join(d, "build"))
    with open(os.path.join(d, "build", "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)
    return files, [["clang++-19", "-fsyntax-only"] + flags + [f] for f in files]


def database_corpus(build):
    with open(os.path.join(build, "compile_commands.json")) as f:
        db = json.load(f)
    files, floors = [], []
    for e in db:
        args = e.get("arguments") or e["command"].split()
        # The floor is the TU's own compile command with -fsyntax-only instead of its output.
        out, skip = [], False
        for a in args[1:]:
            if skip:
                skip = False
                continue
            if a in ("-o", "-MF", "-MT", "-MQ"):
                skip = True
                continue
            if a in ("-c", "-MD", "-MMD") or a == e["file"] or a == os.path.basename(e["file"]):
                continue
            out.append(a)
        path = e["file"] if os.path.isabs(e["file"]) else os.path.join(e["directory"], e["file"])
        files.append(path)
        floors.append((["clang++-19", "-fsyntax-only"] + out + [path], e["directory"]))
    return files, floors


def run(args):
    tidy = os.path.join(args.build, "bin", "async-tidy")
    plugin = os.path.join(args.build, "lib", "AsyncTidyModule.so")
    tmp = tempfile.mkdtemp(prefix="async-tidy-ci-bench-")
    try:
        if args.p:
            files, floors = database_corpus(args.p)
            build = args.p
        else:
            files, cmds = make_corpus(tmp, args.generated)
            floors = [(c, tmp) for c in cmds]
            build = os.path.join(tmp, "build")
        cache = os.path.join(tmp, "cache")
        base = [tidy, "-p", build, "--config={}", "--checks=" + CHECKS, "--header-filter=.*"]
        tools = [
            ("clang++ -fsyntax-only (floor)", None),
            ("async-tidy -j1", base + ["-j", "1"]),
            ("clang-tidy-19 + plugin", "plugin"),
            ("async-tidy -j1, cached", base + ["-j", "1", "--cache-dir", cache]),
            ("async-tidy -j2", base + ["-j", "2"]),
        ]
        # Warm the cache once; every cached round is then a full hit.
        subprocess.run(base + ["-j", "2", "--cache-dir", cache], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        best = {n: float("inf") for n, _ in tools}
        peak = {n: 0.0 for n, _ in tools}
        for _ in range(args.repeat):
            for name, cmd in tools:
                if cmd is None:
                    total, mib = 0.0, 0.0
                    for c, cwd in floors:
                        s, m, code = measure(c, cwd)
                        if code != 0:
                            sys.exit("the floor failed on %s (exit %d)" % (c[-1], code))
                        total, mib = total + s, max(mib, m)
                elif cmd == "plugin":
                    total, mib = 0.0, 0.0
                    for f in files:
                        s, m, code = measure(["clang-tidy-19", "--load=" + plugin, "-p", build,
                                              "--config={}", "--checks=" + CHECKS,
                                              "--header-filter=.*", "--quiet", f])
                        total, mib = total + s, max(mib, m)
                else:
                    total, mib, code = measure(cmd)
                    if code not in (0, 1):
                        sys.exit("%s failed (exit %d)" % (name, code))
                best[name] = min(best[name], total)
                peak[name] = max(peak[name], mib)
        floor = tools[0][0]
        print("%d TUs (%s), best of %d rounds" % (len(files), args.p or "generated corpus", args.repeat))
        print("%-34s %8s %8s %9s %7s" % ("tool", "seconds", "×floor", "peak MiB", "mem×"))
        for name, _ in tools:
            print("%-34s %8.2f %8.3f %9.0f %7.3f" % (name, best[name], best[name] / best[floor],
                                                     peak[name], peak[name] / peak[floor]))
        j1 = subprocess.run(base + ["-j", "1", "--format", "sarif"], stdout=subprocess.PIPE).stdout
        j2 = subprocess.run(base + ["-j", "2", "--format", "sarif"], stdout=subprocess.PIPE).stdout
        speedup = best["async-tidy -j1"] / best["async-tidy -j2"]
        results = [
            ("cached re-run <= 0.05x floor", best[tools[3][0]] / best[floor] <= 0.05,
             "%.3f" % (best[tools[3][0]] / best[floor])),
            ("-j2 >= 1.8x faster than -j1", speedup >= 1.8, "%.2fx" % speedup),
            ("peak RSS per worker <= 1.2x floor", peak["async-tidy -j1"] <= 1.2 * peak[floor],
             "%.3f" % (peak["async-tidy -j1"] / peak[floor])),
            ("-j2 output identical to -j1", j1 == j2, "%d bytes" % len(j1)),
        ]
        if not args.p:
            # --since after editing the header that every fourth TU includes.
            subprocess.run(["git", "init", "-q", tmp], check=True)
            subprocess.run(["git", "-C", tmp, "add", "."], check=True)
            subprocess.run(["git", "-C", tmp, "-c", "user.name=b", "-c", "user.email=b@b", "commit",
                            "-qm", "corpus"], check=True)
            with open(os.path.join(tmp, "shared.h"), "a") as f:
                f.write("// edited\n")
            including = sum(1 for f in files if os.path.basename(f).startswith("handler_")
                            and int(os.path.basename(f)[8:10]) % 4 == 0)
            for label, extra in (("--since, no cache", []), ("--since, cache", ["--cache-dir", cache])):
                start = time.perf_counter()
                # --since asks git about the working directory's repository: the corpus's.
                r = subprocess.run(base + ["-j", "1", "--since", "HEAD"] + extra, cwd=tmp,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                secs = time.perf_counter() - start
                analysed = [l for l in r.stderr.splitlines() if "file(s) analysed" in l]
                print("%-34s %8.2f %8.3f  %s" % (label, secs, secs / best[floor],
                                                 analysed[0] if analysed else r.stderr.strip()))
                n = int(analysed[0].split()[1]) if analysed else -1
                results.append(("%s lints only the %d TUs including the header" % (label, including),
                                n == including, "%d TUs" % n))
        print()
        for name, ok, figure in results:
            print("%-58s %-6s %s" % (name, "pass" if ok else "MISS", figure))
        return 0 if all(ok for _, ok, _ in results) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
