#!/usr/bin/env python3
"""Lints the check library and front-ends with the repository's .clang-tidy, two files at a
time (the machine has two cores), through the build's compilation database.

  dogfood.py CLANG_TIDY SOURCE_ROOT BUILD_DIR
"""
import concurrent.futures
import json
import os
import subprocess
import sys

tidy, root, build = sys.argv[1:4]
db = json.load(open(os.path.join(build, "compile_commands.json")))
dirs = tuple(os.path.join(root, d) + os.sep for d in ("checks", "driver", "plugin", "clangd"))
files = sorted({e["file"] for e in db if e["file"].startswith(dirs) and e["file"].endswith(".cpp")})


def lint(f):
    r = subprocess.run([tidy, "-p", build, "--quiet", f], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return f, r.returncode, r.stdout


failed = 0
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for f, code, output in pool.map(lint, files):
        if code:
            failed += 1
            print(output)
        print("%s %s" % ("ok  " if code == 0 else "FAIL", os.path.relpath(f, root)))
print("%d files linted, %d failed" % (len(files), failed))
sys.exit(1 if failed or not files else 0)
