"""Edits of a Workspace (PATCH): checked before anything is sent, then applied to the
freshly read object."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from ..errors import InvalidInput, Unprocessable
from .validate import check_annotations, check_labels, check_name, check_options

PATCH_KEYS = {"paused", "imageConfig", "podConfig", "displayName", "patch"}
# Lists and maps an edit replaces whole (upstream's PodVolumesMutate, PodMetadataMutate).
MOUNT_KEYS = {"dataVolumes", "secrets", "podLabels", "podAnnotations"}
PATCH_KEYS |= MOUNT_KEYS
MAX_MOUNTS = 64
# The CRD's rule for a mount path: absolute, not "//...", 2 to 4096 characters.
MOUNT_PATH = re.compile(r"/[^/].*")


def workspace_edit(
    changes: dict[str, Any],
    kinds: Callable[[], dict[str, dict[str, Any]]],
) -> Callable[[dict[str, Any]], None]:
    """Checks a PATCH body up front and returns the change to apply to a fresh object
    (applied again on a newer object if the first write conflicts). ``kinds`` gives the
    WorkspaceKind summaries by name, asked only when an option may have changed. (What
    the result newly mounts is checked against the namespace by mount_rules.py.)"""
    unknown = set(changes) - PATCH_KEYS
    if unknown:
        raise InvalidInput(
            f"Unknown field(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(PATCH_KEYS))}",
            field=sorted(unknown)[0],
        )
    if not changes:
        raise InvalidInput(
            "Nothing to change: send paused, imageConfig, podConfig, displayName, dataVolumes, "
            "secrets, podLabels, podAnnotations or patch"
        )
    if "paused" in changes and not isinstance(changes["paused"], bool):
        raise Unprocessable("paused must be true or false", field="paused")
    for key in ("imageConfig", "podConfig", "displayName"):
        if key in changes and not isinstance(changes[key], str):
            raise Unprocessable(f"{key} must be a string", field=key)
    if "patch" in changes and not isinstance(changes["patch"], dict):
        raise Unprocessable("patch must be a JSON object (a JSON merge patch)", field="patch")
    options_may_change = bool({"imageConfig", "podConfig", "patch"} & set(changes))
    data = _data_volumes(changes["dataVolumes"]) if "dataVolumes" in changes else None
    secrets = _secret_mounts(changes["secrets"]) if "secrets" in changes else None
    if "podLabels" in changes:
        check_labels(changes["podLabels"], "podLabels")
    if "podAnnotations" in changes:
        check_annotations(changes["podAnnotations"], "podAnnotations")

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
        template = spec.setdefault("podTemplate", {})
        if data is not None or secrets is not None:
            volumes = template.setdefault("volumes", {})
            if data is not None:
                volumes["data"] = copy.deepcopy(data)
            if secrets is not None:
                volumes["secrets"] = copy.deepcopy(secrets)
        for key, where in (("podLabels", "labels"), ("podAnnotations", "annotations")):
            if key in changes:
                template.setdefault("podMetadata", {})[where] = dict(changes[key])

    return mutate


def _mount_list(value: Any, field: str, name_key: str, keys: set[str]) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise Unprocessable(f"{field} must be a list", field=field)
    if len(value) > MAX_MOUNTS:
        raise Unprocessable(f"{field}: at most {MAX_MOUNTS} mounts", field=field)
    for index, entry in enumerate(value):
        at = f"{field}[{index}]"
        if not isinstance(entry, dict):
            raise Unprocessable(f"{at} must be an object", field=at)
        unknown = set(entry) - keys
        if unknown:
            first = sorted(unknown)[0]
            raise Unprocessable(
                f"{at}: unknown field {first!r}; allowed: {', '.join(sorted(keys))}",
                field=f"{at}.{first}",
            )
        check_name(entry.get(name_key), f"{at}.{name_key}")
        path = entry.get("mountPath")
        if not isinstance(path, str) or not path:
            raise Unprocessable(f"{at}.mountPath is required", field=f"{at}.mountPath")
        if len(path) > 4096 or not MOUNT_PATH.fullmatch(path):
            raise Unprocessable(
                f"{at}.mountPath {path[:64]!r} must be an absolute path such as /data/x "
                "(one leading '/', at most 4096 characters, one line)",
                field=f"{at}.mountPath",
            )
    return value


def _data_volumes(value: Any) -> list[dict[str, Any]]:
    entries = _mount_list(value, "dataVolumes", "pvcName", {"pvcName", "mountPath", "readOnly"})
    out = []
    for index, entry in enumerate(entries):
        read_only = entry.get("readOnly", False)
        if not isinstance(read_only, bool):
            field = f"dataVolumes[{index}].readOnly"
            raise Unprocessable(f"{field} must be true or false", field=field)
        out.append(
            {"pvcName": entry["pvcName"], "mountPath": entry["mountPath"], "readOnly": read_only}
        )
    return out


def _secret_mounts(value: Any) -> list[dict[str, Any]]:
    keys = {"secretName", "mountPath", "defaultMode"}
    entries = _mount_list(value, "secrets", "secretName", keys)
    out = []
    for index, entry in enumerate(entries):
        mount = {"secretName": entry["secretName"], "mountPath": entry["mountPath"]}
        mode = entry.get("defaultMode")
        if mode is not None:
            if isinstance(mode, bool) or not isinstance(mode, int) or not 0 <= mode <= 511:
                field = f"secrets[{index}].defaultMode"
                raise Unprocessable(
                    f"{field} must be a whole number from 0 to 511 (octal 0777), e.g. 420 for 0644",
                    field=field,
                )
            mount["defaultMode"] = mode
        out.append(mount)
    return out


# Spec paths the later checks name -> the PATCH body's own fields.
SPEC_TO_PATCH = (
    ("spec.podTemplate.volumes.data", "dataVolumes"),
    ("spec.podTemplate.volumes.secrets", "secrets"),
    ("spec.podTemplate.podMetadata.labels", "podLabels"),
    ("spec.podTemplate.podMetadata.annotations", "podAnnotations"),
)


def in_patch_terms(error: Unprocessable, changes: dict[str, Any]) -> Unprocessable:
    """A 422 from checks of the whole object (mount paths, schema) named by the PATCH's
    field (``dataVolumes[1].mountPath``) when that field is what the edit sent."""
    field = error.field or ""
    for spec_path, patch_key in SPEC_TO_PATCH:
        if patch_key in changes and field.startswith(spec_path):
            renamed = patch_key + field[len(spec_path) :]
            error.message = error.message.replace(field, renamed, 1)
            error.args = (error.message,)
            error.field = renamed
            break
    return error


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
