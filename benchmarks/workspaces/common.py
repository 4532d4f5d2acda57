"""Shared by the workspaces benchmarks: the real cluster (make cluster) and a service."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kubernetes import client

from jupyter_kubeflow.workspaces.kube import GROUP, VERSION, WORKSPACES
from jupyter_kubeflow.workspaces.service import WorkspacesService

REPO = Path(__file__).resolve().parents[2]
KUBECONFIG = REPO / ".cluster" / "kubeconfig"


def start_cluster() -> None:
    subprocess.run([str(REPO / "cluster" / "up.sh")], check=True)


def service() -> WorkspacesService:
    return WorkspacesService(str(KUBECONFIG), "admin", "/workspace/{namespace}/{name}/")


def manifest(namespace: str, name: str) -> dict:
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "Workspace",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "kind": "jupyterlab",
            "podTemplate": {
                "options": {"imageConfig": "jupyter-scipy:v1.10.0", "podConfig": "tiny_cpu"},
                "volumes": {"home": "workspace-home-pvc"},
            },
        },
    }


def ensure_workspaces(svc: WorkspacesService, namespace: str, count: int) -> None:
    """Creates the namespace and the workspaces ws-00000.. that are missing (kept between runs)."""
    api = svc.connection.get().api
    core, custom = client.CoreV1Api(api), client.CustomObjectsApi(api)
    if namespace not in {n.metadata.name for n in core.list_namespace().items}:
        core.create_namespace({"metadata": {"name": namespace}})
    existing = {
        o["metadata"]["name"]
        for o in custom.list_namespaced_custom_object(GROUP, VERSION, namespace, WORKSPACES)[
            "items"
        ]
    }
    missing = [f"ws-{i:05d}" for i in range(count) if f"ws-{i:05d}" not in existing]
    if missing:
        print(f"creating {len(missing)} workspaces in {namespace} (once)...", flush=True)

        def create(name: str) -> None:
            custom.create_namespaced_custom_object(
                GROUP, VERSION, namespace, WORKSPACES, manifest(namespace, name)
            )

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(create, missing))
