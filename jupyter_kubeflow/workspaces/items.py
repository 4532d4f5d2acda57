"""A Workspace object -> the ``<item>`` the panel shows (see docs/workspaces.md).

The item says what the Notebooks 2.0 controller says (``state``), and what that means for
a person right now (``phase``): the controller writes ``Paused`` only once the pod is
gone, so between ``spec.paused: true`` and the pod's removal the workspace is "Pausing",
not Running; after a resume it is "Starting" until the pod runs.
"""

from __future__ import annotations

from typing import Any

from .kinds import KindIndex, activity_probe, image_ports, pod_config_gpus, redirect_message
from .mounts import dropped_mounts, mount_state

STATES = {"Running", "Terminating", "Paused", "Pending", "Error", "Unknown"}
DEFAULT_URL_TEMPLATE = "/workspace/connect/{namespace}/{name}/{port}/"  # upstream's path


def phase_of(state: str, paused: bool) -> str:
    """What the workspace is doing, from the controller's state and the spec's wish.

    Upstream's controller (generateWorkspaceState): ``Paused`` only when spec.paused and no
    pod; a pod being deleted is ``Terminating``; a pod not yet ready is ``Pending``. A paused
    workspace still in Error is being paused too: its pod goes away, then it is Paused."""
    if paused:
        return "Paused" if state == "Paused" else "Pausing"
    if state == "Error":
        return "Error"
    if state in ("Paused", "Pending"):
        return "Starting"  # resumed (the controller has not caught up) or pod starting
    if state == "Terminating":
        return "Restarting"  # not paused, pod going away: replaced after a config change
    return state


def changes_apply(state: str, paused: bool, has_pod: bool) -> str:
    """When a change of image, pod config, mounts or pod metadata reaches the pod:

    ``now``: the pod is ready, the StatefulSet replaces it at once (a restart);
    ``restart``: a pod exists but is not ready (Pending, Error): the StatefulSet controller
    (OrderedReady) leaves it alone, so only a pause and resume applies the change;
    ``resume``: paused, the next pod has it; ``start``: no pod yet or one going away, the
    next pod has it."""
    if paused:
        return "resume"
    if state == "Running":
        return "now"
    if state == "Pending" or (state == "Error" and has_pod):
        return "restart"
    return "start"


class ItemBuilder:
    """Turns Workspace objects into list items; knows the URL pattern and where we run."""

    def __init__(
        self,
        url_template: str,
        current: tuple[str, str] | None,
        hostname: str,
        kinds: KindIndex | None = None,
    ) -> None:
        self.url_template = url_template or DEFAULT_URL_TEMPLATE
        self.current = current
        self.hostname = hostname
        self.kinds = kinds
        # (namespace, name) of restarts waiting for their pause (restarts.py)
        self.restarts: set[tuple[str, str]] = set()

    def is_current(self, namespace: str, name: str, pod_name: str | None) -> bool:
        if self.current is not None:
            return self.current == (namespace, name)
        return bool(pod_name) and pod_name == self.hostname

    def url(self, namespace: str, name: str, port: str) -> str:
        return self.url_template.format(namespace=namespace, name=name, port=port)

    def item(self, obj: dict[str, Any]) -> dict[str, Any]:
        """The item of a Workspace object, described with its kind as the index has it."""
        spec = obj.get("spec") or {}
        kind = self.kinds.get(spec.get("kind", "")) if self.kinds else None
        return self.describe(self._base(obj), kind)

    def redescribe(self, item: dict[str, Any]) -> dict[str, Any]:
        """The item described again with its kind as known now (no API call): what a
        change of the kind changes (item 11 of issue 23)."""
        kind = self.kinds.peek(item.get("kind", "")) if self.kinds else None
        return self.describe(item, kind)

    def describe(self, item: dict[str, Any], kind: dict[str, Any] | None) -> dict[str, Any]:
        """A copy of ``item`` with what its WorkspaceKind says filled in: the ports to
        connect to, the redirects' messages, the activity probe, the pod config's GPUs.
        Everything it reads is in the item, so a kind's change can be applied to cached
        items without their Workspace objects."""
        name, namespace = item["name"], item["namespace"]
        image = item["imageConfig"]["current"]
        services = [
            {**port, "url": self.url(namespace, name, port["id"])}
            for port in image_ports(kind, image)
        ]
        if services:
            url = services[0]["url"]
        elif "{port}" not in self.url_template:
            url = self.url(namespace, name, "")
        else:
            url = ""  # no port known (kind not listed): nowhere to connect
        activity = item["activity"]
        probe = activity_probe(kind)
        volumes = {
            "home": item["homeVolume"],
            "data": item["dataVolumes"],
            "secrets": item["secrets"],
        }
        dropped = dropped_mounts({"podTemplate": {"volumes": volumes}}, kind)  # left out of the pod
        return {
            **item,
            "dataVolumes": _with_mount_states(item["dataVolumes"], "data", dropped),
            "secrets": _with_mount_states(item["secrets"], "secrets", dropped),
            "imageConfig": _with_messages(item["imageConfig"], "imageConfig", kind),
            "podConfig": _with_messages(item["podConfig"], "podConfig", kind),
            "services": services,
            "url": url,
            "gpus": pod_config_gpus(kind, item["podConfig"]["current"]),
            "activity": {
                **activity,
                "probe": probe,
                "autoPauseAt": auto_pause_at(
                    activity.get("pauseEligibleAfter") or 0,
                    activity.get("lastProbe"),
                    activity,
                    item["paused"],
                    probe,
                ),
            },
        }

    def _base(self, obj: dict[str, Any]) -> dict[str, Any]:
        """The item without what its kind says (``describe`` adds that)."""
        meta = obj.get("metadata") or {}
        spec = obj.get("spec") or {}
        status = obj.get("status") or {}
        template = spec.get("podTemplate") or {}
        options = template.get("options") or {}
        volumes = template.get("volumes") or {}
        status_options = status.get("podTemplateOptions") or {}
        name, namespace = meta.get("name", ""), meta.get("namespace", "")
        state = status.get("state") or "Unknown"
        state = state if state in STATES else "Unknown"
        paused = bool(spec.get("paused", False))
        pod_name = (status.get("podTemplatePod") or {}).get("name")
        restarting = (namespace, name) in self.restarts
        return {
            "name": name,
            "namespace": namespace,
            "kind": spec.get("kind", ""),
            "displayName": spec.get("displayName") or name,
            "state": state,
            "phase": "Restarting" if restarting else phase_of(state, paused),
            "restartPending": restarting,
            "changesApply": changes_apply(state, paused, bool(pod_name)),
            "stateMessage": status.get("stateMessage") or "",
            "paused": paused,
            "pausedTime": status.get("pauseTime") or None,
            "pendingRestart": bool(status.get("pendingRestart", False)),
            "imageConfig": _option(
                options.get("imageConfig") or "", status_options.get("imageConfig")
            ),
            "podConfig": _option(options.get("podConfig") or "", status_options.get("podConfig")),
            "homeVolume": volumes.get("home") or None,
            "dataVolumes": [
                {
                    "pvcName": d.get("pvcName", ""),
                    "mountPath": d.get("mountPath", ""),
                    "readOnly": bool(d.get("readOnly", False)),
                }
                for d in volumes.get("data") or []
            ],
            "secrets": [
                {
                    "secretName": s.get("secretName", ""),
                    "mountPath": s.get("mountPath", ""),
                    "defaultMode": s.get("defaultMode"),
                }
                for s in volumes.get("secrets") or []
            ],
            "labels": dict(meta.get("labels") or {}),
            "podLabels": dict((template.get("podMetadata") or {}).get("labels") or {}),
            "podAnnotations": dict((template.get("podMetadata") or {}).get("annotations") or {}),
            "activity": _activity(status, paused),
            "isCurrent": self.is_current(namespace, name, pod_name),
            "created": meta.get("creationTimestamp", ""),
            "resourceVersion": meta.get("resourceVersion", ""),
        }


def _option(current: str, observed: dict[str, Any] | None) -> dict[str, Any]:
    """The option chosen in spec (what the pod runs: the controller builds the pod from it,
    a redirect is never applied by itself), and where the kind's redirects lead from it.

    The status is the controller's view at its last reconcile: right after an edit it still
    describes the previous option. Its redirect chain counts only if it starts at the
    option chosen now; otherwise nothing is redirected yet (``reconciled`` is False)."""
    observed = observed or {}
    chain = observed.get("redirectChain") or []
    observed_desired = observed.get("desired") or ""
    if chain and chain[0].get("source") == current:
        desired = observed_desired or current
    else:
        chain, desired = [], current
    reconciled = bool(chain) or observed_desired in ("", current)
    return {
        "current": current,
        "desired": desired,
        "reconciled": reconciled,
        "redirectChain": [
            {"source": step.get("source", ""), "target": step.get("target", "")} for step in chain
        ],
    }


MOUNT_STATE = ("mounted", "reason")


def _with_mount_states(
    mounts: list[dict[str, Any]], section: str, dropped: dict[tuple[str, int], tuple[str, str]]
) -> list[dict[str, Any]]:
    """Each mount with whether the controller mounts it (``mounted``, and why not)."""
    return [
        {
            **{k: v for k, v in mount.items() if k not in MOUNT_STATE},
            **mount_state(dropped, (section, index)),
        }
        for index, mount in enumerate(mounts)
    ]


def _with_messages(
    option: dict[str, Any], which: str, kind: dict[str, Any] | None
) -> dict[str, Any]:
    """The option with each redirect step's message as the kind says it now."""
    return {
        **option,
        "redirectChain": [
            {**step, "message": redirect_message(kind, which, step["source"])}
            for step in option["redirectChain"]
        ],
    }


def _activity(status: dict[str, Any], paused: bool) -> dict[str, Any]:
    """Activity as the controller's probe last saw it, and auto-pause (the activity rules).

    Upstream (reconcileActivity): a Running workspace is probed; each probe updates
    ``status.activity``; the matched pause rule's ``eligibleAfter`` says from when it may be
    paused; a fresh successful probe past that time sets ``spec.paused``. Times are ms."""
    activity = status.get("activity") or {}
    probe = activity.get("lastProbe") or None
    rule = ((activity.get("rules") or {}).get("pauseWorkspace") or {}).get("eligibleAfter") or 0
    pause_time = status.get("pauseTime") or 0
    last_activity = activity.get("lastActivity") or 0
    return {
        "lastActivity": last_activity or None,
        "lastUpdate": activity.get("lastUpdate") or None,
        "lastProbe": (
            {
                "result": probe.get("result", ""),
                "message": probe.get("message", ""),
                "startTime": probe.get("startTime") or None,
                "endTime": probe.get("endTime") or None,
            }
            if probe
            else None
        ),
        "lastRunningTime": status.get("lastRunningTime") or None,
        # Running: when it may be paused for inactivity (at the next probe after it).
        "pauseEligibleAfter": (rule or None) if not paused else None,
        # Paused by the controller: the pause came once the rule made it eligible.
        "autoPaused": bool(paused and rule and pause_time and pause_time >= rule),
        "idleLimitSeconds": (
            round((rule - last_activity) / 1000) if rule and last_activity < rule else None
        ),
        # "probe" and "autoPauseAt" come from the kind (ItemBuilder.describe)
    }


def auto_pause_at(
    eligible_after: int,
    probe: dict[str, Any] | None,
    activity: dict[str, Any],
    paused: bool,
    probe_config: dict[str, Any] | None,
) -> int | None:
    """When the controller would pause it, if nothing happens meanwhile (ms): at the first
    probe at or after ``eligibleAfter`` (probes come every ``probeIntervalSeconds`` from the
    last one). None when paused, not eligible, or the kind does not probe."""
    interval = (probe_config or {}).get("probeIntervalSeconds")
    if paused or not eligible_after or not isinstance(interval, int) or interval <= 0:
        return None
    last = (probe or {}).get("endTime") or activity.get("lastUpdate") or 0
    if not last:
        return eligible_after
    step = interval * 1000
    probes = max(1, -(-(eligible_after - last) // step))  # ceil, at least the next probe
    return last + probes * step
