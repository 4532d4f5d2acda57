"""The official ``model-registry`` client, unchanged, against both mounts of the
embedded registry: standalone (subprocess) and inside a Jupyter server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from model_registry import ModelRegistry
from model_registry.types import ModelVersionState, RegisteredModelState

from .standalone import StandaloneRegistry


@pytest.fixture
def jp_base_url() -> str:
    # pytest-jupyter's default "/a%40b/" is decoded to "/a@b/" by the official client;
    # a plain prefix still proves the mount works under a non-root base URL.
    return "/jupyter/"


def exercise_client(registry: ModelRegistry) -> None:
    """Register, get by name, versions, artifacts, properties, paging, ordering, updates,
    archive: each step checked against what the client reads back."""
    model = registry.register_model(
        "iris",
        "s3://bucket/iris/1/model.onnx",
        model_format_name="onnx",
        model_format_version="1",
        version="v1",
        version_description="first",
        metadata={"accuracy": 0.93, "epochs": 12, "tuned": True, "framework": "sklearn"},
    )
    assert model.name == "iris" and model.id
    assert model.state == RegisteredModelState.LIVE

    again = registry.get_registered_model("iris")
    assert again is not None and again.id == model.id and again.owner == "ada"
    assert registry.get_registered_model("no-such-model") is None

    version = registry.get_model_version("iris", "v1")
    assert version is not None
    assert version.author == "ada" and version.description == "first"
    assert version.custom_properties == {
        "accuracy": 0.93,
        "epochs": 12,
        "tuned": True,
        "framework": "sklearn",
    }
    artifact = registry.get_model_artifact("iris", "v1")
    assert artifact is not None
    assert artifact.uri == "s3://bucket/iris/1/model.onnx"
    assert artifact.model_format_name == "onnx" and artifact.model_format_version == "1"

    for n in range(2, 8):
        registry.register_model(
            "iris",
            f"s3://bucket/iris/{n}/model.onnx",
            model_format_name="onnx",
            model_format_version="1",
            version=f"v{n}",
        )
    names = [v.name for v in registry.get_model_versions("iris").page_size(3)]
    assert names == [f"v{n}" for n in range(1, 8)]  # 3 pages of 3, 3, 1
    newest_first = registry.get_model_versions("iris").order_by_creation_time().descending()
    assert [v.name for v in newest_first] == [f"v{n}" for n in range(7, 0, -1)]

    # Version names are per model: another model may reuse "v1".
    registry.register_model(
        "wine",
        "s3://bucket/wine.pkl",
        model_format_name="sklearn",
        model_format_version="1",
        version="v1",
    )
    assert [m.name for m in registry.get_registered_models().page_size(1)] == ["iris", "wine"]

    # Updates: description, properties, archive; read back.
    model.description = "Iris classifier"
    updated = registry.update(model)
    assert updated.description == "Iris classifier"
    assert int(updated.last_update_time_since_epoch) >= int(model.create_time_since_epoch)

    v2 = registry.get_model_version("iris", "v2")
    assert v2 is not None
    v2.state = ModelVersionState.ARCHIVED
    v2.custom_properties = {"reason": "bad recall"}
    registry.update(v2)
    archived = registry.get_model_version("iris", "v2")
    assert archived is not None
    assert archived.state == ModelVersionState.ARCHIVED
    assert archived.custom_properties == {"reason": "bad recall"}

    artifact.uri = "s3://bucket/iris/1/model-v2.onnx"
    registry.update(artifact)
    moved = registry.get_model_artifact("iris", "v1")
    assert moved is not None and moved.uri == "s3://bucket/iris/1/model-v2.onnx"


def test_official_client_against_standalone_server(standalone: StandaloneRegistry) -> None:
    registry = ModelRegistry(
        server_address="http://127.0.0.1", port=standalone.port, author="ada", is_secure=False
    )
    exercise_client(registry)


def test_data_survives_restart(standalone: StandaloneRegistry) -> None:
    def client() -> ModelRegistry:
        return ModelRegistry(
            server_address="http://127.0.0.1", port=standalone.port, author="ada", is_secure=False
        )

    client().register_model(
        "kept", "s3://b/kept", model_format_name="onnx", model_format_version="1", version="1"
    )
    standalone.stop()
    standalone.start()
    artifact = client().get_model_artifact("kept", "1")
    assert artifact is not None and artifact.uri == "s3://b/kept"


async def test_official_client_against_jupyter_mount(
    jp_fetch: Any, jp_serverapp: Any, jp_http_port: int, jp_base_url: str
) -> None:
    # The client joins host + "/api/model_registry/v1/..."; giving the port inside the
    # address makes the address (with Jupyter's base URL and our mount) its host prefix.
    address = f"http://127.0.0.1:{jp_http_port}{jp_base_url}kubeflow/registry".rstrip("/")
    token = jp_serverapp.identity_provider.token

    def run() -> None:
        registry = ModelRegistry(
            server_address=address, author="ada", is_secure=False, user_token=token
        )
        exercise_client(registry)

    # The client runs its own event loop; keep it off the server's loop.
    await asyncio.to_thread(run)


async def test_jupyter_mount_requires_auth(jp_fetch: Any) -> None:
    response = await jp_fetch(
        "kubeflow",
        "registry",
        "api",
        "model_registry",
        "v1",
        "registered_models",
        headers={"Authorization": ""},
        raise_error=False,
    )
    assert response.code == 403


def test_serve_reports_a_busy_port_in_one_line(
    standalone: StandaloneRegistry, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter_kubeflow.cli",
            "registry",
            "serve",
            "--port",
            str(standalone.port),
            "--data-dir",
            str(tmp_path / "other"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{standalone.port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_non_ascii_names_are_looked_up_as_the_real_server_does(
    standalone: StandaloneRegistry,
) -> None:
    """Issue 22 item 7: the real server finds a model named ``modèle-ü`` by name; the
    embedded one answered 400 ("must be printable ASCII") to the lookup, so the official
    client could create it but neither find it nor register a second version. A name is
    looked up exactly as written (not stripped of its spaces)."""
    registry = ModelRegistry(
        server_address="http://127.0.0.1", port=standalone.port, author="ada", is_secure=False
    )
    created = registry.register_model(
        "modèle-ü", "s3://b/m/1", model_format_name="onnx", model_format_version="1", version="v1"
    )
    found = registry.get_registered_model("modèle-ü")
    assert found is not None and found.id == created.id
    again = registry.register_model(
        "modèle-ü", "s3://b/m/2", model_format_name="onnx", model_format_version="1", version="vé"
    )
    assert again.id == created.id  # the same model, a second version
    version = registry.get_model_version("modèle-ü", "vé")
    assert version is not None and version.name == "vé"
    artifact = registry.get_model_artifact("modèle-ü", "vé")
    assert artifact is not None and artifact.uri == "s3://b/m/2"
    spaced = registry.register_model(
        " modèle-ü ", "s3://b/s", model_format_name="onnx", model_format_version="1", version="1"
    )
    assert spaced.id != created.id
    found = registry.get_registered_model(" modèle-ü ")
    assert found is not None and found.id == spaced.id
