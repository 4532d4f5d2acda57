"""Where registered model files go: a local folder (embedded default), more when configured.

A storage ``upload(source, key, progress)`` copies a :class:`SourceTree` (a file or folder)
and returns the artifact's location fields (``uri`` and, where they apply, ``storageKey``
and ``storagePath``).
Uploads are all-or-nothing: the copy goes to a temporary name first, then is renamed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from ..errors import InvalidInput, KubeflowError
from ..outbound import s3_client
from ..paths import Folder, Moved, is_inside
from ..paths import resolved as follow

CHUNK = 1024 * 1024
# A registered folder: at most this many levels (a deeper one is refused before the copy).
MAX_DEPTH = 64
# The longest path a local file system opens (Linux's PATH_MAX).
PATH_MAX = 4096
Progress = Callable[[int], None]


class SourceTree:
    """A file or folder to register, and the folder every byte copied must come from.

    A folder may hold symlinks; one that resolves outside ``within`` (the Jupyter root, or
    the pipeline runs folder) would copy a file the user never meant to publish (a
    kubeconfig, a token) into the artifact store, a bucket or an image. :meth:`check`
    refuses such a folder before anything moves, naming the link; :meth:`files` checks
    again while copying, so a link swapped in meanwhile is refused too. Links that stay
    inside are followed (a file link copies its target's bytes).
    """

    def __init__(self, path: Path, within: Path) -> None:
        self.path = path
        self.within = within.resolve()
        self.name = path.name
        # set to stop a copy: the next read of any file raises Cancelled
        self.stop = threading.Event()
        self.longest = 0  # bytes of the longest path to copy (relative), once checked

    def is_file(self) -> bool:
        return self.path.is_file()

    def _checked(self, path: Path) -> Path:
        """``path`` resolved, refused when it leaves ``within`` or points to nothing."""
        shown = _shown(path, self.within)
        resolved = follow(path, shown)
        if not is_inside(resolved, self.within):
            raise InvalidInput(
                f"{shown} is a link to a place outside the Jupyter root directory; "
                "remove it or copy what it points to into the folder",
                field="path",
            )
        if path.is_symlink() and not resolved.exists():
            raise InvalidInput(f"{shown} is a link to nothing (a broken link)", field="path")
        return resolved

    def _regular(self, path: Path) -> Path:
        """``path`` checked, and refused unless it is a regular file: reading a named pipe
        blocks until someone writes to it (the registration would never end), and a
        socket or device has no bytes to copy."""
        resolved = self._checked(path)
        if not resolved.is_file():
            raise InvalidInput(
                f"{_shown(path, self.within)} is not a regular file (a pipe, socket or "
                "device): it cannot be registered",
                field="path",
            )
        return resolved

    def _walk(self) -> Iterator[tuple[Path, Path]]:
        """(file as found, path relative to the source's parent) for every file to copy."""
        if not self.path.is_dir():
            yield self.path, Path(self.name)
            return
        for dirpath, dirs, files in os.walk(self.path, onerror=self._unreadable):
            depth = len(Path(dirpath).relative_to(self.path).parts)
            if depth >= MAX_DEPTH:
                raise InvalidInput(
                    f"{_shown(Path(dirpath), self.within)} is more than {MAX_DEPTH} folders "
                    "deep: register a flatter folder (or an archive of it)",
                    field="path",
                )
            for name in sorted(dirs):
                folder = Path(dirpath) / name
                if folder.is_symlink():
                    # os.walk does not descend into it; still refuse one that leaves the root
                    self._checked(folder)
            for name in sorted(files):
                path = Path(dirpath) / name
                yield path, path.relative_to(self.path.parent)

    def _unreadable(self, error: OSError) -> None:
        # os.walk skips a folder it cannot list: a copy without its files would be wrong.
        where = _shown(Path(error.filename or self.path), self.within)
        raise InvalidInput(f"{where} cannot be read: {error.strerror}", field="path")

    def _open(self, path: Path) -> BinaryIO:
        """``path`` checked, then opened once: from ``within``, no link followed on the way
        to what the check resolved (paths.Folder), so a link swapped in after the check
        fails the copy instead of copying a file from outside."""
        resolved = self._regular(path)
        shown = _shown(path, self.within)
        try:
            with Folder(self.within, resolved.parent) as folder:
                return folder.open_file(resolved.name)
        except KubeflowError as e:  # name it as the user knows it, never the target
            e.message = e.message.replace(resolved.name, shown, 1)
            raise

    def files(self) -> Iterator[tuple[BinaryIO, Path]]:
        """(the file, open for reading; path relative to the source's parent) for every
        file to copy; each is closed when the next one is asked for. Once :attr:`stop` is
        set, the next read raises :class:`Cancelled` (every storage reads through this)."""
        for path, relative in self._walk():
            if self.stop.is_set():
                raise Cancelled("registration cancelled")
            with self._open(path) as f:
                yield _Stoppable(f, self.stop), relative  # type: ignore[misc]

    def check(self) -> int:
        """Refuse the tree if a link leaves the root; its size in bytes otherwise."""
        total = 0
        for path, relative in self._walk():
            try:
                total += self._regular(path).stat().st_size
            except OSError:  # gone since it was found: changed meanwhile
                raise Moved(f"{_shown(path, self.within)} changed while it was read") from None
            self.longest = max(self.longest, len(os.fsencode(relative)))
        return total


class Cancelled(KubeflowError):
    """The registration was cancelled while its files were copied."""

    status = 409


class _Stoppable:
    """A file whose reads stop once ``stop`` is set (the copy is cancelled)."""

    def __init__(self, f: BinaryIO, stop: threading.Event) -> None:
        self._f = f
        self._stop = stop

    def read(self, size: int = -1) -> bytes:
        if self._stop.is_set():
            raise Cancelled("registration cancelled")
        return self._f.read(size)

    def __getattr__(self, name: str) -> Any:  # fileno, seek, tell, name: the file's own
        return getattr(self._f, name)


def free_bytes(folder: Path) -> int:
    """Free bytes on the file system ``folder`` is (or will be) on."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def _shown(path: Path, root: Path) -> str:
    # The link as the user knows it: relative to the root, never the target's path.
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name


class Storage(Protocol):
    kind: str
    # the folder on this server's disk an upload fills (None: it streams elsewhere)
    spool: Path | None

    def upload(self, source: SourceTree, key: str, progress: Progress) -> dict[str, Any]: ...

    def remove(self, location: dict[str, Any]) -> None:
        """Remove what :meth:`upload` wrote at ``location`` (a registration that failed
        after its upload); raises when it cannot."""
        ...


class LocalStorage:
    """``<data_dir>/registry/artifacts/<key>/<name>``; the URI is a file:// URI."""

    kind = "local"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.spool = root
        self.clean_staging()

    def clean_staging(self) -> list[str]:
        """Remove the partial copies a stopped server left in staging (each upload holds a
        lock on its own staging folder while it copies: one not locked is nobody's)."""
        removed: list[str] = []
        staging = self.root / ".staging"
        if not staging.is_dir():
            return removed
        for folder in staging.iterdir():
            try:
                fd = os.open(folder, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # an upload in progress (this server or another one)
            finally:
                os.close(fd)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        return removed

    def upload(self, source: SourceTree, key: str, progress: Progress) -> dict[str, Any]:
        final = self.root / key
        staging = self.root / ".staging" / uuid.uuid4().hex
        staging.mkdir(parents=True, exist_ok=True)
        lock = os.open(staging, os.O_RDONLY | os.O_CLOEXEC)
        fcntl.flock(lock, fcntl.LOCK_EX)  # held while copying: clean_staging leaves it be
        try:
            for src, relative in source.files():
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as dst:
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
        finally:
            os.close(lock)
        location = final / source.name
        return {"uri": location.as_uri(), "storagePath": str(location)}

    def remove(self, location: dict[str, Any]) -> None:
        # The upload's own folder (<key>), never anything outside the artifacts root.
        folder = Path(location["storagePath"]).parent
        if not is_inside(folder.resolve(), self.root.resolve()) or folder == self.root:
            raise ValueError(f"{folder} is not an upload of this storage")
        shutil.rmtree(folder)


class S3Storage:
    """An S3-compatible bucket (AWS, MinIO, Ceph RGW, versitygw, ...) through boto3.

    Credentials come from environment variables whose *names* are configured, read at each
    upload, never stored in the registry, returned to the browser or logged. The URI is
    ``s3://bucket/<prefix>/<key>/<name>``, the form KServe's storage initializer reads;
    ``storageKey`` names the cluster's data connection (secret) for it, when configured.
    """

    kind = "s3"
    spool = None  # streamed to the bucket

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
        return s3_client(
            self.endpoint,
            self.region,
            os.environ.get(self.access_key_env) or None,
            os.environ.get(self.secret_key_env) or None,
        )

    def upload(self, source: SourceTree, key: str, progress: Progress) -> dict[str, Any]:
        from boto3.exceptions import S3UploadFailedError
        from botocore.exceptions import BotoCoreError, ClientError

        from ..errors import Unavailable

        client = self._client()
        base = "/".join(p for p in (self.prefix, key) if p)
        uploaded: list[str] = []
        try:
            for f, relative in source.files():
                object_key = f"{base}/{relative.as_posix()}"
                client.upload_fileobj(f, self.bucket, object_key, Callback=progress)
                uploaded.append(object_key)
        except BaseException as e:
            # All or nothing: remove what this upload already wrote (also when a link
            # leaving the root stops the copy half-way).
            for object_key in uploaded:
                with contextlib.suppress(BotoCoreError, ClientError):
                    client.delete_object(Bucket=self.bucket, Key=object_key)
            cause: BaseException = e
            if isinstance(e, S3UploadFailedError) and isinstance(e.__context__, ClientError):
                # boto3's upload wraps the server's refusal in a message of its own (with a
                # file's path on this server): report the refusal itself (the context)
                cause = e.__context__
            if isinstance(cause, (BotoCoreError, ClientError, S3UploadFailedError)):
                raise Unavailable(
                    f"upload to S3 bucket {self.bucket!r} failed: {_s3_reason(cause)}"
                ) from None
            raise
        path = f"{base}/{source.name}"
        location: dict[str, Any] = {"uri": f"s3://{self.bucket}/{path}", "storagePath": path}
        if self.storage_key:
            location["storageKey"] = self.storage_key
        return location

    def remove(self, location: dict[str, Any]) -> None:
        # Every object under the upload's own prefix (<prefix>/<key>/, unique per job).
        base = location["storagePath"].rsplit("/", 1)[0]
        client = self._client()
        listed = client.list_objects_v2(Bucket=self.bucket, Prefix=f"{base}/")
        for item in listed.get("Contents", []):
            client.delete_object(Bucket=self.bucket, Key=item["Key"])
        if listed.get("IsTruncated"):  # more than 1000 files: the rest, page by page
            self.remove(location)


def _s3_reason(error: BaseException) -> str:
    # botocore messages name the bucket/key and the error code, never the credentials.
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        err = response.get("Error", {})
        return f"{err.get('Code', 'error')}: {err.get('Message', '')}".strip()
    return type(error).__name__
