"""Every Kubernetes call uses the configured kubeconfig context (issue 24 item 3;
``kube_connection.py``), against make cluster's real kube-apiserver with RBAC.

The kubeconfig holds two contexts: ``admin`` and ``dev``, the limited user (rights on
Workspaces in team-a only, none on InferenceServices). Configured as ``dev`` while the
kubeconfig's current context is ``admin``, the lab must act as ``dev`` everywhere:
deploying an InferenceService is refused, workspaces of team-b are refused, and the
status names dev's context and namespace. The other way round, configured as ``admin``
while ``dev`` is current, the same deploy is applied.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes import client
from registry.jobs import register
from registry.kube import KUBECONFIG

pytestmark = pytest.mark.timeout(1800)  # the cluster fixture may build and start it
PLURAL = ("serving.kserve.io", "v1beta1", "team-a", "inferenceservices")


def kubeconfig(tmp_path: Path, current: str) -> str:
    """make cluster's kubeconfig with ``current`` as its current context, and each context
    naming its own namespace (dev: team-a, admin: team-b)."""
    config = yaml.safe_load(KUBECONFIG.read_text())
    config["current-context"] = current
    for context in config["contexts"]:
        context["context"]["namespace"] = {"dev": "team-a", "admin": "team-b"}[context["name"]]
    path = tmp_path / f"kubeconfig-{current}"
    path.write_text(yaml.safe_dump(config))
    return str(path)


async def deploy(api: Any, jp_root_dir: Path) -> tuple[int, dict[str, Any], str]:
    (jp_root_dir / "m.onnx").write_bytes(b"onnx")
    body = {"path": "m.onnx", "modelName": "m", "versionName": "1", "modelFormatName": "onnx"}
    job = await register(api, body)
    name = f"ctx-{uuid.uuid4().hex[:8]}"
    version = job["result"]["version"]["id"]
    deploy = {"namespace": "team-a", "name": name, "apply": True}
    code, out = await api(f"registry/versions/{version}/deploy", "POST", deploy)
    return code, out, name


def stored(api_client: client.ApiClient, name: str) -> bool:
    objects = client.CustomObjectsApi(api_client)
    found = objects.list_namespaced_custom_object(*PLURAL)["items"]
    return name in [item["metadata"]["name"] for item in found]


class TestConfiguredDevWhileAdminIsCurrent:
    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, cluster: client.ApiClient) -> dict[str, Any]:
        return {
            "data_dir": str(tmp_path / "data"),
            "kubeconfig": kubeconfig(tmp_path, current="admin"),
            "kube_context": "dev",
        }

    async def test_every_call_acts_as_dev(
        self,
        api: Any,
        cluster: client.ApiClient,
        jp_root_dir: Path,
    ) -> None:
        code, out, name = await deploy(api, jp_root_dir)
        assert code == 403, out
        assert "not allowed to create InferenceServices in team-a" in out["message"]
        assert not stored(cluster, name)
        code, out = await api("workspaces/team-b")
        assert code == 403, out
        assert 'User "dev"' in out["message"]
        code, status = await api("status")
        assert status["workspaces"]["context"] == "dev"
        assert status["workspaces"]["namespace"] == "team-a"
        assert status["pipelines"]["namespace"] == "team-a"
        assert status["pipelines"]["namespace_from"] == "kubeconfig context 'dev'"


class TestConfiguredAdminWhileDevIsCurrent:
    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, cluster: client.ApiClient) -> dict[str, Any]:
        return {
            "data_dir": str(tmp_path / "data"),
            "kubeconfig": kubeconfig(tmp_path, current="dev"),
            "kube_context": "admin",
        }

    async def test_every_call_acts_as_admin(
        self,
        api: Any,
        cluster: client.ApiClient,
        jp_root_dir: Path,
    ) -> None:
        code, out, name = await deploy(api, jp_root_dir)
        try:
            assert code == 200, out
            assert stored(cluster, name)
        finally:
            if stored(cluster, name):
                client.CustomObjectsApi(cluster).delete_namespaced_custom_object(*PLURAL, name)
        code, out = await api("workspaces/team-b")
        assert code == 200, out
        code, status = await api("status")
        assert status["workspaces"]["context"] == "admin"
        assert status["pipelines"]["namespace"] == "team-b"
