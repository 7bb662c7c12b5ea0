"""A local stand-in for an SMS gateway and the robots' webhooks: an HTTP server on 127.0.0.1 (a random port) in a
thread, answering each request with the next scripted reply and keeping what it was sent. No test contacts an
outside service."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Stub:
    def __init__(self):
        self.replies: list[tuple] = []  # (status, JSON body[, extra headers])
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                stub.requests.append({"method": self.command, "path": parts.path, "query": parse_qs(parts.query),
                                      "raw_query": parts.query,
                                      "json": json.loads(raw.decode()) if raw else None})
                status, body, *more = stub.replies.pop(0) if stub.replies else (200, {"errcode": 0, "code": 0})
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in (more[0] if more else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reply(self, *replies: tuple) -> None:
        self.replies.extend(replies)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
