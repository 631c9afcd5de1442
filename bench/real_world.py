#!/usr/bin/env python3
"""The real-world regression corpus: lint every TU of a project's compilation database with the
default async-* checks and report what was found, so each finding can be judged in context.

  bench/real_world.py -p BUILD_DIR --root SRC_ROOT [--name NAME] [--plugin] [-j N]
                      [--exclude REGEX] [--out FILE.md] [--json FILE.json]

BUILD_DIR holds the project's compile_commands.json (made by the user: CMake with
CMAKE_EXPORT_COMPILE_COMMANDS=ON, or by hand). Findings in the project's own headers count
(--header-filter is the source root); --exclude drops vendored third-party paths from both the
TU list and the findings. A finding reached from several TUs (a header) counts once.

With --plugin the same TUs also go through `clang-tidy-19 --load build/lib/AsyncTidyModule.so`
with the same checks, and the two front-ends' findings are compared finding for finding.

Written: a Markdown table (TUs, crashes, findings per check, every finding with its location,
relative to the source root, and message) and, with --json, the findings as JSON for diffing two
runs (`--compare OLD.json` prints what appeared and what disappeared).
Exit status: 0 when every TU was analysed without a crash (and, with --plugin, both agree), 1
otherwise.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = "-*,async-*,-async-await-in-loop"
CXX_EXTENSIONS = {".cpp", ".cc", ".cxx", ".c++", ".cp", ".mm"}
# file:line:col: warning: message [check-name]
DIAG = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*) "
                  r"\[(?P<check>async-[a-z-]+)(?:,[^\]]*)?\]$")


def lint(cmd, cwd):
    """Runs one front-end on one TU; returns (findings, crashed, stderr tail)."""
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, errors="replace")
    except OSError as e:  # the binary is being rebuilt, or is missing: a failed run, not a pass
        return [], True, f"cannot run {cmd[0]}: {e}", 0
    findings = []
    for line in proc.stdout.splitlines():
        m = DIAG.match(line)
        if m:
            findings.append((os.path.realpath(m["file"]), int(m["line"]), int(m["col"]),
                             m["check"], m["msg"]))
    errors = sum(1 for line in proc.stdout.splitlines() if ": error: " in line)
    # async-tidy: 0 clean, 1 findings, 2 a file did not compile (counted apart); clang-tidy: 0/1.
    crashed = proc.returncode < 0 or proc.returncode > 2 or "Stack dump" in proc.stderr \
        or "PLEASE submit a bug report" in proc.stderr
    return findings, crashed, proc.stderr[-2000:], errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-p", dest="build", required=True, help="directory of compile_commands.json")
    ap.add_argument("--root", required=True, help="the project's source root")
    ap.add_argument("--name", help="project name for the table (default: the root's basename)")
    ap.add_argument("--tidy-build", default=os.path.join(ROOT, "build"),
                    help="async-tidy's build directory (default: build/)")
    ap.add_argument("--plugin", action="store_true",
                    help="also run clang-tidy-19 --load of the plugin and compare")
    ap.add_argument("--llvm", default="19")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--exclude", default=None,
                    help="regex on paths (relative to the root) to leave out: vendored code")
    ap.add_argument("--out", help="write the Markdown report here (default: stdout)")
    ap.add_argument("--json", help="write the findings as JSON here")
    ap.add_argument("--compare", help="a previous --json file: print appeared/disappeared")
    args = ap.parse_args()

    root = os.path.realpath(args.root)
    name = args.name or os.path.basename(root)
    db_path = os.path.join(args.build, "compile_commands.json")
    try:
        with open(db_path) as f:
            db = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"real_world.py: cannot read {db_path}: {e}")
    exclude = re.compile(args.exclude) if args.exclude else None

    def rel(path):
        path = os.path.realpath(path)
        return os.path.relpath(path, root) if path.startswith(root + os.sep) else path

    files = []
    for entry in db:
        path = entry["file"]
        if not os.path.isabs(path):
            path = os.path.join(entry["directory"], path)
        path = os.path.realpath(path)
        # Assembly and C sources in a C++ project's database are not ours to lint.
        if os.path.splitext(path)[1].lower() not in CXX_EXTENSIONS:
            continue
        if exclude and exclude.search(rel(path)):
            continue
        if path not in files:
            files.append(path)

    tidy = os.path.join(args.tidy_build, "bin", "async-tidy")
    plugin = os.path.join(args.tidy_build, "lib", "AsyncTidyModule.so")
    header_filter = "^" + re.escape(root) + "/"
    # --config overrides any .clang-tidy of the project: its own checks and options are not ours.
    common = ["--config={}", "--checks=" + CHECKS, "--header-filter=" + header_filter,
              "-p", args.build, "--quiet"]
    fronts = {"cli": [tidy] + common}
    if args.plugin:
        fronts["plugin"] = ["clang-tidy-" + args.llvm, "--load=" + plugin] + common

    results = {front: {} for front in fronts}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        jobs = {pool.submit(lint, cmd + [path], args.build): (front, path)
                for path in files for front, cmd in fronts.items()}
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            front, path = jobs[job]
            results[front][path] = job.result()
            if sys.stderr.isatty():
                print(f"\r[{done}/{len(jobs)}] {rel(path)[:60]:60}", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)

    def unique(front):
        seen = {}
        for path in files:
            for f in results[front][path][0]:
                if exclude and exclude.search(rel(f[0])):
                    continue
                seen.setdefault((rel(f[0]), f[1], f[2], f[3]), f[4])
        return seen

    cli = unique("cli")
    crashes = [p for p in files if any(results[fr][p][1] for fr in fronts)]
    # A TU that does not compile is analysed only in part: say so, it is not a clean result.
    broken = [p for p in files if results["cli"][p][3]]
    out = [f"## {name}", "",
           f"TUs: {len(files)} · crashes: {len(crashes)} · with compile errors: {len(broken)} · "
           f"findings: {len(cli)}", ""]
    per_check = collections.Counter(k[3] for k in cli)
    if per_check:
        out += ["| check | findings |", "|---|---|"]
        out += [f"| {c} | {n} |" for c, n in sorted(per_check.items())]
        out.append("")
    agree = True
    if args.plugin:
        plug = unique("plugin")
        agree = set(plug.items()) == set(cli.items())
        out.append("CLI and plugin agree finding for finding." if agree else
                   f"CLI and plugin DISAGREE: only CLI {sorted(set(cli) - set(plug))}, "
                   f"only plugin {sorted(set(plug) - set(cli))}")
        out.append("")
    for path in crashes:
        out.append(f"- CRASH in {rel(path)}:\n```\n{results['cli'][path][2]}\n```")
    for path in broken:
        out.append(f"- compile errors in {rel(path)}")
    if cli:
        out += ["| location | check | message |", "|---|---|---|"]
        for (path, line, col, check), msg in sorted(cli.items()):
            out.append(f"| {path}:{line}:{col} | {check} | {msg.replace('|', chr(92) + '|')} |")
    text = "\n".join(out) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)

    rows = [{"file": k[0], "line": k[1], "col": k[2], "check": k[3], "message": v}
            for k, v in sorted(cli.items())]
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"project": name, "tus": len(files), "crashes": len(crashes),
                       "compile_errors": len(broken),
                       "findings": rows}, f, indent=1)
    if args.compare:
        with open(args.compare) as f:
            old = {(r["file"], r["line"], r["col"], r["check"]): r["message"]
                   for r in json.load(f)["findings"]}
        for key in sorted(set(old) - set(cli)):
            print(f"- gone: {key[0]}:{key[1]}:{key[2]} [{key[3]}] {old[key]}", file=sys.stderr)
        for key in sorted(set(cli) - set(old)):
            print(f"+ new:  {key[0]}:{key[1]}:{key[2]} [{key[3]}] {cli[key]}", file=sys.stderr)
        for key in sorted(set(cli) & set(old)):
            if cli[key] != old[key]:
                print(f"~ text: {key[0]}:{key[1]}:{key[2]} [{key[3]}] {cli[key]}",
                      file=sys.stderr)
    return 0 if not crashes and agree else 1


if __name__ == "__main__":
    sys.exit(main())
