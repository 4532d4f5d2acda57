"""Objects the volumes/secrets tests make in team-a (PVCs, Secrets, StorageClasses,
workspaces), removed afterwards whatever happened. The API server runs no controllers, so
a deleted PVC keeps its in-use-protection finalizer: the cleanup takes it off."""

from __future__ import annotations

import base64
import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from kubernetes import client, config
from kubernetes.client.rest import ApiException

from .cluster import ENV, KUBECONFIG, KUBECTL, NAMESPACE, kubectl, workspace_manifest

HOME_PATH = "/home/jovyan"  # the sample kind's volumeMounts.home


def kubectl_create_json(obj: dict[str, Any]) -> None:
    subprocess.run(
        [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", "create", "-f", "-"],
        input=json.dumps(obj),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )


def pvc(name: str, size: str = "1Gi", mountable: bool = True) -> dict[str, Any]:
    """A claim as a user's other tools make it; ``mountable``: labelled can-mount, as
    upstream requires of what a workspace mounts (a claim made in the Volumes tab is)."""
    labels = {"notebooks.kubeflow.org/can-mount": "true"} if mountable else {}
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": NAMESPACE, "labels": labels},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}},
    }


def workspace(name: str, home: str | None = None, data=(), secrets=()) -> dict[str, Any]:
    body = workspace_manifest(name)
    body.update(apiVersion="kubeflow.org/v1beta1", kind="Workspace")
    body["metadata"]["namespace"] = NAMESPACE
    volumes: dict[str, Any] = {"data": [dict(d) for d in data]}
    if home:
        volumes["home"] = home
    if secrets:
        volumes["secrets"] = [dict(s) for s in secrets]
    body["spec"]["podTemplate"]["volumes"] = volumes
    return body


def secret_value(name: str, key: str) -> str:
    out = kubectl("-n", NAMESPACE, "get", "secret", name, "-o", f"jsonpath={{.data.{key}}}")
    return base64.b64decode(out.stdout).decode()


def _delete(api: client.ApiClient, resource: str, name: str) -> None:
    core, ns = client.CoreV1Api(api), NAMESPACE
    try:
        if resource == "pvc":
            unprotect = {"metadata": {"finalizers": None}}
            core.patch_namespaced_persistent_volume_claim(name, ns, unprotect)
            core.delete_namespaced_persistent_volume_claim(name, ns)
        elif resource == "secret":
            core.delete_namespaced_secret(name, ns)
        elif resource == "storageclass":
            client.StorageV1Api(api).delete_storage_class(name)
        elif resource == "workspace":
            client.CustomObjectsApi(api).delete_namespaced_custom_object(
                "kubeflow.org", "v1beta1", ns, "workspaces", name
            )
    except ApiException as e:
        if e.status != 404:
            raise


@pytest.fixture
def made(cluster) -> Iterator[list[tuple[str, str]]]:
    """(resource, name) pairs to delete after the test; PVC finalizers are taken off.
    Through the client rather than kubectl: one process start each would cost seconds."""
    objects: list[tuple[str, str]] = []
    yield objects
    with config.new_client_from_config(config_file=str(KUBECONFIG), context="admin") as api:
        for resource, name in reversed(objects):
            _delete(api, resource, name)
