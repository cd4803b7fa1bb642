#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that forwards what the client sends at once and what the server
answers at RATE bytes a second: a slow network or a hostile server that never quite stops.

    trickle.py UPSTREAM_PORT RATE PORT_FILE

Writes the port it listens on to PORT_FILE, then serves until killed (one thread per
connection). Tests only: loopback, no internet.
"""
import os
import socket
import sys
import threading
import time


def pump(src, dst, rate):
    try:
        while True:
            data = src.recv(65536 if rate == 0 else max(1, rate // 10))
            if not data:
                break
            dst.sendall(data)
            if rate:
                time.sleep(len(data) / rate)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, upstream_port, rate):
    try:
        server = socket.create_connection(("127.0.0.1", upstream_port))
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(client, server, 0), daemon=True).start()
    pump(server, client, rate)


def main():
    upstream_port, rate, port_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(ls.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    while True:
        client, _ = ls.accept()
        threading.Thread(target=serve, args=(client, upstream_port, rate), daemon=True).start()


if __name__ == "__main__":
    main()
