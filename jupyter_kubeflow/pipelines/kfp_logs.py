"""A Kubeflow step's log: read from its pod through the Kubernetes API when the extension
has cluster credentials (the one connection of ``kube_connection``), else where to read it.

KFP runs a step's code in the ``main`` container of the Argo pod of its ``executor`` node.
KFP's task details name that node (its ``pod_name`` is Argo's node id, which is the pod's
name only with Argo's old pod naming), so the pod is found by name, else among the run's
pods (label ``pipeline/runid``) by Argo's annotations: ``workflows.argoproj.io/node-id``,
or ``workflows.argoproj.io/node-name`` ending ``.<task>.executor``. The log is bounded:
the last lines, at most ``MAX_BYTES``.
"""

from __future__ import annotations

from typing import Any

import urllib3
from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, Forbidden, NotFound, Unavailable
from ..kube_connection import ConnectionHolder, NotConfigured
from .kfp_runs import task_name

CONTAINER = "main"  # Argo's container for a step's command
TAIL_LINES = 1000
MAX_BYTES = 256 * 1024
RUN_LABEL = "pipeline/runid"  # KFP's label on every pod of a run
NODE_ID = "workflows.argoproj.io/node-id"
NODE_NAME = "workflows.argoproj.io/node-name"


def where_to_read(namespace: str, pod: str | None, url: str | None) -> str:
    pod_part = f"kubectl -n {namespace} logs {pod} -c {CONTAINER}" if pod else ""
    page = f"the run's page in the Kubeflow Pipelines UI ({url})" if url else ""
    return " or ".join(p for p in (pod_part, page) if p) or "the Kubeflow Pipelines UI"


def _pod(core: client.CoreV1Api, namespace: str, kfp_run_id: str, pod: str, task: str) -> str:
    try:
        core.read_namespaced_pod(pod, namespace, _request_timeout=15)
        return pod
    except ApiException as e:
        if e.status != 404:
            raise
    pods = core.list_namespaced_pod(
        namespace, label_selector=f"{RUN_LABEL}={kfp_run_id}", _request_timeout=15
    ).items
    for candidate in pods:
        annotations = candidate.metadata.annotations or {}
        node_name = annotations.get(NODE_NAME, "")
        if annotations.get(NODE_ID) == pod or node_name.endswith(f".{task}.executor"):
            return candidate.metadata.name
    raise NotFound(f"No pod of step {task!r} of run {kfp_run_id} in namespace {namespace}")


def step_log(
    kube: ConnectionHolder,
    namespace: str,
    kfp_run_id: str,
    step: dict[str, Any],
    url: str | None = None,
) -> dict[str, Any]:
    """``{log, pod, container, where}``: the step's log, or (``log`` None) where to read it."""
    pod = step.get("pod")
    task = task_name(step["name"])
    if not namespace:
        namespace = "kubeflow"  # a single-user KFP runs its pods in its own namespace
    where = where_to_read(namespace, pod, url)
    if not pod:
        raise Conflict(f"Step {step['name']!r} has not started: no log yet", where=step["name"])
    try:
        connection = kube.get()
    except NotConfigured:
        return {"log": None, "pod": pod, "container": CONTAINER, "where": where}
    core = client.CoreV1Api(connection.api)
    name = pod
    try:
        name = _pod(core, namespace, kfp_run_id, pod, task)
        text = core.read_namespaced_pod_log(
            name,
            namespace,
            container=CONTAINER,
            tail_lines=TAIL_LINES,
            limit_bytes=MAX_BYTES,
            _request_timeout=30,
        )
    except ApiException as e:
        reason = (e.reason or "").strip()
        if e.status in (401, 403):
            raise Forbidden(
                f"Not allowed to read the log of {name} in {namespace} ({e.status} {reason}): "
                f"read it with {where}"
            ) from None
        if e.status == 404:
            raise NotFound(f"The pod {name} of step {step['name']!r} is gone: {where}") from None
        raise Conflict(f"The log of {name} cannot be read ({e.status} {reason}): {where}") from None
    except (OSError, urllib3.exceptions.HTTPError) as e:
        # the kubernetes client lets urllib3's errors through (MaxRetryError when nothing
        # listens): an unreachable cluster, not a server error
        raise Unavailable(f"The Kubernetes API cannot be reached ({e}): {where}") from None
    return {"log": text, "pod": name, "container": CONTAINER, "where": where}
