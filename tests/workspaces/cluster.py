"""The real test cluster (make cluster: etcd + kube-apiserver) and kubectl against it."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "cluster"
STATE = REPO / ".cluster"
KUBECONFIG = STATE / "kubeconfig"
NAMESPACE = "team-a"  # made by make cluster; the user "dev" has a limited role here
KIND = "jupyterlab"  # the sample WorkspaceKind applied by make cluster
# Notebooks 2.0 reference files: ../shared next to the clone, as make cluster finds them.
SHARED = Path(os.environ.get("KUBEFLOW_SHARED") or REPO.parent / "shared")
SAMPLES = SHARED / "reference" / "kubeflow-notebooks-v2"


# The environment at import: pytest-jupyter later points HOME at a temporary folder, but
# the binaries are cached under the real HOME.
ENV = dict(os.environ)


def cluster_var(name: str) -> str:
    """A value from cluster/versions.sh (the pinned binary paths)."""
    out = subprocess.run(
        ["bash", "-c", f'source "{CLUSTER}/versions.sh" && printf %s "${name}"'],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    )
    return out.stdout


KUBECTL = cluster_var("KUBECTL")


def start_cluster() -> None:
    """make cluster's own script: builds once, starts what is not running, idempotent."""
    subprocess.run([str(CLUSTER / "up.sh")], check=True, timeout=1800, env=ENV)


def kubectl(
    *args: str,
    context: str = "admin",
    check: bool = True,
    kubeconfig: Path = KUBECONFIG,
    input: str | None = None,
):
    """Run the cluster's kubectl (``input`` on its stdin); returns the CompletedProcess."""
    command = [cluster_var("KUBECTL"), "--kubeconfig", str(kubeconfig), "--context", context]
    return subprocess.run(
        [*command, *args], check=check, capture_output=True, text=True, timeout=60, input=input
    )


def kubectl_json(*args: str, **kwargs: Any) -> Any:
    return json.loads(kubectl(*args, "-o", "json", **kwargs).stdout)


def unique_name(prefix: str = "ws") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def workspace_manifest(name: str, **spec: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "metadata": {"name": name, "labels": {"test": "pytest"}},
        "spec": {
            "kind": KIND,
            "displayName": f"Test {name}",
            "paused": False,
            "podTemplate": {
                "options": {"imageConfig": "jupyter-scipy:v1.10.0", "podConfig": "tiny_cpu"},
                "volumes": {
                    "home": "workspace-home-pvc",
                    "data": [{"pvcName": "workspace-data-pvc", "mountPath": "/data/my-data"}],
                },
            },
        },
    }
    body["spec"].update(spec)
    return body


def kubectl_create(name: str, namespace: str = NAMESPACE, **spec: Any) -> None:
    manifest = workspace_manifest(name, **spec)
    manifest.update(apiVersion="kubeflow.org/v1beta1", kind="Workspace")
    manifest["metadata"]["namespace"] = namespace
    subprocess.run(
        [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", "create", "-f", "-"],
        input=json.dumps(manifest),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )


def set_status(
    name: str,
    state: str,
    message: str = "",
    namespace: str = NAMESPACE,
    pending_restart: bool = False,
    image_desired: str = "jupyter-scipy:v1.10.0",
    image_chain: list[dict[str, str]] | None = None,
    pod_desired: str = "tiny_cpu",
    activity: dict[str, Any] | None = None,
    pause_time: int = 0,
    last_running_time: int = 0,
) -> None:
    """Write status through the status subresource, as the Notebooks controller does."""
    status = {
        "state": state,
        "stateMessage": message,
        "pendingRestart": pending_restart,
        "pauseTime": pause_time,
        "lastRunningTime": last_running_time,
        "activity": activity or {"lastActivity": 0, "lastUpdate": 0},
        "podTemplatePod": {"name": f"ws-{name}-0", "nodeName": "node-1"},
        "podTemplateOptions": {
            "imageConfig": {"desired": image_desired, "redirectChain": image_chain or []},
            "podConfig": {"desired": pod_desired, "redirectChain": []},
        },
    }
    kubectl(
        "-n", namespace, "patch", "workspace", name,
        "--subresource=status", "--type=merge", "-p", json.dumps({"status": status}),
    )  # fmt: skip


def multi_port_kind(name: str) -> dict[str, Any]:
    """The sample WorkspaceKind as make cluster applied it, renamed, with a second port
    ("tensorboard") on its newest image: a kind serving two things, as upstream allows."""
    kind = kubectl_json("get", "workspacekind", KIND)
    kind["metadata"] = {"name": name, "labels": {"test": "pytest"}}
    kind.pop("status", None)
    template = kind["spec"]["podTemplate"]
    template["ports"].append(
        {"id": "tensorboard", "defaultDisplayName": "TensorBoard", "protocol": "HTTP"}
    )
    for value in template["options"]["imageConfig"]["values"]:
        if value["id"] == "jupyter-scipy:v1.10.0":
            value["spec"]["ports"] = [
                {"id": "jupyterlab", "port": 8888, "displayName": "JupyterLab 4"},
                {"id": "tensorboard", "port": 6006},
            ]
    return kind


def kubectl_apply_json(obj: dict[str, Any]) -> None:
    subprocess.run(
        [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", "create", "-f", "-"],
        input=json.dumps(obj),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
