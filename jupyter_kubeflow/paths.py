"""Paths a user names (the file browser's, relative to Jupyter's root dir), made safe.

Pipelines and the registry both take such paths; neither may reach outside the root.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import uuid
from pathlib import Path
from typing import BinaryIO

from .errors import InvalidInput, KubeflowError, NotFound


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it (both already resolved)."""
    return path == folder or folder in path.parents


def resolve_under(root: Path, given: str) -> Path | None:
    """``given`` resolved against ``root`` (a leading ``/`` means the root, as in the file
    browser), following symlinks; ``None`` when the result lies outside ``root``."""
    root = root.resolve()
    target = resolved(root / given.lstrip("/"), given)
    return target if is_inside(target, root) else None


def resolved(path: Path, shown: str) -> Path:
    """``path`` with every link followed; :class:`Moved` (409), never an OSError, when a
    link changes or vanishes while it is followed (or loops)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise _moved(shown) from None


# -- opening without following links ---------------------------------------------------
# A path is resolved and checked, then used: between the two, a local process may swap a
# folder on the way for a link to elsewhere. So what was checked is opened once, from the
# root's descriptor, one component at a time with O_NOFOLLOW (what openat2's
# RESOLVE_NO_SYMLINKS does): a link appearing anywhere on the way fails the open (ELOOP or
# ENOTDIR) instead of leading out of the root. Outputs are written through the same
# folder's descriptor.
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class Moved(KubeflowError):
    """A path changed between its check and its use (409)."""

    status = 409


def _moved(shown: str) -> Moved:
    return Moved(
        f"{shown} changed while it was being read (a link appeared in its path); try again",
        field="path",
    )


def open_dir(root: Path, folder: Path) -> int:
    """A descriptor of ``folder`` (below ``root``, both as resolved and checked before),
    every component below the root opened without following a link. Raises
    :class:`Moved` when one is a link now."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        raise _moved(folder.name or str(folder)) from None
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # trusted: configured
    try:
        for part in parts:
            child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = child
    except OSError:
        os.close(fd)
        raise _moved(folder.name or str(folder)) from None
    return fd


class Folder:
    """A folder opened by :func:`open_dir`, to read its files and write beside them."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.path = folder
        self.fd = open_dir(root, folder)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def open_file(self, name: str) -> BinaryIO:
        """The regular file ``name`` in this folder, never through a link, never a pipe or
        device (O_NONBLOCK: opening a FIFO does not wait for a writer)."""
        try:
            fd = os.open(name, _FILE_FLAGS, dir_fd=self.fd)
        except FileNotFoundError:
            raise NotFound(f"{name} does not exist", field="path") from None
        except OSError:
            raise _moved(name) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InvalidInput(f"{name} is not a regular file", field="path")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")

    def read_bytes(self, name: str) -> bytes:
        with self.open_file(name) as f:
            return f.read()

    def write_atomic(self, name: str, text: str) -> None:
        """Write ``text`` to ``name`` in this folder all at once (a temporary file renamed
        over it, never through a link); the file keeps the mode it had, else gets the mode
        a plain ``open`` would give it (0666 less the umask)."""
        try:
            mode = os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mode & 0o777
        except OSError:
            mode = 0o666 & ~current_umask()
        tmp = f".{name}.{uuid.uuid4().hex[:12]}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(tmp, flags, 0o600, dir_fd=self.fd)
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=self.fd)
            raise


_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process's umask (Linux shows it in /proc; elsewhere set and restore it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask
