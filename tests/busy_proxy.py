"""A real HTTP server in front of Prefect's test server that is busy on cue: it forwards
every request, except that requests matching a rule are answered 503 or 429 (with
Retry-After: 0, so tests wait no longer than the client's own pauses), have their
connection closed unanswered, or are forwarded and then closed before the answer reaches
the client (the server did the work; the client cannot know). Each rule applies `times`
times, then the request passes; `times=-1` for ever."""

from __future__ import annotations

import http.client
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Rule:
    method: str
    path: str  # a regular expression searched in the request's path
    answer: str  # "503", "429", "drop" (closed unanswered) or "lose" (forwarded, then closed)
    times: int = 1


@dataclass
class Busy:
    upstream: str  # Prefect's API URL, e.g. http://127.0.0.1:1234/api
    rules: list[Rule] = field(default_factory=list)
    seen: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, answer
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_for(self, method: str, path: str) -> str:
        with self._lock:
            for rule in self.rules:
                if rule.times != 0 and rule.method == method and re.search(rule.path, path):
                    rule.times -= rule.times > 0
                    self.seen.append((method, path, rule.answer))
                    return rule.answer
            self.seen.append((method, path, "forwarded"))
            return "forward"

    def refused(self, answer: str) -> int:
        return sum(1 for _, _, a in self.seen if a == answer)


def _handler(busy: Busy) -> type[BaseHTTPRequestHandler]:
    target = urlsplit(busy.upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            answer = busy.answer_for(self.command, self.path)
            if answer == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if answer in ("503", "429"):
                payload = b'{"detail": "busy"}'
                self.send_response(int(answer))
                self.send_header("Retry-After", "0")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            skip = {"host", "content-length", "connection", "accept-encoding"}
            headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            data = response.read()
            upstream.close()
            if answer == "lose":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _relay

    return Handler


def start(busy: Busy) -> tuple[ThreadingHTTPServer, str]:
    """Serve on a free loopback port; returns the server and the API URL to use."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(busy))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = urlsplit(busy.upstream).path
    return server, f"http://127.0.0.1:{server.server_address[1]}{path}"
