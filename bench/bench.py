#!/usr/bin/env python3
"""Cost of the async-* checks, as a ratio against `clang++ -fsyntax-only` on the same files in
the same run (the floor: parsing and semantic analysis, which any clang-tidy pays).

  bench/bench.py [--build build] [--repeat 3]
  bench/bench.py --ci [--generated N] [-p BUILD_DIR]   (whole-project runs: bench/ci_bench.py)

For each file of the corpus (bench/corpus, the example programs and the runtime's tests: real
coroutine code on Boost.Asio and asyncrt), every tool runs once per round, rounds interleaved so
machine noise hits all tools alike; per tool the best round's total wall time and the largest peak
RSS of any process are kept. Printed: one line per tool with seconds, ratio to the floor, peak
MiB and its ratio. Targets (TOOLCHAIN.md): all async-* checks ≤ 1.05× time, ≤ 1.2× memory.
"""
import argparse
import glob
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--llvm", default="19")
    p.add_argument("--ci", action="store_true",
                   help="the CI lint step's benchmark (bench/ci_bench.py): project runs, -j, cache, --since")
    p.add_argument("--generated", type=int, default=12,
                   help="with --ci: generated Boost.Asio TUs added to the repository's own")
    p.add_argument("-p", help="with --ci: a real project's build directory (compile_commands.json)")
    args = p.parse_args()
    if args.ci:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import ci_bench
        sys.exit(ci_bench.run(args))

    files = sorted(glob.glob(os.path.join(ROOT, "bench", "corpus", "*.cpp")))
    files += sorted(glob.glob(os.path.join(ROOT, "examples", "*", "good.cpp")))
    files += sorted(glob.glob(os.path.join(ROOT, "test", "runtime", "*_test.cpp")))
    # The runtime's HTTP test names its Python server by macros, as its CMake target does.
    flags = ["-std=c++20", "-I" + os.path.join(ROOT, "runtime", "include"),
             "-DBOOST_ASIO_HAS_CO_AWAIT", "-DBOOST_ASIO_HAS_STD_COROUTINE",
             '-DASYNCRT_TEST_PYTHON="python3"',
             '-DASYNCRT_TEST_SERVER="' + os.path.join(ROOT, "test", "runtime", "http_test_server.py") + '"']
    tidy = os.path.join(args.build, "bin", "async-tidy")
    plugin = os.path.join(args.build, "lib", "AsyncTidyModule.so")
    clang_tidy = "clang-tidy-" + args.llvm
    tools = [
        ("clang++ -fsyntax-only (floor)", lambda f: ["clang++-" + args.llvm, "-fsyntax-only"] + flags + [f]),
        ("clang-tidy, one cheap built-in check", lambda f: [clang_tidy, "--config={}", "--checks=-*,readability-braces-around-statements", f, "--"] + flags),
        ("async-tidy, all async-* checks", lambda f: [tidy, "--config={}", "--checks=-*,async-*", f, "--"] + flags),
        ("clang-tidy + plugin, all async-*", lambda f: [clang_tidy, "--load=" + plugin, "--config={}", "--checks=-*,async-*", f, "--"] + flags),
    ]
    best = {name: float("inf") for name, _ in tools}
    peak = {name: 0.0 for name, _ in tools}
    for _ in range(args.repeat):
        totals = {name: 0.0 for name, _ in tools}
        for f in files:
            for name, make in tools:
                secs, mib, code = measure(make(f))
                # Every file must compile (the floor exits 0): a TU with errors is only partly
                # analysed and would flatter the ratio. async-tidy exits 1 on findings.
                if code != 0 and not (code == 1 and name != tools[0][0]):
                    sys.exit("%s failed on %s (exit %d)" % (name, f, code))
                totals[name] += secs
                peak[name] = max(peak[name], mib)
        for name in totals:
            best[name] = min(best[name], totals[name])
    floor_name = tools[0][0]
    print("%d files, best of %d rounds" % (len(files), args.repeat))
    print("%-40s %8s %7s %9s %7s" % ("tool", "seconds", "time×", "peak MiB", "mem×"))
    for name, _ in tools:
        print("%-40s %8.2f %7.3f %9.0f %7.3f" % (name, best[name], best[name] / best[floor_name],
                                                  peak[name], peak[name] / peak[floor_name]))


if __name__ == "__main__":
    main()
