#!/usr/bin/env python3
"""What a project run shows by default: the project's own headers (not third-party folders,
build directories or bundled copies), and a coroutine's call of a wrapper defined in another
TU (the automatic cross-TU summaries). The project in Inputs/project-headers is copied to a
temporary directory with a compile_commands.json; prints one block per case for FileCheck,
with only the warning lines of stdout (every warning is written down in headers.test).

  headers_cases.py ASYNC_TIDY INPUTS_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

tidy, inputs = sys.argv[1], sys.argv[2]


def write(d, name, text):
    path = os.path.join(d, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def project():
    d = os.path.realpath(tempfile.mkdtemp(prefix="async-tidy-headers-"))
    shutil.copytree(inputs, d, dirs_exist_ok=True)
    write(d, "CMakeLists.txt", "project(p CXX)\n")
    # A bundled project that is a git repository of its own (a submodule's checkout).
    write(d, "libs/nested/nested.h", '#pragma once\n#include "proj/job.h"\n#include <unistd.h>\n'
          "inline Job nested_tick() {\n  usleep(6);\n  co_return;\n}\n")
    subprocess.run(["git", "init", "-q", os.path.join(d, "libs/nested")], check=True)
    # The build directory, with a generated header that the build includes by absolute path.
    write(d, "build/CMakeCache.txt", "# the build directory\n")
    write(d, "build/gen/config.h", '#pragma once\n#include "proj/job.h"\n#include <unistd.h>\n'
          "inline Job generated_tick() {\n  usleep(8);\n  co_return;\n}\n")
    inc = " ".join("-I%s/%s" % (d, p) for p in
                   ("include", "third_party/lib", "vendor", "ThirdParty", "libs/nested"))
    db = [{"directory": d, "file": "%s/src/%s" % (d, f),
           "command": "clang++ -std=c++20 %s -c src/%s" % (inc, f)} for f in ("a.cpp", "b.cpp")]
    # c.cpp as Meson writes it: compiled in the build directory, relative include paths.
    db.append({"directory": d + "/build", "file": "../src/c.cpp",
               "command": "clang++ -std=c++20 -I../include -I../third_party/lib -I%s/build "
                          "-c ../src/c.cpp" % d})
    write(d, "build/compile_commands.json", json.dumps(db, indent=1))
    return d


def run(d, args):
    env = dict(os.environ)
    env.pop("ASYNC_TIDY_CACHE_DIR", None)
    r = subprocess.run([tidy] + args, cwd=d, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=env)
    return r.returncode, r.stdout.replace(d, "<tmp>"), r.stderr.replace(d, "<tmp>")


def case(name, d, args):
    code, out, err = run(d, args)
    print("=== %s: exit %d" % (name, code))
    for line in out.splitlines():
        if "warning:" in line or "error:" in line:
            print(line)
    print("--- stderr")
    print(err, end="")
    return code, out, err


d = project()
first = case("default", d, ["-p", "build", "-j", "1"])
second = run(d, ["-p", "build", "-j", "2"])
print("=== jobs-identical: %s" % ("same" if first == second else "DIFFERENT"))
case("no-summaries", d, ["-p", "build", "--no-summaries"])
case("summaries-off", d, ["-p", "build", "--summaries=off"])
case("summaries-dir", d, ["-p", "build", "--summaries", "sums"])
print("=== summaries-dir-kept: %s" % os.path.exists(os.path.join(d, "sums", "merged.json")))
case("summaries-contradict", d, ["-p", "build", "--summaries=sums", "--no-summaries"])
case("header-filter-given", d, ["-p", "build", "--header-filter=.*"])
case("exclude-header-filter-given", d, ["-p", "build", "--exclude-header-filter=bundled"])
case("config-header-filter", d, ["-p", "build", "--config={Checks: '-*,async-*', HeaderFilterRegex: 'vendor'}"])
write(d, ".clang-tidy", "Checks: '-*,async-*'\nHeaderFilterRegex: 'third_party'\n")
case("clang-tidy-header-filter", d, ["-p", "build"])
os.remove(os.path.join(d, ".clang-tidy"))
case("one-file-of-database", d, ["-p", "build", "src/b.cpp"])
case("one-file-flags", d, ["src/b.cpp", "--", "-std=c++20", "-Iinclude", "-Ithird_party/lib",
                           "-Ivendor", "-IThirdParty", "-Ilibs/nested"])
code, out, _ = run(d, ["-p", "build", "--format", "json"])
print("=== json: exit %d" % code)
for f in json.loads(out)["findings"]:
    print("%s:%d %s" % (f["path"], f["location"]["line"], f["check"]))

# The cache: the effective filter is part of the key. A LICENSE in include/proj makes it a
# bundled copy; the cached results with the old filter are not used.
cold = case("cache-cold", d, ["-p", "build", "--cache-dir", "cache"])
warm = case("cache-warm", d, ["-p", "build", "--cache-dir", "cache"])
print("=== cache-same-output: %s" % ("same" if cold[1] == warm[1] else "DIFFERENT"))
write(d, "include/proj/LICENSE", "all rights reserved\n")
case("cache-scope-changed", d, ["-p", "build", "--cache-dir", "cache"])
os.remove(os.path.join(d, "include/proj/LICENSE"))

# Without the CMakeLists.txt above src/, the source tree is src/ (the TUs' common folder).
os.remove(os.path.join(d, "CMakeLists.txt"))
case("root-is-src", d, ["-p", "build", "--no-summaries"])
shutil.rmtree(d)
print("=== end")
