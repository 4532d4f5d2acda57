"""Tornado plumbing shared by both mounts of the embedded registry's REST API.

The store is blocking (SQLite), so every call runs in a worker thread and the event
loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import tornado.web

from . import jsonio
from .rest_api import API_PREFIX, RegistryAPI
from .store import RegistryStore

SPEC_PATH = Path(__file__).parent / "spec" / "model-registry-v1.openapi.yaml"


def open_store(data_dir: str | Path) -> RegistryStore:
    """The registry database inside ``data_dir`` (``registry/registry.db``)."""
    return RegistryStore(Path(data_dir) / "registry" / "registry.db")


async def call_api(
    api: RegistryAPI, method: str, path: str, query: dict[str, str], body: bytes | None
) -> tuple[int, dict[str, Any]]:
    return await asyncio.to_thread(api.handle, method, path, query, body)


def query_of(handler: tornado.web.RequestHandler) -> dict[str, str]:
    # Repeated parameters: the last one wins (the spec defines none as repeatable).
    return {k: handler.get_query_argument(k) for k in handler.request.query_arguments}


class StandaloneRegistryHandler(tornado.web.RequestHandler):
    """``/api/model_registry/v1/...`` of ``jupyter kubeflow registry serve``."""

    def initialize(self, api: RegistryAPI) -> None:
        self.api = api

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


class SpecHandler(tornado.web.RequestHandler):
    """The OpenAPI document the API follows (for clients and schema fuzzing)."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/yaml")
        self.finish(SPEC_PATH.read_bytes())


def make_app(store: RegistryStore) -> tornado.web.Application:
    api = RegistryAPI(store)
    return tornado.web.Application(
        [
            (rf"{API_PREFIX}/openapi.yaml", SpecHandler),
            (rf"{API_PREFIX}(/.*)?", StandaloneRegistryHandler, {"api": api}),
        ]
    )
