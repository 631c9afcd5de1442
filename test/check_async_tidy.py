#!/usr/bin/env python3
"""Runs one async-* check over a test file the way clang-tidy's check_clang_tidy.py does.

  check_async_tidy.py --tidy "CMD" [--check-suffix=S] FILE CHECK TMP [-- TIDY-ARGS [-- COMPILE-ARGS]]

1. copies FILE to TMP.cpp with its CHECK lines blanked (so FileCheck never matches itself);
2. runs CMD (async-tidy, or clang-tidy-19 --load the plugin) with --checks=-*,CHECK and --fix;
3. FileChecks the messages against CHECK-MESSAGES[-S] with --implicit-check-not, so any warning
   or error nobody wrote down fails the test;
4. FileChecks the fixed file against CHECK-FIXES[-S]; without CHECK-FIXES the file must come
   back unchanged (an unexpected fix-it fails);
5. compiles the fixed file with clang++ -fsyntax-only to prove every fix-it is valid C++.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def copy_test_includes(compile_args, test_dir, copy_root):
    """Replaces each -I/-isystem folder under the test's directory by a fresh copy."""
    import shutil
    out, i = [], 0
    while i < len(compile_args):
        a = compile_args[i]
        flag, path = None, None
        for f in ("-I", "-isystem"):
            if a == f and i + 1 < len(compile_args):
                flag, path = f, compile_args[i + 1]
                i += 1
            elif a.startswith(f) and len(a) > len(f) and f == "-I":
                flag, path = f, a[len(f):]
        if flag:
            real = os.path.realpath(path)
            if real == test_dir or real.startswith(test_dir + os.sep):
                copy = os.path.join(copy_root, os.path.relpath(real, test_dir))
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(real, copy)
                path = copy
            out += [flag + path] if flag == "-I" else [flag, path]
        else:
            out.append(a)
        i += 1
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tidy", required=True, help="the clang-tidy command line to run")
    parser.add_argument("--filecheck", default="FileCheck")
    parser.add_argument("--clangxx", default="clang++")
    parser.add_argument("-check-suffix", "--check-suffix", dest="check_suffix", default="")
    parser.add_argument("input")
    parser.add_argument("check")
    parser.add_argument("tmp")
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
    args = parser.parse_args(argv)

    tidy_args, compile_args = rest, []
    if "--" in rest:
        i = rest.index("--")
        tidy_args, compile_args = rest[:i], rest[i + 1:]
    if not any(a.startswith("-std=") for a in compile_args):
        compile_args = ["-std=c++20"] + compile_args

    suffix = "-" + args.check_suffix.upper() if args.check_suffix else ""
    msg_prefix, fix_prefix = "CHECK-MESSAGES" + suffix, "CHECK-FIXES" + suffix

    with open(args.input, encoding="utf-8") as f:
        original = f.read()
    has_messages = re.search(r"\b" + re.escape(msg_prefix) + r":", original) is not None
    has_fixes = re.search(r"\b" + re.escape(fix_prefix) + r":", original) is not None
    # Blank CHECK lines but keep the line count, so [[@LINE]] expressions stay right.
    cleaned = re.sub(r"//\s*CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", original)

    if args.check_suffix:
        args.tmp += "-" + args.check_suffix
    tmp_file = args.tmp + ".cpp"
    os.makedirs(os.path.dirname(os.path.abspath(tmp_file)), exist_ok=True)
    with open(tmp_file, "w", encoding="utf-8") as f:
        f.write(cleaned)

    # --fix applies fix-its wherever a finding is shown, headers included (--header-filter):
    # the test's own include folders are copied next to the temporary file, so that a fix in a
    # header edits the copy, never the checked-in Inputs.
    compile_args = copy_test_includes(compile_args, os.path.dirname(os.path.abspath(args.input)),
                                      args.tmp + ".inputs")

    config = [] if any(a.startswith(("--config", "-config")) for a in tidy_args) else ["--config={}"]
    cmd = (shlex.split(args.tidy) + [tmp_file, "--fix", "--checks=-*," + args.check]
           + config + tidy_args + ["--"] + compile_args)
    result = run(cmd)
    output = result.stdout
    print("running:", " ".join(shlex.quote(c) for c in cmd))
    print("------------------------ tidy output ------------------------")
    print(output)
    if result.returncode not in (0, 1):
        print("tidy failed (exit %d)" % result.returncode)
        return 1

    messages = args.tmp + ".msg"
    with open(messages, "w", encoding="utf-8") as f:
        f.write(output)
    check = [args.filecheck, "-input-file=" + messages, args.input,
             "-check-prefix=" + msg_prefix, "--implicit-check-not={{warning|error}}:"]
    if not has_messages:
        check.append("--allow-empty")
    r = run(check)
    if r.returncode:
        print("------------------------ FileCheck messages ------------------------")
        print(r.stdout)
        return 1

    with open(tmp_file, encoding="utf-8") as f:
        fixed = f.read()
    if has_fixes:
        r = run([args.filecheck, "-input-file=" + tmp_file, args.input,
                 "-check-prefix=" + fix_prefix, "-strict-whitespace"])
        if r.returncode:
            print("------------------------ FileCheck fixes ------------------------")
            print(r.stdout)
            return 1
    elif fixed != cleaned:
        print("unexpected fix-its applied; the fixed file differs:")
        import difflib
        print("".join(difflib.unified_diff(cleaned.splitlines(True), fixed.splitlines(True))))
        return 1

    if fixed != cleaned:
        r = run([args.clangxx, "-fsyntax-only"] + compile_args + [tmp_file])
        if r.returncode:
            print("------------------------ the fixed file does not compile ------------------------")
            print(r.stdout)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
