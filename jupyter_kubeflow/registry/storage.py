"""Where registered model files go: a local folder (embedded default), more when configured.

A storage ``upload(source, key, progress)`` copies a file or folder and returns the
artifact's location fields (``uri`` and, where they apply, ``storageKey``/``storagePath``).
Uploads are all-or-nothing: the copy goes to a temporary name first, then is renamed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

CHUNK = 1024 * 1024
Progress = Callable[[int], None]


def walk_files(source: Path) -> Iterator[tuple[Path, Path]]:
    """(absolute file, path relative to ``source``'s parent) for a file or a folder."""
    if source.is_file():
        yield source, Path(source.name)
        return
    for dirpath, _dirs, files in os.walk(source):
        for name in sorted(files):
            path = Path(dirpath) / name
            yield path, path.relative_to(source.parent)


def total_bytes(source: Path) -> int:
    return sum(path.stat().st_size for path, _ in walk_files(source))


class Storage(Protocol):
    kind: str

    def upload(self, source: Path, key: str, progress: Progress) -> dict[str, Any]: ...


class LocalStorage:
    """``<data_dir>/registry/artifacts/<key>/<name>``; the URI is a file:// URI."""

    kind = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def upload(self, source: Path, key: str, progress: Progress) -> dict[str, Any]:
        final = self.root / key
        staging = self.root / ".staging" / uuid.uuid4().hex
        staging.mkdir(parents=True, exist_ok=True)
        try:
            for path, relative in walk_files(source):
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with path.open("rb") as src, target.open("wb") as dst:
                    while chunk := src.read(CHUNK):
                        dst.write(chunk)
                        progress(len(chunk))
                    dst.flush()
                    os.fsync(dst.fileno())
            if not source.is_file() and not any(staging.iterdir()):
                (staging / source.name).mkdir()
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        location = final / source.name
        return {"uri": location.as_uri(), "storagePath": str(location)}


class S3Storage:
    """An S3-compatible bucket (AWS, MinIO, Ceph RGW, versitygw, ...) through boto3.

    Credentials come from environment variables whose *names* are configured, read at each
    upload, never stored in the registry, returned to the browser or logged. The URI is
    ``s3://bucket/<prefix>/<key>/<name>``, the form KServe's storage initializer reads;
    ``storageKey`` names the cluster's data connection (secret) for it, when configured.
    """

    kind = "s3"

    def __init__(
        self,
        *,
        endpoint: str,
        bucket: str,
        region: str = "",
        prefix: str = "",
        access_key_env: str = "AWS_ACCESS_KEY_ID",
        secret_key_env: str = "AWS_SECRET_ACCESS_KEY",
        storage_key: str = "",
    ) -> None:
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region or "us-east-1"
        self.prefix = prefix.strip("/")
        self.access_key_env = access_key_env
        self.secret_key_env = secret_key_env
        self.storage_key = storage_key

    def _client(self) -> Any:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:  # pragma: no cover - depends on the install
            from ..errors import Unavailable

            raise Unavailable("S3 storage needs boto3: pip install boto3") from None
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint or None,
            region_name=self.region,
            aws_access_key_id=os.environ.get(self.access_key_env) or None,
            aws_secret_access_key=os.environ.get(self.secret_key_env) or None,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )

    def upload(self, source: Path, key: str, progress: Progress) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        from ..errors import Unavailable

        client = self._client()
        base = "/".join(p for p in (self.prefix, key) if p)
        uploaded: list[str] = []
        try:
            for path, relative in walk_files(source):
                object_key = f"{base}/{relative.as_posix()}"
                client.upload_file(str(path), self.bucket, object_key, Callback=progress)
                uploaded.append(object_key)
        except (BotoCoreError, ClientError) as e:
            # All or nothing: remove what this upload already wrote.
            for object_key in uploaded:
                with contextlib.suppress(BotoCoreError, ClientError):
                    client.delete_object(Bucket=self.bucket, Key=object_key)
            raise Unavailable(
                f"upload to S3 bucket {self.bucket!r} failed: {_s3_reason(e)}"
            ) from None
        path = f"{base}/{source.name}"
        location: dict[str, Any] = {"uri": f"s3://{self.bucket}/{path}", "storagePath": path}
        if self.storage_key:
            location["storageKey"] = self.storage_key
        return location


def _s3_reason(error: Exception) -> str:
    # botocore messages name the bucket/key and the error code, never the credentials.
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        err = response.get("Error", {})
        return f"{err.get('Code', 'error')}: {err.get('Message', '')}".strip()
    return type(error).__name__
