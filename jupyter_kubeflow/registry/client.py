"""One async client of the Model Registry v1 REST API, for the server's own needs.

Two transports with one interface: :class:`HttpTransport` talks to any registry over HTTP
(tornado's AsyncHTTPClient through ``outbound.fetch``, so a redirect to another origin is
never followed; the bearer token is read from its env var or file on every request and
never logged), :class:`LocalTransport` calls the embedded registry's
:class:`RegistryAPI` in a worker thread, without a loopback HTTP hop. Error statuses
become the extension's :class:`KubeflowError` subclasses, with the registry's message.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import os
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

from tornado.httpclient import HTTPClientError, HTTPRequest

from .. import outbound
from ..errors import (
    BadAnswer,
    Conflict,
    Forbidden,
    InvalidInput,
    KubeflowError,
    NotFound,
    Unavailable,
    Unprocessable,
)
from ..redaction import display_url, remember
from . import jsonio
from .entities import is_id
from .rest_api import API_PREFIX, RegistryAPI

log = logging.getLogger(__name__)

V1ALPHA3_PREFIX = "/api/model_registry/v1alpha3"
PAGE_SIZE = 100
# What the real server resets when a PATCH leaves it out: the Update schemas' defaults,
# which its generated decoder fills in (state LIVE or UNKNOWN, desiredState DEPLOYED,
# parameterType string, lastKnownState UNKNOWN, artifactType). An update therefore always
# carries their current values, so it changes only what the user changed.
RESET_ON_PATCH = ("state", "artifactType", "parameterType", "desiredState", "lastKnownState")
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
                token = Path(file_path).read_text().strip() or None
            except OSError:
                return None
        else:
            token = os.environ.get(env_name) or None if env_name else None
        remember(token)  # redacted wherever the registry might echo it
        return token

    return read


class HttpTransport:
    """A registry reached over HTTP(S) at ``base_url`` (the part before /api/...)."""

    def __init__(
        self,
        base_url: str,
        token: Callable[[], str | None],
        timeout: float = 30.0,
        name: str = "model registry",  # what messages call it (also: "model catalog")
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.name = name

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
        shown = display_url(self.base_url)
        try:
            response = await outbound.fetch(request)
        except (OSError, HTTPClientError) as e:
            raise Unavailable(f"the {self.name} at {shown} cannot be reached: {e}") from None
        if response.code == 599:
            raise Unavailable(f"the {self.name} at {shown} cannot be reached: {response.error}")
        body = response.body or b""
        try:
            where = f"the {self.name} at {shown}"
            payload = jsonio.loads_answer(body, where) if body else None
        except ValueError:
            if response.code < 400:
                raise BadAnswer(
                    f"the {self.name} at {shown} answered {method} {path} "
                    "with something that is not JSON"
                ) from None
            payload = {"message": body[:300].decode(errors="replace")}
        return response.code, payload


class RegistryClient:
    """The calls the extension makes; raises KubeflowError subclasses on failure."""

    def __init__(self, transport: Transport, name: str = "model registry") -> None:
        self.transport = transport
        self.name = name  # what messages call it
        # One update of an entity at a time (see update); a lock lives while it is used.
        self._updating: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

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
            return self.checked(payload, f"{method} {path}")
        message = payload.get("message") if isinstance(payload, dict) else None
        message = message or f"the {self.name} answered {status}"
        if status in _ERRORS:
            raise _ERRORS[status](message)
        if status >= 500:
            raise Unavailable(f"the {self.name} failed ({status}): {message}")
        raise KubeflowError(message, status=status)

    def checked(self, payload: Any, what: str) -> Any:
        """A successful answer in the shape callers use (see ``_checked_answer``)."""
        return _checked_answer(payload, what)

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

    async def update(self, path: str, changes: dict[str, Any]) -> Any:
        """PATCH ``changes`` into the entity at ``path`` along with the current value of every
        field the real server would otherwise reset (see ``RESET_ON_PATCH``).

        Updates of one entity run one at a time: two in flight would both read the state
        before either wrote, and the second would write back the state the first had just
        changed (archive, then a description edit: LIVE again). The registry has no
        version check to refuse that, so this server serialises its own updates; another
        client's write between the read and the write can still be overwritten."""
        lock = self._updating.get(path)
        if lock is None:
            lock = self._updating[path] = asyncio.Lock()
        async with lock:
            current = await self.request("GET", path)
            body = {k: current[k] for k in RESET_ON_PATCH if k in current and k not in changes}
            if "customProperties" not in changes and _holds_struct(current):
                # The real server stores a struct decoded and, merging a PATCH without
                # customProperties into what it stored, decodes it again as base64: 400
                # "unable to decode illegal base64 data ... for key K". Sent back (in
                # base64, below), the current properties replace the stored ones instead.
                body["customProperties"] = current["customProperties"]
            body.update(changes)
            if isinstance(body.get("customProperties"), dict):
                body["customProperties"] = structs_for_write(body["customProperties"])
            return await self.request("PATCH", path, body=body)

    async def list_all(
        self, path: str, query: dict[str, str] | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        """Every item of a list route, following nextPageToken (at most ``limit``). Always
        with a pageSize: without one the real server returns every row at once."""
        items: list[dict[str, Any]] = []
        params = {**(query or {}), "pageSize": str(PAGE_SIZE)}
        while len(items) < limit:
            page = await self.request("GET", path, params)
            items.extend(page.get("items") or [])
            token = page.get("nextPageToken")
            if not token or not page.get("items"):
                break
            params["nextPageToken"] = token
        return items[:limit]


def _has_id(entity: Any) -> bool:
    return isinstance(entity, dict) and is_id(str(entity.get("id", "")))


def _checked_answer(payload: Any, what: str) -> Any:
    """A successful answer in the shape the callers use: a JSON object; a page's items each
    an entity with an id (an item that is not is left out and logged: one odd entity must
    not fail the page); any other answer an entity with an id."""
    if not isinstance(payload, dict):
        raise BadAnswer(f"the model registry answered {what} with something that is not an object")
    if "items" in payload:
        items = payload["items"]
        if items is None:
            items = []
        if not isinstance(items, list):
            raise BadAnswer(f"the model registry answered {what} with items that are not a list")
        kept = [item for item in items if _has_id(item)]
        if len(kept) < len(items):
            log.warning(
                "the model registry answered %s with %d item(s) without a valid id: left out",
                what,
                len(items) - len(kept),
            )
            payload = {**payload, "items": kept}
        return payload
    if not _has_id(payload):
        raise BadAnswer(f"the model registry answered {what} with an entity without a valid id")
    return payload


# -- MetadataStructValue: base64 of JSON in the spec; the real server answers it decoded --
def _struct_base64(value: Any) -> Any:
    """The spec's form (base64 of the JSON text) of a struct_value read in either form."""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, separators=(",", ":"))
        return base64.b64encode(text.encode()).decode()
    if not isinstance(value, str):
        return value
    try:
        if jsonio.is_json(base64.b64decode(value, validate=True)):
            return value  # already base64 of JSON
    except (binascii.Error, ValueError):
        pass
    if not jsonio.is_json(value):  # else decoded JSON text (also when set aside as too deep)
        return value
    return base64.b64encode(value.encode()).decode()


def structs_for_write(props: dict[str, Any]) -> dict[str, Any]:
    """Custom properties with every struct_value in the form the server takes back."""
    out: dict[str, Any] = {}
    for key, prop in props.items():
        if isinstance(prop, dict) and prop.get("metadataType") == "MetadataStructValue":
            prop = {**prop, "struct_value": _struct_base64(prop.get("struct_value"))}
        out[key] = prop
    return out


def _holds_struct(entity: dict[str, Any]) -> bool:
    props = entity.get("customProperties")
    return isinstance(props, dict) and any(
        isinstance(p, dict) and p.get("metadataType") == "MetadataStructValue"
        for p in props.values()
    )


def structs_as_read(entity: dict[str, Any]) -> dict[str, Any]:
    """An entity with its struct properties in one form (base64), whichever the server sent."""
    if _holds_struct(entity):
        return {**entity, "customProperties": structs_for_write(entity["customProperties"])}
    return entity
