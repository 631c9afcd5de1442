#!/usr/bin/env python3
"""expect_exit.py CODE CMD...: runs CMD, passes its output through (stderr merged into stdout),
and succeeds only if CMD exits with CODE. lit's `not` accepts any failure; tests of documented
exit statuses need the exact one."""
import subprocess
import sys

code = int(sys.argv[1])
r = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
sys.stdout.write(r.stdout)
if r.returncode != code:
    print("expect_exit: expected exit status %d, got %d" % (code, r.returncode))
    sys.exit(1)
