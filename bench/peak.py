"""Run one command and report its wall time, its own peak memory and its exit code.

Usage: python -I -S peak.py RESULT_FILE COMMAND [ARGS...]

This process does nothing else, so the child's peak RSS (from wait4 of that one child) is the
command's own: a child forked or vforked from a large parent starts with the parent's pages
counted, while this wrapper holds only a bare interpreter (measured as `wrapper` in the
report, and below every command's peak). Only the standard library's built-in modules load.
"""

import os
import sys
import time

result_file, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(result_file, "w") as handle:
    handle.write(f"{elapsed!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n")
