"""Registrations that fail, each caused for real: the job ends FAILED with a clear message
and a status, and nothing is left half-written (no entity, no stray object or image).

- a named pipe in the folder (reading it would block the upload forever);
- an OCI registry that refuses the push (docker-registry in read-only maintenance mode);
- an S3 server that refuses the second file after the first was stored (versitygw's
  KeyTooLongError for a deeply nested file under a long prefix; AWS refuses keys over
  1,024 bytes the same way): the first object is removed again.

Races of two registrations are in test_register_races.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .jobs import register
from .peers import OciRegistry, S3Server

pytestmark = pytest.mark.timeout(300)

BUCKET = "models"


def s3_config(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch, prefix: str) -> dict[str, Any]:
    client = s3_server.client()
    if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("JK_TEST_S3_KEY", s3_server.access_key)
    monkeypatch.setenv("JK_TEST_S3_SECRET", s3_server.secret_key)
    return {
        "registry_s3_endpoint": s3_server.endpoint,
        "registry_s3_bucket": BUCKET,
        "registry_s3_prefix": prefix,
        "registry_s3_access_key_env": "JK_TEST_S3_KEY",
        "registry_s3_secret_key_env": "JK_TEST_S3_SECRET",
    }


async def nothing_registered(api: Any, name: str) -> None:
    code, page = await api(f"registry/models?q={name}")
    assert code == 200 and page["items"] == [], page


async def test_a_pipe_in_the_folder_is_refused_before_anything_moves(
    api: Any, jp_root_dir: Path, tmp_path: Path
) -> None:
    folder = jp_root_dir / "piped-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"m" * 100)
    pipe = folder / "weights.fifo"
    os.mkfifo(pipe)
    code, body = await api(
        "registry/register",
        "POST",
        {"path": "piped-model", "modelName": "piped", "versionName": "1"},
    )
    if code == 202:  # accepted (the check broken): let the upload's read of the pipe end
        await release(pipe)
    assert code == 400, body
    assert body["field"] == "path" and "piped-model/weights.fifo" in body["message"]
    assert "not a regular file" in body["message"]
    await nothing_registered(api, "piped")
    artifacts = tmp_path / "kubeflow-data" / "registry" / "artifacts"
    assert not [p for p in artifacts.rglob("*") if p.is_file()]


async def release(pipe: Path) -> None:
    """Open the pipe for writing once a reader waits on it, and close it (EOF)."""
    deadline = asyncio.get_running_loop().time() + 10
    while asyncio.get_running_loop().time() < deadline:
        try:
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            return
        except OSError:  # no reader yet
            await asyncio.sleep(0.05)


class TestOciPushRefused:
    @pytest.fixture
    def readonly_oci(self, tmp_path: Path) -> Iterator[OciRegistry]:
        (tmp_path / "oci-ro").mkdir()
        server = OciRegistry(tmp_path / "oci-ro", readonly=True).start()
        yield server
        server.stop()

    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, readonly_oci: OciRegistry) -> dict[str, Any]:
        return {
            "data_dir": str(tmp_path / "kubeflow-data"),
            "registry_oci_repository": f"{readonly_oci.host}/models",
            "registry_oci_tls_verify": False,
        }

    async def test_the_job_fails_and_nothing_is_registered(
        self, api: Any, jp_root_dir: Path, readonly_oci: OciRegistry
    ) -> None:
        (jp_root_dir / "m.onnx").write_bytes(b"onnx" * 1000)
        job = await register(
            api, {"path": "m.onnx", "modelName": "ro-model", "versionName": "1", "storage": "oci"}
        )
        assert job["state"] == "FAILED", job
        assert job["error"]["status"] == 503
        message = job["error"]["message"]
        # skopeo's reason, without its log decoration: the registry and what it answered
        assert message.startswith("skopeo copy failed: writing blob"), message
        assert readonly_oci.host in message and "405" in message, message
        assert "level=fatal" not in message
        await nothing_registered(api, "ro-model")
        with urllib.request.urlopen(f"http://{readonly_oci.host}/v2/_catalog") as response:
            assert json.loads(response.read())["repositories"] == []


LONG_PREFIX = "/".join(["p" * 199, "q" * 199, "r" * 199])  # 599 characters before the key


class TestS3RefusesTheSecondFile:
    @pytest.fixture
    def kubeflow_config(
        self, tmp_path: Path, s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
    ) -> dict[str, Any]:
        return {
            "data_dir": str(tmp_path / "kubeflow-data"),
            **s3_config(s3_server, monkeypatch, LONG_PREFIX),
        }

    async def test_the_first_file_is_removed_again(
        self, api: Any, jp_root_dir: Path, s3_server: S3Server
    ) -> None:
        folder = jp_root_dir / "deep-model"
        folder.mkdir()
        (folder / "a-weights.bin").write_bytes(b"w" * 5000)  # top level: uploaded first
        deep = folder.joinpath(*["d" * 200] * 18)  # ~3,600 characters: fine on disk...
        deep.mkdir(parents=True)
        (deep / "config.json").write_text("{}")  # ...but its key is too long for the server
        job = await register(
            api, {"path": "deep-model", "modelName": "deep", "versionName": "1", "storage": "s3"}
        )
        assert job["state"] == "FAILED", job
        assert job["error"]["status"] == 503
        message = job["error"]["message"]
        assert message.startswith(f"upload to S3 bucket '{BUCKET}' failed: KeyTooLongError")
        assert str(jp_root_dir) not in message  # no path of this server in the browser
        assert job["bytes"] >= 5000  # the first file did reach the bucket before the failure
        listed = s3_server.client().list_objects_v2(Bucket=BUCKET, Prefix=LONG_PREFIX)
        assert listed.get("KeyCount", 0) == 0, [o["Key"][-60:] for o in listed["Contents"]]
        await nothing_registered(api, "deep")
