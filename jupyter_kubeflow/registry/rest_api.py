"""The Model Registry v1 REST API over :class:`RegistryStore`, free of any web framework.

``RegistryAPI.handle(method, path, query, body) -> (status, json_body)`` where ``path`` is
the part after ``/api/model_registry/v1``; the tornado mounts (inside Jupyter and
standalone) only translate requests to this call. Errors follow the spec's contract:
``{"code": ..., "message": ...}`` with 400/404/409/422.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from ..errors import InvalidInput, KubeflowError, NotFound, Unprocessable
from . import jsonio
from .entities import (
    ARTIFACT,
    ARTIFACT_TYPES,
    INFERENCE_SERVICE,
    MODEL_VERSION,
    READ_ONLY,
    REGISTERED_MODEL,
    SERVE_MODEL,
    SERVING_ENVIRONMENT,
    EntityType,
    is_id,
    validate_body,
)
from .store import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ORDER_COLUMNS, RegistryStore

log = logging.getLogger(__name__)

API_PREFIX = "/api/model_registry/v1"
Response = tuple[int, dict[str, Any]]
Query = Mapping[str, str]

# collection segment -> (entity type, fixed artifact type)
COLLECTIONS: dict[str, tuple[EntityType, str | None]] = {
    "registered_models": (REGISTERED_MODEL, None),
    "model_versions": (MODEL_VERSION, None),
    "model_artifacts": (ARTIFACT, "model-artifact"),
    "artifacts": (ARTIFACT, None),
    "serving_environments": (SERVING_ENVIRONMENT, None),
    "inference_services": (INFERENCE_SERVICE, None),
}
FIND_ONE = {
    "registered_model": "registered_models",
    "model_version": "model_versions",
    "model_artifact": "model_artifacts",
    "artifact": "artifacts",
    "serving_environment": "serving_environments",
    "inference_service": "inference_services",
}
# nested list/create routes: parent collection/segment -> child type and parent field
NESTED: dict[tuple[str, str], tuple[EntityType, EntityType]] = {
    ("registered_models", "versions"): (REGISTERED_MODEL, MODEL_VERSION),
    ("model_versions", "artifacts"): (MODEL_VERSION, ARTIFACT),
    ("serving_environments", "inference_services"): (SERVING_ENVIRONMENT, INFERENCE_SERVICE),
    ("inference_services", "serves"): (INFERENCE_SERVICE, SERVE_MODEL),
}


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"code": HTTPStatus(status).phrase, "message": message}


class RegistryAPI:
    """Routes a request to the store; every outcome is a (status, JSON object) pair."""

    def __init__(self, store: RegistryStore) -> None:
        self.store = store

    def handle(self, method: str, path: str, query: Query, body: bytes | None) -> Response:
        try:
            # Every mount writes the answer with jsonio.dumps (never invalid JSON).
            return self._dispatch(method.upper(), path, query, body)
        except KubeflowError as e:
            return e.status, error_body(e.status, e.message)
        except Exception:  # a bug: say so without leaking internals
            log.exception("registry API error on %s %s", method, path)
            return 500, error_body(500, "internal error in the embedded model registry")

    # -- routing --------------------------------------------------------------------------
    def _dispatch(self, method: str, path: str, query: Query, body: bytes | None) -> Response:
        parts = [p for p in path.strip("/").split("/") if p]
        check_query(query)
        if len(parts) == 1 and parts[0] in FIND_ONE and method == "GET":
            return self._find(parts[0], query)
        if len(parts) == 1 and parts[0] in COLLECTIONS:
            if method == "GET":
                return self._list(parts[0], query)
            if method == "POST":
                return self._create(parts[0], _json(body))
        if len(parts) == 2 and parts[0] in COLLECTIONS:
            id_ = _path_id(parts[1])
            if method == "GET":
                return 200, self._get(parts[0], id_)
            if method == "PATCH":
                return 200, self._update(parts[0], id_, _json(body))
        if len(parts) == 3 and (parts[0], parts[2]) in NESTED:
            id_ = _path_id(parts[1])
            if method == "GET":
                return self._list_nested(parts[0], id_, parts[2], query)
            if method == "POST":
                return self._create_nested(parts[0], id_, parts[2], _json(body))
        if len(parts) == 3 and parts[0] == "inference_services" and method == "GET":
            id_ = _path_id(parts[1])
            if parts[2] == "model":
                return 200, self._served_model(id_)
            if parts[2] == "version":
                return 200, self._served_version(id_)
        if _known_path(parts):
            raise KubeflowError(f"method {method} is not allowed here", status=405)
        raise NotFound(f"no such route: {API_PREFIX}/{'/'.join(parts)}")

    # -- single entities ------------------------------------------------------------------
    def _get(self, collection: str, id_: int) -> dict[str, Any]:
        etype, artifact_type = COLLECTIONS[collection]
        found = self.store.get(etype.kind, id_)
        if found is None or (artifact_type and found.get("artifactType") != artifact_type):
            raise NotFound(f"{_label(collection)} with id {id_} not found")
        return found

    def _find(self, singular: str, query: Query) -> Response:
        collection = FIND_ONE[singular]
        etype, artifact_type = COLLECTIONS[collection]
        name, external_id = query.get("name"), query.get("externalId")
        parent = query.get("parentResourceId")
        if not name and not external_id:
            raise InvalidInput("give name or externalId", field="name")
        parent_id = _query_id(parent, "parentResourceId") if parent else None
        if etype in (REGISTERED_MODEL, SERVING_ENVIRONMENT):
            parent_id = None
        elif name and parent_id is None and not external_id:
            # Names are unique only within a parent: as on the real server, a name alone
            # does not identify a version, an artifact or an inference service.
            raise InvalidInput(
                "give name together with parentResourceId (the parent's id), or externalId",
                field="parentResourceId",
            )
        found = self.store.find(
            etype.kind,
            name=name or None,
            external_id=external_id or None,
            parent_id=parent_id,
            artifact_type=artifact_type,
        )
        if found is None:
            what = f"name {name!r}" if name else f"externalId {external_id!r}"
            raise NotFound(f"{_label(collection)} with {what} not found")
        return 200, found

    def _create(self, collection: str, body: Any) -> Response:
        etype, artifact_type = COLLECTIONS[collection]
        if etype is ARTIFACT:
            artifact_type = artifact_type or _artifact_type(body, required=True)
            data = validate_body(etype, body, creating=True, artifact_type=artifact_type)
            return 201, self.store.create("artifact", data, artifact_type=artifact_type)
        data = validate_body(etype, body, creating=True)
        parent_id = self._check_references(etype, data, missing=_reference_error(collection))
        return 201, self.store.create(etype.kind, data, parent_id=parent_id)

    def _update(self, collection: str, id_: int, body: Any) -> dict[str, Any]:
        etype, _ = COLLECTIONS[collection]
        current = self._get(collection, id_)
        artifact_type = current.get("artifactType")
        given = body.get("artifactType") if isinstance(body, dict) else None
        if artifact_type and given is not None and given != artifact_type:
            raise InvalidInput(
                f"artifactType {given!r} does not match the stored {artifact_type!r}",
                field="artifactType",
            )
        data = validate_body(etype, body, creating=False, artifact_type=artifact_type)
        if etype is INFERENCE_SERVICE and "modelVersionId" in data:
            self._require(MODEL_VERSION, data["modelVersionId"], "modelVersionId", InvalidInput)
        updated = self.store.update(etype.kind, id_, data)
        if updated is None:
            raise NotFound(f"{_label(collection)} with id {id_} not found")
        return updated

    def _check_references(self, etype: EntityType, data: dict[str, Any], missing: type) -> int:
        """Check that ids a body refers to exist; return the parent id to store."""
        if etype is MODEL_VERSION:
            self._require(REGISTERED_MODEL, data["registeredModelId"], "registeredModelId", missing)
        if etype is INFERENCE_SERVICE:
            self._require(REGISTERED_MODEL, data["registeredModelId"], "registeredModelId", missing)
            self._require(
                SERVING_ENVIRONMENT, data["servingEnvironmentId"], "servingEnvironmentId", missing
            )
            if "modelVersionId" in data:
                self._require(MODEL_VERSION, data["modelVersionId"], "modelVersionId", missing)
        if etype is SERVE_MODEL:
            self._require(MODEL_VERSION, data["modelVersionId"], "modelVersionId", missing)
        return int(data[etype.parent_field]) if etype.parent_field else 0

    def _require(self, etype: EntityType, id_: str, field: str, error: type) -> None:
        if self.store.get(etype.kind, id_) is None:
            raise error(f"{field}: no {etype.kind.replace('_', ' ')} with id {id_}", field=field)

    # -- lists ----------------------------------------------------------------------------
    def _list(self, collection: str, query: Query) -> Response:
        etype, artifact_type = COLLECTIONS[collection]
        return self._page(etype, artifact_type, query, {})

    def _page(
        self, etype: EntityType, artifact_type: str | None, query: Query, scope: dict[str, Any]
    ) -> Response:
        if etype is ARTIFACT and query.get("artifactType"):
            artifact_type = _artifact_type({"artifactType": query["artifactType"]})
        page_size = _page_size(query.get("pageSize"))
        order_by = query.get("orderBy") or "ID"
        if order_by not in ORDER_COLUMNS:
            raise InvalidInput(
                f"orderBy must be one of {', '.join(ORDER_COLUMNS)}", field="orderBy"
            )
        sort_order = query.get("sortOrder") or "ASC"
        if sort_order not in ("ASC", "DESC"):
            raise InvalidInput("sortOrder must be ASC or DESC", field="sortOrder")
        items, token = self.store.list(
            etype.kind,
            artifact_type=artifact_type,
            filter_query=query.get("filterQuery") or None,
            order_by=order_by,
            sort_order=sort_order,
            page_size=page_size,
            page_token=query.get("nextPageToken") or None,
            **scope,
        )
        return 200, {
            "items": items,
            "size": len(items),
            "pageSize": page_size,
            "nextPageToken": token,
        }

    def _list_nested(self, parent_collection: str, id_: int, child: str, query: Query) -> Response:
        _, child_type = NESTED[(parent_collection, child)]
        self._get(parent_collection, id_)
        scope: dict[str, Any] = {"parent_id": id_}
        if query.get("name"):
            scope["name"] = query["name"]
        if query.get("externalId"):
            scope["external_id"] = query["externalId"]
        return self._page(child_type, None, query, scope)

    def _create_nested(self, parent_collection: str, id_: int, child: str, body: Any) -> Response:
        _, child_type = NESTED[(parent_collection, child)]
        self._get(parent_collection, id_)
        if not isinstance(body, dict):
            raise InvalidInput("request body must be a JSON object")
        if child_type is ARTIFACT:
            return self._upsert_version_artifact(id_, body)
        body = {**body, child_type.parent_field: str(id_)} if child_type.parent_field else body
        # registered_models/{id}/versions takes a whole ModelVersion (id, timestamps ignored)
        extra = READ_ONLY if child_type is MODEL_VERSION else frozenset()
        data = validate_body(child_type, body, creating=True, also_allowed=extra)
        parent_id = self._check_references(child_type, data, missing=InvalidInput)
        if child_type is SERVE_MODEL:
            parent_id = id_
        return 201, self.store.create(child_type.kind, data, parent_id=parent_id)

    def _upsert_version_artifact(self, version_id: int, body: dict[str, Any]) -> Response:
        """Create an artifact in the version, or attach (and update) an existing one. The body
        is a whole ``Artifact`` (its id and timestamps are allowed, and ignored)."""
        artifact_type = _artifact_type(body, required=True)
        if body.get("id") is not None:
            existing_id = _path_id(str(body["id"]))
            existing = self.store.get("artifact", existing_id)
            if existing is None:
                raise NotFound(f"artifact with id {existing_id} not found")
            if existing["artifactType"] != artifact_type:
                raise InvalidInput("artifactType does not match the stored artifact")
            data = validate_body(
                ARTIFACT,
                body,
                creating=False,
                artifact_type=artifact_type,
                also_allowed=READ_ONLY | {"name"},
            )
            updated = self.store.update("artifact", existing_id, data, parent_id=version_id)
            assert updated is not None
            return 200, updated
        data = validate_body(
            ARTIFACT, body, creating=True, artifact_type=artifact_type, also_allowed=READ_ONLY
        )
        created = self.store.create(
            "artifact", data, parent_id=version_id, artifact_type=artifact_type
        )
        return 201, created

    # -- inference service helpers --------------------------------------------------------
    def _served_model(self, id_: int) -> dict[str, Any]:
        service = self._get("inference_services", id_)
        return self._get("registered_models", int(service["registeredModelId"]))

    def _served_version(self, id_: int) -> dict[str, Any]:
        service = self._get("inference_services", id_)
        if service.get("modelVersionId"):
            return self._get("model_versions", int(service["modelVersionId"]))
        items, _ = self.store.list(
            MODEL_VERSION.kind,
            parent_id=int(service["registeredModelId"]),
            order_by="CREATE_TIME",
            sort_order="DESC",
            page_size=1,
        )
        if not items:
            raise NotFound("the served registered model has no versions")
        return items[0]


# -- helpers --------------------------------------------------------------------------------
def check_query(query: Query) -> None:
    """Query values are any Unicode text, as on the real server (a model named ``modèle-ü``
    is looked up by that name); bytes that were not UTF-8 (kept by ``query_of`` as
    surrogate escapes) are a 400 naming the parameter."""
    for key, value in query.items():
        if key == "filterQuery":  # it checks its own, naming the character
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"query parameter {key} must be UTF-8 text", field=key) from None


def _json(body: bytes | None) -> Any:
    return jsonio.loads(body)


def _path_id(raw: str) -> int:
    # A malformed id names nothing that can exist: 404, like any unknown id.
    if not is_id(raw):
        raise NotFound(f"no resource with id {raw!r}")
    return int(raw)


def _query_id(raw: str, field: str) -> int:
    if not is_id(raw):
        raise InvalidInput(f"{field} must be an id (a positive integer)", field=field)
    return int(raw)


def _page_size(raw: str | None) -> int:
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not is_id(raw):
        raise InvalidInput("pageSize must be a positive integer", field="pageSize")
    return min(int(raw), MAX_PAGE_SIZE)


def _artifact_type(body: Any, required: bool = False) -> str:
    value = body.get("artifactType") if isinstance(body, dict) else None
    if value is None:
        if required:  # the spec's discriminator: which kind of artifact this is
            raise InvalidInput(
                f"artifactType is required (one of {', '.join(ARTIFACT_TYPES)})",
                field="artifactType",
            )
        return "model-artifact"
    if value not in ARTIFACT_TYPES:
        raise InvalidInput(
            f"artifactType must be one of {', '.join(ARTIFACT_TYPES)}", field="artifactType"
        )
    return value


def _reference_error(collection: str) -> type:
    # The spec documents 422 for a version whose registered model does not exist.
    return Unprocessable if collection == "model_versions" else InvalidInput


def _label(collection: str) -> str:
    return {
        "registered_models": "registered model",
        "model_versions": "model version",
        "model_artifacts": "model artifact",
        "artifacts": "artifact",
        "serving_environments": "serving environment",
        "inference_services": "inference service",
    }[collection]


def _known_path(parts: list[str]) -> bool:
    return bool(parts) and (parts[0] in COLLECTIONS or parts[0] in FIND_ONE)
