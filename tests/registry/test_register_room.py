"""Registration checks its size before copying, can be cancelled, and a stopped server's
partial copies do not stay in staging (issue 24, item 7); names and folders local storage
cannot hold are refused before the copy (item 10).

A file larger than the free disk was copied until the disk filled. The size is now
checked against the configured cap and the free space of the disk the copy fills (sparse
files stand for large models: their size is real, their blocks are not), a running job
can be cancelled (``POST register/{job}/cancel``), and staging folders no upload holds
are removed when the server starts.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry.storage import free_bytes

from .jobs import finished, register, registrar, start

CAP = 10 * 1024 * 1024


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    data = tmp_path / "kubeflow-data"
    # A stopped server's partial copy, and one another server is making right now.
    staging = data / "registry" / "artifacts" / ".staging"
    for name in ("stale", "busy"):
        (staging / name).mkdir(parents=True)
        (staging / name / "model.bin").write_bytes(b"partial" * 1000)
    return {"data_dir": str(data), "registry_max_upload_bytes": CAP}


@pytest.fixture
def busy_lock(kubeflow_config: dict[str, Any]) -> Any:
    """The lock an upload holds on its staging folder, held for the test."""
    folder = Path(kubeflow_config["data_dir"]) / "registry" / "artifacts" / ".staging" / "busy"
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    yield fd
    os.close(fd)


def sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.truncate(size)
    return path


def artifacts(data_dir: str) -> list[str]:
    root = Path(data_dir) / "registry" / "artifacts"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


async def test_staging_left_by_a_stopped_server_is_removed(
    busy_lock: int, api: Any, kubeflow_config: dict[str, Any]
) -> None:
    code, _ = await api("registry/formats")  # the server is up: its registry was built
    assert code == 200
    staging = Path(kubeflow_config["data_dir"]) / "registry" / "artifacts" / ".staging"
    assert sorted(p.name for p in staging.iterdir()) == ["busy"]  # in use: kept


async def test_over_the_cap_is_413_before_any_copy(
    api: Any, jp_root_dir: Path, kubeflow_config: dict[str, Any]
) -> None:
    sparse(jp_root_dir / "big.bin", CAP + 1)
    body = {"path": "big.bin", "modelName": "big", "versionName": "v1"}
    code, out = await api("registry/register", "POST", body)
    assert code == 413, out
    assert "registry_max_upload_bytes" in out["message"] and out["field"] == "path"
    assert artifacts(kubeflow_config["data_dir"]) == [".staging"]


async def test_more_than_the_free_space_is_507_before_any_copy(
    api: Any, jp_root_dir: Path, kubeflow_config: dict[str, Any]
) -> None:
    registrar(api).service.config.max_upload_bytes = 0  # only the free space bounds it
    spool = Path(kubeflow_config["data_dir"]) / "registry" / "artifacts"
    sparse(jp_root_dir / "huge.bin", free_bytes(spool) + 1024**3)
    body = {"path": "huge.bin", "modelName": "huge", "versionName": "v1"}
    code, out = await api("registry/register", "POST", body)
    assert code == 507, out
    assert "free" in out["message"] and out["field"] == "path"
    assert artifacts(kubeflow_config["data_dir"]) == [".staging"]


async def test_a_running_registration_is_cancelled(
    api: Any, jp_root_dir: Path, kubeflow_config: dict[str, Any]
) -> None:
    registrar(api).service.config.max_upload_bytes = 0
    sparse(jp_root_dir / "large.bin", 512 * 1024 * 1024)
    job = await start(api, {"path": "large.bin", "modelName": "large", "versionName": "v1"})
    code, answer = await api(f"registry/register/{job['id']}/cancel", "POST")
    assert code == 200 and answer["id"] == job["id"], answer
    done = await finished(api, job["id"])
    assert done["state"] == "CANCELLED", done
    assert done["bytes"] < done["totalBytes"]
    staging = Path(kubeflow_config["data_dir"]) / "registry" / "artifacts" / ".staging"
    assert artifacts(kubeflow_config["data_dir"]) == [".staging"]  # no upload kept
    assert list(staging.iterdir()) == []  # its staging removed (no lock held here)
    code, page = await api("registry/models")
    assert code == 200 and page["items"] == []  # nothing registered
    code, again = await api(f"registry/register/{job['id']}/cancel", "POST")
    assert code == 200 and again["state"] == "CANCELLED"  # a finished job stays as it is
    code, out = await api("registry/register/nope/cancel", "POST")
    assert code == 404, out


async def test_long_names_and_deep_folders_are_refused_or_held_before_the_copy(
    api: Any, jp_root_dir: Path
) -> None:
    """Item 10: a 255-character model name (the registry takes it) made a folder name
    local storage cannot hold, an error only after the copy; a folder deeper than the
    bound is a 400 naming it, not a 500 or a copy that silently leaves files out."""
    (jp_root_dir / "m.bin").write_bytes(b"m" * 100)
    name = "n" * 255
    job = await register(api, {"path": "m.bin", "modelName": name, "versionName": name})
    assert job["state"] == "SUCCEEDED", job
    deep = jp_root_dir / "deep"
    folder = deep
    for _ in range(70):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"x")
    code, out = await api(
        "registry/register", "POST", {"path": "deep", "modelName": "deep", "versionName": "v1"}
    )
    assert code == 400, out
    assert "folders deep" in out["message"] and out["field"] == "path"
