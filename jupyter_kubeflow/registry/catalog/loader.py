"""The configured sources files, loaded into a :class:`CatalogIndex`, re-read on change.

Every call of :meth:`CatalogLoader.current` compares the files' identity (size, mtime in
ns, inode) with what was loaded: a few ``stat`` calls. When a sources file or one of its
catalog files changed (written, replaced, created, removed), the changed files are parsed
again and a new index replaces the old one whole. A file that fails to parse leaves its
source in error with the reason, and every other source loaded.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .index import CatalogIndex, Ids, LoadedSource
from .sources import (
    CatalogFile,
    Problem,
    Source,
    SourcesFile,
    merge_sources,
    read_catalog_file,
    read_sources_file,
)

log = logging.getLogger(__name__)

SAMPLES = Path(__file__).parent / "samples" / "dev-catalog-sources.yaml"

FileKey = tuple[int, int, int] | None  # (size, mtime_ns, inode); None: missing


def _identity(path: Path) -> FileKey:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass
class Snapshot:
    """What the catalog serves until a file changes."""

    index: CatalogIndex
    labels: list[dict[str, str]] = field(default_factory=list)
    named_queries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def sources(self) -> list[LoadedSource]:
        return self.index.loaded


class CatalogLoader:
    def __init__(self, paths: list[str | Path]) -> None:
        self.paths = [Path(p).expanduser() for p in paths]
        self._lock = threading.Lock()
        self._ids = Ids()
        self._sources_files: dict[Path, tuple[FileKey, SourcesFile]] = {}
        self._catalog_files: dict[Path, tuple[FileKey, CatalogFile]] = {}
        self._loaded_keys: tuple[Any, ...] | None = None
        self._snapshot: Snapshot | None = None

    def current(self) -> Snapshot:
        with self._lock:
            sources_files = [self._sources_file(p) for p in self.paths]
            sources, merge_problems = merge_sources(sources_files)
            paths = [s.catalog_path() for s in sources if _reads_file(s)]
            keys = (
                tuple((p, _identity(p)) for p in self.paths),
                tuple((p, _identity(p)) for p in paths if p is not None),
                tuple((s.id, s.enabled) for s in sources),
            )
            if self._snapshot is None or keys != self._loaded_keys:
                old = self._snapshot
                self._snapshot = self._build(sources_files, sources, merge_problems)
                self._loaded_keys = keys
                if old is not None:
                    old.index.close()
            return self._snapshot

    def _sources_file(self, path: Path) -> SourcesFile:
        return _read_once(self._sources_files, path, read_sources_file)

    def _catalog_file(self, path: Path) -> CatalogFile:
        return _read_once(self._catalog_files, path, read_catalog_file)

    def _build(
        self, files: list[SourcesFile], sources: list[Source], merge_problems: list[Problem]
    ) -> Snapshot:
        problems = [p for f in files for p in f.problems] + merge_problems
        for problem in merge_problems:
            log.warning("model catalog: %s", problem.text())
        loaded = []
        used: set[Path] = set()
        for source in sources:
            entry = self._load(source, used)
            problems.extend(entry[1])
            loaded.append(entry[0])
        # parsed files no source reads any more are forgotten
        self._catalog_files = {p: v for p, v in self._catalog_files.items() if p in used}
        labels: dict[str, dict[str, str]] = {}
        queries: dict[str, dict[str, dict[str, Any]]] = {}
        for sources_file in files:
            labels.update({label["name"]: label for label in sources_file.labels})
            for name, filters in sources_file.named_queries.items():
                queries.setdefault(name, {}).update(filters)
        index = CatalogIndex(loaded, self._ids)
        return Snapshot(index, list(labels.values()), queries, problems)

    def _load(self, source: Source, used: set[Path]) -> tuple[LoadedSource, list[Problem]]:
        if not source.enabled:
            return LoadedSource(source, "disabled"), []
        if source.type != "yaml":
            message = (
                f"type {source.type!r} is not read by the embedded catalog (only type: yaml); "
                "a real Kubeflow Hub catalog service reads the others"
            )
            return LoadedSource(source, "error", message), [
                Problem(str(source.origin), f"source {source.id}", message)
            ]
        path = source.catalog_path()
        if path is None:
            message = "properties.yamlCatalogPath is required for a yaml source"
            return LoadedSource(source, "error", message), [
                Problem(str(source.origin), f"source {source.id}", message)
            ]
        used.add(path)
        parsed = self._catalog_file(path)
        if parsed.failed:
            message = "; ".join(p.text() for p in parsed.problems)
            return LoadedSource(source, "error", message), list(parsed.problems)
        models = [m for m in parsed.models if source.allows(m["name"])]
        if parsed.problems:
            message = "; ".join(p.text() for p in parsed.problems)
            return LoadedSource(source, "partially-available", message, models), list(
                parsed.problems
            )
        return LoadedSource(source, "available", None, models), []


def _reads_file(source: Source) -> bool:
    return source.enabled and source.type == "yaml"


Parsed = TypeVar("Parsed", SourcesFile, CatalogFile)


def _read_once(
    cache: dict[Path, tuple[FileKey, Parsed]], path: Path, read: Callable[[Path], Parsed]
) -> Parsed:
    """The file parsed again only when its identity (size, mtime, inode) changed; its
    problems logged once per change."""
    key = _identity(path)
    cached = cache.get(path)
    if cached is None or cached[0] != key:
        parsed = read(path)
        for problem in parsed.problems:
            log.warning("model catalog: %s", problem.text())
        cache[path] = cached = (key, parsed)
    return cached[1]
