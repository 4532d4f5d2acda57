"""The entity types of the Model Registry v1 API and validation of request bodies.

Each type lists its own fields (beyond the common id/name/description/externalId/
customProperties/timestamps) with a validator, so a malformed body is a 400 that names
the field, and every stored value is one the OpenAPI schema accepts back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInput

# Ids are decimal text. The real server hands out int32 ids (up to 2,147,483,647), the
# embedded one SQLite rowids (int64): every id either can give is accepted, nothing longer.
MAX_ID = 2**63 - 1
_ID_TEXT = re.compile(r"^[1-9][0-9]{0,18}$")
_INT_TEXT = re.compile(r"^-?(?:[1-9][0-9]{0,18}|0)$")
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
# An absolute URI (RFC 3986): scheme, then only unreserved/reserved characters or %XX.
URI = re.compile(
    r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
    r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$"
)

MODEL_STATES = ("LIVE", "ARCHIVED")
ARTIFACT_STATES = (
    "UNKNOWN",
    "PENDING",
    "LIVE",
    "MARKED_FOR_DELETION",
    "DELETED",
    "ABANDONED",
    "REFERENCE",
)
EXECUTION_STATES = ("UNKNOWN", "NEW", "RUNNING", "COMPLETE", "FAILED", "CACHED", "CANCELED")
ARTIFACT_TYPES = ("model-artifact", "doc-artifact", "dataset-artifact", "metric", "parameter")

Validator = Callable[[str, Any], Any]

# What the real registry's columns hold (kubeflow/hub's MLMD schema, utf8mb4): names,
# externalIds and property names are VARCHAR(255) (characters); descriptions and every
# other text field are string properties, MEDIUMTEXT (bytes); an artifact's uri is TEXT.
MAX_NAME_CHARS = 255
MAX_TEXT_BYTES = 16 * 1024 * 1024 - 1
MAX_URI_BYTES = 64 * 1024 - 1


def _string(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be a string", field=name)
    return check_text(name, value)


def check_text(name: str, value: str, limit: int = MAX_TEXT_BYTES) -> str:
    # Cheap first: a str of n characters is at least n bytes in UTF-8.
    if len(value) > limit or len(value.encode("utf-8", "surrogatepass")) > limit:
        raise InvalidInput(
            f"{name} is too long: at most {limit:,} bytes of UTF-8 text "
            "(what the Model Registry stores)",
            field=name,
        )
    return value


def check_name(name: str, value: str) -> str:
    if len(value) > MAX_NAME_CHARS:
        raise InvalidInput(
            f"{name} is too long: at most {MAX_NAME_CHARS} characters "
            f"(it has {len(value):,}; the Model Registry's limit)",
            field=name,
        )
    return value


def _uri_text(name: str, value: Any) -> str:
    return check_text(name, _string(name, value), MAX_URI_BYTES)


def is_id(value: Any) -> bool:
    """Whether ``value`` is an id as the API writes them: a positive integer as text."""
    return isinstance(value, str) and bool(_ID_TEXT.fullmatch(value)) and int(value) <= MAX_ID


def is_int_text(value: Any, bounds: tuple[int, int]) -> bool:
    """Whether ``value`` is an integer as text (no sign +, no leading zeros) within bounds."""
    return (
        isinstance(value, str)
        and bool(_INT_TEXT.fullmatch(value))
        and bounds[0] <= int(value) <= bounds[1]
    )


def _id(name: str, value: Any) -> str:
    if not is_id(value):
        raise InvalidInput(f"{name} must be an id (a positive integer as a string)", field=name)
    return value


def _int64_string(name: str, value: Any) -> str:
    if not is_int_text(value, INT64):
        raise InvalidInput(f"{name} must be an integer as a string", field=name)
    return value


def _uri(name: str, value: Any) -> str:
    if not isinstance(value, str) or not URI.fullmatch(value):
        raise InvalidInput(f"{name} must be an absolute URI (e.g. https://...)", field=name)
    return value


def _number(name: str, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInput(f"{name} must be a number", field=name)
    return value


def _string_list(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{name} must be a list of strings", field=name)
    return value


def _enum(*allowed: str) -> Validator:
    def check(name: str, value: Any) -> str:
        if value not in allowed:
            raise InvalidInput(f"{name} must be one of {', '.join(allowed)}", field=name)
        return value

    return check


@dataclass(frozen=True)
class EntityType:
    """One resource type: its table tag, fields, and which field holds the parent id."""

    kind: str  # stored type tag
    fields: dict[str, Validator]
    create_only: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    parent_field: str | None = None  # body field that is the parent's id
    defaults: dict[str, Any] = field(default_factory=dict)


_ARTIFACT_COMMON: dict[str, Validator] = {"uri": _uri_text, "state": _enum(*ARTIFACT_STATES)}

ARTIFACT_FIELDS: dict[str, dict[str, Validator]] = {
    "model-artifact": {
        **_ARTIFACT_COMMON,
        "modelFormatName": _string,
        "modelFormatVersion": _string,
        "storageKey": _string,
        "storagePath": _string,
        "serviceAccountName": _string,
        "modelSourceKind": _string,
        "modelSourceClass": _string,
        "modelSourceGroup": _string,
        "modelSourceId": _string,
        "modelSourceName": _string,
    },
    "doc-artifact": dict(_ARTIFACT_COMMON),
    "dataset-artifact": {
        **_ARTIFACT_COMMON,
        "digest": _string,
        "sourceType": _string,
        "source": _string,
        "schema": _string,
        "profile": _string,
    },
    "metric": {
        "state": _enum(*ARTIFACT_STATES),
        "value": _number,
        "timestamp": _int64_string,
        "step": _int64_string,
    },
    "parameter": {
        "state": _enum(*ARTIFACT_STATES),
        "value": _string,
        "parameterType": _enum("string", "number", "boolean", "object"),
    },
}

REGISTERED_MODEL = EntityType(
    "registered_model",
    {
        "owner": _string,
        "state": _enum(*MODEL_STATES),
        "readme": _string,
        "maturity": _string,
        "language": _string_list,
        "tasks": _string_list,
        "provider": _string,
        "logo": _uri,
        "license": _string,
        "licenseLink": _uri,
        "libraryName": _string,
    },
    required=("name",),
    defaults={"state": "LIVE"},
)
MODEL_VERSION = EntityType(
    "model_version",
    {"registeredModelId": _id, "state": _enum(*MODEL_STATES), "author": _string},
    create_only=("registeredModelId",),
    required=("name", "registeredModelId"),
    parent_field="registeredModelId",
    defaults={"state": "LIVE"},
)
# fields depend on artifactType; the spec's default state for an artifact is UNKNOWN
ARTIFACT = EntityType("artifact", {}, defaults={"state": "UNKNOWN"})
SERVING_ENVIRONMENT = EntityType("serving_environment", {}, required=("name",))
INFERENCE_SERVICE = EntityType(
    "inference_service",
    {
        "registeredModelId": _id,
        "servingEnvironmentId": _id,
        "modelVersionId": _id,
        "runtime": _string,
        "desiredState": _enum("DEPLOYED", "UNDEPLOYED"),
    },
    create_only=("registeredModelId", "servingEnvironmentId"),
    required=("registeredModelId", "servingEnvironmentId"),
    parent_field="servingEnvironmentId",
    defaults={"desiredState": "DEPLOYED"},
)
SERVE_MODEL = EntityType(
    "serve_model",
    {"modelVersionId": _id, "lastKnownState": _enum(*EXECUTION_STATES)},
    create_only=("modelVersionId",),
    required=("modelVersionId",),
    parent_field=None,
)

TYPES = {
    t.kind: t
    for t in (
        REGISTERED_MODEL,
        MODEL_VERSION,
        ARTIFACT,
        SERVING_ENVIRONMENT,
        INFERENCE_SERVICE,
        SERVE_MODEL,
    )
}


def validate_custom_properties(value: Any) -> dict[str, dict[str, Any]]:
    """Check typed custom properties: exactly the shapes of the spec's MetadataValue."""
    if not isinstance(value, dict):
        raise InvalidInput("customProperties must be an object", field="customProperties")
    out: dict[str, dict[str, Any]] = {}
    for key, prop in value.items():
        where = f"customProperties.{key}"
        if not key:
            raise InvalidInput("custom property names must not be empty", field=where)
        if len(key) > MAX_NAME_CHARS:
            raise InvalidInput(
                f"custom property name {key[:40]!r}... is too long: at most "
                f"{MAX_NAME_CHARS} characters (the Model Registry's limit)",
                field="customProperties",
            )
        if not isinstance(prop, dict):
            raise InvalidInput(f"{where} must be an object", field=where)
        kind = prop.get("metadataType")
        if not isinstance(kind, str):
            kind = ""
        expected = {
            "MetadataStringValue": ("string_value",),
            "MetadataIntValue": ("int_value",),
            "MetadataDoubleValue": ("double_value",),
            "MetadataBoolValue": ("bool_value",),
            "MetadataStructValue": ("struct_value",),
            "MetadataProtoValue": ("type", "proto_value"),
        }.get(kind)  # type: ignore[arg-type]
        if expected is None:
            raise InvalidInput(
                f"{where}.metadataType must be one of MetadataStringValue, MetadataIntValue, "
                "MetadataDoubleValue, MetadataBoolValue, MetadataStructValue, MetadataProtoValue",
                field=where,
            )
        extra = set(prop) - {"metadataType", *expected}
        missing = [k for k in expected if k not in prop]
        if extra or missing:
            raise InvalidInput(
                f"{where}: a {kind} has exactly the keys metadataType, {', '.join(expected)}",
                field=where,
            )
        value = prop[expected[0]]
        checks: dict[str, tuple[bool, str]] = {
            "MetadataStringValue": (isinstance(value, str), "string_value must be a string"),
            "MetadataIntValue": (
                is_int_text(value, INT32),
                "int_value must be an int32 as a string",
            ),
            "MetadataDoubleValue": (
                isinstance(value, (int, float)) and not isinstance(value, bool),
                "double_value must be a number",
            ),
            "MetadataBoolValue": (isinstance(value, bool), "bool_value must be true or false"),
            "MetadataStructValue": (
                isinstance(value, str) and bool(BASE64.fullmatch(value)),
                "struct_value must be base64 text",
            ),
            "MetadataProtoValue": (
                isinstance(value, str)
                and isinstance(prop.get("proto_value"), str)
                and bool(BASE64.fullmatch(prop.get("proto_value") or "")),
                "type must be a string and proto_value base64 text",
            ),
        }
        ok, problem = checks[kind]
        if not ok:
            raise InvalidInput(f"{where}: {problem}", field=where)
        for text_key in ("string_value", "struct_value", "proto_value", "type"):
            if isinstance(prop.get(text_key), str):
                check_text(f"{where}.{text_key}", prop[text_key])
        out[key] = dict(prop)
    return out


def validate_body(
    etype: EntityType,
    body: Any,
    *,
    creating: bool,
    artifact_type: str | None = None,
    also_allowed: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Return the accepted fields of a create/update body; a bad value, and a field the
    spec's Create/Update schema does not have (unknown, or read-only such as a PATCH of
    ``name``), is a 400 naming it, as on the real server (its decoder disallows unknown
    fields). ``also_allowed``: fields a route's schema has beyond those (the upsert of an
    artifact takes the whole ``Artifact``, with ``id`` and timestamps); they are dropped."""
    if not isinstance(body, dict):
        raise InvalidInput("request body must be a JSON object")
    fields = ARTIFACT_FIELDS[artifact_type] if artifact_type else etype.fields
    _refuse_unknown(etype, body, fields, creating, artifact_type is not None, also_allowed)
    out: dict[str, Any] = {}
    for key in ("description", "externalId"):
        if body.get(key) is not None:
            out[key] = _string(key, body[key])
    if "externalId" in out:
        check_name("externalId", out["externalId"])
    if body.get("customProperties") is not None:
        out["customProperties"] = validate_custom_properties(body["customProperties"])
    if creating and body.get("name") is not None:
        name = _string("name", body["name"])
        if not name:
            raise InvalidInput("name must not be empty", field="name")
        out["name"] = check_name("name", name)
    for key, check in fields.items():
        if body.get(key) is None:
            continue
        if not creating and key in etype.create_only:
            continue
        out[key] = check(key, body[key])
    if creating:
        for key in etype.required:
            if key not in out:
                raise InvalidInput(f"{key} is required", field=key)
        for key, value in etype.defaults.items():
            out.setdefault(key, value)
    return out


_COMMON = ("description", "externalId", "customProperties")
READ_ONLY = frozenset({"id", "createTimeSinceEpoch", "lastUpdateTimeSinceEpoch"})


def _refuse_unknown(
    etype: EntityType,
    body: dict[str, Any],
    fields: dict[str, Validator],
    creating: bool,
    is_artifact: bool,
    also_allowed: frozenset[str],
) -> None:
    allowed = {*_COMMON, *fields, *also_allowed}
    if creating:
        allowed.add("name")
    else:
        allowed.difference_update(etype.create_only)
    if is_artifact:
        allowed.add("artifactType")
    for key in body:
        if key in allowed:
            continue
        if key in READ_ONLY or key == "name" or key in etype.create_only:
            raise InvalidInput(f"{key} is read-only: it cannot be set here", field=key)
        raise InvalidInput(
            f"{key} is not a field of this {etype.kind.replace('_', ' ')} "
            f"(allowed: {', '.join(sorted(allowed))})",
            field=key,
        )
