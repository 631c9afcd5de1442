#!/usr/bin/env python3
"""http_test_server.py: the local HTTP/1.1 server asyncrt's HTTP tests run against.

Listens on 127.0.0.1 only, prints its port on stdout, and exits when its stdin closes (so it never
outlives the test that started it). Each path is one server behaviour the client must handle.
"""
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

lock = threading.Lock()
stats = {"open": 0, "max_open": 0, "connections": 0, "inflight": 0, "max_inflight": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless a handler says otherwise

    def setup(self):
        super().setup()
        with lock:
            stats["open"] += 1
            stats["connections"] += 1
            stats["max_open"] = max(stats["max_open"], stats["open"])

    def finish(self):
        try:
            super().finish()
        finally:
            with lock:
                stats["open"] -= 1

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        p = url.path
        if p == "/hello":
            self.reply(200, "hello", {"Content-Type": "text/plain", "X-Test": "yes"})
        elif p == "/method":
            self.reply(200, self.command)
        elif p == "/slow":
            time.sleep(int(q.get("ms", ["1000"])[0]) / 1000)
            self.reply(200, "slow")
        elif p == "/work":  # a little latency so concurrent requests overlap
            with lock:
                stats["inflight"] += 1
                stats["max_inflight"] = max(stats["max_inflight"], stats["inflight"])
            time.sleep(0.02)
            with lock:
                stats["inflight"] -= 1
            self.reply(200, "ok " + q.get("i", [""])[0])
        elif p == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in [b"first,", b"second,", b"x" * 5000, b"end"]:
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        elif p.startswith("/redirect/"):
            n = int(p.rsplit("/", 1)[1])
            if n == 0:
                self.reply(200, "done")
            else:
                self.reply(302, "", {"Location": "/redirect/%d" % (n - 1)})
        elif p == "/loop":
            self.reply(302, "", {"Location": "/loop"})
        elif p == "/dir/relative":
            self.reply(301, "", {"Location": "../hello"})
        elif p == "/status/404":
            self.reply(404, "not here")
        elif p == "/close":  # body delimited by closing the connection
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"until close")
            self.close_connection = True
        elif p == "/garbage":
            self.wfile.write(b"this is not HTTP at all\r\n\r\n")
            self.close_connection = True
        elif p == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"only ten..")
            self.close_connection = True
        elif p == "/huge-header":
            self.send_response(200)
            self.send_header("X-Huge", "h" * 100000)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif p == "/big":
            self.reply(200, b"b" * int(q.get("n", ["1000"])[0]))
        elif p == "/stats":
            with lock:
                self.reply(200, "%d %d %d" % (stats["max_inflight"], stats["connections"],
                                              stats["max_open"]))
        elif p == "/reset":
            with lock:
                stats["max_open"] = stats["open"]
                stats["connections"] = 0
                stats["max_inflight"] = 0
            self.reply(200, "reset")
        else:
            self.reply(404, "unknown path " + p)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        url = urlparse(self.path)
        if url.path == "/echo":
            self.reply(200, body, {"Content-Type": self.headers.get("Content-Type", "")})
        elif url.path == "/see-other":
            self.reply(303, "", {"Location": "/method"})
        elif url.path == "/temporary":
            self.reply(307, "", {"Location": "/echo"})
        else:
            self.reply(404, "unknown path")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up early (the limit tests) are expected, not noise


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the test closes our stdin (or dies)
    server.shutdown()


if __name__ == "__main__":
    main()
