"""Which workspaces of a namespace mount a PVC or a Secret (from their specs).

Read fresh from the API server on each call rather than from the watch cache: a delete is
refused while a workspace mounts the object, and a workspace created a moment ago counts.
Upstream's backend (repositories/pvcs, buildWorkspaceInfoMap) reads the same spec fields:
``volumes.home`` and ``volumes.data[].pvcName``; secrets ``volumes.secrets[].secretName``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubernetes import client

from .kube import GROUP, REQUEST_TIMEOUT, VERSION, WORKSPACES, api_error
from .mounts import dropped_mounts, home_mount_path, mount_state

KindLookup = Callable[[str], "dict[str, Any] | None"]


def workspace_objects(api: client.ApiClient, namespace: str) -> list[dict[str, Any]]:
    try:
        listing = client.CustomObjectsApi(api).list_namespaced_custom_object(
            GROUP, VERSION, namespace, WORKSPACES, _request_timeout=REQUEST_TIMEOUT
        )
    except Exception as e:
        raise api_error(e, "list", "workspaces", namespace) from None
    return listing.get("items") or []


def _volumes(obj: dict[str, Any]) -> dict[str, Any]:
    return ((obj.get("spec") or {}).get("podTemplate") or {}).get("volumes") or {}


def _state(obj: dict[str, Any]) -> str:
    return (obj.get("status") or {}).get("state") or "Unknown"


def _kind(obj: dict[str, Any], kinds: KindLookup) -> dict[str, Any] | None:
    return kinds((obj.get("spec") or {}).get("kind", ""))


def pvc_users(objects: list[dict[str, Any]], kinds: KindLookup) -> dict[str, list[dict[str, Any]]]:
    """PVC name -> one entry per mount: ``{"name", "state", "mountPath", "home", "mounted"}``
    (and ``reason`` when the controller leaves it out of the pod)."""
    users: dict[str, list[dict[str, Any]]] = {}
    for obj in objects:
        name = (obj.get("metadata") or {}).get("name", "")
        volumes = _volumes(obj)
        kind = _kind(obj, kinds)
        dropped = dropped_mounts(obj.get("spec") or {}, kind)
        home = volumes.get("home")
        if home:
            users.setdefault(home, []).append(
                {
                    "name": name,
                    "state": _state(obj),
                    "mountPath": home_mount_path(kind),
                    "home": True,
                    "mounted": True,
                }
            )
        for index, data in enumerate(volumes.get("data") or []):
            users.setdefault(data.get("pvcName", ""), []).append(
                {
                    "name": name,
                    "state": _state(obj),
                    "mountPath": data.get("mountPath", ""),
                    "home": False,
                    **mount_state(dropped, ("data", index)),
                }
            )
    return users


def secret_users(
    objects: list[dict[str, Any]], kinds: KindLookup
) -> dict[str, list[dict[str, Any]]]:
    """Secret name -> one entry per mount: ``{"name", "mountPath", "mounted"}`` (and
    ``reason`` when the controller leaves it out: a path a data volume already holds)."""
    users: dict[str, list[dict[str, Any]]] = {}
    for obj in objects:
        name = (obj.get("metadata") or {}).get("name", "")
        dropped = dropped_mounts(obj.get("spec") or {}, _kind(obj, kinds))
        for index, secret in enumerate(_volumes(obj).get("secrets") or []):
            users.setdefault(secret.get("secretName", ""), []).append(
                {
                    "name": name,
                    "mountPath": secret.get("mountPath", ""),
                    **mount_state(dropped, ("secrets", index)),
                }
            )
    return users


def in_use_message(what: str, users: list[dict[str, Any]]) -> str:
    names = sorted({u["name"] for u in users})
    listed = ", ".join(names)
    word = "workspace" if len(names) == 1 else "workspaces"
    return (
        f"{what} is used by {word} {listed}: remove it from "
        f"{'that workspace' if len(names) == 1 else 'those workspaces'} (Edit) or delete "
        f"{'it' if len(names) == 1 else 'them'} first"
    )


def rfc3339(stamp: str | None) -> str | None:
    """A timestamp as the API server writes it (``...Z``, as workspace items carry it): the
    typed client's objects come back from ``sanitize_for_serialization`` as ``+00:00``."""
    if isinstance(stamp, str) and stamp.endswith("+00:00"):
        return stamp[: -len("+00:00")] + "Z"
    return stamp
