"""Kubeflow Hub's model catalog REST API (``/api/model_catalog/v1``) over the loaded
catalog, free of any web framework, as the embedded registry's ``RegistryAPI``.

``CatalogAPI.handle(method, raw_path, query, body, content_type) -> (status, json_body)``:
``raw_path`` is the part after ``/api/model_catalog/v1`` still percent-encoded, so a model
name may be given as ``acme/model`` or ``acme%2Fmodel`` (Hub unescapes it) and a model
named ``x/artifacts`` stays reachable as ``x%2Fartifacts``. Query values may repeat or be
comma-separated (``source=a,b``). What Hub does is followed (defaults, paging, sorts,
errors ``{"code", "message"}``); where this answers differently it says so in
docs/registry.md.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import unquote

from ...errors import InvalidInput, KubeflowError, NotFound
from ..rest_api import error_body
from .index import CatalogIndex, Page, artifact_order, model_order
from .loader import CatalogLoader, Snapshot
from .params import Query, QueryParams, descending_of, page_size_of, value_page
from .performance import PerformanceProperties
from .preview import preview

log = logging.getLogger(__name__)

CATALOG_PREFIX = "/api/model_catalog/v1"
Response = tuple[int, dict[str, Any]]
ARTIFACT_TYPES = ("model-artifact", "metrics-artifact")


class CatalogAPI:
    def __init__(self, loader: CatalogLoader) -> None:
        self.loader = loader

    def handle(
        self,
        method: str,
        raw_path: str,
        query: Query,
        body: bytes | None = None,
        content_type: str = "",
    ) -> Response:
        try:
            return self._dispatch(method.upper(), raw_path, QueryParams(query), body, content_type)
        except KubeflowError as e:
            return e.status, error_body(e.status, e.message)
        except Exception:  # a bug: say so without leaking internals
            log.exception("catalog API error on %s %s", method, raw_path)
            return 500, error_body(500, "internal error in the embedded model catalog")

    def _dispatch(
        self, method: str, raw_path: str, query: QueryParams, body: bytes | None, content_type: str
    ) -> Response:
        raw = [p for p in raw_path.split("/") if p]
        if raw == ["sources", "preview"]:
            if method != "POST":
                raise KubeflowError(f"method {method} is not allowed here", status=405)
            return 200, preview(self.loader, body, content_type, query)
        if method != "GET":
            known = raw[:1] in (["sources"], ["models"], ["labels"])
            if known:
                raise KubeflowError(f"method {method} is not allowed here", status=405)
            raise NotFound(f"no such route: {CATALOG_PREFIX}/{'/'.join(raw)}")
        snapshot = self.loader.current()
        if raw == ["sources"]:
            return 200, self._sources(snapshot, query)
        if raw == ["labels"]:
            return 200, self._labels(snapshot, query)
        if raw == ["models"]:
            return 200, self._models(snapshot, query)
        if raw == ["models", "filter_options"]:
            return 200, self._filter_options(snapshot)
        if len(raw) >= 4 and raw[0] == "sources" and raw[2] == "models":
            source_id = unquote(raw[1])
            rest = raw[3:]
            if len(rest) >= 3 and rest[-2:] == ["artifacts", "performance"]:
                name = _name(rest[:-2])
                return 200, self._performance(snapshot, source_id, name, query)
            if len(rest) >= 2 and rest[-1] == "artifacts":
                return 200, self._artifacts(snapshot, source_id, _name(rest[:-1]), query)
            return 200, self._model(snapshot, source_id, _name(rest))
        raise NotFound(f"no such route: {CATALOG_PREFIX}/{'/'.join(raw)}")

    # -- sources and labels -------------------------------------------------------------
    def _sources(self, snapshot: Snapshot, query: QueryParams) -> dict[str, Any]:
        asset_type = query.one("assetType") or "models"
        if asset_type not in ("models", "mcp_servers", "agents", "skills"):
            raise InvalidInput("unsupported asset type", field="assetType")
        name = query.one("name").lower()
        order_by = query.one("orderBy").upper()
        if order_by not in ("", "ID", "NAME"):
            raise InvalidInput("unsupported order by field", field="orderBy")
        descending = descending_of(query)
        items = []
        if asset_type == "models":  # the embedded catalog has model sources only
            for entry in snapshot.sources:
                source = entry.source
                if name in source.name.lower():
                    items.append(
                        {
                            "id": source.id,
                            "name": source.name,
                            "enabled": source.enabled,
                            "labels": source.labels,
                            "status": entry.status,
                            "error": entry.error,
                            "assetType": "models",
                            **({"includedModels": source.included} if source.included else {}),
                            **({"excludedModels": source.excluded} if source.excluded else {}),
                        }
                    )
        key = "name" if order_by == "NAME" else "id"
        items.sort(key=lambda s: s[key], reverse=descending)
        return value_page(items, query, lambda s: (s[key], s["id"]))

    def _labels(self, snapshot: Snapshot, query: QueryParams) -> dict[str, Any]:
        asset_type = query.one("assetType") or "models"
        if asset_type not in ("models", "mcp_servers", "agents", "skills"):
            raise InvalidInput("unsupported asset type", field="assetType")
        labels = [(i, label) for i, label in enumerate(snapshot.labels)]
        order_key = query.one("orderBy")
        descending = descending_of(query)
        if order_key:
            # Hub: labels with the key sort by its value; the others keep their order after
            having = sorted(
                (p for p in labels if order_key in p[1]),
                key=lambda p: p[1][order_key],
                reverse=descending,
            )
            labels = having + [p for p in labels if order_key not in p[1]]
        items = [dict(label, _position=str(i)) for i, label in labels]
        page = value_page(items, query, lambda item: ("", item["_position"]))
        for item in page["items"]:
            item.pop("_position")
        return page

    # -- models -------------------------------------------------------------------------
    def _models(self, snapshot: Snapshot, query: QueryParams) -> dict[str, Any]:
        page_size = page_size_of(query)
        sources = query.many("source")
        labels = query.many("sourceLabel")
        if sources and labels:
            raise InvalidInput("source and sourceLabel cannot be used together", field="source")
        source_ids: list[str] | None = sources or None
        if labels:
            wanted = {label.lower() for label in labels}
            source_ids = [
                entry.source.id
                for entry in snapshot.sources
                if entry.source.enabled
                and (
                    any(label.lower() in wanted for label in entry.source.labels)
                    or ("null" in wanted and not entry.source.labels)
                )
            ]
            if not source_ids:
                return Page([], "", page_size).to_dict()
        q = query.one("q", limit=1000)
        filter_query = query.one("filterQuery")
        order_by = query.one("orderBy") or "NAME"  # Hub's default for models
        descending = descending_of(query)
        token = query.one("nextPageToken")
        index = snapshot.index
        if order_by == "RECOMMENDED":
            return index.recommended_models(
                source_ids=source_ids,
                q=q,
                filter_query=filter_query,
                page_size=page_size,
                token=token,
                target_rps=_int(query, "targetRPS", 0),
                props=_performance_properties(query),
                descending=descending,
            ).to_dict()
        return index.list_models(
            source_ids=source_ids,
            q=q,
            filter_query=filter_query,
            order=model_order(order_by, descending),
            page_size=page_size,
            token=token,
        ).to_dict()

    def _filter_options(self, snapshot: Snapshot) -> dict[str, Any]:
        options = snapshot.index.options
        body: dict[str, Any] = {"filters": options}
        queries = {}
        for name, filters in snapshot.named_queries.items():
            resolved = {}
            for field_name, spec in filters.items():
                spec = dict(spec) if isinstance(spec, dict) else {"operator": "=", "value": spec}
                value, span = spec.get("value"), options.get(field_name, {}).get("range")
                if value in ("min", "max") and span is not None:  # Hub fills in the range
                    spec["value"] = span[value]
                resolved[field_name] = spec
            queries[name] = resolved
        if queries:
            body["namedQueries"] = queries
        return body

    def _model(self, snapshot: Snapshot, source_id: str, name: str) -> dict[str, Any]:
        model = snapshot.index.get_model(source_id, name)
        if model is None:
            raise NotFound(f"No model found '{name}' in source '{source_id}'")
        return model

    def _model_id(self, index: CatalogIndex, source_id: str, name: str) -> int:
        model_id = index.model_id(source_id, name)
        if model_id is None:
            raise NotFound(f"No model found '{name}' in source '{source_id}'")
        return model_id

    def _artifacts(
        self, snapshot: Snapshot, source_id: str, name: str, query: QueryParams
    ) -> dict[str, Any]:
        page_size = page_size_of(query)
        types = query.many("artifactType") + query.many("artifact_type")  # Hub reads both
        for kind in types:
            if kind not in ARTIFACT_TYPES:
                raise InvalidInput(
                    f"artifactType must be one of {', '.join(ARTIFACT_TYPES)}",
                    field="artifactType",
                )
        index = snapshot.index
        model_id = index.model_id(source_id, name)
        if model_id is None:  # Hub answers 400 here (404 for the model itself)
            raise InvalidInput(f"invalid model name '{name}' for source '{source_id}'")
        return index.list_artifacts(
            model_id,
            types=types,
            filter_query=query.one("filterQuery"),
            order=artifact_order(query.one("orderBy"), descending_of(query)),
            page_size=page_size,
            token=query.one("nextPageToken"),
        ).to_dict()

    def _performance(
        self, snapshot: Snapshot, source_id: str, name: str, query: QueryParams
    ) -> dict[str, Any]:
        page_size = page_size_of(query)
        index = snapshot.index
        model_id = self._model_id(index, source_id, name)
        recommendations = query.one("recommendations").lower()
        if recommendations not in ("", "true", "false"):
            raise InvalidInput("recommendations must be true or false", field="recommendations")
        return index.performance(
            model_id,
            filter_query=query.one("filterQuery"),
            order=artifact_order(query.one("orderBy"), descending_of(query)),
            page_size=page_size,
            token=query.one("nextPageToken"),
            target_rps=_int(query, "targetRPS", 0),
            recommendations=recommendations == "true",
            props=_performance_properties(query),
        ).to_dict()


def _name(raw_segments: list[str]) -> str:
    return unquote("/".join(raw_segments))


def _int(query: QueryParams, key: str, default: int) -> int:
    raw = query.one(key)
    if not raw:
        return default
    text = raw[1:] if raw.startswith("-") else raw
    if not text.isdigit() or len(text) > 9:
        raise InvalidInput(f"{key} must be an integer (int32)", field=key)
    return int(raw)


def _performance_properties(query: QueryParams) -> PerformanceProperties:
    return PerformanceProperties(
        rps=query.one("rpsProperty", limit=255) or "requests_per_second",
        latency=query.one("latencyProperty", limit=255) or "ttft_p90",
        hardware_count=query.one("hardwareCountProperty", limit=255) or "hardware_count",
        hardware_type=query.one("hardwareTypeProperty", limit=255) or "hardware_type",
    )
