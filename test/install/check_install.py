#!/usr/bin/env python3
"""Installs the build into a fresh prefix and uses it as a new user would.

  check_install.py --cmake CMAKE --build-dir BUILD --clang-tidy CLANG-TIDY --clangxx CLANG++

1. `cmake --install BUILD --prefix P` (the already built tree: nothing is rebuilt);
2. the layout: bin/, lib/AsyncTidyModule.so, lib/clang -> LLVM's, include/asyncrt/,
   lib/cmake/asyncrt/, share/doc/async-tidy/;
3. P/bin/async-tidy reports the sleep in a file that includes the *installed* headers;
4. the stock clang-tidy with --load=P/lib/AsyncTidyModule.so reports it too;
5. P/bin/async-clangd (when built), in a short LSP session, publishes it and finds its
   resource directory under P (not the build-time fallback);
6. a consumer project with find_package(asyncrt) configures, builds and runs against P.

The prefix and the consumer live under the system temp dir and are removed afterwards. Every
subprocess has a timeout.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clangd"))
from lsp_client import LspClient, LspError  # noqa: E402

BAD = """\
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <chrono>
#include <thread>

asyncrt::task<void> heartbeat() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  co_return;
}

int main() { asyncrt::run(heartbeat()); }
"""
WARNING = "bad.cpp:7:3: warning: 'std::this_thread::sleep_for' waits for a timer"

CONSUMER_CMAKE = """\
cmake_minimum_required(VERSION 3.20)
project(asyncrt_consumer LANGUAGES CXX)
find_package(asyncrt 0.1 REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE asyncrt::asyncrt)
"""
CONSUMER_MAIN = """\
#include <asyncrt/asyncrt.hpp>
#include <chrono>
#include <cstdio>

asyncrt::task<int> answer() {
  co_await asyncrt::sleep_for(std::chrono::milliseconds(1));
  co_return 42;
}

int main() {
  int value = asyncrt::run(answer());
  std::printf("consumer got %d\\n", value);
  return value == 42 ? 0 : 1;
}
"""

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)
    return condition


def run(cmd, timeout=300, **kw):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "timed out after %ss" % timeout)


def ran(result, what):
    return expect(result.returncode == 0, "%s failed (exit %d): %s\n%s" % (
        what, result.returncode, " ".join(result.args), result.stdout[-3000:]))


def check_layout(prefix, with_clangd):
    for relative in ["bin/async-tidy", "lib/AsyncTidyModule.so",
                     "include/asyncrt/asyncrt.hpp", "include/asyncrt/detail/event_loop.hpp",
                     "lib/cmake/asyncrt/asyncrtConfig.cmake",
                     "lib/cmake/asyncrt/asyncrtConfigVersion.cmake",
                     "share/doc/async-tidy/checks/async-blocking-sleep.md",
                     "share/doc/async-tidy/editors.md"]:
        expect(os.path.exists(os.path.join(prefix, relative)), "not installed: " + relative)
    if not with_clangd:
        return
    expect(os.path.exists(os.path.join(prefix, "bin", "async-clangd")),
           "not installed: bin/async-clangd")
    clang = os.path.join(prefix, "lib", "clang")
    expect(os.path.islink(clang), "lib/clang is not a link to LLVM's")
    expect(any(os.path.exists(os.path.join(clang, v, "include", "stddef.h"))
               for v in (os.listdir(clang) if os.path.isdir(clang) else [])),
           "lib/clang/NN/include/stddef.h is missing")


def check_async_tidy(prefix, work, flags):
    result = run([os.path.join(prefix, "bin", "async-tidy"), os.path.join(work, "bad.cpp"),
                  "--"] + flags)
    expect(WARNING in result.stdout and "[async-blocking-sleep]" in result.stdout,
           "installed async-tidy did not report the sleep:\n" + result.stdout[-3000:])


def check_plugin(prefix, work, flags, clang_tidy):
    result = run([clang_tidy, "--load=" + os.path.join(prefix, "lib", "AsyncTidyModule.so"),
                  "--checks=-*,async-*", os.path.join(work, "bad.cpp"), "--"] + flags)
    expect(WARNING in result.stdout and "[async-blocking-sleep]" in result.stdout,
           "the installed plugin did not report the sleep:\n" + result.stdout[-3000:])


def check_async_clangd(prefix, work, flags):
    project = os.path.join(work, "project")
    os.makedirs(project)
    source = os.path.join(project, "bad.cpp")
    shutil.copy(os.path.join(work, "bad.cpp"), source)
    with open(os.path.join(project, "compile_commands.json"), "w") as f:
        json.dump([{"directory": project, "file": source,
                    "arguments": ["clang++"] + flags + ["-c", source]}], f)
    with open(os.path.join(project, ".clang-tidy"), "w") as f:
        f.write("Checks: '-*,async-*'\n")
    home = os.path.join(work, "home")
    os.makedirs(home)
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    env.pop("CLANGD_FLAGS", None)
    command = [os.path.join(prefix, "bin", "async-clangd"), "--background-index=false"]
    with LspClient(command, project, env=env, timeout=90,
                   stderr_path=os.path.join(work, "clangd.stderr")) as lsp:
        try:
            lsp.initialize()
            lsp.open(source, BAD)
            diags = lsp.diagnostics(source, version=1)
            expect([d["range"]["start"] for d in diags if d.get("code") == "async-blocking-sleep"]
                   == [{"line": 6, "character": 2}],
                   "installed async-clangd did not publish the sleep: %s\n%s" % (
                       json.dumps(diags), lsp.stderr_tail()))
            expect(not [d for d in diags if d.get("severity") == 1],
                   "installed async-clangd: compile errors: " + json.dumps(diags))
        except LspError as e:
            failures.append("installed async-clangd: %s" % e)
    with open(os.path.join(work, "clangd.stderr"), encoding="utf-8", errors="replace") as f:
        log = f.read()
    wanted = "--resource-dir=" + os.path.join(prefix, "lib", "clang")
    expect(wanted in log, "installed async-clangd did not use its prefix's resource directory (%s)"
           % wanted)


def check_consumer(prefix, work, cmake, clangxx):
    source = os.path.join(work, "consumer")
    build = os.path.join(work, "consumer-build")
    os.makedirs(source)
    with open(os.path.join(source, "CMakeLists.txt"), "w") as f:
        f.write(CONSUMER_CMAKE)
    with open(os.path.join(source, "main.cpp"), "w") as f:
        f.write(CONSUMER_MAIN)
    configure = [cmake, "-S", source, "-B", build, "-DCMAKE_PREFIX_PATH=" + prefix,
                 "-DCMAKE_CXX_COMPILER=" + clangxx, "-DCMAKE_BUILD_TYPE=Release"]
    if shutil.which("ninja"):
        configure += ["-G", "Ninja"]
    if not ran(run(configure), "configuring the find_package(asyncrt) consumer"):
        return
    if not ran(run([cmake, "--build", build]), "building the consumer"):
        return
    result = run([os.path.join(build, "consumer")], timeout=30)
    if ran(result, "running the consumer"):
        expect("consumer got 42" in result.stdout, "consumer output: " + result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--clangxx", required=True)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="async-tidy-install-")
    try:
        prefix = os.path.join(work, "prefix")
        if not ran(run([args.cmake, "--install", args.build_dir, "--prefix", prefix]),
                   "cmake --install"):
            raise SystemExit
        # async-clangd is optional (-DASYNC_TIDY_BUILD_CLANGD=OFF): check it when it was built.
        with_clangd = os.path.exists(os.path.join(args.build_dir, "bin", "async-clangd"))
        check_layout(prefix, with_clangd)
        with open(os.path.join(work, "bad.cpp"), "w") as f:
            f.write(BAD)
        # Only the installed headers: the prefix's include/, no source tree.
        flags = ["-std=c++20", "-I" + os.path.join(prefix, "include")]
        check_async_tidy(prefix, work, flags)
        check_plugin(prefix, work, flags, args.clang_tidy)
        if with_clangd:
            check_async_clangd(prefix, work, flags)
        check_consumer(prefix, work, args.cmake, args.clangxx)
    except SystemExit:
        pass
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        for failure in failures:
            print("FAIL: " + failure)
        return 1
    print("install: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
