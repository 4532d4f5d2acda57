"""Mount paths a Workspace's pod would really get.

Upstream's controller (generateStatefulSet) mounts the home volume at the kind's
``volumeMounts.home``, then each data volume, then each secret, and silently skips any
mount whose path is already taken: a secret at a data volume's path is accepted by the
API server and then simply missing from the pod. Refused here instead (422, the field)."""

from __future__ import annotations

import posixpath
from typing import Any

from ..errors import Unprocessable


def _normal(path: str) -> str:
    return posixpath.normpath(path) if path else path


def check_mount_paths(spec: dict[str, Any], kind_obj: dict[str, Any] | None) -> None:
    volumes = (spec.get("podTemplate") or {}).get("volumes") or {}
    taken: dict[str, str] = {}  # normalised path -> what is mounted there (for the message)
    home_path = (
        ((kind_obj or {}).get("spec") or {}).get("podTemplate", {}).get("volumeMounts") or {}
    ).get("home")
    if volumes.get("home") and home_path:
        taken[_normal(home_path)] = f"the home volume {volumes['home']!r}"
    mounts = [
        ("data", index, item.get("mountPath", ""), f"the data volume {item.get('pvcName')!r}")
        for index, item in enumerate(volumes.get("data") or [])
    ] + [
        ("secrets", index, item.get("mountPath", ""), f"the secret {item.get('secretName')!r}")
        for index, item in enumerate(volumes.get("secrets") or [])
    ]
    for section, index, path, what in mounts:
        if not isinstance(path, str) or not path:
            continue  # the schema check names a missing path
        field = f"spec.podTemplate.volumes.{section}[{index}].mountPath"
        holder = taken.get(_normal(path))
        if holder is not None:
            raise Unprocessable(
                f"{field}: {path} is already where {holder} is mounted; the controller would "
                f"leave {what} out of the pod. Choose another path.",
                field=field,
            )
        taken[_normal(path)] = what
