#!/usr/bin/env python3
"""What a terminal COLUMNS wide shows after the bytes on stdin (a `script` transcript): a tiny
VT100 subset (printable characters with autowrap, CR, LF, ESC[nA, ESC[K, ESC[J, colours
ignored), enough to see whether a progress display erased itself. Prints the screen's
non-empty lines.

    vt.py COLUMNS < transcript
"""
import re
import sys


def main():
    width = int(sys.argv[1])
    data = sys.stdin.buffer.read().decode("utf-8", "replace")
    rows = [[]]
    r = c = 0
    pending = False  # xterm's deferred wrap at the last column
    i = 0
    while i < len(data):
        ch = data[i]
        if ch == "\x1b":
            m = re.match(r"\x1b\[([0-9;]*)([A-Za-z])", data[i:])
            if not m:
                i += 1
                continue
            arg, op = m.group(1), m.group(2)
            n = int(arg) if arg.isdigit() else 1
            if op == "A":
                r = max(0, r - n)
                pending = False
            elif op == "K":
                del rows[r][c:]
            elif op == "J":
                del rows[r][c:]
                del rows[r + 1 :]
            i += len(m.group(0))
            continue
        i += 1
        if ch == "\r":
            c = 0
            pending = False
        elif ch == "\n":
            r += 1
            pending = False
        else:
            if pending:
                r, c, pending = r + 1, 0, False
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            while len(row) < c:
                row.append(" ")
            if c < len(row):
                row[c] = ch
            else:
                row.append(ch)
            if c == width - 1:
                pending = True
            else:
                c += 1
        while len(rows) <= r:
            rows.append([])
    for row in rows:
        line = "".join(row).rstrip()
        if line:
            print(line)


if __name__ == "__main__":
    main()
