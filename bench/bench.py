#!/usr/bin/env python3
"""Cost of the async-* checks, as a ratio against `clang++ -fsyntax-only` on the same files in
the same run (the floor: parsing and semantic analysis, which any clang-tidy pays).

  bench/bench.py [--build build] [--repeat 3]
  bench/bench.py --callgrind [--build build] [-p BUILD_DB FILE...] [--keep DIR]
  bench/bench.py --ci [--generated N] [-p BUILD_DIR]   (whole-project runs: bench/ci_bench.py)
  bench/bench.py --tus -p BUILD_DB [-p BUILD_DB...] [--sample N] [FILE...] [--repeat 2]


For each file of the corpus (bench/corpus, the example programs and the runtime's tests: real
coroutine code on Boost.Asio and asyncrt), every tool runs once per round, rounds interleaved so
machine noise hits all tools alike; per tool the best round's total wall time and the largest peak
RSS of any process are kept. Printed: one line per tool with seconds, ratio to the floor, peak
MiB and its ratio. Targets (TOOLCHAIN.md): all async-* checks ≤ 1.05× time, ≤ 1.2× memory.

--tus measures wall time and peak RSS the same way on a real project's TUs instead: the FILEs
given, or --sample N of each -p database (every k-th of its sorted C++ TUs, so the same N each
run), each through its own compile command; the tidy tools read it from the database (-p).
Printed: each TU's fastest round per tool, and per tool the sum of those (the figure the target
is about: on a shared machine a slow moment then spoils one TU, not a round) and, beside it, the
best round's total.

--callgrind counts instructions instead (valgrind --tool=callgrind: repeatable where wall time on
a shared 2-core machine is not), one run per tool on a few heavy TUs only, as one callgrind run of
a clang parse takes minutes: bench/corpus/asio_server.cpp (Boost.Asio) and, with -p, the given
FILEs of a real project's compilation database. Printed per TU: each tool's instructions and
ratio to the floor, and, from `callgrind_annotate --inclusive=yes`, the share of the tool's
instructions spent in AST matching (MatchFinder::matchAST, which includes the check callbacks
it calls, and DynTypedMatcher::matches) and in each of our checks' entry points.
"""
import argparse
import glob
import json
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The runtime's HTTP test names its Python server by macros, as its CMake target does.
FLAGS = ["-std=c++20", "-I" + os.path.join(ROOT, "runtime", "include"),
         "-DBOOST_ASIO_HAS_CO_AWAIT", "-DBOOST_ASIO_HAS_STD_COROUTINE",
         '-DASYNCRT_TEST_PYTHON="python3"',
         '-DASYNCRT_TEST_SERVER="' + os.path.join(ROOT, "test", "runtime", "http_test_server.py") + '"']


def measure(cmd, cwd=None):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if cwd:
            os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


# Functions whose inclusive share of a run is reported: the matching framework, and the entry
# points of our checks (the blocking checks share BlockingCheckBase's) and of the per-TU walk.
PROFILED = [
    ("matching: MatchFinder::matchAST", r"clang::ast_matchers::MatchFinder::matchAST\("),
    ("matching: DynTypedMatcher::matches", r"clang::ast_matchers::internal::DynTypedMatcher::matches\("),
    ("matching: callbacks (visitMatches)", r"clang::ast_matchers::internal::BoundNodesTreeBuilder::visitMatches\("),
]
OUR_ENTRY = re.compile(r"clang::tidy::async::(?:\(anonymous namespace\)::)?(\w+)::"
                       r"(check\w*|run|onEndOfTranslationUnit|functions|facts|build)\(")


# A forked child's callgrind file starts with the parent's counts at the fork (the dynamic
# linker's relocation, option parsing: 30-40 M instructions the CPU ran once, in the parent).
# async-tidy's project run forks one worker per TU; its file is zeroed where the worker starts,
# so the parent's file and the worker's add up to what ran.
FORK_ZERO = {"async-tidy": ["--zero-before=async_tidy::*runChild*"]}


def callgrind_run(cmd, cwd, out_dir, label, extra=()):
    """Runs \p cmd under callgrind (children too: the clang driver may spawn cc1); returns the
    callgrind output files and the exit code. \p extra: more callgrind options."""
    prefix = os.path.join(out_dir, label)
    full = ["valgrind", "--tool=callgrind", "--trace-children=yes",
            "--callgrind-out-file=" + prefix + ".%p"] + list(extra) + cmd
    code = subprocess.call(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted(glob.glob(prefix + ".*")), code


def callgrind_total(path):
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    return 0


def inclusive_costs(path):
    """{function: inclusive instructions} from callgrind_annotate --inclusive=yes."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                          capture_output=True, text=True, errors="replace").stdout
    costs = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(?:\S*?:)?(.*?)(?:\s+\[[^\]]*\])?$", line)
        if m and "(" in m.group(2):
            costs[m.group(2)] = max(costs.get(m.group(2), 0), int(m.group(1).replace(",", "")))
    return costs


def shares(paths):
    """(total instructions, [(label, share)]) over the callgrind files of one run."""
    total = sum(callgrind_total(p) for p in paths)
    found = {}
    for p in paths:
        for fn, cost in inclusive_costs(p).items():
            for label, pattern in PROFILED:
                if re.search(pattern, fn):
                    found[label] = max(found.get(label, 0), cost)
            m = OUR_ENTRY.search(fn)
            if m:
                label = "ours: %s::%s" % (m.group(1), m.group(2))
                found[label] = max(found.get(label, 0), cost)
    # What MatchFinder costs by itself: its traversal of every node and the matchers, without
    # the callbacks it calls.
    if "matching: MatchFinder::matchAST" in found:
        found["matching: traversal and matchers, without callbacks"] = (
            found["matching: MatchFinder::matchAST"] - found.get("matching: callbacks (visitMatches)", 0))
    return total, sorted(((k, v / total) for k, v in found.items() if total), key=lambda kv: kv[0])


def database_command(db_dir, file):
    """The compile command of \p file in \p db_dir's compile_commands.json, as (directory,
    arguments without the compiler, -c and -o)."""
    with open(os.path.join(db_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    want = os.path.realpath(file)
    for e in entries:
        path = os.path.realpath(os.path.join(e["directory"], e["file"]))
        if path != want:
            continue
        args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        out, skip = [], False
        for a in args[1:]:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a == "-c" or a.startswith("-o") or os.path.realpath(os.path.join(e["directory"], a)) == want:
                continue
            else:
                out.append(a)
        return e["directory"], out
    sys.exit("%s is not in %s/compile_commands.json" % (file, db_dir))


CXX_EXTENSIONS = (".cpp", ".cc", ".cxx", ".c++")


def print_table(names, best, peak):
    """One line per tool: best seconds and largest peak RSS, each with its ratio to the first
    tool's (the floor)."""
    floor = names[0]
    print("%-40s %8s %7s %9s %7s" % ("tool", "seconds", "time×", "peak MiB", "mem×"))
    for name in names:
        print("%-40s %8.2f %7.3f %9.0f %7.3f" % (name, best[name], best[name] / best[floor],
                                                  peak[name], peak[name] / peak[floor]))


def sampled_tus(db_dir, n):
    """\p n TUs of \p db_dir's database, evenly spaced in its sorted list of C++ files."""
    with open(os.path.join(db_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    files = sorted({os.path.realpath(os.path.join(e["directory"], e["file"])) for e in entries
                    if e["file"].endswith(CXX_EXTENSIONS)})
    if n >= len(files):
        return files
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def tus_main(args):
    """Wall time and peak RSS over real projects' TUs (--tus)."""
    tidy = os.path.join(args.build, "bin", "async-tidy")
    plugin = os.path.join(args.build, "lib", "AsyncTidyModule.so")
    clang_tidy = "clang-tidy-" + args.llvm
    tus = []
    for db in args.p:
        chosen = [os.path.realpath(f) for f in args.files] or sampled_tus(db, args.sample)
        for f in chosen:
            try:
                directory, flags = database_command(db, f)
            except SystemExit:
                continue  # a FILE of another of the databases
            tus.append((f, directory, db, flags))
    if not tus:
        sys.exit("no TU selected")
    tools = [
        ("clang++ -fsyntax-only (floor)", lambda f, db, fl: ["clang++-" + args.llvm, "-fsyntax-only"] + fl + [f]),
        ("clang-tidy, one cheap built-in check", lambda f, db, fl: [clang_tidy, "--config={}", "--checks=-*,readability-braces-around-statements", "-p", db, f]),
        ("async-tidy, all async-* checks", lambda f, db, fl: [tidy, "--config={}", "--checks=-*,async-*", "-p", db, f]),
        ("clang-tidy + plugin, all async-*", lambda f, db, fl: [clang_tidy, "--load=" + plugin, "--config={}", "--checks=-*,async-*", "-p", db, f]),
    ]
    names = [name for name, _ in tools]
    # Per TU and tool, the fastest of the rounds: noise here only ever adds time, so the minimum
    # is the steadiest estimate of each run, and one slow moment spoils one TU's figure, not a
    # whole round's. The best round's total, the older figure, is printed beside it.
    fastest = {(f, name): float("inf") for f, _, _, _ in tus for name in names}
    best_round = {name: float("inf") for name in names}
    peak = {name: 0.0 for name in names}
    for _ in range(args.repeat):
        totals = {name: 0.0 for name in names}
        for f, directory, db, flags in tus:
            for name, make in tools:
                secs, mib, code = measure(make(f, db, flags), directory)
                # A TU that does not compile here (a missing generated header) is skipped for
                # every tool alike, on the floor's word; the others exit 1 on findings.
                if code != 0 and name == tools[0][0]:
                    sys.exit("the floor failed on %s (exit %d): choose other TUs" % (f, code))
                if code not in (0, 1):
                    sys.exit("%s failed on %s (exit %d)" % (name, f, code))
                totals[name] += secs
                fastest[(f, name)] = min(fastest[(f, name)], secs)
                peak[name] = max(peak[name], mib)
        for name in totals:
            best_round[name] = min(best_round[name], totals[name])
    print("%d TUs of %s, %d rounds" % (len(tus), ", ".join(args.p), args.repeat))
    print("per TU, the fastest round's seconds and its ratio to the floor's:")
    print("  %-56s" % "TU" + "".join(" %15s" % short for short in ("floor", "cheap", "async-tidy", "plugin")))
    floor = names[0]
    for f, _, _, _ in tus:
        row = "  %-56s" % os.path.relpath(f, os.path.commonpath([os.path.dirname(t[0]) for t in tus]))[-56:]
        for name in names:
            row += " %7.2f %6.3f×" % (fastest[(f, name)], fastest[(f, name)] / fastest[(f, floor)])
        print(row)
    print("sum of each TU's fastest round (the target's figure):")
    print_table(names, {name: sum(fastest[(f, name)] for f, _, _, _ in tus) for name in names}, peak)
    print("best round's total:")
    print_table(names, best_round, peak)


def callgrind_main(args):
    tidy = os.path.join(args.build, "bin", "async-tidy")
    plugin = os.path.join(args.build, "lib", "AsyncTidyModule.so")
    clang_tidy = "clang-tidy-" + args.llvm
    clangxx = "clang++-" + args.llvm
    tus = [] if args.only_files else [
        (os.path.join(ROOT, "bench", "corpus", "asio_server.cpp"), ROOT, None, FLAGS)]
    for f in args.files:
        if not args.p:
            sys.exit("FILE arguments need -p BUILD_DB")
        directory, flags = database_command(args.p, f)
        tus.append((os.path.realpath(f), directory, args.p, flags))
    out_dir = args.keep or tempfile.mkdtemp(prefix="bench-callgrind-")
    os.makedirs(out_dir, exist_ok=True)

    def tidy_cmd(exe, extra, checks, f, db, flags):
        source = [exe] + extra + ["--config={}", "--checks=" + checks, f]
        return source + ["-p", db] if db else source + ["--"] + flags

    tools = [
        ("floor", "clang++ -fsyntax-only (floor)",
         lambda f, db, fl: [clangxx, "-fsyntax-only"] + fl + [f]),
        ("cheap", "clang-tidy, one cheap built-in check",
         lambda f, db, fl: tidy_cmd(clang_tidy, [], "-*,readability-braces-around-statements", f, db, fl)),
        # The framework alone: a check whose matcher is tried only on using-directives (rare),
        # so what it costs over the floor is clang-tidy's (MatchFinder's traversal of the
        # whole TU, the check factories, the option globs). The "cheap" check is not that on
        # Asio: its callbacks run on every if/for/while of every header (10 % there).
        ("framework", "clang-tidy, a check that never runs",
         lambda f, db, fl: tidy_cmd(clang_tidy, [], "-*,google-build-using-namespace", f, db, fl)),
        ("async-tidy", "async-tidy, all async-* checks",
         lambda f, db, fl: tidy_cmd(tidy, [], "-*,async-*", f, db, fl)),
        ("plugin", "clang-tidy + plugin, all async-*",
         lambda f, db, fl: tidy_cmd(clang_tidy, ["--load=" + plugin], "-*,async-*", f, db, fl)),
    ]
    # A run of a new build need not repeat the floor and the cheap check, which do not change:
    # --tools async-tidy,plugin --floor-ir N (the floor's count from an earlier run, one TU).
    wanted = args.tools.split(",")
    unknown = set(wanted) - {key for key, _, _ in tools}
    if unknown:
        sys.exit("unknown --tools: %s" % ",".join(sorted(unknown)))
    for n, (f, directory, db, flags) in enumerate(tus):
        print("== %s" % os.path.relpath(f, ROOT) if f.startswith(ROOT) else "== %s" % f)
        floor = args.floor_ir if "floor" not in wanted else None
        for i, (key, name, make) in enumerate(tools):
            if key not in wanted:
                continue
            label = "tu%d-tool%d" % (n, i)
            paths, code = callgrind_run(make(f, db, flags), directory, out_dir, label,
                                        FORK_ZERO.get(key, ()))
            if code != 0 and not (code == 1 and key != "floor"):
                sys.exit("%s failed on %s (exit %d)" % (name, f, code))
            total, parts = shares(paths)
            floor = floor or total
            print("%-40s %16s Ir %7.3f×" % (name, format(total, ","), total / floor))
            for part, share in parts:
                print("    %-60s %6.2f %%" % (part, 100 * share))
            sys.stdout.flush()
    print("callgrind files: %s" % out_dir)



def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--llvm", default="19")
    p.add_argument("--ci", action="store_true",
                   help="the CI lint step's benchmark (bench/ci_bench.py): project runs, -j, cache, --since")
    p.add_argument("--generated", type=int, default=12,
                   help="with --ci: generated Boost.Asio TUs added to the repository's own")
    p.add_argument("--callgrind", action="store_true",
                   help="count instructions with callgrind on a few heavy TUs instead")
    p.add_argument("-p", metavar="BUILD_DB", action="append", default=[],
                   help="with --callgrind: compilation database of FILEs; with --ci: a real "
                        "project's build directory (compile_commands.json); with --tus: one "
                        "or more")
    p.add_argument("--tus", action="store_true",
                   help="wall time and peak RSS on real projects' TUs (-p, FILEs or --sample)")
    p.add_argument("--sample", type=int, default=8, help="with --tus: TUs per database")
    p.add_argument("--keep", metavar="DIR", help="with --callgrind: where to keep callgrind files")
    p.add_argument("--only-files", action="store_true",
                   help="with --callgrind: only the FILEs, not bench/corpus/asio_server.cpp")
    p.add_argument("--tools", default="floor,cheap,framework,async-tidy,plugin",
                   help="with --callgrind: which of floor,cheap,framework,async-tidy,plugin to run")
    p.add_argument("--floor-ir", type=int, help="with --callgrind and --tools without floor: "
                   "the floor's instructions, for the ratios")
    p.add_argument("files", nargs="*", metavar="FILE", help="with --callgrind and -p: TUs to count")
    args = p.parse_args()
    if args.tus:
        if not args.p:
            sys.exit("--tus needs -p BUILD_DB")
        return tus_main(args)
    if len(args.p) > 1:
        sys.exit("-p is given once, except with --tus")
    args.p = args.p[0] if args.p else None
    if args.ci:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import ci_bench
        sys.exit(ci_bench.run(args))
    if args.callgrind:
        return callgrind_main(args)
    if args.files:
        sys.exit("FILE arguments are for --callgrind and --tus")

    files = sorted(glob.glob(os.path.join(ROOT, "bench", "corpus", "*.cpp")))
    files += sorted(glob.glob(os.path.join(ROOT, "examples", "*", "good.cpp")))
    files += sorted(glob.glob(os.path.join(ROOT, "test", "runtime", "*_test.cpp")))
    flags = FLAGS
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
    print("%d files, best of %d rounds" % (len(files), args.repeat))
    print_table([name for name, _ in tools], best, peak)


if __name__ == "__main__":
    main()
