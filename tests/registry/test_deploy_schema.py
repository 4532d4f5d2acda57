"""Deploy against KServe's own InferenceService schema and the cluster's refusals.

The stand-in CRD of cluster/manifests/ carries KServe's OpenAPI schema where the
extension writes (see its header), so the real kube-apiserver of ``make cluster``
validates what Deploy builds:

- the built manifest passes it with strict field validation (an unknown or misspelt field
  is an error, not silently dropped), and the schema does refuse what KServe refuses;
- a namespace that does not exist is a 404 naming it (the API server's NotFound);
- a cluster's own admission policy (a ValidatingAdmissionPolicy, the API server's in-tree
  CEL admission, standing for a platform team's rule) refusing the object is a 422 with
  the cluster's message, and nothing is recorded in the registry.
"""

from __future__ import annotations

import asyncio
import copy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from .jobs import register
from .kube import KUBECONFIG, NAMESPACE

pytestmark = pytest.mark.timeout(600)

GROUP, VERSION, PLURAL = "serving.kserve.io", "v1beta1", "inferenceservices"


@pytest.fixture
def kubeflow_config(tmp_path: Path, cluster: client.ApiClient) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kubeconfig": str(KUBECONFIG)}


@pytest.fixture
def onnx_version(jp_root_dir: Path) -> dict[str, Any]:
    (jp_root_dir / "iris.onnx").write_bytes(b"onnx" * 100)
    return {"path": "iris.onnx", "modelFormatName": "onnx", "modelFormatVersion": "1"}


async def deployable(api: Any, body: dict[str, Any], name: str) -> str:
    job = await register(api, {**body, "modelName": name, "versionName": "v1"})
    assert job["state"] == "SUCCEEDED", job
    return str(job["result"]["version"]["id"])


def dry_run_create(cluster: client.ApiClient, manifest: dict[str, Any]) -> None:
    client.CustomObjectsApi(cluster).create_namespaced_custom_object(
        GROUP,
        VERSION,
        manifest["metadata"]["namespace"],
        PLURAL,
        manifest,
        dry_run="All",
        field_validation="Strict",
    )


async def refused(
    cluster: client.ApiClient,
    manifest: dict[str, Any],
    status: int = 422,
) -> str:
    """The API server's refusal (``status``) of ``manifest``, waiting at most 10 s for a
    CRD or policy applied just before to be in force."""
    deadline = asyncio.get_running_loop().time() + 10
    while True:
        try:
            await asyncio.to_thread(dry_run_create, cluster, manifest)
        except ApiException as e:
            assert e.status == status, e.body
            return str(e.body)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"the cluster accepted {manifest['spec']}")
        await asyncio.sleep(0.2)


async def test_the_built_manifest_passes_kserve_schema_strictly(
    api: Any,
    cluster: client.ApiClient,
    onnx_version: dict[str, Any],
) -> None:
    version_id = await deployable(api, onnx_version, "schema")
    body = {"namespace": NAMESPACE, "name": f"schema-{uuid.uuid4().hex[:6]}"}
    code, out = await api(f"registry/versions/{version_id}/deploy", "POST", body)
    assert code == 200, out
    manifest = out["manifest"]
    # The schema is in force and bites (KServe's required fields, strict unknown fields).
    no_format_name = copy.deepcopy(manifest)
    del no_format_name["spec"]["predictor"]["model"]["modelFormat"]["name"]
    assert "spec.predictor.model.modelFormat.name: Required value" in await refused(
        cluster, no_format_name
    )
    no_predictor = copy.deepcopy(manifest)
    no_predictor["spec"] = {"explainer": {}}
    assert "spec.predictor: Required value" in await refused(cluster, no_predictor)
    misspelt = copy.deepcopy(manifest)
    misspelt["spec"]["predictor"]["model"]["storageURI"] = "s3://x"
    assert 'unknown field \\"spec.predictor.model.storageURI\\"' in await refused(
        cluster,
        misspelt,
        status=400,  # strict decoding
    )
    # What Deploy built passes, strictly.
    await asyncio.to_thread(dry_run_create, cluster, manifest)


async def test_a_missing_namespace_is_a_404_naming_it(
    api: Any, onnx_version: dict[str, Any]
) -> None:
    version_id = await deployable(api, onnx_version, "nowhere")
    namespace = f"no-such-ns-{uuid.uuid4().hex[:6]}"
    code, body = await api(
        f"registry/versions/{version_id}/deploy",
        "POST",
        {"namespace": namespace, "name": "iris", "apply": True},
    )
    assert code == 404, body
    assert body["field"] == "namespace" and namespace in body["message"]
    code, details = await api(f"registry/versions/{version_id}")
    assert details["inferenceServices"] == []


POLICY = "jk-test-s3-models-only"


@pytest.fixture
def s3_only_namespace(cluster: client.ApiClient) -> Iterator[str]:
    """A namespace where an admission policy lets only s3:// models be served."""
    namespace = f"s3-only-{uuid.uuid4().hex[:6]}"
    core = client.CoreV1Api(cluster)
    admission = client.AdmissionregistrationV1Api(cluster)
    core.create_namespace({"metadata": {"name": namespace}})
    policy = {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {"name": f"{POLICY}-{namespace}"},
        "spec": {
            "failurePolicy": "Fail",
            "matchConstraints": {
                "resourceRules": [
                    {
                        "apiGroups": [GROUP],
                        "apiVersions": [VERSION],
                        "operations": ["CREATE", "UPDATE"],
                        "resources": [PLURAL],
                    }
                ]
            },
            "validations": [
                {
                    "expression": "object.spec.predictor.model.storageUri.startsWith('s3://')",
                    "message": "models in this namespace must be served from S3",
                    "reason": "Invalid",
                }
            ],
        },
    }
    binding = {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": f"{POLICY}-{namespace}"},
        "spec": {
            "policyName": f"{POLICY}-{namespace}",
            "validationActions": ["Deny"],
            "matchResources": {
                "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": namespace}}
            },
        },
    }
    admission.create_validating_admission_policy(policy)
    admission.create_validating_admission_policy_binding(binding)
    yield namespace
    admission.delete_validating_admission_policy_binding(f"{POLICY}-{namespace}")
    admission.delete_validating_admission_policy(f"{POLICY}-{namespace}")
    core.delete_namespace(namespace)


async def test_a_cluster_policy_refusal_is_a_422_with_its_message(
    api: Any,
    cluster: client.ApiClient,
    onnx_version: dict[str, Any],
    s3_only_namespace: str,
) -> None:
    version_id = await deployable(api, onnx_version, "policed")  # a file:// artifact
    body = {"namespace": s3_only_namespace, "name": "iris", "apply": True}
    path = f"registry/versions/{version_id}/deploy"
    code, out = await api(path, "POST", {**body, "apply": False})
    assert code == 200
    await refused(cluster, out["manifest"])  # the policy is in force
    code, out = await api(f"registry/versions/{version_id}/deploy", "POST", body)
    assert code == 422, out
    assert "models in this namespace must be served from S3" in out["message"], out
    code, details = await api(f"registry/versions/{version_id}")
    assert details["inferenceServices"] == []
