"""A WorkspaceKind as YAML text: read safely, written back, and the line of a field.

The kinds view edits a kind as YAML (what an administrator would ``kubectl apply``). The
text is parsed with PyYAML's safe loader; aliases (``*name``) are refused, so a small text
cannot expand into a huge object; a syntax error is a 422 naming its line. The API
server's refusals name fields (``spec.podTemplate.options.imageConfig.values[0].id``);
``field_line`` finds where that field is in the text, so the editor can show the message
at it."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import Unprocessable
from .kube import GROUP, VERSION
from .validate import check_name

MAX_YAML_BYTES = 512 * 1024  # far above a real kind (the sample is ~25 KB), far below etcd's
PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
DROPPED_METADATA = ("managedFields", "uid", "creationTimestamp", "generation")


def parse_kind_yaml(text: Any) -> dict[str, Any]:
    """The kind object the text describes; 422 (field ``yaml``, with ``line``) otherwise."""
    if not isinstance(text, str):
        raise Unprocessable("yaml must be the WorkspaceKind as YAML text", field="yaml")
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise Unprocessable(
            f"yaml is more than {MAX_YAML_BYTES // 1024} KiB", field="yaml", details={"line": 1}
        )
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise Unprocessable(
                    f"line {line}: YAML aliases (*name) are not allowed here; write the value out",
                    field="yaml",
                    details={"line": line},
                )
        obj = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(e, "problem", None) or str(e)
        raise Unprocessable(
            f"line {line}: the YAML cannot be read: {problem}",
            field="yaml",
            details={"line": line},
        ) from None
    if not isinstance(obj, dict):
        raise Unprocessable(
            "yaml must describe one WorkspaceKind (a mapping with apiVersion, kind, metadata, "
            "spec)",
            field="yaml",
            details={"line": 1},
        )
    for key, wanted in (("apiVersion", f"{GROUP}/{VERSION}"), ("kind", "WorkspaceKind")):
        if obj.get(key) != wanted:
            raise Unprocessable(
                f"{key} must be {wanted!r}",
                field=key,
                details={"line": field_line(text, key) or 1},
            )
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        raise Unprocessable("metadata is required", field="metadata", details={"line": 1})
    try:
        check_name(metadata.get("name"), "metadata.name")
    except Unprocessable as e:
        e.details = {"line": field_line(text, "metadata.name") or 1}
        raise
    obj.pop("status", None)
    return obj


def kind_yaml(obj: dict[str, Any]) -> str:
    """The kind as an administrator would edit it: no status, no server bookkeeping (the
    resourceVersion stays: a save of a stale text is refused, 409)."""
    shown = {k: v for k, v in obj.items() if k != "status"}
    metadata = dict(shown.get("metadata") or {})
    for key in DROPPED_METADATA:
        metadata.pop(key, None)
    annotations = dict(metadata.get("annotations") or {})
    annotations.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    if annotations:
        metadata["annotations"] = annotations
    else:
        metadata.pop("annotations", None)
    shown["metadata"] = metadata
    return yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=100)


def field_line(text: str, field: str | None) -> int | None:
    """The 1-based line of ``field`` (``a.b[2].c``) in the YAML text: the deepest part of
    the path that exists (a missing field points at its parent); None when unknown."""
    if not field:
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = node.start_mark.line + 1
    for name, index in PATH_PART.findall(field):
        if isinstance(node, yaml.MappingNode) and name:
            pair = next((p for p in node.value if getattr(p[0], "value", None) == name), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and index:
            position = int(index)
            if position >= len(node.value):
                break
            node = node.value[position]
            line = node.start_mark.line + 1
        else:
            break
    return line
