"""The frontend's routes under /kubeflow/api/registry/ through a real Jupyter server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .jobs import register

SECRET = "s3cr3t-registry-token-value"


@pytest.fixture
def model_file(jp_root_dir: Path) -> Path:
    path = jp_root_dir / "models" / "iris.onnx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x08\x07" * 50_000)
    return path


async def test_register_file_then_browse(api: Any, model_file: Path) -> None:
    job = await register(
        api,
        {
            "path": "models/iris.onnx",
            "modelName": "iris",
            "versionName": "v1",
            "modelFormatName": "onnx",
            "modelFormatVersion": "1",
            "description": "Iris classifier",
            "versionDescription": "first cut",
            "author": "ada",
            "properties": {"accuracy": 0.93, "epochs": 12, "tuned": True, "data": "iris.csv"},
            "labels": ["demo"],
            "lineage": {"notebook": "train.ipynb", "pipeline": "train", "runId": "run-1"},
        },
    )
    assert job["state"] == "SUCCEEDED", job
    assert job["bytes"] == job["totalBytes"] == 100_000 and job["progress"] == 1
    version = job["result"]["version"]
    artifact = job["result"]["artifact"]
    assert version["customProperties"] == {
        "accuracy": {"metadataType": "MetadataDoubleValue", "double_value": 0.93},
        "epochs": {"metadataType": "MetadataIntValue", "int_value": "12"},
        "tuned": {"metadataType": "MetadataBoolValue", "bool_value": True},
        "data": {"metadataType": "MetadataStringValue", "string_value": "iris.csv"},
        "demo": {"metadataType": "MetadataStringValue", "string_value": ""},
        "kubeflow.notebook": {"metadataType": "MetadataStringValue", "string_value": "train.ipynb"},
        "kubeflow.pipeline": {"metadataType": "MetadataStringValue", "string_value": "train"},
        "kubeflow.run_id": {"metadataType": "MetadataStringValue", "string_value": "run-1"},
    }
    # The file was copied into the registry's storage, byte for byte.
    assert artifact["uri"].startswith("file://")
    stored = Path(artifact["storagePath"])
    assert stored.read_bytes() == model_file.read_bytes()
    assert artifact["modelFormatName"] == "onnx" and artifact["state"] == "LIVE"

    code, page = await api("registry/models?q=IRI")
    assert code == 200 and [m["name"] for m in page["items"]] == ["iris"]
    assert page["size"] == 1 and page["nextPageToken"] == ""
    model_id = page["items"][0]["id"]
    code, detail = await api(f"registry/models/{model_id}")
    assert code == 200
    assert detail["model"]["description"] == "Iris classifier"
    assert detail["model"]["owner"] == "ada"
    assert [v["name"] for v in detail["versions"]] == ["v1"]
    code, vdetail = await api(f"registry/versions/{version['id']}")
    assert code == 200
    assert vdetail["model"]["id"] == model_id
    assert [a["id"] for a in vdetail["artifacts"]] == [artifact["id"]]
    assert vdetail["inferenceServices"] == []


async def test_register_folder_and_existing_model(api: Any, jp_root_dir: Path) -> None:
    folder = jp_root_dir / "saved"
    (folder / "variables").mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"pb" * 10)
    (folder / "variables" / "data").write_bytes(b"v" * 30)
    first = await register(api, {"path": "saved", "modelName": "tf", "versionName": "1"})
    second = await register(api, {"path": "saved", "modelName": "tf", "versionName": "2"})
    assert first["state"] == second["state"] == "SUCCEEDED"
    assert first["totalBytes"] == 50
    assert first["result"]["model"]["id"] == second["result"]["model"]["id"]
    stored = Path(second["result"]["artifact"]["storagePath"])
    assert (stored / "variables" / "data").read_bytes() == b"v" * 30


async def test_register_validation_errors(api: Any, model_file: Path) -> None:
    base = {"path": "models/iris.onnx", "modelName": "m", "versionName": "1"}
    code, body = await api("registry/register", "POST", {**base, "modelName": ""})
    assert code == 400 and body["field"] == "modelName"
    code, body = await api("registry/register", "POST", {**base, "path": "nope.onnx"})
    assert code == 404 and body["field"] == "path"
    code, body = await api("registry/register", "POST", {**base, "path": "../../etc/passwd"})
    assert code == 400 and body["field"] == "path"
    code, body = await api("registry/register", "POST", {**base, "properties": {"x": [1]}})
    assert code == 400 and body["field"] == "properties.x"
    code, body = await api("registry/register", "POST", {**base, "storage": "ftp"})
    assert code == 400 and body["field"] == "storage"
    code, body = await api("registry/register", "POST", {**base, "lineage": {"who": "x"}})
    assert code == 400 and body["field"] == "lineage.who"
    assert (await register(api, base))["state"] == "SUCCEEDED"
    code, body = await api("registry/register", "POST", base)
    assert code == 409 and body["field"] == "versionName"
    code, body = await api("registry/register/unknown-job")
    assert code == 404


async def test_patch_labels_state_and_errors(api: Any, model_file: Path) -> None:
    job = await register(api, {"path": "models/iris.onnx", "modelName": "m", "versionName": "1"})
    model, version = job["result"]["model"], job["result"]["version"]
    artifact = job["result"]["artifact"]
    labels = {"prod": {"metadataType": "MetadataStringValue", "string_value": ""}}
    code, patched = await api(
        f"registry/models/{model['id']}", "PATCH", {"description": "d", "customProperties": labels}
    )
    assert code == 200 and patched["description"] == "d"
    assert patched["customProperties"] == labels
    code, patched = await api(f"registry/versions/{version['id']}", "PATCH", {"state": "ARCHIVED"})
    assert code == 200 and patched["state"] == "ARCHIVED"
    code, page = await api("registry/models?state=ARCHIVED")
    assert code == 200 and page["items"] == []
    code, patched = await api(f"registry/models/{model['id']}", "PATCH", {"state": "ARCHIVED"})
    code, page = await api("registry/models?state=ARCHIVED")
    assert [m["id"] for m in page["items"]] == [model["id"]]
    code, patched = await api(
        f"registry/artifacts/{artifact['id']}", "PATCH", {"uri": "s3://elsewhere/m"}
    )
    assert code == 200 and patched["uri"] == "s3://elsewhere/m"
    assert patched["artifactType"] == "model-artifact"

    code, body = await api(f"registry/versions/{version['id']}", "PATCH", {"state": "GONE"})
    assert code == 400 and body["field"] == "state"
    code, body = await api(f"registry/models/{model['id']}", "PATCH", {"nope": 1})
    assert code == 400 and body["field"] == "nope"
    bad_props = {"customProperties": {"x": {"metadataType": "MetadataIntValue", "int_value": 5}}}
    code, body = await api(f"registry/models/{model['id']}", "PATCH", bad_props)
    assert code == 400 and body["field"] == "customProperties.x"
    assert (await api("registry/models/999999"))[0] == 404
    assert (await api("registry/models/abc"))[0] == 404
    assert (await api("registry/versions/999999", "PATCH", {"description": "x"}))[0] == 404
    assert (await api("registry/models?orderBy=SIZE"))[0] == 400
    assert (await api("registry/models?pageSize=0"))[0] == 400


async def test_models_paging_and_order(api: Any, jp_root_dir: Path) -> None:
    (jp_root_dir / "f.bin").write_bytes(b"x")
    for name in ("charlie", "alpha", "bravo"):
        job = await register(api, {"path": "f.bin", "modelName": name, "versionName": "1"})
        assert job["state"] == "SUCCEEDED"
    code, page = await api("registry/models?orderBy=NAME&sortOrder=ASC&pageSize=2")
    assert code == 200 and [m["name"] for m in page["items"]] == ["alpha", "bravo"]
    assert page["pageSize"] == 2 and page["nextPageToken"]
    code, page2 = await api(
        f"registry/models?orderBy=NAME&pageSize=2&pageToken={page['nextPageToken']}"
    )
    assert [m["name"] for m in page2["items"]] == ["charlie"] and page2["nextPageToken"] == ""
    code, page = await api("registry/models?orderBy=CREATE_TIME&sortOrder=DESC")
    assert [m["name"] for m in page["items"]] == ["bravo", "alpha", "charlie"]
    code, page = await api("registry/models?q=%27%20OR%20name%20LIKE%20%27%25")
    assert code == 200 and page["items"] == []  # quotes in q are data, not filter syntax


async def test_deploy_builds_inference_service(api: Any, model_file: Path) -> None:
    job = await register(
        api,
        {
            "path": "models/iris.onnx",
            "modelName": "iris",
            "versionName": "v1",
            "modelFormatName": "onnx",
            "modelFormatVersion": "1",
        },
    )
    version = job["result"]["version"]
    code, out = await api(
        f"registry/versions/{version['id']}/deploy",
        "POST",
        {"namespace": "team-a", "name": "iris-v1", "apply": False},
    )
    assert code == 200, out
    manifest = out["manifest"]
    assert manifest["apiVersion"] == "serving.kserve.io/v1beta1"
    assert manifest["kind"] == "InferenceService"
    assert manifest["metadata"]["namespace"] == "team-a"
    labels = manifest["metadata"]["labels"]
    assert labels["modelregistry.kubeflow.org/registered-model-id"] == job["result"]["model"]["id"]
    assert labels["modelregistry.kubeflow.org/model-version-id"] == version["id"]
    model = manifest["spec"]["predictor"]["model"]
    assert model["modelFormat"] == {"name": "onnx", "version": "1"}
    assert model["storageUri"] == job["result"]["artifact"]["uri"]
    assert model["runtime"] == "kserve-tritonserver"
    assert "kind: InferenceService" in out["yaml"] and out["applied"] is False

    code, body = await api(
        f"registry/versions/{version['id']}/deploy", "POST", {"namespace": "Bad_NS", "name": "x"}
    )
    assert code == 400 and body["field"] == "namespace"


async def test_deploy_without_format_needs_runtime(api: Any, model_file: Path) -> None:
    job = await register(api, {"path": "models/iris.onnx", "modelName": "m", "versionName": "1"})
    version_id = job["result"]["version"]["id"]
    code, body = await api(
        f"registry/versions/{version_id}/deploy", "POST", {"namespace": "a", "name": "b"}
    )
    assert code == 422 and body["field"] == "runtime"
    code, out = await api(
        f"registry/versions/{version_id}/deploy",
        "POST",
        {"namespace": "a", "name": "b", "runtime": "my-runtime"},
    )
    assert code == 200 and out["manifest"]["spec"]["predictor"]["model"]["runtime"] == "my-runtime"


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    # No cluster: a kubeconfig pointing at a closed port.
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:9"}}],
                "users": [{"name": "u", "user": {"token": SECRET}}],
                "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
                "current-context": "x",
            }
        )
    )
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kubeconfig": str(kubeconfig)}


async def test_deploy_apply_without_cluster_is_503(api: Any, model_file: Path) -> None:
    job = await register(
        api,
        {
            "path": "models/iris.onnx",
            "modelName": "m",
            "versionName": "1",
            "modelFormatName": "onnx",
        },
    )
    version_id = job["result"]["version"]["id"]
    code, body = await api(
        f"registry/versions/{version_id}/deploy",
        "POST",
        {"namespace": "a", "name": "b", "apply": True},
    )
    assert code == 503, body
    assert "cannot be reached" in body["message"] or "cluster" in body["message"]
    assert SECRET not in json.dumps(body)


async def test_formats_and_status(api: Any) -> None:
    code, body = await api("registry/formats")
    assert code == 200
    formats = {f["name"]: f["runtime"] for f in body["formats"]}
    assert formats["sklearn"] == "kserve-sklearnserver" and "onnx" in formats
    code, status = await api("status")
    assert code == 200
    assert status["registry"]["mode"] == "embedded"
    assert status["registry"]["url"] == "/a%40b/kubeflow/registry"  # with Jupyter's base URL
    assert status["registry"]["connected"] is True
    assert status["registry"]["apiVersion"] == "v1"
    assert "local" in status["registry"]["storage"]


async def test_register_by_uri_without_upload(api: Any) -> None:
    job = await register(
        api,
        {
            "uri": "s3://team-bucket/runs/run-7/model.onnx",
            "modelName": "from-run",
            "versionName": "run-7",
            "modelFormatName": "onnx",
            "lineage": {"pipeline": "train", "runId": "run-7"},
        },
    )
    assert job["state"] == "SUCCEEDED" and job["totalBytes"] == 0 and job["progress"] == 1
    assert job["result"]["artifact"]["uri"] == "s3://team-bucket/runs/run-7/model.onnx"
    props = job["result"]["version"]["customProperties"]
    assert props["kubeflow.run_id"]["string_value"] == "run-7"
    both = {"uri": "s3://b/m", "path": "x", "modelName": "a", "versionName": "1"}
    code, body = await api("registry/register", "POST", both)
    assert code == 400 and body["field"] == "uri"
    bad = {"uri": "not a uri", "modelName": "a", "versionName": "1"}
    code, body = await api("registry/register", "POST", bad)
    assert code == 400 and body["field"] == "uri"


async def test_register_from_a_pipeline_run_output(
    api: Any, kubeflow_config: dict[str, Any]
) -> None:
    # Local pipeline runs keep their outputs under <data_dir>/runs/<id>/outputs.
    output = Path(kubeflow_config["data_dir"]) / "runs" / "r1" / "outputs" / "model.pkl"
    output.parent.mkdir(parents=True)
    output.write_bytes(b"pickle" * 10)
    job = await register(
        api,
        {
            "path": str(output),
            "modelName": "run-model",
            "versionName": "r1",
            "lineage": {"notebook": "train.ipynb", "pipeline": "train", "runId": "r1"},
        },
    )
    assert job["state"] == "SUCCEEDED", job
    assert Path(job["result"]["artifact"]["storagePath"]).read_bytes() == b"pickle" * 10
    code, body = await api(
        "registry/register",
        "POST",
        {"path": "/etc/hostname", "modelName": "x", "versionName": "1"},
    )
    assert code == 404 or (code == 400 and body["field"] == "path")
    elsewhere = Path(kubeflow_config["data_dir"]) / "registry" / "registry.db"
    code, body = await api(
        "registry/register", "POST", {"path": str(elsewhere), "modelName": "x", "versionName": "1"}
    )
    assert code in (400, 404) and body["field"] == "path"


async def test_artifact_states_and_read_only_fields(api: Any, model_file: Path) -> None:
    job = await register(api, {"path": "models/iris.onnx", "modelName": "m", "versionName": "1"})
    artifact = job["result"]["artifact"]
    # The frontend may send an object back whole: read-only fields are ignored.
    code, patched = await api(
        f"registry/artifacts/{artifact['id']}", "PATCH", {**artifact, "state": "DELETED"}
    )
    assert code == 200 and patched["state"] == "DELETED" and patched["id"] == artifact["id"]
    code, body = await api(f"registry/artifacts/{artifact['id']}", "PATCH", {"state": "ARCHIVED"})
    assert code == 400 and body["field"] == "state"
    code, body = await api(f"registry/artifacts/{artifact['id']}", "PATCH", {})
    assert code == 400


async def test_a_non_ascii_model_is_registered_again_as_a_new_version(api: Any) -> None:
    """Issue 22 item 7: registering to an existing model looks it up by name; for
    ``modèle-ü`` the embedded registry answered 400 to that lookup."""
    first = await register(api, {"uri": "s3://b/1", "modelName": "modèle-ü", "versionName": "v1"})
    assert first["state"] == "SUCCEEDED", first
    second = await register(api, {"uri": "s3://b/2", "modelName": "modèle-ü", "versionName": "v2"})
    assert second["state"] == "SUCCEEDED", second
    assert second["result"]["model"]["id"] == first["result"]["model"]["id"]
    code, out = await api(
        "registry/register",
        "POST",
        {"uri": "s3://b/3", "modelName": "modèle-ü", "versionName": "v2"},
    )
    assert code == 409, out
