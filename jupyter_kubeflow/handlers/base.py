"""The base every route handler uses: auth, JSON in and out, errors mapped to statuses,
and a bounded request body."""

from __future__ import annotations

import json
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin

from ..errors import InvalidInput, KubeflowError
from ..registry.jsonio import MAX_BODY_BYTES

API_PREFIX = "kubeflow/api"
_TOO_LARGE = f"the request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB"


@tornado.web.stream_request_body
class BoundedBody(tornado.web.RequestHandler):
    """A request body of at most ``MAX_BODY_BYTES``, refused before a byte of it is read.

    Jupyter's server reads bodies up to 512 MiB into memory before a handler runs, for
    every route; every route of this extension takes a body as a stream instead, and
    answers 413 as soon as the headers announce more than the bound (411 for a body sent
    without a length). The body is then ``self.request.body`` as usual."""

    _body_left = 0  # bytes of the body still to come

    async def prepare(self) -> None:
        self._body_parts: list[bytes] = []
        await super().prepare()  # type: ignore[misc]  # Jupyter's auth and host checks
        if self._finished:
            return
        headers = self.request.headers
        if "chunked" in headers.get("Transfer-Encoding", "").lower():
            raise tornado.web.HTTPError(411, "send the request body with a Content-Length")
        length = headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            raise tornado.web.HTTPError(413, _TOO_LARGE)
        self._body_left = int(length)
        self.request.connection.set_max_body_size(MAX_BODY_BYTES)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        if self._finished or len(chunk) > self._body_left:
            return  # refused already; tornado reads no more than Content-Length anyway
        self._body_parts.append(chunk)
        self._body_left -= len(chunk)
        if self._body_left == 0:
            self.request.body = b"".join(self._body_parts)
            self._body_parts = []


class KubeflowHandler(BoundedBody, ExtensionHandlerMixin, APIHandler):
    """JSON API handler behind Jupyter's auth and XSRF checks.

    Subclasses decorate each verb with ``@tornado.web.authenticated``; APIHandler
    already enforces XSRF on unsafe methods for cookie-authenticated requests.
    """

    def service(self, name: str) -> Any:
        return self.settings["kubeflow_services"][name]

    def json_body(self) -> dict[str, Any]:
        if not self.request.body:
            return {}
        try:
            text = self.request.body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InvalidInput(f"Request body is not UTF-8 text (byte {e.start})") from None
        try:
            body = json.loads(text)
        except RecursionError:
            raise InvalidInput("Request body is JSON nested too deeply") from None
        except ValueError as e:  # JSONDecodeError, and ints beyond Python's digit limit
            raise InvalidInput(f"Request body is not JSON: {e}") from None
        if not isinstance(body, dict):
            raise InvalidInput("Request body must be a JSON object")
        return body

    def send_json(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload, default=str))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, KubeflowError):
            self.set_status(exc.status)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(exc.to_dict()))
            return
        super().write_error(status_code, **kwargs)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # A user's mistake is not a server error: one line, no traceback.
        if isinstance(value, KubeflowError):
            self.log.info(
                "%s %s -> %s: %s",
                self.request.method,
                self.request.path,
                value.status,
                value.message,
            )
            return
        super().log_exception(typ, value, tb)


def route(path: str) -> str:
    """A route under ``/kubeflow/api/``; tornado prepends the server's base_url."""
    return rf"/{API_PREFIX}/{path.lstrip('/')}"


__all__ = ["KubeflowHandler", "route", "tornado"]
