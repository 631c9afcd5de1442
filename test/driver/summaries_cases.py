#!/usr/bin/env python3
"""Transitive blocking across translation units (the summaries): the project in
Inputs/cross-tu, copied to a temporary directory with a compile_commands.json.

  summaries_cases.py ASYNC_TIDY INPUTS_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

tidy, inputs = sys.argv[1], sys.argv[2]
d = os.path.realpath(tempfile.mkdtemp(prefix="async-tidy-summaries-"))
for name in os.listdir(inputs):
    shutil.copy(os.path.join(inputs, name), d)
os.mkdir(os.path.join(d, "build"))
with open(os.path.join(d, "build", "compile_commands.json"), "w") as f:
    json.dump([{"directory": d, "file": os.path.join(d, f),
                "command": "clang++ -std=c++20 -c %s -o %s.o" % (f, f)}
               for f in ("a.cpp", "b.cpp", "c.cpp")], f)


def case(name, args):
    r = subprocess.run([tidy, "-p", "build"] + args, cwd=d, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    print("=== %s: exit %d" % (name, r.returncode))
    print(r.stdout.replace(d, "<tmp>"), end="")
    print("--- stderr")
    print(r.stderr.replace(d, "<tmp>"), end="")
    return r


case("one-pass", ["--no-summaries"])
case("automatic", [])
first = case("two-passes", ["--summaries", "sums", "--cache-dir", "cache"])
again = case("two-passes-cached", ["--summaries", "sums", "--cache-dir", "cache"])
print("=== cached-same-output: %s" % ("same" if first.stdout == again.stdout else "DIFFERENT"))
case("deeper", ["--summaries", "sums", "--config={CheckOptions: {MaxCallDepth: 5}}",
                "--checks=-*,async-blocking-sleep"])
case("off", ["--summaries", "sums", "--config={CheckOptions: {MaxCallDepth: 0}}"])
merged = json.load(open(os.path.join(d, "sums", "merged.json")))
print("=== merged: version %d, checks %s" % (merged["version"], sorted(merged["chains"])[:2]))
shutil.rmtree(d)
print("=== end")
