"""Registering into real S3 (versitygw) and OCI (docker-registry + skopeo) storage."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import InvalidInput
from jupyter_kubeflow.registry.oci import OciStorage
from jupyter_kubeflow.registry.storage import S3Storage, SourceTree

from .jobs import register
from .peers import OciRegistry, S3Server

# The first run may build versitygw (install_peers.sh) inside the fixture: allow for it.
pytestmark = pytest.mark.timeout(1800)

BUCKET = "models"


@pytest.fixture
def kubeflow_config(
    tmp_path: Path,
    s3_server: S3Server,
    oci_registry: OciRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    client = s3_server.client()
    if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=BUCKET)
    # Credentials reach the server through its environment, as in a real deployment.
    monkeypatch.setenv("JK_TEST_S3_KEY", s3_server.access_key)
    monkeypatch.setenv("JK_TEST_S3_SECRET", s3_server.secret_key)
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "registry_s3_endpoint": s3_server.endpoint,
        "registry_s3_bucket": BUCKET,
        "registry_s3_prefix": "team-a",
        "registry_s3_access_key_env": "JK_TEST_S3_KEY",
        "registry_s3_secret_key_env": "JK_TEST_S3_SECRET",
        "registry_s3_storage_key": "aws-connection-models",
        "registry_oci_repository": f"{oci_registry.host}/models",
        "registry_oci_tls_verify": False,
    }


@pytest.fixture
def model_folder(jp_root_dir: Path) -> Path:
    folder = jp_root_dir / "sk-model"
    (folder / "sub").mkdir(parents=True)
    (folder / "model.joblib").write_bytes(bytes(range(256)) * 400)
    (folder / "sub" / "meta.json").write_text('{"a": 1}')
    return folder


async def test_status_lists_configured_storage(api: Any, s3_server: S3Server) -> None:
    code, status = await api("status")
    assert code == 200
    assert status["registry"]["storage"] == ["local", "s3", "oci"]
    assert s3_server.secret_key not in json.dumps(status)


async def test_register_folder_to_s3(api: Any, s3_server: S3Server, model_folder: Path) -> None:
    job = await register(
        api,
        {
            "path": "sk-model",
            "modelName": "sk",
            "versionName": "1",
            "modelFormatName": "sklearn",
            "storage": "s3",
        },
    )
    assert job["state"] == "SUCCEEDED", job
    assert job["bytes"] == job["totalBytes"] == 256 * 400 + 8
    artifact = job["result"]["artifact"]
    assert artifact["uri"].startswith(f"s3://{BUCKET}/team-a/sk/1-")
    assert artifact["uri"].endswith("/sk-model")
    assert artifact["storageKey"] == "aws-connection-models"
    prefix = artifact["storagePath"]
    client = s3_server.client()
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    keys = sorted(o["Key"] for o in listed.get("Contents", []))
    assert keys == [f"{prefix}/model.joblib", f"{prefix}/sub/meta.json"]
    body = client.get_object(Bucket=BUCKET, Key=f"{prefix}/model.joblib")["Body"].read()
    assert body == (model_folder / "model.joblib").read_bytes()
    assert s3_server.secret_key not in json.dumps(job)


async def test_s3_bad_credentials_fail_the_job_without_leaking(
    api: Any, s3_server: S3Server, model_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JK_TEST_S3_SECRET", "wrong-secret-value-123")
    job = await register(
        api, {"path": "sk-model", "modelName": "sk-bad", "versionName": "1", "storage": "s3"}
    )
    assert job["state"] == "FAILED"
    # the server's refusal, not boto3's wrapper (whose text holds the file's local path)
    assert job["error"]["message"].startswith(f"upload to S3 bucket '{BUCKET}' failed: ")
    assert str(model_folder) not in job["error"]["message"]
    assert "wrong-secret-value-123" not in json.dumps(job)
    assert s3_server.secret_key not in json.dumps(job)
    # nothing was registered for the failed upload
    code, page = await api("registry/models?q=sk-bad")
    assert page["items"] == []


async def test_register_to_oci_modelcar(
    api: Any, oci_registry: OciRegistry, model_folder: Path, tmp_path: Path
) -> None:
    job = await register(
        api,
        {
            "path": "sk-model",
            "modelName": "SK Model",
            "versionName": "v1.0",
            "modelFormatName": "sklearn",
            "storage": "oci",
        },
    )
    assert job["state"] == "SUCCEEDED", job
    artifact = job["result"]["artifact"]
    image = artifact["uri"].removeprefix("oci://")
    assert image.startswith(f"{oci_registry.host}/models/sk-model:v1.0-")
    # Pull it back with skopeo and read the model layer: files under /models.
    out = tmp_path / "pulled"
    subprocess.run(
        ["skopeo", "copy", "--src-tls-verify=false", f"docker://{image}", f"dir:{out}"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["layers"]) == 1
    layer = (out / manifest["layers"][0]["digest"].split(":")[1]).read_bytes()
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(layer))) as tar:
        names = sorted(tar.getnames())
        weights = tar.extractfile("models/sk-model/model.joblib")
        assert weights is not None
        assert weights.read() == (model_folder / "model.joblib").read_bytes()
    assert "models/sk-model/sub/meta.json" in names

    code, out_deploy = await api(
        f"registry/versions/{job['result']['version']['id']}/deploy",
        "POST",
        {"namespace": "team-a", "name": "sk"},
    )
    assert code == 200
    assert out_deploy["manifest"]["spec"]["predictor"]["model"]["storageUri"] == artifact["uri"]


class TestNoRemoteStorage:
    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path) -> dict[str, Any]:
        return {"data_dir": str(tmp_path / "d")}

    async def test_s3_not_configured(self, api: Any, model_folder: Path) -> None:
        code, body = await api(
            "registry/register",
            "POST",
            {"path": "sk-model", "modelName": "x", "versionName": "1", "storage": "s3"},
        )
        assert code == 422 and body["field"] == "storage"
        assert "not configured" in body["message"]


@pytest.mark.parametrize("storage", ["s3", "oci"])
async def test_a_link_leaving_the_root_never_reaches_remote_storage(
    api: Any,
    s3_server: S3Server,
    oci_registry: OciRegistry,
    model_folder: Path,
    tmp_path: Path,
    storage: str,
) -> None:
    """Issue 7, item 2: the link check runs before the upload for every storage kind, and
    each storage checks again while copying (a link swapped in after the check)."""
    secret = tmp_path / "outside-token"
    secret.write_text("outside-secret-value-e41")
    (model_folder / "sub" / "token").symlink_to(secret)
    code, body = await api(
        "registry/register",
        "POST",
        {
            "path": "sk-model",
            "modelName": f"leak-{storage}",
            "versionName": "1",
            "storage": storage,
        },
    )
    assert code == 400 and "sk-model/sub/token" in body["message"], body
    if storage == "s3":
        listed = s3_server.client().list_objects_v2(Bucket=BUCKET, Prefix="team-a/leak-s3")
        assert listed.get("KeyCount", 0) == 0
    else:
        with urllib.request.urlopen(f"http://{oci_registry.host}/v2/_catalog") as response:
            assert "leak-oci" not in response.read().decode()


def test_remote_storages_refuse_a_link_swapped_in_after_the_check(
    s3_server: S3Server,
    oci_registry: OciRegistry,
    model_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JK_TEST_S3_KEY", s3_server.access_key)
    monkeypatch.setenv("JK_TEST_S3_SECRET", s3_server.secret_key)
    secret = tmp_path / "outside-token"
    secret.write_text("outside-secret-value-e42")
    source = SourceTree(model_folder, model_folder.parent)
    source.check()
    (model_folder / "sub" / "meta.json").unlink()
    (model_folder / "sub" / "meta.json").symlink_to(secret)
    client = s3_server.client()
    s3 = S3Storage(
        endpoint=s3_server.endpoint,
        bucket=BUCKET,
        prefix="race",
        access_key_env="JK_TEST_S3_KEY",
        secret_key_env="JK_TEST_S3_SECRET",
    )
    with pytest.raises(InvalidInput, match="sk-model/sub/meta.json"):
        s3.upload(source, "m/1", lambda n: None)
    # all or nothing: what was uploaded before the link was met is removed again
    assert client.list_objects_v2(Bucket=BUCKET, Prefix="race/").get("KeyCount", 0) == 0
    oci = OciStorage(repository=f"{oci_registry.host}/race", tls_verify=False)
    with pytest.raises(InvalidInput, match="sk-model/sub/meta.json"):
        oci.upload(source, "m/1", lambda n: None)
    with urllib.request.urlopen(f"http://{oci_registry.host}/v2/_catalog") as response:
        assert "race/" not in response.read().decode()
