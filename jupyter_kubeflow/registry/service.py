"""What the frontend routes ask of a registry: browse, update, register, deploy.

The same code serves the embedded registry and an external one: both are reached through
:class:`RegistryClient` (in-process transport for the embedded one, HTTP for an external
one), so the shapes the frontend sees are exactly the Model Registry v1 REST shapes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, KubeflowError, NotFound
from ..kube_connection import ConnectionHolder
from ..paths import is_inside, resolve_under
from ..redaction import display_url
from .client import (
    PAGE_SIZE,
    HttpTransport,
    LocalTransport,
    RegistryClient,
    structs_as_read,
    structs_for_write,
    token_reader,
)
from .entities import ARTIFACT_STATES, MODEL_STATES, is_id, validate_custom_properties
from .filter_query import like_literal
from .formats import format_list
from .rest_api import RegistryAPI
from .server import open_store
from .storage import SourceTree
from .store import RegistryStore

EMBEDDED_MOUNT = "/kubeflow/registry"
LIST_ORDER = ("ID", "NAME", "CREATE_TIME", "LAST_UPDATE_TIME")
MAX_PAGE_SIZE = 1000  # what one page of the tab may ask for (the embedded registry's cap)
# How often an external registry is asked again whether it sorts by name, while its models
# cannot tell yet (see RegistryService.list_orders).
NAME_ORDER_RECHECK_S = 30.0


@dataclass
class RegistryConfig:
    data_dir: str
    root_dir: str
    registry_url: str = ""
    token_env: str = ""
    token_file: str = ""
    base_url: str = "/"
    storage: dict[str, Any] = field(default_factory=dict)
    max_upload_bytes: int = 0  # a registration's largest upload (0: only the free space)


class RegistryService:
    def __init__(self, config: RegistryConfig, kube: ConnectionHolder | None = None) -> None:
        self.config = config
        # Deploying acts with the server's one Kubernetes connection (kube_connection.py).
        self.kube = kube or ConnectionHolder()
        self.store: RegistryStore | None = None
        self.embedded_api: RegistryAPI | None = None
        if config.registry_url:
            self.mode = "external"
            url = config.registry_url.rstrip("/")
            transport: Any = HttpTransport(url, token_reader(config.token_env, config.token_file))
            self.url = display_url(url)  # what the status shows: no user-info
        else:
            self.mode = "embedded"
            # where the official client reaches it (append /api/model_registry/v1)
            self.url = config.base_url.rstrip("/") + EMBEDDED_MOUNT
            self.store = open_store(config.data_dir)
            self.embedded_api = RegistryAPI(self.store)
            transport = LocalTransport(self.embedded_api)
        self.client = RegistryClient(transport)
        # Whether the registry applies orderBy=NAME: the embedded one does; the real
        # server ignores it (id order, no error). None: not known yet.
        self._sorts_by_name: bool | None = True if self.mode == "embedded" else None
        self._name_order_asked = -NAME_ORDER_RECHECK_S
        # Imported here: the register/deploy modules need the client built above.
        from .deploy import Deployer
        from .register import Registrar

        self.registrar = Registrar(self)
        self.deployer = Deployer(self)

    # -- status ---------------------------------------------------------------------------
    async def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "mode": self.mode,
            "url": self.url,
            "apiVersion": "v1",
            "storage": self.registrar.storage_kinds(),
            "defaultStorage": self.registrar.default_storage(),
        }
        try:
            await self.client.probe()
            body["connected"] = True
        except KubeflowError as e:
            body["connected"] = False
            body["error"] = e.message
        return body

    async def aclose(self) -> None:
        await self.registrar.aclose()
        if self.store is not None:
            self.store.close()

    # -- browse ---------------------------------------------------------------------------
    async def list_models(self, query: dict[str, str]) -> dict[str, Any]:
        params: dict[str, str] = {}
        filters: list[str] = []
        q = (query.get("q") or "").strip()
        if q:
            filters.append(f"name ILIKE '%{_quote(like_literal(q))}%'")
        state = query.get("state") or ""
        if state:
            if state not in MODEL_STATES:
                raise InvalidInput("state must be LIVE or ARCHIVED", field="state")
            filters.append(f"state = '{state}'")
        if filters:
            params["filterQuery"] = " AND ".join(filters)
        orders = await self.list_orders()
        order_by = query.get("orderBy") or ""
        if order_by:
            if order_by not in LIST_ORDER:
                allowed = ", ".join(LIST_ORDER)
                raise InvalidInput(f"orderBy must be one of {allowed}", field="orderBy")
            if order_by not in orders:  # never a list said to be in an order it is not in
                raise InvalidInput(self._name_order_refusal(orders), field="orderBy")
            params["orderBy"] = order_by
        sort_order = query.get("sortOrder") or ""
        if sort_order:
            if sort_order not in ("ASC", "DESC"):
                raise InvalidInput("sortOrder must be ASC or DESC", field="sortOrder")
            params["sortOrder"] = sort_order
        page_size = query.get("pageSize") or ""
        if page_size:
            if not is_id(page_size):
                raise InvalidInput("pageSize must be a positive integer", field="pageSize")
            params["pageSize"] = str(min(int(page_size), MAX_PAGE_SIZE))
        # Always a page size: without one the real server returns every model at once.
        params.setdefault("pageSize", str(PAGE_SIZE))
        if query.get("pageToken"):
            params["nextPageToken"] = query["pageToken"]
        page = await self._models_page(params)
        return {
            "items": [structs_as_read(m) for m in page.get("items") or []],
            "size": page.get("size", 0),
            "pageSize": page.get("pageSize", 0),
            "nextPageToken": page.get("nextPageToken") or "",
            "orders": orders,
        }

    async def _models_page(self, params: dict[str, str]) -> dict[str, Any]:
        try:
            return await self.client.request("GET", "registered_models", params)
        except NotFound:
            # A 404 for the collection itself: not a v1 registry. Say what it is instead.
            await self.client.probe()
            raise

    async def list_orders(self) -> list[str]:
        """The orders of ``LIST_ORDER`` this registry applies to models. NAME only once seen
        applied: the real server ignores ``orderBy=NAME`` and answers in id order, with no
        error. An external registry is asked (one page, ordered by name) until its models
        tell: listed out of id order, it sorts by name; in id order while their names are
        not, it does not; too few models, or created in name order, cannot tell yet."""
        now = time.monotonic()
        if self._sorts_by_name is None and now - self._name_order_asked >= NAME_ORDER_RECHECK_S:
            self._name_order_asked = now
            page = await self._models_page(
                {"orderBy": "NAME", "sortOrder": "ASC", "pageSize": str(PAGE_SIZE)}
            )
            self._sorts_by_name = sorts_by_name(page.get("items") or [])
        return [o for o in LIST_ORDER if o != "NAME" or self._sorts_by_name]

    def _name_order_refusal(self, orders: list[str]) -> str:
        if self._sorts_by_name is False:
            why = "this registry ignores orderBy=NAME (it answers in id order)"
        else:
            why = (
                "this registry has not shown yet that it sorts by name (its models' names "
                "are in id order)"
            )
        return f"{why}: sort by {', '.join(orders)}"

    async def get_model(self, model_id: str) -> dict[str, Any]:
        _check_id(model_id, "model")
        model = await self.client.request("GET", f"registered_models/{model_id}")
        versions = await self.client.list_all(
            f"registered_models/{model_id}/versions",
            {"orderBy": "CREATE_TIME", "sortOrder": "DESC"},
        )
        return {
            "model": structs_as_read(model),
            "versions": [structs_as_read(v) for v in versions],
        }

    async def get_version(self, version_id: str) -> dict[str, Any]:
        _check_id(version_id, "version")
        version = await self.client.request("GET", f"model_versions/{version_id}")
        # a value the registry answered goes into a URL only as a checked id
        model_id = str(version.get("registeredModelId", ""))
        _check_id(model_id, "model")
        model = await self.client.request("GET", f"registered_models/{model_id}")
        artifacts = await self.client.list_all(f"model_versions/{version_id}/artifacts")
        # The real server ignores filterQuery on inference services (it answers them all):
        # the filter helps a registry that honours it; the result is filtered here anyway.
        services = await self.client.list_all(
            "inference_services", {"filterQuery": f"modelVersionId = '{version_id}'"}
        )
        services = [s for s in services if str(s.get("modelVersionId")) == version_id]
        return {
            "version": structs_as_read(version),
            "model": structs_as_read(model),
            "artifacts": [structs_as_read(a) for a in artifacts],
            "inferenceServices": services,
        }

    # -- updates --------------------------------------------------------------------------
    async def patch_model(self, model_id: str, body: dict[str, Any]) -> dict[str, Any]:
        _check_id(model_id, "model")
        patch = _patch_body(body, ("description", "customProperties", "state", "owner"))
        return structs_as_read(await self.client.update(f"registered_models/{model_id}", patch))

    async def patch_version(self, version_id: str, body: dict[str, Any]) -> dict[str, Any]:
        _check_id(version_id, "version")
        patch = _patch_body(body, ("description", "customProperties", "state", "author"))
        return structs_as_read(await self.client.update(f"model_versions/{version_id}", patch))

    async def patch_artifact(self, artifact_id: str, body: dict[str, Any]) -> dict[str, Any]:
        _check_id(artifact_id, "artifact")
        patch = _patch_body(
            body,
            ("description", "customProperties", "state", "uri", "modelFormatName")
            + ("modelFormatVersion", "storageKey", "storagePath"),
            states=ARTIFACT_STATES,
        )
        # update() sends the current artifactType and state along (the real server resets
        # what a PATCH leaves out)
        return structs_as_read(await self.client.update(f"artifacts/{artifact_id}", patch))

    def formats(self) -> dict[str, Any]:
        return {"formats": format_list()}

    def resolve_source(self, given: str) -> SourceTree:
        """A file or folder to register: relative to the Jupyter root (the file browser's
        paths), or an absolute path inside this extension's pipeline run outputs
        (``<data_dir>/runs/``), so a model a local run produced can be registered. Never
        anything else, and nothing a link inside it points to outside that place."""
        runs = (Path(self.config.data_dir) / "runs").resolve()
        candidate = Path(given)
        if candidate.is_absolute() and is_inside(candidate.resolve(), runs):
            target: Path | None = candidate.resolve()
            within = runs
        else:
            target = resolve_under(Path(self.config.root_dir), given)
            within = Path(self.config.root_dir)
            if target is None:
                raise InvalidInput(
                    "path must be inside the Jupyter root directory (or a pipeline run's outputs)",
                    field="path",
                )
        if not target.exists():
            raise NotFound(f"{given} does not exist", field="path")
        return SourceTree(target, within)


# Read-only fields the frontend may send back unchanged; they are dropped, not refused.
_READ_ONLY = {
    "id",
    "name",
    "createTimeSinceEpoch",
    "lastUpdateTimeSinceEpoch",
    "registeredModelId",
    "artifactType",
    "externalId",
}


def _patch_body(
    body: dict[str, Any], allowed: tuple[str, ...], states: tuple[str, ...] = MODEL_STATES
) -> dict[str, Any]:
    patch: dict[str, Any] = {}
    for key, value in body.items():
        if key in _READ_ONLY:
            continue
        if key not in allowed:
            raise InvalidInput(f"{key} cannot be changed here", field=key)
        if key == "customProperties":
            # struct values may come back as the real server sends them (decoded)
            if isinstance(value, dict):
                value = structs_for_write(value)
            value = validate_custom_properties(value)
        elif key == "state":
            if value not in states:
                raise InvalidInput(f"state must be one of {', '.join(states)}", field="state")
        elif not isinstance(value, str):
            raise InvalidInput(f"{key} must be a string", field=key)
        patch[key] = value
    if not patch:
        raise InvalidInput(f"nothing to change: give one of {', '.join(allowed)}")
    return patch


def sorts_by_name(items: list[dict[str, Any]]) -> bool | None:
    """Whether a page asked for in ascending name order shows the registry applied it:
    True when it is out of id order, False when it is in id order while two of its names
    are clearly not in name order, None when the page cannot tell."""
    ids = [int(m["id"]) for m in items if is_id(str(m.get("id")))]
    if ids != sorted(ids):
        return True
    names = [str(m.get("name") or "") for m in items]
    if any(_clearly_after(a, b) for a, b in pairwise(names)):
        return False
    return None


def _clearly_after(a: str, b: str) -> bool:
    """``a`` sorts after ``b`` whatever the registry's collation (code points, case folded,
    or letters and digits only, as PostgreSQL's ICU and MySQL's collations compare)."""

    def letters(text: str) -> str:
        return "".join(c for c in text.casefold() if c.isalnum())

    return a > b and a.casefold() > b.casefold() and letters(a) > letters(b)


def _check_id(value: str, what: str) -> None:
    if not is_id(value):
        raise NotFound(f"no {what} with id {value!r}")


def _quote(text: str) -> str:
    """A string literal body for filterQuery: backslash and quote escaped."""
    return text.replace("\\", "\\\\").replace("'", "\\'")
