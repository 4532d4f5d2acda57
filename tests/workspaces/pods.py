"""Pod objects for a workspace, made by hand on the test API server (there is no controller
and no kubelet: a Pod stays Pending, or "runs" when its status is written for it)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from .cluster import ENV, KUBECONFIG, KUBECTL, NAMESPACE, kubectl

SERVICE_ACCOUNT = "ws-pods-test"  # no controller-manager: no "default" service account
WORKSPACE_LABEL = "notebooks.kubeflow.org/workspace-name"  # the controller's pod label


def create_pod(
    pod: str,
    workspace: str,
    node: str | None = None,
    containers: tuple[str, ...] = ("main",),
    namespace: str = NAMESPACE,
    image: str | None = None,
    resources: dict[str, Any] | None = None,
) -> None:
    """``image`` and ``resources``: the first container's (as the controller would set
    them from the chosen options); by default a made-up image and none."""
    sa = {"apiVersion": "v1", "kind": "ServiceAccount",
          "metadata": {"name": SERVICE_ACCOUNT, "namespace": namespace}}  # fmt: skip
    spec: dict[str, Any] = {
        "serviceAccountName": SERVICE_ACCOUNT,
        "automountServiceAccountToken": False,
        "containers": [{"name": c, "image": f"example.com/{c}:1"} for c in containers],
    }
    if image:
        spec["containers"][0]["image"] = image
    if resources:
        spec["containers"][0]["resources"] = resources
    if node:
        spec["nodeName"] = node
    body = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": pod, "namespace": namespace, "labels": {WORKSPACE_LABEL: workspace}},
        "spec": spec,
    }
    for obj, verb in ((sa, "apply"), (body, "create")):
        subprocess.run(
            [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", verb, "-f", "-"],
            input=json.dumps(obj),
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
            env=ENV,
        )


def set_pod_running(pod: str, container: str = "main", namespace: str = NAMESPACE) -> None:
    """What a kubelet would report: Running, the container started and ready."""
    status = {
        "phase": "Running",
        "containerStatuses": [
            {"name": container, "image": f"example.com/{container}:1", "imageID": "",
             "ready": True, "restartCount": 2,
             "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}
        ],
    }  # fmt: skip
    kubectl(
        "-n", namespace, "patch", "pod", pod,
        "--subresource=status", "--type=merge", "-p", json.dumps({"status": status}),
    )  # fmt: skip


def delete_pod(pod: str, namespace: str = NAMESPACE) -> None:
    kubectl("-n", namespace, "delete", "pod", pod, "--ignore-not-found", "--wait=false",
            "--grace-period=0", "--force")  # fmt: skip
