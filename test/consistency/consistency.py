#!/usr/bin/env python3
"""One source, everything derived: every check registered in the module has its doc, its lit
test, its example pair and an entry in docs/README.md; every option a check reads (as
--dump-config shows) is documented in its doc's Options table and every documented option is
read; every catalogue category has its check; the docs' catalogue tables match the .def.

  consistency.py ASYNC_TIDY SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

tidy, root = sys.argv[1], sys.argv[2]
problems = []


def out(args):
    return subprocess.run([tidy] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, cwd="/").stdout


listed = out(["--checks=-*,async-*", "--list-checks"])
checks = sorted(set(re.findall(r"^\s+(async-[a-z\-]+)$", listed, re.M)))
if not checks:
    problems.append("no async-* checks registered:\n" + listed)

index = open(os.path.join(root, "docs", "README.md"), encoding="utf-8").read()
for check in checks:
    doc = os.path.join(root, "docs", "checks", check + ".md")
    if not os.path.exists(doc):
        problems.append("%s: no doc %s" % (check, doc))
        continue
    tests = [f for f in os.listdir(os.path.join(root, "test", "checks"))
             if f == check + ".cpp" or f.startswith(check + "-")]
    if not tests:
        problems.append("%s: no lit test test/checks/%s.cpp" % (check, check))
    for kind in ("bad.cpp", "good.cpp"):
        if not os.path.exists(os.path.join(root, "examples", check, kind)):
            problems.append("%s: no examples/%s/%s" % (check, check, kind))
    if "checks/%s.md" % check not in index:
        problems.append("%s: not listed in docs/README.md" % check)

    dumped = out(["--checks=-*," + check, "--dump-config"])
    read = set(re.findall(r"^\s+%s\.(\w+):" % re.escape(check), dumped, re.M))
    text = open(doc, encoding="utf-8").read()
    options = text.split("## Options", 1)[1].split("\n## ", 1)[0] if "## Options" in text else ""
    documented = set(re.findall(r"^\|\s*`(\w+)`\s*\|", options, re.M))
    for o in sorted(read - documented):
        problems.append("%s: option %s is read but not in the doc's Options table" % (check, o))
    for o in sorted(documented - read):
        problems.append("%s: option %s is documented but the check does not read it" % (check, o))

categories = set(re.findall(r"^ASYNC_BLOCKING\((\w+),", open(os.path.join(root, "checks", "BlockingCatalogue.def")).read(), re.M))
names = {"Sleep": "sleep", "FileIo": "file-io", "Http": "http", "Network": "network", "Db": "db",
         "DeviceIo": "device-io", "Process": "process", "Sync": "sync"}
for c in sorted(categories):
    if "async-blocking-" + names.get(c, c) not in checks:
        problems.append("catalogue category %s has no registered check" % c)

gen = subprocess.run([sys.executable, os.path.join(root, "scripts", "gen-catalogue-docs.py"), "--check"],
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
if gen.returncode:
    problems.append(gen.stdout)

for p in problems:
    print("PROBLEM:", p)
print("%d checks, %d problems" % (len(checks), len(problems)))
sys.exit(1 if problems else 0)
