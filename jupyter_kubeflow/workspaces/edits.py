"""Edits of a Workspace (PATCH): checked before anything is sent, then applied to the
freshly read object."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..errors import InvalidInput, Unprocessable
from .validate import check_name, check_options

PATCH_KEYS = {"paused", "imageConfig", "podConfig", "displayName", "patch"}


def workspace_edit(
    changes: dict[str, Any], kinds: Callable[[], dict[str, dict[str, Any]]]
) -> Callable[[dict[str, Any]], None]:
    """Checks a PATCH body up front and returns the change to apply to a fresh object
    (applied again on a newer object if the first write conflicts). ``kinds`` gives the
    WorkspaceKind summaries by name, asked only when an option may have changed."""
    unknown = set(changes) - PATCH_KEYS
    if unknown:
        raise InvalidInput(
            f"Unknown field(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(PATCH_KEYS))}",
            field=sorted(unknown)[0],
        )
    if not changes:
        raise InvalidInput(
            "Nothing to change: send paused, imageConfig, podConfig, displayName or patch"
        )
    if "paused" in changes and not isinstance(changes["paused"], bool):
        raise Unprocessable("paused must be true or false", field="paused")
    for key in ("imageConfig", "podConfig", "displayName"):
        if key in changes and not isinstance(changes[key], str):
            raise Unprocessable(f"{key} must be a string", field=key)
    if "patch" in changes and not isinstance(changes["patch"], dict):
        raise Unprocessable("patch must be a JSON object (a JSON merge patch)", field="patch")
    options_may_change = bool({"imageConfig", "podConfig", "patch"} & set(changes))

    def mutate(obj: dict[str, Any]) -> None:
        spec = obj.setdefault("spec", {})
        if "paused" in changes:
            spec["paused"] = changes["paused"]
        if "displayName" in changes:
            spec["displayName"] = changes["displayName"]
        options = spec.setdefault("podTemplate", {}).setdefault("options", {})
        for key in ("imageConfig", "podConfig"):
            if key in changes:
                options[key] = changes[key]
        if "patch" in changes:
            merge_patch(obj, changes["patch"])
            check_name(obj.get("metadata", {}).get("name"), "metadata.name")
        if options_may_change:
            kind = kinds().get(spec.get("kind", ""))
            if kind is not None:
                check_options(options, kind)

    return mutate


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """RFC 7386 JSON merge patch, in place: null deletes, objects merge, the rest replaces."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            merge_patch(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
