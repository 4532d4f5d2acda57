"""Where registered model files go: a local folder (embedded default), more when configured.

A storage ``upload(source, key, progress)`` copies a file or folder and returns the
artifact's location fields (``uri`` and, where they apply, ``storageKey``/``storagePath``).
Uploads are all-or-nothing: the copy goes to a temporary name first, then is renamed.
"""

from __future__ import annotations

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
