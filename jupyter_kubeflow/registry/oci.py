"""OCI storage: the model as a KServe *modelcar* image, pushed with ``skopeo``.

Like the Model Registry client's ``save_to_oci_registry``: the model files become one layer
under ``/models`` on top of a base image (or of nothing, when no base is configured), the
image is assembled as an OCI image layout in a temporary folder and ``skopeo copy`` pushes
it. The artifact URI is ``oci://<repository>/<model>:<version>``, what KServe's modelcar
support reads.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from ..errors import Unavailable
from .storage import Progress, SourceTree

MANIFEST = "application/vnd.oci.image.manifest.v1+json"
CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
UPLOAD_LABEL = "org.kubeflow.jupyter-kubeflow.upload"


def skopeo_available() -> bool:
    return shutil.which("skopeo") is not None


def _tag(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip(".-")[:128] or "latest"


def _repo_name(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip(".-_") or "model"


class _Hashing:
    """A write-only file that hashes and counts what goes through it."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


class _CountingReader:
    def __init__(self, source: Any, progress: Progress) -> None:
        self.source = source
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.progress(len(data))
        return data


class OciStorage:
    kind = "oci"
    spool = Path(tempfile.gettempdir())  # the image layout is built there, then pushed

    def __init__(self, *, repository: str, base_image: str = "", tls_verify: bool = True) -> None:
        self.repository = repository.rstrip("/")
        self.base_image = base_image
        self.tls_verify = tls_verify

    def upload(self, source: SourceTree, key: str, progress: Progress) -> dict[str, Any]:
        model, _, version = key.partition("/")
        image = f"{self.repository}/{_repo_name(model)}:{_tag(version)}"
        with tempfile.TemporaryDirectory(prefix="modelcar-") as tmp:
            layout = Path(tmp) / "layout"
            (layout / "blobs" / "sha256").mkdir(parents=True)
            manifest, config = self._base(layout)
            diff_id, digest, size = self._model_layer(layout, source, progress)
            config.setdefault("rootfs", {"type": "layers", "diff_ids": []})
            config["rootfs"]["diff_ids"].append(diff_id)
            config.setdefault("history", []).append(
                {"created_by": "jupyter-kubeflow: model files in /models"}
            )
            # The upload's key in the config makes each registration's manifest its own: the
            # same files registered twice would otherwise share one digest, and removing a
            # failed registration's image (by digest) would remove the other's too.
            image_config = config.get("config") or {}
            labels = image_config.get("Labels") or {}
            image_config["Labels"] = {**labels, UPLOAD_LABEL: key}
            config["config"] = image_config
            config_digest, config_size = _write_blob(layout, json.dumps(config).encode())
            manifest["config"] = {"mediaType": CONFIG, "digest": config_digest, "size": config_size}
            manifest["layers"].append({"mediaType": LAYER, "digest": digest, "size": size})
            manifest_bytes = json.dumps(manifest).encode()
            manifest_digest, manifest_size = _write_blob(layout, manifest_bytes)
            (layout / "oci-layout").write_text(json.dumps({"imageLayoutVersion": "1.0.0"}))
            index = {
                "schemaVersion": 2,
                "manifests": [
                    {
                        "mediaType": MANIFEST,
                        "digest": manifest_digest,
                        "size": manifest_size,
                        "annotations": {"org.opencontainers.image.ref.name": "model"},
                    }
                ],
            }
            (layout / "index.json").write_text(json.dumps(index))
            self._skopeo(
                "copy",
                f"--dest-tls-verify={str(self.tls_verify).lower()}",
                f"oci:{layout}:model",
                f"docker://{image}",
            )
        return {"uri": f"oci://{image}", "storagePath": image}

    def remove(self, location: dict[str, Any]) -> None:
        # Deletes the manifest (the tag goes with it); the registry must allow deletes.
        self._skopeo(
            "delete",
            f"--tls-verify={str(self.tls_verify).lower()}",
            f"docker://{location['storagePath']}",
        )

    def _base(self, layout: Path) -> tuple[dict[str, Any], dict[str, Any]]:
        empty_config: dict[str, Any] = {
            "architecture": "amd64",
            "os": "linux",
            "config": {},
            "rootfs": {"type": "layers", "diff_ids": []},
        }
        manifest: dict[str, Any] = {"schemaVersion": 2, "mediaType": MANIFEST, "layers": []}
        if not self.base_image:
            return manifest, empty_config
        self._skopeo(
            "copy",
            f"--src-tls-verify={str(self.tls_verify).lower()}",
            f"docker://{self.base_image}",
            f"oci:{layout}:base",
        )
        index = json.loads((layout / "index.json").read_text())
        base_manifest = json.loads(_read_blob(layout, index["manifests"][0]["digest"]))
        base_config = json.loads(_read_blob(layout, base_manifest["config"]["digest"]))
        manifest["layers"] = list(base_manifest["layers"])
        return manifest, base_config

    def _model_layer(
        self, layout: Path, source: SourceTree, progress: Progress
    ) -> tuple[str, str, int]:
        staging = layout / "layer.tar.gz"
        with staging.open("wb") as raw:
            compressed = _Hashing(raw)
            with gzip.GzipFile(fileobj=compressed, mode="wb", mtime=0) as gz:  # type: ignore[arg-type]
                uncompressed = _Hashing(gz)
                with tarfile.open(fileobj=uncompressed, mode="w|") as tar:  # type: ignore[call-overload]
                    models = tarfile.TarInfo("models")
                    models.type = tarfile.DIRTYPE
                    models.mode = 0o755
                    tar.addfile(models)
                    for f, relative in source.files():
                        info = tar.gettarinfo(arcname=f"models/{relative.as_posix()}", fileobj=f)
                        info.uid = info.gid = 0
                        info.uname = info.gname = ""
                        info.mode = 0o644
                        tar.addfile(info, _CountingReader(f, progress))  # type: ignore[arg-type]
        digest = f"sha256:{compressed.sha.hexdigest()}"
        staging.rename(layout / "blobs" / "sha256" / compressed.sha.hexdigest())
        return f"sha256:{uncompressed.sha.hexdigest()}", digest, compressed.size

    def _skopeo(self, *args: str) -> None:
        if not skopeo_available():
            raise Unavailable("OCI storage needs skopeo, which is not installed on this server")
        result = subprocess.run(
            ["skopeo", *args], capture_output=True, text=True, timeout=1800, check=False
        )
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines()
            raise Unavailable(f"skopeo {args[0]} failed: {_reason(lines[-1] if lines else '')}")


def _reason(line: str) -> str:
    # skopeo logs 'time="..." level=fatal msg="..."': the person needs the msg part.
    match = re.search(r'msg="((?:[^"\\]|\\.)*)"', line)
    return match.group(1).replace('\\"', '"').replace("\\n", " ").strip() if match else line


def _write_blob(layout: Path, data: bytes) -> tuple[str, int]:
    digest = hashlib.sha256(data).hexdigest()
    (layout / "blobs" / "sha256" / digest).write_bytes(data)
    return f"sha256:{digest}", len(data)


def _read_blob(layout: Path, digest: str) -> bytes:
    return (layout / "blobs" / "sha256" / digest.split(":", 1)[1]).read_bytes()
