"""The catalog's routes on ``jupyter kubeflow registry serve`` (``/api/model_catalog/v1``),
guarded as the registry's are (host names, optional bearer token)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from .. import jsonio
from ..rest_api import error_body
from ..server import Guard, GuardedHandler
from .rest_api import CATALOG_PREFIX, CatalogAPI

SPEC_PATH = Path(__file__).parent.parent / "spec" / "catalog-v1.openapi.yaml"


class StandaloneCatalogHandler(GuardedHandler):
    forms = True  # the source preview takes multipart/form-data, and changes nothing

    def initialize(  # type: ignore[override]
        self, catalog: CatalogAPI | None = None, guard: Guard | None = None
    ) -> None:
        super().initialize(None, guard)
        self.catalog = catalog

    async def _serve(self) -> None:
        assert self.catalog is not None
        status, body = await asyncio.to_thread(
            self.catalog.handle,
            self.request.method or "GET",
            self.request.path.split(CATALOG_PREFIX, 1)[1],
            {k: self.get_query_arguments(k) for k in self.request.query_arguments},
            self.request.body,
            self.request.headers.get("Content-Type", ""),
        )
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(jsonio.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # tornado's own refusals (a form body it cannot parse): Hub's error shape, in JSON
        exc = kwargs.get("exc_info", (None, None, None))[1]
        message = getattr(exc, "log_message", None) or self._reason
        self.set_header("Content-Type", "application/json")
        self.finish(jsonio.dumps(error_body(status_code, message)))

    async def get(self, path: str | None = None) -> None:
        await self._serve()

    async def post(self, path: str | None = None) -> None:
        await self._serve()


class CatalogSpecHandler(GuardedHandler):
    """The OpenAPI document the catalog follows (Hub's; its model catalog part is served)."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/yaml")
        self.finish(SPEC_PATH.read_bytes())


def catalog_routes(catalog: CatalogAPI, guard: Guard) -> list[tuple[str, Any, dict[str, Any]]]:
    serve = {"catalog": catalog, "guard": guard}
    return [
        (rf"{CATALOG_PREFIX}/openapi.yaml", CatalogSpecHandler, {"guard": guard}),
        (rf"{CATALOG_PREFIX}(/.*)?", StandaloneCatalogHandler, serve),
    ]
