"""Pause and resume with upstream's rules (the backend's HandlePauseAction): pause needs
``spec.paused`` false; resume needs ``spec.paused`` true and ``status.state`` Paused (the
controller writes Paused only once the pod is gone). The wrong state is 409 Conflict.

Upstream sends a JSON patch whose ``test`` operations make the API server check the state.
Here the check is made on the object read, and the write is a replace carrying its
``resourceVersion``: the API server refuses it if anything changed in between, and the
check is redone on the fresh object. Same guarantee, and it needs only the ``update``
permission that the panel's access review asks about (a JSON patch needs ``patch``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, InvalidInput, Unprocessable
from .items import phase_of
from .kube import GROUP, REQUEST_TIMEOUT, VERSION, WORKSPACES, api_error

RETRIES = 8


def set_paused(
    api: client.CustomObjectsApi,
    namespace: str,
    name: str,
    paused: bool,
    read: Callable[[str, str], dict[str, Any]],
    also: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The updated Workspace object; Conflict (409) when its state forbids the change.
    ``also`` changes the object in the same write (e.g. choosing pending updates)."""
    for attempt in range(RETRIES):
        obj = read(namespace, name)
        check_pausable(obj, paused)
        obj.setdefault("spec", {})["paused"] = paused
        if also is not None:
            also(obj)
        try:
            return api.replace_namespaced_custom_object(
                GROUP, VERSION, namespace, WORKSPACES, name, obj, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 409 and attempt + 1 < RETRIES:
                continue  # changed meanwhile: check the fresh object again
            raise api_error(e, "update", "workspaces", namespace) from None
        except Exception as e:
            raise api_error(e, "update", "workspaces", namespace) from None
    raise AssertionError("unreachable")  # the loop returns or raises


def check_pausable(obj: dict[str, Any], paused: bool) -> None:
    name = (obj.get("metadata") or {}).get("name", "")
    spec_paused = bool((obj.get("spec") or {}).get("paused", False))
    state = (obj.get("status") or {}).get("state") or "Unknown"
    phase = phase_of(state, spec_paused)
    details = {"state": state, "phase": phase, "paused": spec_paused}
    if paused and spec_paused:
        still = " (its pod is still stopping)" if phase == "Pausing" else ""
        raise Conflict(f"Workspace {name!r} is already paused{still}", details=details)
    if not paused and not spec_paused:
        raise Conflict(
            f"Workspace {name!r} is not paused ({phase}): there is nothing to resume",
            details=details,
        )
    if not paused and state != "Paused":
        raise Conflict(
            f"Workspace {name!r} cannot be resumed yet: it is still pausing (the controller "
            f"reports {state}). Resume it once it has reached Paused.",
            details=details,
        )


def action_body(body: dict[str, Any] | None) -> bool:
    """The optional body of pause, resume and restart: ``{"applyUpdates": bool}``."""
    body = body or {}
    unknown = set(body) - {"applyUpdates"}
    if unknown:
        first = sorted(unknown)[0]
        raise InvalidInput(f"Unknown field {first!r}; allowed: applyUpdates", field=first)
    apply = body.get("applyUpdates", False)
    if not isinstance(apply, bool):
        raise Unprocessable("applyUpdates must be true or false", field="applyUpdates")
    return apply
