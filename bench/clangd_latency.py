#!/usr/bin/env python3
"""How much the async-* checks add to what an editor waits for in async-clangd.

  bench/clangd_latency.py --clangd build/bin/async-clangd [--file F] [--reps 7] [--edits 5]
  bench/clangd_latency.py --clangd build/bin/async-clangd --callgrind [--file F]

Measures, with the same binary and only the project's .clang-tidy differing:

- open: didOpen -> publishDiagnostics in a fresh server (preamble, AST, checks: the first
  diagnostics a user sees);
- edit: didChange -> publishDiagnostics with the preamble reused (AST and checks: what every
  keystroke pause costs), `--edits` times per server.

for three configurations:

- none:     Checks: '-*' (clang-tidy off; for context);
- baseline: clangd's own default checks, spelled out in .clang-tidy;
- async:    the same plus async-*.

Repetitions are interleaved across configurations so that load from other processes spreads
over all of them; medians are reported, and "async vs baseline" is the overhead of our checks.
Wall time includes clangd's debounce after an edit and whatever else the machine runs; the
server's CPU time is the steadier measure on a shared machine.
The default file is bench/asio_echo_server.cpp (Boost.Asio awaitables, co_spawn, timers).

--callgrind counts instructions instead, repeatable where the timings above move by more than
the 1 % they are asked to show: `async-clangd --check=FILE --check-locations=false` (the
preamble, then one AST built on it with the project's .clang-tidy, as after an edit) under
valgrind --tool=callgrind, collecting only inside clangd::ParsedAST::build: the AST, clang-tidy
and its checks, clangd's own diagnostics, exactly what an edit waits for (the preamble is built
without the checks, and is the same in every configuration).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test", "clangd"))
from lsp_client import LspClient  # noqa: E402
from bench import callgrind_total  # noqa: E402  (bench/bench.py)

# clangd 19's provideDefaultChecks list (clang-tools-extra/clangd/TidyProvider.cpp).
CLANGD_DEFAULTS = ("readability-misleading-indentation,readability-deleted-default,"
                   "bugprone-integer-division,bugprone-sizeof-expression,"
                   "bugprone-suspicious-missing-comma,bugprone-unused-raii,"
                   "bugprone-unused-return-value,misc-unused-using-decls,"
                   "misc-unused-alias-decls,misc-definitions-in-headers")
CONFIGS = {
    "none": "-*",
    "baseline": "-*," + CLANGD_DEFAULTS,
    "async": "-*," + CLANGD_DEFAULTS + ",async-*",
}


def make_project(base, name, checks, source_text, flags, clangxx, tidy_extra=""):
    root = os.path.join(base, name)
    os.makedirs(root)
    source = os.path.join(root, "main.cpp")
    with open(source, "w") as f:
        f.write(source_text)
    with open(os.path.join(root, ".clang-tidy"), "w") as f:
        f.write("Checks: '%s'\n%s" % (checks, tidy_extra))
    # The same in every configuration: no standard-library index built in the background,
    # whose CPU time would land in whichever measurement it overlaps.
    with open(os.path.join(root, ".clangd"), "w") as f:
        f.write("Index:\n  StandardLibrary: No\n")
    with open(os.path.join(root, "compile_commands.json"), "w") as f:
        json.dump([{"directory": root, "file": source,
                    "arguments": [clangxx] + flags + ["-c", source]}], f)
    return root, source


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU time of a process so far (all threads), from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def measure(clangd, root, source, text, edits, env):
    """((open wall, open cpu), [(edit wall, edit cpu)], diagnostic codes) for one server.

    CPU time is the server's own (all its threads), so it is much less sensitive than wall
    time to other processes competing for the machine."""
    with LspClient([clangd, "--background-index=false"], root, env=env, timeout=300,
                   stderr_path=os.path.join(root, "clangd.stderr")) as lsp:
        lsp.initialize()
        pid = lsp.proc.pid
        start, cpu = time.monotonic(), cpu_seconds(pid)
        lsp.open(source, text)
        diags = lsp.diagnostics(source, version=1)
        opened = (time.monotonic() - start, cpu_seconds(pid) - cpu)
        edit_times = []
        for i in range(edits):
            # A change that keeps the preamble: a comment at the end of the file.
            start, cpu = time.monotonic(), cpu_seconds(pid)
            version = lsp.change(source, text + "// edit %d\n" % i)
            lsp.diagnostics(source, version=version)
            edit_times.append((time.monotonic() - start, cpu_seconds(pid) - cpu))
        return opened, edit_times, sorted({d.get("code", "") for d in diags})


# The AST build of clangd --check, with clang-tidy's checks in it: what each edit waits for.
AST_BUILD = "*clang::clangd::ParsedAST::build(*"


def callgrind_ast_build(clangd, root, source, env, out_dir, name):
    """(instructions in ParsedAST::build, diagnostic codes) of `clangd --check` on \p source."""
    out = os.path.join(out_dir, name + ".callgrind")
    log = os.path.join(out_dir, name + ".log")
    with open(log, "w") as err:
        code = subprocess.call(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
             "--collect-atstart=no", "--toggle-collect=" + AST_BUILD,
             clangd, "--check=" + source, "--check-locations=false"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=err)
    with open(log, errors="replace") as f:
        text = f.read()
    # It exits non-zero when the file has errors, and the checks' findings are errors here.
    if "All checks completed" not in text:
        sys.exit("clangd --check failed in %s (exit %d); see %s" % (name, code, log))
    total = callgrind_total(out)
    # clangd --check logs each diagnostic of the AST as "[code] Line N: message".
    codes = sorted(set(re.findall(r"\[([a-z][a-z0-9-]+(?:\.[a-z0-9-]+)*)\] Line", text)))
    return total, codes


def callgrind_main(clangd, text, flags, clangxx, env, base):
    # clangd --check logs only errors: the checks' warnings are made errors, in every
    # configuration alike, to show which checks reported.
    projects = {name: make_project(base, name, checks, text, flags, clangxx,
                                   "WarningsAsErrors: '*'\n")
                for name, checks in CONFIGS.items()}
    counts, codes = {}, {}
    for name, (root, source) in projects.items():
        counts[name], codes[name] = callgrind_ast_build(clangd, root, source, env, base, name)
        print("%s done" % name, file=sys.stderr)
    print("instructions in clangd::ParsedAST::build of `clangd --check` (an edit's AST, "
          "preamble reused)")
    print("%-10s %16s   %s" % ("config", "instructions", "diagnostic codes"))
    for name in CONFIGS:
        print("%-10s %16s   %s" % (name, format(counts[name], ","), ",".join(codes[name]) or "-"))
    print("clang-tidy's default checks vs none: %+.2f%%" % (
        100 * (counts["baseline"] / counts["none"] - 1)))
    print("async vs baseline: %+.2f%%" % (100 * (counts["async"] / counts["baseline"] - 1)))
    if not any(code.startswith("async-") for code in codes["async"]):
        print("warning: the async configuration reported no async-* diagnostic: were the "
              "checks running?", file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--file", default=os.path.join(HERE, "asio_echo_server.cpp"))
    parser.add_argument("--clangxx", default="clang++-19")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--callgrind", action="store_true",
                        help="count instructions of the AST build under callgrind instead")
    parser.add_argument("--flags", default="-std=c++20 -DBOOST_ASIO_HAS_CO_AWAIT "
                        "-DBOOST_ASIO_HAS_STD_COROUTINE")
    args = parser.parse_args()
    clangd = os.path.abspath(shutil.which(args.clangd) or args.clangd)
    with open(args.file) as f:
        text = f.read()

    base = tempfile.mkdtemp(prefix="clangd-latency-")
    home = os.path.join(base, "home")
    os.makedirs(home)
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    env.pop("CLANGD_FLAGS", None)
    if args.callgrind:
        try:
            return callgrind_main(clangd, text, args.flags.split(), args.clangxx, env, base)
        finally:
            shutil.rmtree(base, ignore_errors=True)
    try:
        projects = {name: make_project(base, name, checks, text, args.flags.split(),
                                       args.clangxx)
                    for name, checks in CONFIGS.items()}
        opens = {name: [] for name in CONFIGS}
        edits = {name: [] for name in CONFIGS}
        codes = {}
        for rep in range(args.reps):
            for name, (root, source) in projects.items():
                opened, edit_times, codes[name] = measure(clangd, root, source, text,
                                                          args.edits, env)
                opens[name].append(opened)
                edits[name].extend(edit_times)
            print("rep %d/%d done" % (rep + 1, args.reps), file=sys.stderr)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    print("file: %s (%d lines); %d servers and %d edits per configuration" % (
        os.path.relpath(args.file), text.count("\n"), args.reps, args.reps * args.edits))
    def median_ms(samples, index):
        return 1000 * statistics.median(sample[index] for sample in samples)

    print("medians, ms          open wall  open cpu   edit wall  edit cpu   diagnostic codes")
    for name in CONFIGS:
        print("%-18s %11.0f %9.0f %11.0f %9.0f   %s" % (
            name, median_ms(opens[name], 0), median_ms(opens[name], 1),
            median_ms(edits[name], 0), median_ms(edits[name], 1), ",".join(codes[name]) or "-"))
    for what, data in (("open", opens), ("edit", edits)):
        for index, kind in ((0, "wall"), (1, "cpu")):
            base_ms = median_ms(data["baseline"], index)
            async_ms = median_ms(data["async"], index)
            print("async vs baseline, %s %s: %+.1f%%" % (what, kind,
                                                         100 * (async_ms / base_ms - 1)))
    if "async-blocking-sleep" not in codes["async"]:
        print("warning: the async configuration reported no async-blocking-sleep: were the "
              "checks running?", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
