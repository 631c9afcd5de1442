#!/usr/bin/env python3
"""The real-world regression corpus: lint every TU of a project's compilation database with the
default async-* checks and report what was found, so each finding can be judged in context.

  bench/real_world.py -p BUILD_DIR --root SRC_ROOT [--name NAME] [--plugin] [-j N]
                      [--exclude REGEX] [--out FILE.md] [--json FILE.json]
  bench/real_world.py -p BUILD_DIR --root SRC_ROOT --fix-compile [-j N] [--exclude REGEX]
                      [--out FILE.md] [--json FILE.json]

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

--fix-compile checks that the fix-its compile, instead of reporting findings. For each TU (after
--exclude), async-tidy runs with the same checks and header filter and --export-fixes; the
replacements of the exported warnings are what --fix would apply (a warning whose edits overlap
an earlier one's is left out, as --fix does, and counted as a conflict). When there are any, the
TU's database command, turned into `-fsyntax-only` (no -o, -c or dependency files), must compile
the original, else the TU is not counted (listed as "does not compile as is", as is a TU
async-tidy reports compile errors in; a TU without fix-its counts as compiling when async-tidy
parsed it without errors). The fix-its are then applied to copies, in a temporary directory, of
the files they touch (the TU's source and project headers; the tree is never written), and the
same command, given a clang `-ivfsoverlay` that shows each copy at its original path, compiles
the fixed TU. A file with several database commands is compiled with each.
Reported per project: TUs, TUs that compile as is, TUs with fix-its applied, fix-its applied (by
check; per TU, and distinct: a header's fix-it reached from several TUs counts once there), fixed
TUs that compile, fixed TUs that fail (with the first error), and every distinct fix-it with its
location and edit. Exit status 1 when a fixed TU that compiled as is fails to compile (or
async-tidy crashed on a TU), 0 otherwise.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

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


def syntax_only(entry):
    """The database entry's command as an argument list that only parses: -fsyntax-only, no
    output, no dependency file. Run in the entry's directory."""
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out, i = [args[0]], 1
    while i < len(args):
        a = args[i]
        if a in ("-o", "-MF", "-MT", "-MQ"):
            i += 2
            continue
        if a in ("-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG") or \
                re.match(r"-(o|MF|MT|MQ).", a) and not a.startswith("-objc"):
            i += 1
            continue
        out.append(a)
        i += 1
    return out + ["-fsyntax-only", "-fno-color-diagnostics"]


def first_error(stderr):
    for line in stderr.splitlines():
        if ": error: " in line or line.startswith("error: ") or ": fatal error: " in line:
            return line.strip()
    return stderr.strip().splitlines()[-1] if stderr.strip() else "(no message)"


def compiles(commands, overlay=None):
    """Runs each (args, directory); returns None when all compile, else the first error."""
    for args, cwd in commands:
        cmd = list(args)
        if overlay:
            cmd[1:1] = ["-ivfsoverlay", overlay]
        try:
            proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, errors="replace")
        except OSError as e:
            return f"cannot run {cmd[0]}: {e}"
        if proc.returncode != 0:
            return first_error(proc.stderr)
    return None


def overlapping(a, b):
    """Two edits (offset, length, text) of one file conflict when their ranges intersect, or
    when one is an insertion at the other's start (their order would be a guess)."""
    if a == b:
        return False
    (ao, al, _), (bo, bl, _) = a, b
    if ao == bo:
        return True
    return ao < bo + bl and bo < ao + al


def fix_one(path, commands, tidy_cmd, build, workdir):
    """One TU of --fix-compile; returns a dict (see fix_compile)."""
    res = {"file": path, "original": None, "crashed": False, "applied": [],
           "conflicts": 0, "fixed": None, "tidy_errors": 0}
    yaml_path = os.path.join(workdir, "fixes.yaml")
    findings, crashed, tail, errors = lint(tidy_cmd + ["--export-fixes=" + yaml_path, path], build)
    res["crashed"], res["tidy_errors"], res["findings"] = crashed, errors, len(findings)
    if crashed:
        res["tail"] = tail
        return res
    if errors:  # async-tidy could not parse it: what does the compiler say?
        res["original"] = compiles(commands) or f"async-tidy: {errors} compile error(s)"
        return res
    import yaml  # PyYAML (Debian python3-yaml): only --fix-compile needs it
    try:
        with open(yaml_path) as f:
            doc = yaml.load(f, Loader=yaml.BaseLoader) or {}  # every scalar a string
    except OSError:
        doc = {}
    per_file = collections.defaultdict(list)  # real path -> accepted edits
    for diag in doc.get("Diagnostics") or []:
        msg = diag.get("DiagnosticMessage") or {}
        edits = []
        for r in msg.get("Replacements") or []:
            fp = r["FilePath"]
            if not os.path.isabs(fp):
                fp = os.path.join(build, fp)
            edits.append((os.path.realpath(fp), (int(r["Offset"]), int(r["Length"]),
                                                  r.get("ReplacementText", ""))))
        if not edits:
            continue
        if any(overlapping(e, old) for fp, e in edits for old in per_file[fp]):
            res["conflicts"] += 1
            continue
        for fp, e in edits:
            if e not in per_file[fp]:
                per_file[fp].append(e)
        res["applied"].append({"check": diag.get("DiagnosticName", "?"), "file": edits[0][0],
                               "offset": edits[0][1][0], "edits": [(f, *e) for f, e in edits]})
    if not res["applied"]:
        return res
    # Only a TU that compiles as is can tell whether its fix-its compile.
    res["original"] = compiles(commands)
    if res["original"] is not None:
        return res
    roots = []
    for n, (fp, edits) in enumerate(sorted(per_file.items())):
        with open(fp, "rb") as f:
            data = f.read()
        for off, length, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            data = data[:off] + text.encode() + data[off + length:]
        copy = os.path.join(workdir, f"{n}_{os.path.basename(fp)}")
        with open(copy, "wb") as f:
            f.write(data)
        roots.append({"type": "file", "name": fp, "external-contents": copy})
    overlay = os.path.join(workdir, "overlay.yaml")
    with open(overlay, "w") as f:
        json.dump({"version": 0, "case-sensitive": "true", "use-external-names": False,
                   "roots": roots}, f)
    res["fixed"] = compiles(commands, overlay)
    return res


def fix_compile(args, files, entries, tidy, common, rel, exclude, name):
    """--fix-compile: apply each TU's fix-its to copies and compile them (see the docstring)."""
    def commands(path):
        seen = []
        for e in entries[path]:
            c = (syntax_only(e), e["directory"])
            if c not in seen:
                seen.append(c)
        return seen

    results = {}
    with tempfile.TemporaryDirectory(prefix="fix-compile-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        jobs = {}
        for n, path in enumerate(files):
            work = os.path.join(tmp, str(n))
            os.makedirs(work)
            jobs[pool.submit(fix_one, path, commands(path), [tidy] + common, args.build,
                             work)] = path
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            results[jobs[job]] = job.result()
            if sys.stderr.isatty():
                print(f"\r[{done}/{len(jobs)}] {rel(jobs[job])[:60]:60}", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)

    rs = [results[p] for p in files]
    as_is = [r for r in rs if r["original"] is None]
    crashed = [r for r in as_is if r["crashed"]]
    fixed = [r for r in as_is if r["applied"]]
    ok = [r for r in fixed if r["fixed"] is None]
    bad = [r for r in fixed if r["fixed"] is not None]
    per_check = collections.Counter(a["check"] for r in fixed for a in r["applied"])
    distinct = {}
    for r in fixed:
        for a in r["applied"]:
            distinct.setdefault((a["file"], a["offset"], a["check"]), a)
    per_check_distinct = collections.Counter(k[2] for k in distinct)
    conflicts = sum(r["conflicts"] for r in as_is)

    def where(fp, off):
        try:
            with open(fp, "rb") as f:
                head = f.read(off)
        except OSError:
            return f"{rel(fp)}:@{off}"
        line = head.count(b"\n") + 1
        col = off - (head.rfind(b"\n") + 1) + 1
        return f"{rel(fp)}:{line}:{col}"

    def edit_text(a):
        parts = []
        for fp, off, length, text in a["edits"]:
            with open(fp, "rb") as f:
                f.seek(off)
                old = f.read(length).decode(errors="replace")
            parts.append(f"`{old}` → `{text}`" if old else f"insert `{text}`")
        return "; ".join(parts).replace("|", chr(92) + "|").replace("\n", " ")

    out = [f"## {name}: fix-its applied and compiled", "",
           f"TUs: {len(files)} · compile as is: {len(as_is)} · with fix-its applied: {len(fixed)}"
           f" · fix-its applied: {sum(per_check.values())} ({len(distinct)} distinct) · "
           f"conflicts left out: {conflicts} · fixed TUs that compile: {len(ok)} · "
           f"fixed TUs that fail: {len(bad)} · async-tidy crashes: {len(crashed)}", ""]
    if per_check:
        out += ["| check | fix-its applied (per TU) | distinct |", "|---|---|---|"]
        out += [f"| {c} | {n} | {per_check_distinct[c]} |" for c, n in sorted(per_check.items())]
        out.append("")
    for r in rs:
        if r["original"] is not None:
            out.append(f"- does not compile as is (not counted): {rel(r['file'])}: "
                       f"`{r['original']}`")
    for r in crashed:
        out.append(f"- async-tidy CRASH in {rel(r['file'])}:\n```\n{r['tail']}\n```")
    for r in bad:
        out.append(f"- FIXED TU FAILS: {rel(r['file'])} ({len(r['applied'])} fix-its): "
                   f"`{r['fixed']}`")
    if out[-1] != "":
        out.append("")
    if distinct:
        out += ["| location | check | edit |", "|---|---|---|"]
        for (fp, off, check), a in sorted(distinct.items(), key=lambda kv: (rel(kv[0][0]),
                                                                              kv[0][1])):
            out.append(f"| {where(fp, off)} | {check} | {edit_text(a)} |")
    text = "\n".join(out) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"project": name, "mode": "fix-compile", "tus": len(files),
                       "compile_as_is": len(as_is), "with_fixits": len(fixed),
                       "fixits_applied": dict(sorted(per_check.items())),
                       "fixits_distinct": dict(sorted(per_check_distinct.items())),
                       "conflicts": conflicts, "fixed_compile": len(ok),
                       "fixed_fail": [{"file": rel(r["file"]), "error": r["fixed"]} for r in bad],
                       "not_compiling_as_is": [{"file": rel(r["file"]), "error": r["original"]}
                                               for r in rs if r["original"] is not None],
                       "crashes": [rel(r["file"]) for r in crashed],
                       "fixits": [{"location": where(fp, off), "check": check,
                                   "edit": edit_text(a)}
                                  for (fp, off, check), a in sorted(distinct.items())]},
                      f, indent=1)
    return 1 if bad or crashed else 0


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
    ap.add_argument("--fix-compile", action="store_true",
                    help="apply each TU's fix-its to copies and compile the fixed TUs "
                         "(instead of the findings report)")
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
    entries = collections.defaultdict(list)
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
        entries[path].append(entry)

    tidy = os.path.join(args.tidy_build, "bin", "async-tidy")
    plugin = os.path.join(args.tidy_build, "lib", "AsyncTidyModule.so")
    header_filter = "^" + re.escape(root) + "/"
    # --config overrides any .clang-tidy of the project: its own checks and options are not ours.
    common = ["--config={}", "--checks=" + CHECKS, "--header-filter=" + header_filter,
              "-p", args.build, "--quiet"]
    if args.fix_compile:
        return fix_compile(args, files, entries, tidy, common, rel, exclude, name)
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
