"""Tornado plumbing shared by both mounts of the embedded registry's REST API.

The store is blocking (SQLite), so every call runs in a worker thread and the event
loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tornado.web

from . import jsonio
from .rest_api import API_PREFIX, RegistryAPI, error_body
from .store import RegistryStore

if TYPE_CHECKING:
    from .catalog.rest_api import CatalogAPI

SPEC_PATH = Path(__file__).parent / "spec" / "model-registry-v1.openapi.yaml"


def open_store(data_dir: str | Path) -> RegistryStore:
    """The registry database inside ``data_dir`` (``registry/registry.db``)."""
    return RegistryStore(Path(data_dir) / "registry" / "registry.db")


async def call_api(
    api: RegistryAPI, method: str, path: str, query: dict[str, str], body: bytes | None
) -> tuple[int, dict[str, Any]]:
    return await asyncio.to_thread(api.handle, method, path, query, body)


def query_of(handler: tornado.web.RequestHandler) -> dict[str, str]:
    """The query as sent: not stripped, control characters kept (tornado's
    ``get_query_argument`` changes both, and a name is looked up exactly as written, as on
    the real server). Bytes that are not UTF-8 stay as surrogate escapes, for
    :func:`~.rest_api.check_query` to refuse. Repeated parameters: the last one wins (the
    spec defines none as repeatable)."""
    return {
        key: values[-1].decode("utf-8", "surrogateescape")
        for key, values in handler.request.query_arguments.items()
    }


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
TOKEN_ENV = "JUPYTER_KUBEFLOW_REGISTRY_TOKEN"
_WRITES = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Guard:
    """What the standalone server answers to, against a web page the user visits:

    - ``hosts``: the Host names it serves (DNS rebinding: a page whose name resolves to
      127.0.0.1 still sends its own name as Host);
    - writes must be ``application/json`` (a page can post ``text/plain`` cross-site
      without asking; JSON needs a CORS preflight, which this server never grants);
    - ``token``: when set, every request carries ``Authorization: Bearer <token>``.
    """

    hosts: frozenset[str]
    token: str = ""

    @classmethod
    def build(cls, listen: str, allowed: Iterable[str] = (), token: str = "") -> Guard:
        names = {*LOOPBACK_NAMES, *(h.strip().lower() for h in allowed if h.strip())}
        if listen not in ("", "0.0.0.0", "::"):
            names.add(listen.strip("[]").lower())
        return cls(frozenset(names), token)

    def refusal(self, request: Any, forms: bool = False) -> tuple[int, str] | None:
        """(status, message) when ``request`` must be refused, else None. ``forms``: a
        route without side effects that takes ``multipart/form-data`` (the catalog's
        source preview) may be sent a form."""
        host = _host_name(request.headers.get("Host", ""))
        if host not in self.hosts:
            return 403, (
                f"this registry does not serve the host name {host!r}; allow it with --allowed-host"
            )
        if self.token:
            given = request.headers.get("Authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                value.strip().encode(), self.token.encode()
            ):
                return 401, "a bearer token is required (Authorization: Bearer <token>)"
        if request.method in _WRITES:
            content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if forms and content_type == "multipart/form-data":
                return None
            if content_type != "application/json":
                return 415, "a request body must be sent as Content-Type: application/json"
        return None


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8080
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class GuardedHandler(tornado.web.RequestHandler):
    """Refuses what :class:`Guard` refuses, before anything else happens."""

    def initialize(self, api: RegistryAPI | None = None, guard: Guard | None = None) -> None:
        self.api = api  # type: ignore[assignment]
        self.guard = guard or Guard.build("127.0.0.1")

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cache-Control", "no-store")

    forms = False  # see Guard.refusal

    def prepare(self) -> None:
        refusal = self.guard.refusal(self.request, forms=self.forms)
        if refusal is None:
            return
        status, message = refusal
        self.set_status(status)
        if status == 401:
            self.set_header("WWW-Authenticate", 'Bearer realm="model-registry"')
        self.set_header("Content-Type", "application/json")
        self.finish(jsonio.dumps(error_body(status, message)))


class StandaloneRegistryHandler(GuardedHandler):
    """``/api/model_registry/v1/...`` of ``jupyter kubeflow registry serve``."""

    api: RegistryAPI

    async def _serve(self, path: str | None) -> None:
        status, body = await call_api(
            self.api, self.request.method or "GET", path or "", query_of(self), self.request.body
        )
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(jsonio.dumps(body))

    async def get(self, path: str | None = None) -> None:
        await self._serve(path)

    async def post(self, path: str | None = None) -> None:
        await self._serve(path)

    async def patch(self, path: str | None = None) -> None:
        await self._serve(path)

    async def put(self, path: str | None = None) -> None:
        await self._serve(path)

    async def delete(self, path: str | None = None) -> None:
        await self._serve(path)


class SpecHandler(GuardedHandler):
    """The OpenAPI document the API follows (for clients and schema fuzzing)."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/yaml")
        self.finish(SPEC_PATH.read_bytes())


def make_app(
    store: RegistryStore, guard: Guard | None = None, catalog: CatalogAPI | None = None
) -> tornado.web.Application:
    """The registry's routes, and the model catalog's when ``catalog`` is given."""
    from .catalog.server import catalog_routes

    api = RegistryAPI(store)
    guard = guard or Guard.build("127.0.0.1")
    routes: list[Any] = [
        (rf"{API_PREFIX}/openapi.yaml", SpecHandler, {"guard": guard}),
        (rf"{API_PREFIX}(/.*)?", StandaloneRegistryHandler, {"api": api, "guard": guard}),
    ]
    if catalog is not None:
        routes.extend(catalog_routes(catalog, guard))
    return tornado.web.Application(routes)
