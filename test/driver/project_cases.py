#!/usr/bin/env python3
"""Project runs as a CI step makes them: a small project with a real compile_commands.json and
a real git repository, made in a temporary directory; prints one block per case for FileCheck.

  project_cases.py ASYNC_TIDY ASYNCRT_INCLUDE [SARIF_MULTITOOL]

Paths are printed relative to the project (<tmp>). Cases compare whole outputs themselves where
the claim is equality (-j 2 against -j 1, a cached run against an uncached one).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

tidy, asyncrt = sys.argv[1], sys.argv[2]
multitool = sys.argv[3] if len(sys.argv) > 3 else ""

COMMON_H = """#pragma once
#include <coroutine>
#include <exception>
#include <unistd.h>

struct Job {
  struct promise_type {
    Job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// Included by a.cpp and c.cpp: its finding must be reported once.
inline Job tick() {
  sleep(1);
  co_return;
}
"""

A_CPP = """#include "common.h"

Job poll() {
  usleep(10);
  co_return;
}
"""

B_CPP = "int b() { return 1; }\n"

C_CPP = """#include "common.h"
#include <asyncrt/task.hpp>

asyncrt::task<void> audit(int request) { co_return; }

asyncrt::task<int> handle(int request) {
  audit(request);
  co_return request * 2;
}
"""


def write(d, name, text):
    path = os.path.join(d, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def git(d, *args):
    subprocess.run(["git", "-C", d] + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def project(files=("a.cpp", "b.cpp", "c.cpp")):
    d = os.path.realpath(tempfile.mkdtemp(prefix="async-tidy-project-"))
    write(d, "common.h", COMMON_H)
    write(d, "a.cpp", A_CPP)
    write(d, "b.cpp", B_CPP)
    write(d, "c.cpp", C_CPP)
    db = [{"directory": d, "file": os.path.join(d, f),
           "command": "clang++ -std=c++20 -I%s -c %s -o %s.o" % (asyncrt, f, f)} for f in files]
    write(d, "build/compile_commands.json", json.dumps(db, indent=1))
    write(d, ".gitignore", "build/\ncache/\n*.sarif\n*.json\n*.yaml\n")
    git(d, "init", "-q")
    git(d, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(d, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
    return d


def run(d, args, env=None):
    e = dict(os.environ)
    e.pop("CI", None)
    e.pop("ASYNC_TIDY_CACHE_DIR", None)
    e.update(env or {})
    r = subprocess.run([tidy] + args, cwd=d, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=e)
    return r.returncode, r.stdout.replace(d, "<tmp>"), r.stderr.replace(d, "<tmp>")


def case(name, d, args, env=None, show="both"):
    code, out, err = run(d, args, env)
    print("=== %s: exit %d" % (name, code))
    if show in ("both", "out"):
        print(out, end="")
    if show in ("both", "err"):
        print("--- stderr")
        print(err, end="")
    return code, out, err


HF = "--header-filter=.*"
d = project()

# The whole database, text: findings in TU order, the header's once, a summary on stderr.
case("text", d, ["-p", "build", HF, "-j", "1"])

# -j 2 writes exactly what -j 1 writes, in every format.
for fmt in ("text", "json", "sarif", "github"):
    one = run(d, ["-p", "build", HF, "-j", "1", "--format", fmt])
    two = run(d, ["-p", "build", HF, "-j", "2", "--format", fmt])
    same = one[0] == two[0] and one[1] == two[1]
    print("=== jobs-identical-%s: %s" % (fmt, "same" if same else "DIFFERENT"))
    if not same:
        print(one[1], "\n-----\n", two[1])

# JSON: findings with locations relative to the root, and the fix-it.
code, out, _ = run(d, ["-p", "build", HF, "--format", "json"])
doc = json.loads(out)
print("=== json: exit %d" % code)
for f in doc["findings"]:
    print("%s:%d:%d %s %s fixes=%s notes=%d" % (
        f["path"], f["location"]["line"], f["location"]["column"], f["level"], f["check"],
        [x["text"] for x in f["fixes"]], len(f["notes"])))

# SARIF, validated by Microsoft's SARIF Multitool with GitHub's ingestion rules.
code, out, _ = run(d, ["-p", "build", HF, "--format", "sarif", "--output", "out.sarif"])
sarif = json.load(open(os.path.join(d, "out.sarif")))
r0 = sarif["runs"][0]
print("=== sarif: exit %d, version %s, %d rules, %d results" % (
    code, sarif["version"], len(r0["tool"]["driver"]["rules"]), len(r0["results"])))
for res in r0["results"]:
    loc = res["locations"][0]["physicalLocation"]
    print("%s %s:%d:%d fixes=%d related=%d" % (
        res["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"],
        loc["region"]["startColumn"], len(res.get("fixes", [])), len(res.get("relatedLocations", []))))
if multitool:
    v = subprocess.run([multitool, "validate", "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite",
                        "-o", os.path.join(d, "validation.sarif"), os.path.join(d, "out.sarif")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    report = json.load(open(os.path.join(d, "validation.sarif")))
    bad = [r for run_ in report["runs"] for r in run_.get("results", [])
           if r.get("level", "warning") in ("error", "warning")]
    print("=== sarif-validation: exit %d, %d errors or warnings" % (v.returncode, len(bad)))
    for r in bad:
        print(r.get("ruleId"), json.dumps(r.get("message")))

# GitHub workflow annotations.
case("github", d, ["-p", "build", HF, "--format", "github"], show="out")

# --warnings-as-errors as in clang-tidy: errors, marked, exit 1.
case("warnings-as-errors", d, ["-p", "build", "a.cpp", "--warnings-as-errors=async-*"])

# --export-fixes merges every TU's diagnostics into one file clang-apply-replacements reads.
case("export-fixes", d, ["-p", "build", HF, "--export-fixes=fixes.yaml"], show="none")
print(open(os.path.join(d, "fixes.yaml")).read().replace(d, "<tmp>"))

# Shards: disjoint, and together every TU.
for shard in ("1/2", "2/2"):
    case("shard-" + shard, d, ["-p", "build", "--shard", shard, "--format", "github"], show="out")

# Globs select files of the database.
case("glob", d, ["-p", "build", "[ab].cpp"], show="err")

# Baseline: adopt the findings, move them with edits elsewhere, report only a new one.
case("write-baseline", d, ["-p", "build", HF, "--write-baseline", "baseline.json"], show="err")
with open(os.path.join(d, "a.cpp")) as f:
    a = f.read()
write(d, "a.cpp", "// a comment that moves every line\n\n" + a)
case("baseline-moved", d, ["-p", "build", HF, "--baseline", "baseline.json"])
write(d, "a.cpp", "// a comment that moves every line\n\n" + a.replace("  usleep(10);\n", "  usleep(10);\n  usleep(20);\n"))
case("baseline-new", d, ["-p", "build", HF, "--baseline", "baseline.json"])
write(d, "a.cpp", A_CPP)

# --since: only the TUs whose file, or a header they include, changed.
case("since-nothing", d, ["-p", "build", "--since", "HEAD"], show="err")
write(d, "b.cpp", B_CPP + "int b2() { return 2; }\n")
case("since-source", d, ["-p", "build", "--since", "HEAD"])
write(d, "b.cpp", B_CPP)
write(d, "common.h", COMMON_H + "\n")
case("since-header", d, ["-p", "build", HF, "--since", "HEAD", "--format", "github"])
write(d, "common.h", COMMON_H)
write(d, "new.h", "#pragma once\n")
case("since-untracked-unused", d, ["-p", "build", "--since", "HEAD"], show="err")
os.remove(os.path.join(d, "new.h"))
case("since-bad-revision", d, ["-p", "build", "--since", "no-such-rev"], show="err")

# The cache: a second run analyses nothing and prints the same; a changed header or option misses.
cold = case("cache-cold", d, ["-p", "build", HF, "--cache-dir", "cache"], show="err")
warm = case("cache-warm", d, ["-p", "build", HF, "--cache-dir", "cache"], show="err")
print("=== cache-same-output: %s" % ("same" if cold[1] == warm[1] and cold[0] == warm[0] else "DIFFERENT"))
write(d, "common.h", COMMON_H.replace("sleep(1);", "sleep(1);\n  sleep(2);"))
case("cache-header-changed", d, ["-p", "build", HF, "--cache-dir", "cache"])
write(d, "common.h", COMMON_H)
case("cache-header-restored", d, ["-p", "build", HF, "--cache-dir", "cache"], show="err")
case("cache-option-changed", d, ["-p", "build", HF, "--cache-dir", "cache",
                                 "--config={CheckOptions: {async-blocking-sleep.AllowedFunctions: '::usleep'}}"])
case("cache-env", d, ["-p", "build", HF], env={"ASYNC_TIDY_CACHE_DIR": os.path.join(d, "cache")}, show="err")
write(d, ".clang-tidy", "Checks: '-*,async-unawaited-task'\n")
case("cache-clang-tidy-changed", d, ["-p", "build", HF, "--cache-dir", "cache"], show="err")
os.remove(os.path.join(d, ".clang-tidy"))
# --since with the cache uses the dependency lists it recorded (no preprocessing).
write(d, "common.h", COMMON_H + "\n")
case("since-cached", d, ["-p", "build", HF, "--since", "HEAD", "--cache-dir", "cache", "--format", "github"])
write(d, "common.h", COMMON_H)

# Clean and broken inputs.
case("clean", d, ["-p", "build", "b.cpp"], show="err")
case("bad-format", d, ["-p", "build", "--format", "xml"], show="err")
case("bad-jobs", d, ["-p", "build", "-j", "0"], show="err")
case("bad-shard", d, ["-p", "build", "--shard", "3/2"], show="err")
case("missing-baseline", d, ["-p", "build", "--baseline", "nope.json"], show="err")
write(d, "notbaseline.json", "[1, 2]")
case("malformed-baseline", d, ["-p", "build", "--baseline", "notbaseline.json"], show="err")
case("glob-matches-nothing", d, ["-p", "build", "z*.cpp"], show="err")
case("format-with-fix", d, ["-p", "build", "--format", "json", "--fix", "a.cpp"], show="err")
write(d, "broken.cpp", "void broken() { this does not parse }\n")
db = json.load(open(os.path.join(d, "build", "compile_commands.json")))
db.append({"directory": d, "file": os.path.join(d, "broken.cpp"),
           "command": "clang++ -std=c++20 -c broken.cpp"})
write(d, "build/compile_commands.json", json.dumps(db))
case("does-not-compile-sarif", d, ["-p", "build", "--format", "sarif", "--output", "broken.sarif"], show="err")
notes = json.load(open(os.path.join(d, "broken.sarif")))["runs"][0]["invocations"][0]
print("executionSuccessful=%s notifications=%d" % (notes["executionSuccessful"],
                                                  len(notes["toolExecutionNotifications"])))

# A worker that dies takes only its TU, with a message and exit 2: its process is killed while
# it parses (SIGKILL, as the OOM killer does; a TU heavy enough to be caught in the act).
import signal
import time
write(d, "heavy.cpp", "#include <boost/asio.hpp>\n#include <regex>\n#include <ranges>\n")
db.append({"directory": d, "file": os.path.join(d, "heavy.cpp"),
           "command": "clang++ -std=c++20 -c heavy.cpp"})
write(d, "build/compile_commands.json", json.dumps(db))
e = dict(os.environ)
e.pop("CI", None)
p = subprocess.Popen([tidy, "-p", "build", "heavy.cpp"], cwd=d, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True, env=e)
killed = False
deadline = time.time() + 60
while not killed and time.time() < deadline and p.poll() is None:
    try:
        with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
            children = f.read().split()
    except OSError:
        children = []
    for child in children:
        os.kill(int(child), signal.SIGKILL)
        killed = True
    time.sleep(0.01)
out, err = p.communicate()
print("=== worker-killed: exit %d killed=%s" % (p.returncode, killed))
print(err.replace(d, "<tmp>"), end="")
shutil.rmtree(d)
print("=== end")
