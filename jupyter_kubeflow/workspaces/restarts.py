"""Pending updates applied in one step, and a restart that really restarts.

**Updates.** A kind may redirect an option to a newer one; the controller reports it
(``pendingRestart``) but builds the pod from the option chosen in the spec, so the update
is applied by choosing the redirect's target. As the Notebooks 2.0 UI offers it, that is
done together with a pause ("Update and stop") or a resume ("Update and start"), in the
same write (pausing.py's read-check-replace).

**Restart.** The StatefulSet controller (podManagementPolicy OrderedReady) replaces a pod
for a new template only once the pod is Running and Ready: a Pending or Error pod is left
alone, so a change of image, pod config, mounts or labels never reaches it. Pausing (the
pod goes away) and resuming (a new pod from the current template) does. ``Restarts`` does
both as one action: it pauses, watches the workspace until the controller reports
``Paused``, then resumes. The wait runs in this server (a watch of the one object); if the
server stops meanwhile, the workspace stays paused and the panel offers Resume."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from ..errors import KubeflowError
from .filter_rules import check_allowed, namespace_labels
from .kube import GROUP, VERSION, WORKSPACES

log = logging.getLogger(__name__)
OPTIONS = ("imageConfig", "podConfig")
RESTART_WAIT_SECONDS = 900  # how long a restart waits for the pod to go (then gives up)
WATCH_SECONDS = 60  # one watch request; renewed until the wait is over


def redirect_target(kind_obj: dict[str, Any] | None, which: str, current: str) -> str:
    """Where the kind's redirects lead from ``current`` (itself when none), as the
    controller follows them (a loop stops where it would repeat)."""
    values = (
        (((kind_obj or {}).get("spec") or {}).get("podTemplate") or {}).get("options") or {}
    ).get(which, {}).get("values") or []
    redirects = {v.get("id"): (v.get("redirect") or {}).get("to") for v in values}
    seen, option = {current}, current
    while redirects.get(option) and redirects[option] not in seen:
        option = redirects[option]
        seen.add(option)
    return option


def choose_updates(
    get_kind: Callable[[str], dict[str, Any] | None],
    api: Callable[[], client.ApiClient],
    namespace: str,
) -> Callable[[dict[str, Any]], None]:
    """The change that chooses every redirect target of the workspace's options; refused
    (422) when the namespace may not use a target (the kind's filter rules)."""

    def apply(obj: dict[str, Any]) -> None:
        spec = obj.setdefault("spec", {})
        kind_obj = get_kind(spec.get("kind") or "")
        options = spec.setdefault("podTemplate", {}).setdefault("options", {})
        changed = {}
        for which in OPTIONS:
            target = redirect_target(kind_obj, which, options.get(which) or "")
            if target and target != options.get(which):
                changed[which] = target
        if not changed:
            return
        check_allowed(
            kind_obj,
            namespace_labels(api(), namespace),
            changed.get("imageConfig"),
            changed.get("podConfig"),
            fields=("kind", "imageConfig", "podConfig"),
        )
        options.update(changed)

    return apply


def check_restartable(obj: dict[str, Any]) -> None:
    name = (obj.get("metadata") or {}).get("name", "")
    if (obj.get("spec") or {}).get("paused"):
        state = (obj.get("status") or {}).get("state") or "Unknown"
        raise KubeflowError(
            f"Workspace {name!r} is paused ({state}): Resume starts it with its current "
            "configuration",
            status=409,
            details={"paused": True, "state": state},
        )


class Restarts:
    """Restarts waiting for their pause to complete, by (namespace, name).

    ``resume(namespace, name)`` is the service's resume (blocking); ``api()`` the
    connection's client for the watch."""

    def __init__(
        self,
        api: Callable[[], client.ApiClient],
        resume: Callable[[str, str], Any],
        wait_seconds: float = RESTART_WAIT_SECONDS,
    ) -> None:
        self._api = api
        self._resume = resume
        self._wait_seconds = wait_seconds
        self.pending: set[tuple[str, str]] = set()  # read by the items (restartPending)
        self._tasks: set[asyncio.Task[None]] = set()
        self._watches: set[watch.Watch] = set()
        self._closed = threading.Event()

    def begin(self, namespace: str, name: str) -> None:
        """Marks it before the pause is written, so the pause's own event says so."""
        self.pending.add((namespace, name))

    def abandon(self, namespace: str, name: str) -> None:
        self.pending.discard((namespace, name))

    def follow(self, namespace: str, name: str, resource_version: str) -> None:
        """After the pause was written: resume once the controller reports Paused."""
        task = asyncio.get_running_loop().create_task(
            asyncio.to_thread(self._wait_and_resume, namespace, name, resource_version)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        self._closed.set()
        for w in list(self._watches):
            w.stop()
        for task in list(self._tasks):
            task.cancel()

    def _wait_and_resume(self, namespace: str, name: str, resource_version: str) -> None:
        key = (namespace, name)
        try:
            if self._wait_paused(namespace, name, resource_version):
                self.pending.discard(key)  # before the write: its event shows it resumed
                self._resume(namespace, name)
        except KubeflowError as e:  # resumed or deleted by someone else meanwhile
            log.info("Restart of %s/%s not completed: %s", namespace, name, e.message)
        except Exception:  # a broken connection: it stays paused, the panel offers Resume
            log.warning("Restart of %s/%s not completed", namespace, name, exc_info=True)
        finally:
            self.pending.discard(key)

    def _wait_paused(self, namespace: str, name: str, resource_version: str) -> bool:
        """True once the controller reports Paused; False when it was resumed, unpaused or
        deleted by someone else, or the wait ran out."""
        api = client.CustomObjectsApi(self._api())
        deadline = time.monotonic() + self._wait_seconds
        version = resource_version
        while not self._closed.is_set() and time.monotonic() < deadline:
            w = watch.Watch()
            self._watches.add(w)
            try:
                for event in w.stream(
                    api.list_namespaced_custom_object,
                    GROUP,
                    VERSION,
                    namespace,
                    WORKSPACES,
                    field_selector=f"metadata.name={name}",
                    resource_version=version,
                    timeout_seconds=int(min(WATCH_SECONDS, self._wait_seconds)),
                ):
                    obj = event["object"]
                    version = (obj.get("metadata") or {}).get("resourceVersion") or version
                    if event["type"] == "DELETED" or not (obj.get("spec") or {}).get("paused"):
                        return False
                    if (obj.get("status") or {}).get("state") == "Paused":
                        return True
            except ApiException as e:
                if e.status != 410:
                    raise
                # Too old to watch from: read it now and watch on from there.
                obj = api.get_namespaced_custom_object(GROUP, VERSION, namespace, WORKSPACES, name)
                if not (obj.get("spec") or {}).get("paused"):
                    return False
                if (obj.get("status") or {}).get("state") == "Paused":
                    return True
                version = obj["metadata"]["resourceVersion"]
            finally:
                self._watches.discard(w)
        return False
