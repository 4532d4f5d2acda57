"""Routes of the model catalog.

- ``/kubeflow/api/catalog/...``: what the registry tab's Catalog needs (sources, models,
  a model's page, the register form, register), thin over
  :class:`~jupyter_kubeflow.registry.catalog.service.CatalogService`.
- ``/kubeflow/registry/api/model_catalog/v1/...``: the embedded catalog's REST API (Hub's)
  behind Jupyter's auth, present when no external catalog is configured.
"""

from __future__ import annotations

import asyncio
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin

from ..registry import jsonio
from ..registry.catalog.rest_api import CATALOG_PREFIX
from ..registry.catalog.service import EMBEDDED_MOUNT, CatalogService
from ..registry.rest_api import error_body
from .base import BoundedBody, route
from .registry import RegistryHandler


def query_lists(handler: tornado.web.RequestHandler) -> dict[str, list[str]]:
    """Every value of every query parameter (Hub's lists repeat or use commas)."""
    return {key: handler.get_query_arguments(key) for key in handler.request.query_arguments}


class CatalogHandler(RegistryHandler):
    @property
    def catalog(self) -> CatalogService:
        return self.service("catalog")


class SourcesHandler(CatalogHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.send_json(await self.catalog.sources())


class FilterOptionsHandler(CatalogHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.send_json(await self.catalog.filter_options())


class ModelsHandler(CatalogHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.send_json(await self.catalog.models(query_lists(self)))


class ModelHandler(CatalogHandler):
    """``?source=<id>&name=<name>``: the name holds slashes, so it is a query value."""

    @tornado.web.authenticated
    async def get(self) -> None:
        source, name = self.get_query_argument("source", ""), self.get_query_argument("name", "")
        self.send_json(await self.catalog.model(source, name))


class RegisterFormHandler(CatalogHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        source, name = self.get_query_argument("source", ""), self.get_query_argument("name", "")
        self.send_json(await self.catalog.registrar.form(source, name))


class RegisterHandler(CatalogHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        self.send_json(await self.catalog.registrar.start(self.json_body()), status=202)


class EmbeddedCatalogHandler(BoundedBody, ExtensionHandlerMixin, APIHandler):
    """Hub's model catalog API of the embedded catalog, inside Jupyter."""

    async def _serve(self) -> None:
        catalog: CatalogService = self.settings["kubeflow_services"]["catalog"]
        self.set_header("Content-Type", "application/json")
        if catalog.embedded_api is None:
            self.set_status(404)
            message = "the embedded model catalog is off: an external catalog is configured"
            self.finish(jsonio.dumps(error_body(404, message)))
            return
        raw_path = self.request.path.split(CATALOG_PREFIX, 1)[1]
        status, body = await asyncio.to_thread(
            catalog.embedded_api.handle,
            self.request.method or "GET",
            raw_path,
            query_lists(self),
            self.request.body,
            self.request.headers.get("Content-Type", ""),
        )
        self.set_status(status)
        self.finish(jsonio.dumps(body))

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        await self._serve()

    @tornado.web.authenticated
    async def post(self, path: str | None = None) -> None:
        await self._serve()


def routes() -> list[tuple[str, type[Any]]]:
    return [
        (route("catalog/sources"), SourcesHandler),
        (route("catalog/filter_options"), FilterOptionsHandler),
        (route("catalog/models"), ModelsHandler),
        (route("catalog/model"), ModelHandler),
        (route("catalog/register-form"), RegisterFormHandler),
        (route("catalog/register"), RegisterHandler),
        (rf"{EMBEDDED_MOUNT}{CATALOG_PREFIX}(/.*)?", EmbeddedCatalogHandler),
    ]
