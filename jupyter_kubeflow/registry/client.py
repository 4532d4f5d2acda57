"""One async client of the Model Registry v1 REST API, for the server's own needs.

Two transports with one interface: :class:`HttpTransport` talks to any registry over HTTP
(tornado's AsyncHTTPClient; the bearer token is read from its env var or file on every
request and never logged), :class:`LocalTransport` calls the embedded registry's
:class:`RegistryAPI` in a worker thread, without a loopback HTTP hop. Error statuses
become the extension's :class:`KubeflowError` subclasses, with the registry's message.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from ..errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    KubeflowError,
    NotFound,
    Unavailable,
    Unprocessable,
)
from .rest_api import API_PREFIX, RegistryAPI

V1ALPHA3_PREFIX = "/api/model_registry/v1alpha3"
_ERRORS: dict[int, type[KubeflowError]] = {
    400: InvalidInput,
    401: Forbidden,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: Unprocessable,
}


class Transport(Protocol):
    async def send(
        self, method: str, path: str, query: dict[str, str], body: bytes | None
    ) -> tuple[int, Any]: ...


class LocalTransport:
    """The embedded registry in this process."""

    def __init__(self, api: RegistryAPI) -> None:
        self.api = api

    async def send(
        self, method: str, path: str, query: dict[str, str], body: bytes | None
    ) -> tuple[int, Any]:
        return await asyncio.to_thread(self.api.handle, method, path, query, body)


def token_reader(env_name: str, file_path: str) -> Callable[[], str | None]:
    """Read the token per request, so a rotated service-account token is picked up."""

    def read() -> str | None:
        if file_path:
            try:
                return Path(file_path).read_text().strip() or None
            except OSError:
                return None
        return os.environ.get(env_name) or None if env_name else None

    return read


class HttpTransport:
    """A registry reached over HTTP(S) at ``base_url`` (the part before /api/...)."""

    def __init__(
        self, base_url: str, token: Callable[[], str | None], timeout: float = 30.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    async def send(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        body: bytes | None,
        prefix: str = API_PREFIX,
    ) -> tuple[int, Any]:
        url = f"{self.base_url}{prefix}/{path.lstrip('/')}"
        if query:
            url += "?" + urlencode(query)
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        token = self.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = HTTPRequest(
            url,
            method=method,
            headers=headers,
            body=body,
            request_timeout=self.timeout,
            connect_timeout=min(self.timeout, 10.0),
            allow_nonstandard_methods=True,
        )
        try:
            response = await AsyncHTTPClient().fetch(request, raise_error=False)
        except (OSError, HTTPClientError) as e:
            raise Unavailable(
                f"the model registry at {self.base_url} cannot be reached: {e}"
            ) from None
        if response.code == 599:
            raise Unavailable(
                f"the model registry at {self.base_url} cannot be reached: {response.error}"
            )
        text = response.body.decode(errors="replace") if response.body else ""
        try:
            payload = json.loads(text) if text else None
        except json.JSONDecodeError:
            payload = {"message": text[:300]}
        return response.code, payload


class RegistryClient:
    """The calls the extension makes; raises KubeflowError subclasses on failure."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    async def request(
        self,
        method: str,
        path: str,
        query: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        raw = json.dumps(body).encode() if body is not None else None
        status, payload = await self.transport.send(method, path, query or {}, raw)
        if status < 400:
            return payload
        message = payload.get("message") if isinstance(payload, dict) else None
        message = message or f"the model registry answered {status}"
        if status in _ERRORS:
            raise _ERRORS[status](message)
        if status >= 500:
            raise Unavailable(f"the model registry failed ({status}): {message}")
        raise KubeflowError(message, status=status)

    async def probe(self) -> None:
        """Check the registry answers v1; say so clearly when it speaks only v1alpha3."""
        try:
            await self.request("GET", "registered_models", {"pageSize": "1"})
        except NotFound:
            if isinstance(self.transport, HttpTransport):
                status, _ = await self.transport.send(
                    "GET", "registered_models", {"pageSize": "1"}, None, prefix=V1ALPHA3_PREFIX
                )
                if status < 400:
                    raise Unavailable(
                        "this model registry only speaks the older v1alpha3 API; "
                        "jupyter-kubeflow needs /api/model_registry/v1 (Model Registry 0.3+)"
                    ) from None
            raise Unavailable(
                "no Model Registry v1 API here (/api/model_registry/v1 answered 404)"
            ) from None

    async def list_all(
        self, path: str, query: dict[str, str] | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        """Every item of a list route, following nextPageToken (at most ``limit``)."""
        items: list[dict[str, Any]] = []
        params = {"pageSize": "100", **(query or {})}
        while len(items) < limit:
            page = await self.request("GET", path, params)
            items.extend(page.get("items") or [])
            token = page.get("nextPageToken")
            if not token or not page.get("items"):
                break
            params["nextPageToken"] = token
        return items[:limit]
