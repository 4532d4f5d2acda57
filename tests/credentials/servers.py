"""Real local HTTP servers the credential tests point the extension's clients at.

- :class:`Recorder` answers everything and records every request it receives (method,
  path, headers): the "other origin" a redirect points to, which must receive nothing.
- :class:`Redirector` redirects (to the recorder, or within itself) and records too; it
  answers a few paths itself so a client gets past its first call (KFP's health check).
- :class:`Echo` answers every request with an error that repeats the request's
  credentials: it stands for a misbehaving registry, KFP, S3 gateway or Kubernetes API
  proxy that echoes the token in its error message (issue 24 item 5). No real component
  of this machine echoes credentials, so this one is a named fake of that behaviour only:
  each kind of server gets the error body its clients parse.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None  # the status line's phrase (default: the standard one)


class _Server:
    """A ThreadingHTTPServer on a free loopback port, answering with ``answer(request)``."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                request = Request(self.command, self.path, headers, body)
                outer.requests.append(request)
                answer = outer.answer(request)
                self.send_response(answer.status, answer.reason)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, request: Request) -> Answer:
        raise NotImplementedError

    def __enter__(self) -> _Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Recorder(_Server):
    def answer(self, request: Request) -> Answer:
        return Answer(200, b'{"items": [], "size": 0, "status": "ok"}', JSON)


JSON = {"Content-Type": "application/json"}


class Redirector(_Server):
    """Redirects every request to ``target`` + the same path (``code``), except the paths
    in ``answers``, which it answers itself."""

    def __init__(self, target: str, code: int = 302, answers: dict[str, Answer] | None = None):
        super().__init__()
        self.target = target
        self.code = code
        self.answers = answers or {}

    def answer(self, request: Request) -> Answer:
        path = request.path.split("?")[0]
        if path in self.answers:
            return self.answers[path]
        return Answer(self.code, b"", {"Location": f"{self.target}{request.path}"})


class Echo(_Server):
    """Every request fails with ``error(credentials)``: the request's credentials (its
    Authorization header, and for S3 the access key of its signature) in the body."""

    def __init__(
        self,
        error: Callable[[str], Answer],
        answers: dict[str, Answer] | None = None,
    ) -> None:
        super().__init__()
        self.error = error
        self.answers = answers or {}

    def answer(self, request: Request) -> Answer:
        path = request.path.split("?")[0]
        if path in self.answers:
            return self.answers[path]
        return self.error(request.headers.get("authorization", ""))


def json_error(http_status: int, **fields: Any) -> Answer:
    return Answer(http_status, json.dumps(fields).encode(), JSON)
