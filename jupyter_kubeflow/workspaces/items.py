"""A Workspace object -> the ``<item>`` the panel shows (see docs/workspaces.md)."""

from __future__ import annotations

from typing import Any

STATES = {"Running", "Terminating", "Paused", "Pending", "Error", "Unknown"}


class ItemBuilder:
    """Turns Workspace objects into list items; knows the URL pattern and where we run."""

    def __init__(self, url_template: str, current: tuple[str, str] | None, hostname: str) -> None:
        self.url_template = url_template
        self.current = current
        self.hostname = hostname

    def is_current(self, namespace: str, name: str, pod_name: str | None) -> bool:
        if self.current is not None:
            return self.current == (namespace, name)
        return bool(pod_name) and pod_name == self.hostname

    def item(self, obj: dict[str, Any]) -> dict[str, Any]:
        meta = obj.get("metadata") or {}
        spec = obj.get("spec") or {}
        status = obj.get("status") or {}
        template = spec.get("podTemplate") or {}
        options = template.get("options") or {}
        volumes = template.get("volumes") or {}
        status_options = status.get("podTemplateOptions") or {}
        name, namespace = meta.get("name", ""), meta.get("namespace", "")
        state = status.get("state") or "Unknown"
        pause_time = status.get("pauseTime") or None
        pod_name = (status.get("podTemplatePod") or {}).get("name")
        return {
            "name": name,
            "namespace": namespace,
            "kind": spec.get("kind", ""),
            "displayName": spec.get("displayName") or name,
            "state": state if state in STATES else "Unknown",
            "stateMessage": status.get("stateMessage") or "",
            "paused": bool(spec.get("paused", False)),
            "pausedTime": pause_time,
            "pendingRestart": bool(status.get("pendingRestart", False)),
            "imageConfig": _option(options.get("imageConfig"), status_options.get("imageConfig")),
            "podConfig": _option(options.get("podConfig"), status_options.get("podConfig")),
            "homeVolume": volumes.get("home") or None,
            "dataVolumes": [
                {
                    "pvcName": d.get("pvcName", ""),
                    "mountPath": d.get("mountPath", ""),
                    "readOnly": bool(d.get("readOnly", False)),
                }
                for d in volumes.get("data") or []
            ],
            "url": self.url_template.format(namespace=namespace, name=name),
            "isCurrent": self.is_current(namespace, name, pod_name),
            "created": meta.get("creationTimestamp", ""),
            "resourceVersion": meta.get("resourceVersion", ""),
        }


def _option(current: str | None, observed: dict[str, Any] | None) -> dict[str, Any]:
    """The option chosen in spec, the one the controller resolved, and how it got there."""
    observed = observed or {}
    return {
        "current": current or "",
        "desired": observed.get("desired") or current or "",
        "redirectChain": [
            {"source": r.get("source", ""), "target": r.get("target", "")}
            for r in observed.get("redirectChain") or []
        ],
    }
