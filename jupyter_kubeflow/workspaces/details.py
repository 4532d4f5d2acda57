"""A workspace's pod details: the pod (name, node, containers), mounts, pod metadata, and
who created and last changed it.

As upstream's backend (kubeflow/notebooks notebooks-v2, ``podtemplate/details``): the pod is
the one the controller names in ``status.podTemplatePod``; the home volume's mount path is
the kind's ``spec.podTemplate.volumeMounts.home``. The pod's live state (phase, each
container's image, readiness, restarts, state) comes from the Pod itself when it exists.
Audit as upstream's ``common.Audit``: the ``notebooks.kubeflow.org/created-by``,
``-at``, ``updated-by``, ``-at`` annotations when present; otherwise the names of the
programs that wrote the object (``metadata.managedFields``), said so with ``byManager``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import NotFound
from .kinds import image_of, pod_config_resources
from .kube import REQUEST_TIMEOUT, ConnectionHolder, api_error
from .logs import PRIMARY_CONTAINER, WORKSPACE_LABEL

CREATED_BY = "notebooks.kubeflow.org/created-by"
CREATED_AT = "notebooks.kubeflow.org/created-at"
UPDATED_BY = "notebooks.kubeflow.org/updated-by"
UPDATED_AT = "notebooks.kubeflow.org/updated-at"


def container_state(status: Any) -> str:
    """``running``, ``waiting: <reason>``, ``terminated: <reason>``, or ``unknown``."""
    state = status.state if status is not None else None
    if state is None:
        return "unknown"
    if state.running:
        return "running"
    if state.terminated:
        return f"terminated: {state.terminated.reason or 'exit ' + str(state.terminated.exit_code)}"
    if state.waiting:
        return f"waiting: {state.waiting.reason}" if state.waiting.reason else "waiting"
    return "unknown"


def _containers(specs: list[Any] | None, statuses: list[Any] | None) -> list[dict[str, Any]]:
    by_name = {s.name: s for s in statuses or []}
    return [
        {
            "name": c.name,
            "image": c.image or "",
            "ready": bool(by_name.get(c.name) and by_name[c.name].ready),
            "restartCount": int((by_name.get(c.name) and by_name[c.name].restart_count) or 0),
            "state": container_state(by_name.get(c.name)),
        }
        for c in specs or []
    ]


def pod_details(pod: Any | None, observed: dict[str, Any]) -> dict[str, Any] | None:
    """From the live Pod; else what the workspace's status says of it; else None."""
    if pod is not None:
        status = pod.status
        return {
            "name": pod.metadata.name,
            "node": pod.spec.node_name or None,
            "phase": (status and status.phase) or None,
            "containers": _containers(pod.spec.containers, status and status.container_statuses),
            "initContainers": _containers(
                pod.spec.init_containers, status and status.init_container_statuses
            ),
        }
    if not observed.get("name"):
        return None

    def named(entries: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [
            {"name": c.get("name", ""), "image": "", "ready": False, "restartCount": 0,
             "state": "unknown"}
            for c in entries or []
        ]  # fmt: skip

    return {
        "name": observed["name"],
        "node": observed.get("nodeName") or None,
        "phase": None,
        "containers": named(observed.get("containers")),
        "initContainers": named(observed.get("initContainers")),
    }


def mounts(spec: dict[str, Any], kind: dict[str, Any] | None) -> dict[str, Any]:
    volumes = (spec.get("podTemplate") or {}).get("volumes") or {}
    home_path = (
        (((kind or {}).get("spec") or {}).get("podTemplate") or {})
        .get("volumeMounts", {})
        .get("home")
    )
    home = volumes.get("home")
    return {
        "home": (
            {"pvcName": home, "mountPath": home_path or None, "readOnly": False} if home else None
        ),
        "data": [
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
    }


def audit(meta: dict[str, Any]) -> dict[str, Any]:
    annotations = meta.get("annotations") or {}
    created_at = annotations.get(CREATED_AT) or meta.get("creationTimestamp")
    # Writes of the object itself (not its status: that is the controller reporting).
    writes = sorted(
        (
            entry
            for entry in meta.get("managedFields") or []
            if not entry.get("subresource") and entry.get("manager")
        ),
        key=lambda entry: entry.get("time") or "",
    )
    by_manager = CREATED_BY not in annotations and bool(writes)
    return {
        "createdAt": created_at,
        "createdBy": annotations.get(CREATED_BY) or (writes[0]["manager"] if writes else None),
        "updatedAt": annotations.get(UPDATED_AT)
        or (writes[-1].get("time") if writes else None)
        or created_at,
        "updatedBy": annotations.get(UPDATED_BY) or (writes[-1]["manager"] if writes else None),
        "byManager": by_manager,
    }


def outdated(pod: Any | None, spec: dict[str, Any], kind: dict[str, Any] | None) -> list:
    """Where the live pod differs from what the workspace chooses: its main container's
    image and resources. A Pending or Error pod is not replaced by the StatefulSet
    controller for a new template (OrderedReady), so an edit may not have reached it."""
    if pod is None:
        return []
    main = next((c for c in pod.spec.containers or [] if c.name == PRIMARY_CONTAINER), None)
    if main is None:
        return []
    options = (spec.get("podTemplate") or {}).get("options") or {}
    found = []
    chosen_image = image_of(kind, options.get("imageConfig") or "")
    if chosen_image and main.image and main.image != chosen_image:
        found.append({"what": "image", "pod": main.image, "chosen": chosen_image})
    chosen = pod_config_resources(kind, options.get("podConfig") or "")
    if chosen is not None:
        running = main.resources
        pod_side = {
            "requests": {k: str(v) for k, v in ((running and running.requests) or {}).items()},
            "limits": {k: str(v) for k, v in ((running and running.limits) or {}).items()},
        }
        wanted = {
            "requests": {k: str(v) for k, v in chosen["requests"].items()},
            "limits": {k: str(v) for k, v in chosen["limits"].items()},
        }
        if pod_side != wanted:
            found.append({"what": "resources", "pod": pod_side, "chosen": wanted})
    return found


def workspace_details(
    workspace: dict[str, Any],
    pod: Any | None,
    kind: dict[str, Any] | None,
    home_claim: dict[str, Any] | None = None,
) -> dict[str, Any]:
    meta, spec = workspace.get("metadata") or {}, workspace.get("spec") or {}
    observed = (workspace.get("status") or {}).get("podTemplatePod") or {}
    metadata = (spec.get("podTemplate") or {}).get("podMetadata") or {}
    options = (spec.get("podTemplate") or {}).get("options") or {}
    mounted = mounts(spec, kind)
    if mounted["home"] is not None:
        mounted["home"] = {**mounted["home"], **(home_claim or {})}
    return {
        "pod": pod_details(pod, observed),
        "outdated": outdated(pod, spec, kind),
        "resources": pod_config_resources(kind, options.get("podConfig") or ""),
        "mounts": mounted,
        "podLabels": dict(metadata.get("labels") or {}),
        "podAnnotations": dict(metadata.get("annotations") or {}),
        "audit": audit(meta),
    }


class DetailsReader:
    def __init__(
        self,
        connection: ConnectionHolder,
        get_workspace: Callable[[str, str], dict[str, Any]],
        get_kind: Callable[[str], dict[str, Any] | None],
    ) -> None:
        self._connection = connection
        self._get_workspace = get_workspace
        self._get_kind = get_kind
        self.identity = Identity(connection)

    async def details(self, namespace: str, name: str) -> dict[str, Any]:
        return await asyncio.to_thread(self._details, namespace, name)

    def _details(self, namespace: str, name: str) -> dict[str, Any]:
        try:
            workspace = self._get_workspace(namespace, name)
        except NotFound:
            raise NotFound(f"Workspace {namespace}/{name} not found") from None
        core = client.CoreV1Api(self._connection.get().api)
        pod = self._pod(core, namespace, name, workspace)
        kind = self._get_kind(((workspace.get("spec") or {}).get("kind")) or "")
        home = ((workspace.get("spec") or {}).get("podTemplate") or {}).get("volumes") or {}
        claim = self._claim(core, namespace, home.get("home")) if home.get("home") else None
        return workspace_details(workspace, pod, kind, claim)

    @staticmethod
    def _claim(core: client.CoreV1Api, namespace: str, name: str) -> dict[str, Any] | None:
        """The home volume's size and class (None when it cannot be read: no error)."""
        try:
            pvc = core.read_namespaced_persistent_volume_claim(
                name, namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status in (403, 404):
                return None
            raise api_error(e, "get", "persistent volume claims", namespace) from None
        except Exception as e:
            raise api_error(e, "get", "persistent volume claims", namespace) from None
        requests = (pvc.spec.resources and pvc.spec.resources.requests) or {}
        capacity = (pvc.status and pvc.status.capacity) or {}
        return {
            "size": requests.get("storage"),
            "capacity": capacity.get("storage"),
            "storageClass": pvc.spec.storage_class_name,
            "phase": pvc.status.phase if pvc.status else None,
        }

    @staticmethod
    def _pod(core: client.CoreV1Api, namespace: str, name: str, workspace: dict[str, Any]) -> Any:
        pod_name = ((workspace.get("status") or {}).get("podTemplatePod") or {}).get("name")
        try:
            if pod_name:
                return core.read_namespaced_pod(
                    pod_name, namespace, _request_timeout=REQUEST_TIMEOUT
                )
            pods = core.list_namespaced_pod(
                namespace,
                label_selector=f"{WORKSPACE_LABEL}={name}",
                limit=1,
                _request_timeout=REQUEST_TIMEOUT,
            )
            return pods.items[0] if pods.items else None
        except ApiException as e:
            if e.status == 404:
                return None  # named in status but gone: described from the status
            if e.status == 403:
                return None  # may not read pods: the workspace's own view of it
            raise api_error(e, "get", "pods", namespace) from None
        except Exception as e:
            raise api_error(e, "get", "pods", namespace) from None


# ---- who: stamping what the panel writes, as upstream's backend stamps what it makes ----
class Identity:
    """The user's name as the API server knows it (SelfSubjectReview), asked once."""

    def __init__(self, connection: ConnectionHolder) -> None:
        self._connection = connection
        self._name: str | None = None

    def name(self) -> str | None:
        """Blocking (one API call the first time); None when the API server will not say."""
        if self._name is None:
            try:
                review = client.AuthenticationV1Api(
                    self._connection.get().api
                ).create_self_subject_review(
                    {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"},
                    _request_timeout=REQUEST_TIMEOUT,
                )
                self._name = (review.status.user_info.username or "") if review.status else ""
            except Exception:  # an older API server, or not allowed: nothing stamped
                self._name = ""
        return self._name or None


def stamp(metadata: dict[str, Any], user: str | None, created: bool) -> None:
    """Upstream's audit annotations: created-by/-at on create, updated-by/-at always."""
    if not user:
        return
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    annotations = metadata.setdefault("annotations", {})
    if not isinstance(annotations, dict):
        return  # the schema check refuses it with a clear message
    if created:
        annotations[CREATED_BY], annotations[CREATED_AT] = user, now
    annotations[UPDATED_BY], annotations[UPDATED_AT] = user, now


def stamped(
    mutate: Callable[[dict[str, Any]], None], identity: Identity
) -> Callable[[dict[str, Any]], None]:
    """An edit that also says who made it (updated-by/-at)."""

    def edit(obj: dict[str, Any]) -> None:
        mutate(obj)
        stamp(obj.setdefault("metadata", {}), identity.name(), created=False)

    return edit
