#!/usr/bin/env python3
"""A loopback HTTP server for monolock's tests (never used outside tests).

    httpd.py --root DIR [--port-file FILE] [--log FILE] [--faults FILE] [--lifetime SECONDS]

Listens on 127.0.0.1 on a free port, prints the port as the first line of stdout (and writes
it to --port-file), serves files below DIR, and exits by itself after --lifetime seconds
(default 120). Threaded.

Faults are chosen per request path, from the query string or from the --faults JSON file
(re-read on every request: {"/path": {"fail": 500, "times": 2}, ...}). Keys:
    status=N            answer N (e.g. 404) with a short body
    fail=N&times=K      answer N the first K times this path+query is requested, then serve
    stall=S             sleep S seconds (at most 60) before answering
    meet=K              wait until K requests with meet=K are in flight at once (proves a
                        client's parallelism without timing it), then answer as usual; after
                        30 s without them, answer 504
    trickle=B           send the body at B bytes a second (a chunk every 0.1 s)
    truncate=1          announce a Content-Length larger than the body, send half, close
    redirect=URL        302 to URL ("self" redirects to the same URL forever)

Every request is counted per path (query excluded): GET /_count?path=/a/b.tgz answers the
count, and --log FILE gets one line "METHOD PATH" per request (flushed at once).
"""
import argparse
import json
import os
import posixpath
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_STALL = 60.0


class State:
    def __init__(self, root, log, faults):
        self.root = os.path.realpath(root)
        self.log = log
        self.faults = faults
        self.lock = threading.Lock()
        self.counts = {}  # path -> requests
        self.hits = {}  # path?query -> requests (for fail/times)
        self.met = threading.Condition()
        self.waiting = {}  # K -> requests with meet=K in flight, not yet released
        self.released = {}  # K -> released requests that have not woken yet

    def meet(self, k):
        """Waits until k requests of group k are in flight at once: True, or False after
        30 s (the request then stops counting as in flight)."""
        with self.met:
            self.waiting[k] = self.waiting.get(k, 0) + 1
            if self.waiting[k] >= k:
                self.released[k] = self.released.get(k, 0) + self.waiting[k] - 1
                self.waiting[k] = 0
                self.met.notify_all()
                return True
            if self.met.wait_for(lambda: self.released.get(k, 0) > 0, timeout=30):
                self.released[k] -= 1
                return True
            self.waiting[k] -= 1
            return False

    def record(self, method, path, key):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            self.hits[key] = self.hits.get(key, 0) + 1
            n = self.hits[key]
            if self.log:
                with open(self.log, "a") as f:
                    f.write("%s %s\n" % (method, path))
        return n

    def fault_for(self, path, query):
        fault = {}
        if self.faults:
            try:
                with open(self.faults) as f:
                    fault.update(json.load(f).get(path, {}))
            except (OSError, ValueError):
                pass
        for k, v in urllib.parse.parse_qs(query).items():
            fault[k] = v[-1]
        return fault


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "monolock-test-httpd"

    def log_message(self, fmt, *args):
        pass

    def send_small(self, code, body, headers=()):
        data = body.encode()
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        st = self.server.state
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path == "/_count":
            q = urllib.parse.parse_qs(url.query)
            want = q.get("path", [""])[-1]
            with st.lock:
                n = st.counts.get(want, 0)
            self.send_small(200, "%d\n" % n)
            return
        n = st.record(self.command, path, self.path)
        fault = st.fault_for(path, url.query)
        if "stall" in fault:
            time.sleep(min(float(fault["stall"]), MAX_STALL))
        if "meet" in fault:
            k = int(fault["meet"])
            if not st.meet(k):
                self.send_small(504, "fewer than %d requests met\n" % k)
                return
        if "status" in fault:
            self.send_small(int(fault["status"]), "fault\n")
            return
        if "fail" in fault and n <= int(fault.get("times", 1)):
            self.send_small(int(fault["fail"]), "fault %d\n" % n)
            return
        if "redirect" in fault:
            to = self.path if fault["redirect"] == "self" else fault["redirect"]
            self.send_small(302, "moved\n", [("Location", to)])
            return
        local = os.path.realpath(os.path.join(st.root, posixpath.normpath(path).lstrip("/")))
        if not (local == st.root or local.startswith(st.root + os.sep)) or not os.path.isfile(local):
            self.send_small(404, "not found\n")
            return
        with open(local, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if "truncate" in fault:
            self.send_header("Content-Length", str(len(data) + 1000))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and "trickle" in fault:
            step = max(1, int(float(fault["trickle"]) / 10))
            for i in range(0, len(data), step):
                self.wfile.write(data[i : i + step])
                self.wfile.flush()
                time.sleep(0.1)
        elif self.command != "HEAD":
            self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops parallel connects (1 s SYN retry)

    def handle_error(self, request, client_address):
        # Clients hanging up mid-answer (timeouts, size caps) are expected in tests.
        if isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    ap.add_argument("--faults")
    ap.add_argument("--lifetime", type=float, default=120.0)
    args = ap.parse_args()

    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = State(args.root, args.log, args.faults)
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    timer = threading.Timer(args.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
