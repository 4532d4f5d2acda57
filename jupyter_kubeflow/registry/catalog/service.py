"""What the registry tab's Catalog asks of a model catalog: the embedded one or a real Hub's.

Both are reached through the same client and the catalog REST API (in-process for the
embedded catalog, HTTP for a real Hub's catalog service, a separate service from its
registry), so what the frontend sees is exactly Hub's ``/api/model_catalog/v1`` shapes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ...errors import InvalidInput, KubeflowError
from ..client import BadAnswer, HttpTransport, LocalTransport, RegistryClient, token_reader
from .loader import SAMPLES, CatalogLoader
from .rest_api import CATALOG_PREFIX, CatalogAPI

if TYPE_CHECKING:
    from ..service import RegistryService

EMBEDDED_MOUNT = "/kubeflow/registry"
# The Catalog's filters and what filterQuery names each reads (Hub's filter_options keys)
FILTERS = {"task": "tasks", "provider": "provider", "license": "license", "language": "language"}
ORDERS = ("NAME", "CREATE_TIME", "LAST_UPDATE_TIME", "ACCURACY")
MAX_PAGE_SIZE = 100
MAX_ITEMS = 1000  # artifacts listed on a model's page
MAX_SELECTED = 50  # values of one filter


@dataclass
class CatalogConfig:
    catalog_url: str = ""
    token_env: str = ""
    token_file: str = ""
    sources: list[str] = field(default_factory=list)
    base_url: str = "/"


class _CatalogHttp:
    """A real Hub's catalog service: its routes live under /api/model_catalog/v1."""

    def __init__(self, http: HttpTransport) -> None:
        self.http = http

    async def send(
        self, method: str, path: str, query: dict[str, str], body: bytes | None
    ) -> tuple[int, Any]:
        return await self.http.send(method, path, query, body, prefix=CATALOG_PREFIX)


class CatalogClient(RegistryClient):
    """The registry's client on Hub's catalog API: its answers are JSON objects, and a
    page's items objects (sources and labels have no numeric ids, filter options none)."""

    def checked(self, payload: Any, what: str) -> Any:
        if not isinstance(payload, dict):
            raise BadAnswer(
                f"the model catalog answered {what} with something that is not an object"
            )
        if "items" in payload:
            items = payload["items"] or []
            if not isinstance(items, list):
                raise BadAnswer(f"the model catalog answered {what} with items that are not a list")
            payload = {**payload, "items": [i for i in items if isinstance(i, dict)]}
        return payload


class CatalogService:
    def __init__(self, config: CatalogConfig, registry: RegistryService) -> None:
        self.config = config
        self.registry = registry
        self.loader: CatalogLoader | None = None
        self.embedded_api: CatalogAPI | None = None
        transport: Any
        if config.catalog_url:
            self.mode = "external"
            self.url = config.catalog_url.rstrip("/")
            token = token_reader(config.token_env, config.token_file)
            transport = _CatalogHttp(HttpTransport(self.url, token, name="model catalog"))
        else:
            self.mode = "embedded"
            # where Hub's clients reach it (append /api/model_catalog/v1)
            self.url = config.base_url.rstrip("/") + EMBEDDED_MOUNT
            self.loader = CatalogLoader(config.sources or [SAMPLES])
            self.embedded_api = CatalogAPI(self.loader)
            transport = LocalTransport(self.embedded_api)  # type: ignore[arg-type]
        self.client = CatalogClient(transport, name="model catalog")
        from .register import CatalogRegistrar  # it needs this service's client

        self.registrar = CatalogRegistrar(self)

    # -- status -------------------------------------------------------------------------
    async def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {"mode": self.mode, "url": self.url, "apiVersion": "v1"}
        try:
            await self.client.request("GET", "sources", {"pageSize": "1"})
            body["connected"] = True
        except KubeflowError as e:
            body["connected"] = False
            body["error"] = e.message
        if self.loader is not None:
            snapshot = await asyncio.to_thread(self.loader.current)
            body["problems"] = [p.to_dict() for p in snapshot.problems]
        return body

    # -- browse -------------------------------------------------------------------------
    async def sources(self) -> dict[str, Any]:
        """Every source (with status and labels) and the catalog's label definitions."""
        sources = await self.client.list_all("sources", limit=MAX_ITEMS)
        try:
            labels = await self.client.list_all("labels", limit=MAX_ITEMS)
        except KubeflowError:  # a Hub before /labels existed
            labels = []
        return {"sources": sources, "labels": labels}

    async def filter_options(self) -> dict[str, Any]:
        return await self.client.request("GET", "models/filter_options")

    async def models(self, query: dict[str, list[str]]) -> dict[str, Any]:
        # other parameters are ignored (JupyterLab's requests carry a cache-busting one)
        params: dict[str, str] = {}
        q = _one(query, "q")
        if q:
            params["q"] = q
        sources, labels = query.get("source", []), query.get("label", [])
        if sources and labels:
            raise InvalidInput("filter by source or by label, not both", field="label")
        if sources:
            params["source"] = ",".join(_checked(sources, "source"))
        if labels:
            params["sourceLabel"] = ",".join(_checked(labels, "label"))
        clauses = []
        for key, name in FILTERS.items():
            values = _checked(query.get(key, []), key)
            if len(values) == 1:
                clauses.append(f"{name}={_literal(values[0])}")
            elif values:
                clauses.append(f"{name} IN ({','.join(_literal(v) for v in values)})")
        if clauses:  # as Hub's own UI writes them
            params["filterQuery"] = " AND ".join(clauses)
        order_by = _one(query, "orderBy") or "NAME"
        if order_by not in ORDERS:
            raise InvalidInput(f"orderBy must be one of {', '.join(ORDERS)}", field="orderBy")
        params["orderBy"] = order_by
        sort_order = _one(query, "sortOrder") or "ASC"
        if sort_order not in ("ASC", "DESC"):
            raise InvalidInput("sortOrder must be ASC or DESC", field="sortOrder")
        params["sortOrder"] = sort_order
        page_size = _one(query, "pageSize") or "24"
        if not page_size.isdigit() or not 1 <= int(page_size) <= MAX_PAGE_SIZE:
            raise InvalidInput(f"pageSize must be 1 to {MAX_PAGE_SIZE}", field="pageSize")
        params["pageSize"] = page_size
        if _one(query, "pageToken"):
            params["nextPageToken"] = _one(query, "pageToken")
        page = await self.client.request("GET", "models", params)
        return {
            "items": page.get("items") or [],
            "size": page.get("size", 0),
            "pageSize": page.get("pageSize", 0),
            "nextPageToken": page.get("nextPageToken") or "",
        }

    async def model(self, source_id: str, name: str) -> dict[str, Any]:
        """A model's page: the model, its model artifacts and its performance figures."""
        path = model_path(source_id, name)
        model = await self.client.request("GET", path)
        artifacts = await self.client.list_all(
            f"{path}/artifacts", {"artifactType": "model-artifact"}, limit=MAX_ITEMS
        )
        try:
            performance = await self.client.list_all(
                f"{path}/artifacts/performance", limit=MAX_ITEMS
            )
        except KubeflowError:  # a catalog without performance data answers 400/404
            performance = []
        return {"model": model, "artifacts": artifacts, "performance": performance}


def model_path(source_id: str, name: str) -> str:
    """The catalog path of a model; the name (which holds slashes) as one segment."""
    if not source_id or not name:
        raise InvalidInput("give the source id and the model name", field="name")
    return f"sources/{quote(source_id, safe='')}/models/{quote(name, safe='')}"


def _one(query: dict[str, list[str]], key: str) -> str:
    values = query.get(key) or [""]
    return values[-1]


def _checked(values: list[str], key: str) -> list[str]:
    values = [v for v in values if v]
    if len(values) > MAX_SELECTED:
        raise InvalidInput(f"at most {MAX_SELECTED} values of {key}", field=key)
    return values


def _literal(text: str) -> str:
    """A filterQuery string literal (backslash and quote escaped, as the parser reads)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
