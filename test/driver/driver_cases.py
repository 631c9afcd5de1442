#!/usr/bin/env python3
"""Runs async-tidy the way users do, in temporary projects outside this repository (so no
.clang-tidy of ours applies), and prints one block per case for FileCheck.

  driver_cases.py ASYNC_TIDY SLEEPY_CPP
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

tidy, sleepy = sys.argv[1], sys.argv[2]


def run(name, args, cwd):
    r = subprocess.run([tidy] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    print("=== %s: exit %d" % (name, r.returncode))
    print(r.stdout.replace(cwd, "<tmp>"))


def project(with_db=True, clang_tidy=None):
    d = tempfile.mkdtemp(prefix="async-tidy-driver-")
    shutil.copy(sleepy, os.path.join(d, "a.cpp"))
    with open(os.path.join(d, "b.cpp"), "w") as f:
        f.write("int b() { return 1; }\n")
    with open(os.path.join(d, "broken.cpp"), "w") as f:
        f.write("void broken() { this does not parse }\n")
    if with_db:
        os.mkdir(os.path.join(d, "build"))
        db = [{"directory": d, "file": os.path.join(d, f),
               "command": "clang++ -std=c++20 -c %s" % f} for f in ("a.cpp", "b.cpp")]
        with open(os.path.join(d, "build", "compile_commands.json"), "w") as f:
            json.dump(db, f)
    if clang_tidy:
        with open(os.path.join(d, ".clang-tidy"), "w") as f:
            f.write(clang_tidy)
    return d


d = project()
run("default-checks", ["a.cpp", "--", "-std=c++20"], d)
run("list-default", ["--list-checks"], d)
run("whole-database", ["-p", "build"], d)
run("export-fixes", ["-p", "build", "a.cpp", "--export-fixes=fixes.yaml"], d)
print(open(os.path.join(d, "fixes.yaml")).read().replace(d, "<tmp>") if os.path.exists(os.path.join(d, "fixes.yaml")) else "no fixes.yaml")
run("unknown-option", ["--no-such-option", "a.cpp", "--", "-std=c++20"], d)
run("missing-file", ["nope.cpp", "--", "-std=c++20"], d)
run("does-not-parse", ["broken.cpp", "--", "-std=c++20"], d)
run("dump-config", ["--checks=-*,async-blocking-sleep", "--dump-config"], d)
shutil.rmtree(d)

d = project(with_db=False)
run("no-database", ["a.cpp"], d)
run("no-database-no-file", [], d)
run("bad-build-dir", ["-p", "nowhere", "a.cpp"], d)
shutil.rmtree(d)

# A coroutine in a project header: shown only when --header-filter selects the header.
d = project()
with open(os.path.join(d, "poller.h"), "w") as f:
    f.write(open(sleepy).read())
with open(os.path.join(d, "uses_header.cpp"), "w") as f:
    f.write('#include "poller.h"\n')
run("header-not-selected", ["uses_header.cpp", "--", "-std=c++20"], d)
run("header-selected", ["--header-filter=.*", "uses_header.cpp", "--", "-std=c++20"], d)
shutil.rmtree(d)

d = project(clang_tidy="Checks: '-*,async-blocking-sleep'\n"
                       "CheckOptions:\n  async-blocking-sleep.AllowedFunctions: '::usleep'\n")
run("clang-tidy-file", ["a.cpp", "--", "-std=c++20"], d)
shutil.rmtree(d)

# Exit statuses a CI step can trust: 0 clean, 1 findings, 2 could not do the job.
d = project()
run("clean-file", ["b.cpp", "--", "-std=c++20"], d)
run("warnings-as-errors", ["--warnings-as-errors=async-*", "a.cpp", "--", "-std=c++20"], d)
run("bad-header-filter", ["--header-filter=(", "a.cpp", "--", "-std=c++20"], d)
# Empty is clang-tidy 19's default (no header), and what a user writes to say so under 22.
run("empty-header-filter", ["--header-filter=", "--exclude-header-filter=", "a.cpp", "--", "-std=c++20"], d)
run("unknown-check", ["--checks=-*,async-blocking-sleep,async-blockign-*,clang-analyzer-core.Div*Zero,readability-*-statements",
                      "b.cpp", "--", "-std=c++20"], d)
# readability-identifier-naming's <Kind>Case options exist only once given: not unknown.
run("unknown-option-key", ["--config={CheckOptions: {async-blocking-sleep.SleepFuntion: f, "
                           "readability-identifier-naming.VariableCase: camelBack}}",
                           "b.cpp", "--", "-std=c++20"], d)
run("bad-inline-config", ["--config={Checks: [", "a.cpp", "--", "-std=c++20"], d)
run("missing-config-file", ["--config-file=nope.yaml", "a.cpp", "--", "-std=c++20"], d)
with open(os.path.join(d, "build", "compile_commands.json"), "w") as f:
    f.write('[{"directory": "%s", "file": "a.cpp", ' % d)  # cut off
run("malformed-database", ["-p", "build"], d)
shutil.rmtree(d)

d = project(clang_tidy="Checks: '-*,async-*'\nCheckOptions: [oops\n")
os.mkdir(os.path.join(d, "sub"))
shutil.copy(os.path.join(d, "a.cpp"), os.path.join(d, "sub", "c.cpp"))
run("broken-clang-tidy", ["sub/c.cpp", "--", "-std=c++20"], d)
shutil.rmtree(d)
print("=== end")
