"""Checks a Workspace before it is sent: Kubernetes naming rules, the CRD's schema, and that
the WorkspaceKind and the chosen options exist. Failures are 422 naming the field."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from ..errors import InvalidInput, Unprocessable
from .kinds import option_ids

# Always used with fullmatch: in Python `$` also matches before a trailing newline, so
# "name\n" would pass a `.match(...$)` (Go's regexp, which the API server uses, says no).
# A DNS-1123 subdomain: the API server's rule for custom resources' names (and PVCs, Secrets).
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
# A DNS-1123 label: namespaces, and Workspace names as the controller needs them.
DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
SCHEMA_FILE = Path(__file__).with_name("workspace_schema.json")


@cache
def _validator() -> Draft7Validator:
    # OpenAPI v3 structural schemas are a subset of JSON Schema draft 7 (x-kubernetes-*
    # keys and int32/int64 formats are ignored; the API server still checks CEL rules).
    return Draft7Validator(_end_anchored(json.loads(SCHEMA_FILE.read_text())["schema"]))


def _end_anchored(schema: Any) -> Any:
    """The schema with each pattern's final `$` made `\\Z`: jsonschema searches with Python's
    re, whose `$` accepts a trailing newline; the API server's Go regexp does not."""
    if isinstance(schema, dict):
        out = {key: _end_anchored(value) for key, value in schema.items()}
        pattern = out.get("pattern")
        if isinstance(pattern, str) and pattern.endswith("$") and not pattern.endswith("\\$"):
            out["pattern"] = pattern[:-1] + "\\Z"
        return out
    if isinstance(schema, list):
        return [_end_anchored(value) for value in schema]
    return schema


def check_name(value: Any, field: str, label: bool = False) -> str:
    limit, pattern = (63, DNS1123_LABEL) if label else (253, DNS1123_SUBDOMAIN)
    if not isinstance(value, str) or not value:
        raise Unprocessable(f"{field} is required", field=field)
    if len(value) > limit or not pattern.fullmatch(value):
        raise Unprocessable(
            f"{field} {value!r} is not a valid Kubernetes name: lower-case letters, digits "
            f"and '-' (starting and ending with a letter or digit), at most {limit} characters",
            field=field,
        )
    return value


def check_namespace(namespace: str) -> str:
    if (
        not isinstance(namespace, str)
        or len(namespace) > 63
        or not DNS1123_LABEL.fullmatch(namespace)
    ):
        raise InvalidInput(f"{namespace!r} is not a valid namespace name", field="namespace")
    return namespace


def check_path_name(name: str) -> str:
    """A workspace name from a URL: any name the API server allows (a subdomain), so
    workspaces made elsewhere stay reachable; refused whole, never trimmed."""
    if not isinstance(name, str) or len(name) > 253 or not DNS1123_SUBDOMAIN.fullmatch(name):
        raise InvalidInput(f"{name!r} is not a valid workspace name", field="name")
    return name


def field_path(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = next((r for r in error.validator_value if r not in error.instance), None)
        if missing:
            path = f"{path}.{missing}" if path else missing
    return path


def check_schema(manifest: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        field = field_path(first)
        raise Unprocessable(f"{field}: {first.message}", field=field)


def check_workspace(manifest: dict[str, Any], kinds: dict[str, dict[str, Any]]) -> None:
    """Everything checkable before the API server sees it; ``kinds`` by name (summaries)."""
    metadata = manifest.get("metadata")
    if not isinstance(metadata, dict):
        raise Unprocessable("metadata is required", field="metadata")
    # A label, not just a subdomain: the controller names the pod's StatefulSet and
    # Service (`ws-{name}-`, no dots) and a label value (at most 63) after it.
    check_name(metadata.get("name"), "metadata.name", label=True)
    check_schema(manifest)
    spec = manifest["spec"]
    kind = kinds.get(spec["kind"])
    if kind is None:
        raise Unprocessable(
            f"spec.kind: there is no WorkspaceKind {spec['kind']!r}", field="spec.kind"
        )
    check_options(spec["podTemplate"]["options"], kind)


def check_options(options: dict[str, Any], kind: dict[str, Any]) -> None:
    for which in ("imageConfig", "podConfig"):
        field = f"spec.podTemplate.options.{which}"
        value = options.get(which)
        if value not in option_ids(kind, which):
            raise Unprocessable(
                f"{field}: WorkspaceKind {kind['name']!r} has no {which} option {value!r}",
                field=field,
            )


# Labels and annotations as the API server checks them (apimachinery ValidateLabels,
# ValidateAnnotations): a qualified-name key (an optional DNS-subdomain prefix and "/"),
# label values of at most 63 characters, annotations at most 256 KiB in all.
QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
MAX_ANNOTATIONS_BYTES = 256 * 1024


def _check_qualified_key(key: Any, field: str) -> None:
    shown = f"{key[:64]!r}" if isinstance(key, str) else "a key"
    prefix, _, name = key.rpartition("/") if isinstance(key, str) else ("", "", "")
    if (
        not isinstance(key, str)
        or not name
        or len(name) > 63
        or not QUALIFIED_NAME.fullmatch(name)
        or ("/" in key and (len(prefix) > 253 or not DNS1123_SUBDOMAIN.fullmatch(prefix)))
    ):
        raise Unprocessable(
            f"{field}: {shown} is not a valid key: an optional DNS prefix and '/', then at "
            "most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
            field=field,
        )


def _entry(field: str, key: Any) -> str:
    return f"{field}.{key[:64]}" if isinstance(key, str) else field


def check_labels(labels: Any, field: str) -> dict[str, str]:
    if not isinstance(labels, dict):
        raise Unprocessable(f"{field} must be an object of key: value", field=field)
    for key, value in labels.items():
        _check_qualified_key(key, _entry(field, key))
        if not isinstance(value, str) or (
            value and (len(value) > 63 or not QUALIFIED_NAME.fullmatch(value))
        ):
            raise Unprocessable(
                f"{field}.{key}: a label value is text of at most 63 letters, digits, '-', "
                "'_' or '.', starting and ending alphanumeric (or empty)",
                field=_entry(field, key),
            )
    return labels


def check_annotations(annotations: Any, field: str) -> dict[str, str]:
    if not isinstance(annotations, dict):
        raise Unprocessable(f"{field} must be an object of key: value", field=field)
    total = 0
    for key, value in annotations.items():
        _check_qualified_key(key, _entry(field, key))
        if not isinstance(value, str):
            raise Unprocessable(f"{_entry(field, key)} must be text", field=_entry(field, key))
        total += len(key.encode("utf-8")) + len(value.encode("utf-8"))
    if total > MAX_ANNOTATIONS_BYTES:
        raise Unprocessable(f"{field} are more than 256 KiB in all", field=field)
    return annotations
