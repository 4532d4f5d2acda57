"""A WorkspaceKind object -> what the create form offers (options, redirects, flags), and
an index of the kinds for describing workspaces (ports, redirect messages, activity)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

KIND_TTL_SECONDS = 30.0


def kind_summary(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj.get("spec") or {}
    spawner = spec.get("spawner") or {}
    options = (spec.get("podTemplate") or {}).get("options") or {}
    name = (obj.get("metadata") or {}).get("name", "")
    return {
        "name": name,
        "displayName": spawner.get("displayName") or name,
        "description": spawner.get("description") or "",
        "deprecated": bool(spawner.get("deprecated", False)),
        "deprecationMessage": spawner.get("deprecationMessage") or "",
        "hidden": bool(spawner.get("hidden", False)),
        "icon": (spawner.get("icon") or {}).get("url"),
        "imageConfig": _options(options.get("imageConfig")),
        "podConfig": _options(options.get("podConfig")),
    }


def _options(section: dict[str, Any] | None) -> dict[str, Any]:
    section = section or {}
    values = []
    for value in section.get("values") or []:
        spawner = value.get("spawner") or {}
        redirect = value.get("redirect")
        values.append(
            {
                "id": value.get("id", ""),
                "displayName": spawner.get("displayName") or value.get("id", ""),
                "description": spawner.get("description") or "",
                "hidden": bool(spawner.get("hidden", False)),
                "redirect": (
                    {
                        "to": redirect.get("to", ""),
                        "message": (redirect.get("message") or {}).get("text", "").strip(),
                        "level": (redirect.get("message") or {}).get("level") or "Info",
                    }
                    if redirect
                    else None
                ),
                "labels": [
                    {"key": label.get("key", ""), "value": label.get("value", "")}
                    for label in spawner.get("labels") or []
                ],
            }
        )
    return {"default": (section.get("spawner") or {}).get("default", ""), "options": values}


def option_ids(kind: dict[str, Any], which: str) -> set[str]:
    """The option ids a summarized kind offers for ``imageConfig`` or ``podConfig``."""
    return {o["id"] for o in kind[which]["options"]}


class KindIndex:
    """The WorkspaceKind objects by name: kept current by a watch while one runs
    (``follow``), else refreshed at most every ``ttl`` seconds when read.

    ``fetch`` lists them (blocking, API call); ``get`` is called from the watch threads
    while building items. A failed refresh keeps what was known (or nothing). Listeners
    hear the names of kinds whose spec changed (added, edited, deleted), from the watch or
    from any listing: the cached workspaces of those kinds are then described again."""

    def __init__(
        self, fetch: Callable[[], list[dict[str, Any]]], ttl: float = KIND_TTL_SECONDS
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._lock = threading.Lock()
        self._kinds: dict[str, dict[str, Any]] = {}
        self._fetched_at: float | None = None
        self._listeners: list[Callable[[set[str]], None]] = []
        self._live: Callable[[], bool] = lambda: False

    def listen(self, listener: Callable[[set[str]], None]) -> None:
        """Call ``listener(names)`` (in the thread that saw it) when kinds' specs change."""
        self._listeners.append(listener)

    def follow(self, live: Callable[[], bool]) -> None:
        """While ``live()`` (a watch keeps the index current), ``get`` never fetches."""
        self._live = live

    def set(self, objects: list[dict[str, Any]]) -> None:
        fresh = {(o.get("metadata") or {}).get("name", ""): o for o in objects}
        with self._lock:
            old, self._kinds = self._kinds, fresh
            self._fetched_at = time.monotonic()
        changed = {
            name
            for name in old.keys() | fresh.keys()
            if _spec_of(old.get(name)) != _spec_of(fresh.get(name))
        }
        if changed:
            for listener in self._listeners:
                listener(changed)

    def peek(self, name: str) -> dict[str, Any] | None:
        """The kind as known now (no API call)."""
        with self._lock:
            return self._kinds.get(name)

    def get(self, name: str) -> dict[str, Any] | None:
        if self._live():
            return self.peek(name)  # a kind not seen yet comes with its watch event
        with self._lock:
            age = None if self._fetched_at is None else time.monotonic() - self._fetched_at
            # A kind not seen yet may just have been created: look again, at most each second.
            fresh = age is not None and age < self._ttl and (name in self._kinds or age < 1.0)
        if not fresh:
            try:
                self.set(self._fetch())
            except Exception:  # unreachable: describe items without the kind
                with self._lock:
                    self._fetched_at = time.monotonic()
        return self.peek(name)


def _spec_of(kind: dict[str, Any] | None) -> Any:
    """What of a kind describes its workspaces: its spec (not its status, which the
    controller rewrites with usage counts whenever a workspace comes or goes)."""
    return None if kind is None else kind.get("spec")


def pod_config_gpus(kind: dict[str, Any] | None, pod_config: str) -> int:
    """The GPUs of a pod config option, from its ``gpu`` label as upstream's UI reads
    them (the sample kind's ``big_gpu`` has ``gpu: "1"``); 0 without one."""
    options = (((kind or {}).get("spec") or {}).get("podTemplate") or {}).get("options") or {}
    values = (options.get("podConfig") or {}).get("values") or []
    value = next((v for v in values if v.get("id") == pod_config), None) or {}
    labels = (value.get("spawner") or {}).get("labels") or []
    gpu = next((label.get("value") for label in labels if label.get("key") == "gpu"), None)
    try:
        count = int(str(gpu))
    except ValueError:
        return 0
    return count if 0 <= count < 10_000 else 0


def image_ports(kind: dict[str, Any] | None, image_config: str) -> list[dict[str, str]]:
    """The ports an image config option exposes, with their display names (the option's
    own, else the kind's ``defaultDisplayName``), as upstream's backend lists services."""
    if not kind:
        return []
    template = (kind.get("spec") or {}).get("podTemplate") or {}
    defaults = {p.get("id"): p for p in template.get("ports") or []}
    values = ((template.get("options") or {}).get("imageConfig") or {}).get("values") or []
    value = next((v for v in values if v.get("id") == image_config), None)
    if value is None:
        return []
    ports = []
    for port in (value.get("spec") or {}).get("ports") or []:
        port_id = port.get("id", "")
        kind_port = defaults.get(port_id) or {}
        if kind_port.get("protocol", "HTTP") != "HTTP":
            continue  # only HTTP ports are served at a connect URL
        name = port.get("displayName") or kind_port.get("defaultDisplayName") or port_id
        ports.append({"id": port_id, "displayName": name})
    return ports


def redirect_message(kind: dict[str, Any] | None, which: str, source: str) -> dict[str, str]:
    """The kind's message for the redirect from option ``source`` (text and level)."""
    if not kind:
        return {"text": "", "level": "Info"}
    options = ((kind.get("spec") or {}).get("podTemplate") or {}).get("options") or {}
    values = (options.get(which) or {}).get("values") or []
    value = next((v for v in values if v.get("id") == source), None) or {}
    message = (value.get("redirect") or {}).get("message") or {}
    return {"text": (message.get("text") or "").strip(), "level": message.get("level") or "Info"}


def activity_probe(kind: dict[str, Any] | None) -> dict[str, Any] | None:
    """How often the controller probes activity, or None when the kind has no probe
    (then nothing is ever paused for inactivity)."""
    probe = (((kind or {}).get("spec") or {}).get("podTemplate") or {}).get("activityProbe")
    if not probe:
        return None
    return {
        "probeIntervalSeconds": probe.get("probeIntervalSeconds"),
        "minProbeIntervalSeconds": probe.get("minProbeIntervalSeconds"),
        "kind": "jupyter" if probe.get("jupyter") else "podExec" if probe.get("podExec") else "",
    }


def option_value(kind: dict[str, Any] | None, which: str, option_id: str) -> dict[str, Any]:
    """The kind's ``imageConfig`` or ``podConfig`` value with this id ({} when none)."""
    options = (((kind or {}).get("spec") or {}).get("podTemplate") or {}).get("options") or {}
    values = (options.get(which) or {}).get("values") or []
    return next((v for v in values if v.get("id") == option_id), None) or {}


def gpu_count(resources: dict[str, Any]) -> int:
    """GPUs a pod config asks for: its ``*gpu`` extended resources (``nvidia.com/gpu``,
    ``amd.com/gpu``...), from limits (where Kubernetes requires them), else requests."""
    total = 0
    for section in ("limits", "requests"):
        amounts = {k: v for k, v in (resources.get(section) or {}).items() if "gpu" in k.lower()}
        if amounts:
            for value in amounts.values():
                try:
                    total += max(0, int(str(value)))
                except ValueError:
                    continue  # not a whole number: not a GPU count
            return total
    return 0


def pod_config_resources(kind: dict[str, Any] | None, option_id: str) -> dict[str, Any] | None:
    """What a pod config gives the workspace's main container: requests, limits and GPUs
    (its ``spec.resources``), with the option's display name; None when unknown."""
    value = option_value(kind, "podConfig", option_id)
    if not value:
        return None
    resources = (value.get("spec") or {}).get("resources") or {}
    return {
        "podConfig": option_id,
        "displayName": (value.get("spawner") or {}).get("displayName") or option_id,
        "requests": dict(resources.get("requests") or {}),
        "limits": dict(resources.get("limits") or {}),
        "gpus": gpu_count(resources),
    }


def image_of(kind: dict[str, Any] | None, option_id: str) -> str:
    """The container image an image config option names ('' when unknown)."""
    return (option_value(kind, "imageConfig", option_id).get("spec") or {}).get("image") or ""
