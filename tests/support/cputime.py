#!/usr/bin/env python3
"""Runs a command and says whether its CPU time (user + system, children included) stayed
below a fraction of its wall time: a check that a program waits without spinning.

    cputime.py FRACTION COMMAND [ARGS...]

Prints "cpu below FRACTION of wall: yes" (or "no: CPU s of WALL s") on stdout; the command's
own stdout and stderr pass through; exits with the command's status.
"""
import os
import subprocess
import sys
import time


def main():
    frac = float(sys.argv[1])
    t0 = time.monotonic()
    child = subprocess.Popen(sys.argv[2:])
    _, status, ru = os.wait4(child.pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    cpu = ru.ru_utime + ru.ru_stime
    sys.stderr.flush()
    if cpu < frac * wall:
        print("cpu below %s of wall: yes" % sys.argv[1])
    else:
        print("cpu below %s of wall: no: %.2f s of %.2f s" % (sys.argv[1], cpu, wall))
    sys.exit(rc)


if __name__ == "__main__":
    main()
