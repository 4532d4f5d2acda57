"""Mount paths a Workspace's pod would really get.

Upstream's controller (generateStatefulSet) mounts the home volume at the kind's
``volumeMounts.home``, then each data volume, then each secret, and silently skips any
mount whose path is already taken: a secret at a data volume's path is accepted by the
API server and then simply missing from the pod. Refused here when written (422, the
field); a workspace made elsewhere that has one is shown with that mount "not mounted"."""

from __future__ import annotations

import posixpath
from typing import Any

from ..errors import Unprocessable


def _normal(path: str) -> str:
    return posixpath.normpath(path) if path else path


def home_mount_path(kind_obj: dict[str, Any] | None) -> str:
    template = ((kind_obj or {}).get("spec") or {}).get("podTemplate") or {}
    return (template.get("volumeMounts") or {}).get("home") or ""


def dropped_mounts(
    spec: dict[str, Any], kind_obj: dict[str, Any] | None
) -> dict[tuple[str, int], tuple[str, str]]:
    """``{("data"|"secrets", index): (path, what holds it)}``: the mounts the controller
    leaves out of the pod, in its order (home, data volumes, secrets)."""
    volumes = (spec.get("podTemplate") or {}).get("volumes") or {}
    taken: dict[str, str] = {}  # normalised path -> what is mounted there (for the message)
    home_path = home_mount_path(kind_obj)
    if volumes.get("home") and home_path:
        taken[_normal(home_path)] = f"the home volume {volumes['home']!r}"
    mounts = [
        ("data", index, item.get("mountPath", ""), f"the data volume {item.get('pvcName')!r}")
        for index, item in enumerate(volumes.get("data") or [])
    ] + [
        ("secrets", index, item.get("mountPath", ""), f"the secret {item.get('secretName')!r}")
        for index, item in enumerate(volumes.get("secrets") or [])
    ]
    dropped: dict[tuple[str, int], tuple[str, str]] = {}
    for section, index, path, what in mounts:
        if not isinstance(path, str) or not path:
            continue  # the schema check names a missing path
        holder = taken.get(_normal(path))
        if holder is not None:
            dropped[(section, index)] = (path, holder)
        else:
            taken[_normal(path)] = what
    return dropped


def mount_state(
    dropped: dict[tuple[str, int], tuple[str, str]], key: tuple[str, int]
) -> dict[str, Any]:
    """``{"mounted": True}``, or False with why when the controller leaves the mount out."""
    if key not in dropped:
        return {"mounted": True}
    path, holder = dropped[key]
    return {
        "mounted": False,
        "reason": f"Not mounted: {path} is where {holder} is mounted, so the controller "
        "leaves this one out of the pod",
    }


def check_mount_paths(spec: dict[str, Any], kind_obj: dict[str, Any] | None) -> None:
    dropped = dropped_mounts(spec, kind_obj)
    if not dropped:
        return
    (section, index), (path, holder) = min(dropped.items(), key=lambda d: (d[0][0], d[0][1]))
    volumes = (spec.get("podTemplate") or {}).get("volumes") or {}
    entry = (volumes.get(section) or [])[index]
    what = (
        f"the data volume {entry.get('pvcName')!r}"
        if section == "data"
        else f"the secret {entry.get('secretName')!r}"
    )
    field = f"spec.podTemplate.volumes.{section}[{index}].mountPath"
    raise Unprocessable(
        f"{field}: {path} is already where {holder} is mounted; the controller would "
        f"leave {what} out of the pod. Choose another path.",
        field=field,
    )
