#!/usr/bin/env python3
"""Lints every examples/<check>/ pair with all async-* checks through one front-end:
bad.cpp must be flagged, and only by <check>; good.cpp must lint clean.

  lint_examples.py --tidy "CMD" EXAMPLES_DIR -- COMPILE-FLAGS
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

WARNING = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): .*\[([\w\-,.]+)\]$", re.M)


def main():
    argv = sys.argv[1:]
    flags = []
    if "--" in argv:
        i = argv.index("--")
        argv, flags = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser()
    p.add_argument("--tidy", required=True)
    p.add_argument("--findings-exit", type=int, default=0,
                   help="the exit status expected with findings (async-tidy: 1, clang-tidy: 0)")
    p.add_argument("examples")
    args = p.parse_args(argv)

    failures = 0
    checked = 0
    for check in sorted(os.listdir(args.examples)):
        d = os.path.join(args.examples, check)
        if not (check.startswith("async-") and os.path.isdir(d)):
            continue
        for kind in ("bad", "good"):
            src = os.path.join(d, kind + ".cpp")
            if not os.path.exists(src):
                print("MISSING %s" % src)
                failures += 1
                continue
            cmd = shlex.split(args.tidy) + ["--checks=-*,async-*", "--config={}", src, "--"] + flags
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            found = WARNING.findall(r.stdout)
            names = sorted({f[4] for f in found})
            checked += 1
            if kind == "bad":
                ok = r.returncode == args.findings_exit and found and names == [check]
            else:
                ok = r.returncode == 0 and not found
            print("%s %s/%s.cpp: %s" % ("ok  " if ok else "FAIL", check, kind,
                                      ", ".join(names) if names else "clean"))
            if not ok:
                failures += 1
                print(r.stdout)
    print("%d example files linted, %d failed" % (checked, failures))
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
