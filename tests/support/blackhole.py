#!/usr/bin/env python3
"""A TCP server on 127.0.0.1 that accepts every connection and never answers: a server
hung, or a network that drops replies.

    blackhole.py PORT_FILE

Writes the port it listens on to PORT_FILE, then holds every connection until killed.
Tests only: loopback, no internet.
"""
import os
import socket
import sys
import time


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(128)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    held = []
    deadline = time.monotonic() + 600
    s.settimeout(1.0)
    while time.monotonic() < deadline:
        try:
            c, _ = s.accept()
            held.append(c)
        except socket.timeout:
            pass


if __name__ == "__main__":
    main()
