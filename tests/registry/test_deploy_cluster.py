"""Deploy with apply against the real test cluster (``make cluster``: etcd + kube-apiserver).

KServe's controllers are not part of that cluster; the InferenceService API itself is,
through a stand-in CRD (`cluster/manifests/`, group serving.kserve.io, v1beta1, namespaced,
with KServe's own schema where the extension writes): the API server validates, stores and
returns the object as it would with KServe's CRD, and enforces RBAC on it.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes import client

from .jobs import register
from .kube import KUBECONFIG, NAMESPACE

# The cluster fixture (conftest.py, kube.py) may have to build and start the control plane.
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture
def kubeflow_config(tmp_path: Path, cluster: client.ApiClient) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kubeconfig": str(KUBECONFIG)}


@pytest.fixture
def onnx_file(jp_root_dir: Path) -> Path:
    path = jp_root_dir / "iris.onnx"
    path.write_bytes(b"onnx" * 100)
    return path


async def test_deploy_applies_and_records(
    api: Any, cluster: client.ApiClient, onnx_file: Path
) -> None:
    job = await register(
        api,
        {"path": "iris.onnx", "modelName": "iris", "versionName": "v1", "modelFormatName": "onnx"},
    )
    version = job["result"]["version"]
    name = f"iris-{uuid.uuid4().hex[:6]}"
    body = {"namespace": NAMESPACE, "name": name, "apply": True}
    code, out = await api(f"registry/versions/{version['id']}/deploy", "POST", body)
    assert code == 200, out
    assert out["applied"] is True and name in out["message"]
    objects = client.CustomObjectsApi(cluster)
    stored = objects.get_namespaced_custom_object(
        "serving.kserve.io", "v1beta1", NAMESPACE, "inferenceservices", name
    )
    assert stored["spec"] == yaml.safe_load(out["yaml"])["spec"]
    assert (
        stored["metadata"]["labels"]["modelregistry.kubeflow.org/model-version-id"]
        == (version["id"])
    )
    recorded = out["inferenceService"]
    assert recorded["name"] == name and recorded["modelVersionId"] == version["id"]
    assert recorded["runtime"] == "kserve-tritonserver"

    # Deploying again replaces the object and updates the same registry record.
    code, again = await api(f"registry/versions/{version['id']}/deploy", "POST", body)
    assert code == 200 and again["inferenceService"]["id"] == recorded["id"]
    code, details = await api(f"registry/versions/{version['id']}")
    assert [s["name"] for s in details["inferenceServices"]] == [name]
    objects.delete_namespaced_custom_object(
        "serving.kserve.io", "v1beta1", NAMESPACE, "inferenceservices", name
    )


class TestWithoutRights:
    """The cluster's ``dev`` user has no rights on InferenceServices: a clear 403."""

    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, cluster: client.ApiClient) -> dict[str, Any]:
        kubeconfig = yaml.safe_load(KUBECONFIG.read_text())
        kubeconfig["current-context"] = "dev"
        dev = tmp_path / "dev-kubeconfig"
        dev.write_text(yaml.safe_dump(kubeconfig))
        return {"data_dir": str(tmp_path / "kubeflow-data"), "kubeconfig": str(dev)}

    async def test_forbidden(self, api: Any, onnx_file: Path) -> None:
        job = await register(
            api,
            {"path": "iris.onnx", "modelName": "m", "versionName": "1", "modelFormatName": "onnx"},
        )
        version_id = job["result"]["version"]["id"]
        code, body = await api(
            f"registry/versions/{version_id}/deploy",
            "POST",
            {"namespace": NAMESPACE, "name": "nope", "apply": True},
        )
        assert code == 403, body
        assert "not allowed" in body["message"]
        code, details = await api(f"registry/versions/{version_id}")
        assert details["inferenceServices"] == []  # nothing recorded
