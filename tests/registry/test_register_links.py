"""Registering a folder never copies what a link inside it points to outside the Jupyter
root (issue 7, item 2): a link to a file or a folder outside is refused with a 400 that
names the link, before any byte moves, and the storages refuse it again while copying
(a link swapped in after the check)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import InvalidInput
from jupyter_kubeflow.registry.storage import LocalStorage, SourceTree

from .jobs import register

SECRET = "outside-secret-7f3e"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the Jupyter root, holding a file nobody meant to publish."""
    folder = tmp_path / "outside"
    (folder / "kube").mkdir(parents=True)
    (folder / "kube" / "config").write_text(SECRET)
    (folder / "token").write_text(SECRET)
    return folder


def model_with_link(root: Path, name: str, target: Path) -> Path:
    folder = root / "linked-model"
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    (folder / "model.bin").write_bytes(b"weights")
    (folder / "sub" / name).symlink_to(target)
    return folder


def stored_bytes(data_dir: Path) -> bytes:
    artifacts = data_dir / "registry" / "artifacts"
    if not artifacts.exists():
        return b""
    return b"".join(p.read_bytes() for p in artifacts.rglob("*") if p.is_file())


@pytest.mark.parametrize("kind", ["file", "folder"])
async def test_folder_with_a_link_outside_the_root_is_refused(
    api: Any, jp_root_dir: Path, outside: Path, kubeflow_config: dict[str, Any], kind: str
) -> None:
    target = outside / "token" if kind == "file" else outside / "kube"
    model_with_link(jp_root_dir, "escape", target)
    code, body = await api(
        "registry/register",
        "POST",
        {"path": "linked-model", "modelName": "linked", "versionName": "1"},
    )
    assert code == 400, body
    assert body["field"] == "path"
    assert "linked-model/sub/escape" in body["message"]
    assert str(outside) not in body["message"]  # the target's location is not echoed
    assert SECRET.encode() not in stored_bytes(Path(kubeflow_config["data_dir"]))
    code, page = await api("registry/models")
    assert code == 200 and page["items"] == []  # nothing half-registered


async def test_links_inside_the_root_are_followed(api: Any, jp_root_dir: Path) -> None:
    shared = jp_root_dir / "shared" / "vocab.txt"
    shared.parent.mkdir()
    shared.write_text("a b c")
    model_with_link(jp_root_dir, "vocab.txt", shared)
    job = await register(api, {"path": "linked-model", "modelName": "ok", "versionName": "1"})
    assert job["state"] == "SUCCEEDED", job
    stored = Path(job["result"]["artifact"]["storagePath"])
    assert (stored / "sub" / "vocab.txt").read_text() == "a b c"


async def test_a_broken_link_is_refused(api: Any, jp_root_dir: Path) -> None:
    model_with_link(jp_root_dir, "gone", jp_root_dir / "no-such-file")
    code, body = await api(
        "registry/register",
        "POST",
        {"path": "linked-model", "modelName": "broken", "versionName": "1"},
    )
    assert code == 400 and "linked-model/sub/gone" in body["message"]


def test_storage_refuses_a_link_swapped_in_after_the_check(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "root"
    folder = model_with_link(root, "fine", root / "linked-model" / "model.bin")
    source = SourceTree(folder, root)
    assert source.check() == len(b"weights") * 2
    (folder / "sub" / "fine").unlink()
    (folder / "sub" / "fine").symlink_to(outside / "token")  # the race: after the check
    store = tmp_path / "artifacts"
    with pytest.raises(InvalidInput, match="linked-model/sub/fine"):
        LocalStorage(store).upload(source, "m/1", lambda n: None)
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in store.rglob("*") if p.is_file())
