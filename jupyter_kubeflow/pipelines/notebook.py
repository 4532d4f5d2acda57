"""Reading a notebook file and refusing what is not a Python notebook."""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, NotFound, Unprocessable
from ..paths import Folder


@dataclass
class Cell:
    """One cell: its index among all the notebook's cells, type, source and tags."""

    index: int
    cell_type: str
    source: str
    tags: list[str] = field(default_factory=list)


@dataclass
class Notebook:
    path: Path
    cells: list[Cell]
    # Kale's notebook-level settings (metadata.kubeflow_notebook): pipeline_name,
    # experiment_name, docker_image... used as defaults.
    kale: dict[str, Any] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.path.name.removesuffix(".ipynb")

    def read_beside(self, name: str) -> str:
        """A text file in the notebook's folder or below it (``pip install -r FILE``).

        Relative, no ``..``, no symlink on the way (each folder and the file are opened
        with ``O_NOFOLLOW`` from the one above), a regular file of at most 1 MiB of UTF-8.
        """
        where = f"{name!r} (beside {self.path.name})"
        parts = name.split("/")
        if (
            name.startswith("/")
            or any(p in ("", ".", "..") for p in parts[:-1])
            or (parts[-1] in ("", ".", ".."))
        ):
            raise Unprocessable(
                f"Requirements file {name!r}: give a path below the notebook's folder "
                "(no absolute path, no ..)",
                where=name,
            )
        check_path_text(name)
        flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        fds: list[int] = []
        try:
            # The notebook's own folder, as the notebook was read from it; below it, no links.
            fds.append(os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY))
            for part in parts[:-1]:
                fds.append(os.open(part, flags | os.O_DIRECTORY, dir_fd=fds[-1]))
            fds.append(os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=fds[-1]))
            info = os.fstat(fds[-1])
            if not stat.S_ISREG(info.st_mode):
                raise Unprocessable(f"Requirements file {where} is not a file", where=name)
            if info.st_size > REQUIREMENTS_MAX_BYTES:
                raise Unprocessable(
                    f"Requirements file {where} is over {REQUIREMENTS_MAX_BYTES // 1024} KiB",
                    where=name,
                )
            data = os.read(fds[-1], REQUIREMENTS_MAX_BYTES + 1)[:REQUIREMENTS_MAX_BYTES]
        except FileNotFoundError:
            raise Unprocessable(f"Requirements file {where} does not exist", where=name) from None
        except OSError as e:  # ELOOP/ENOTDIR: a symlink on the way; EACCES...
            reason = "a symlink" if e.errno in (errno.ELOOP, errno.ENOTDIR) else e.strerror
            raise Unprocessable(
                f"Requirements file {where} cannot be read ({reason})", where=name
            ) from None
        finally:
            for fd in fds:
                os.close(fd)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise Unprocessable(
                f"Requirements file {where} is not UTF-8 text", where=name
            ) from None


# What file systems hold: a name (one path component) of at most 255 bytes, no NUL.
NAME_MAX = 255
REQUIREMENTS_MAX_BYTES = 1024 * 1024


def check_path_text(path: str) -> str:
    """Refuse a path no file system holds, before it reaches one (where it would be a 500)."""
    if "\x00" in path:
        raise InvalidInput("The path holds a NUL character", field="path")
    try:
        parts = [p.encode("utf-8") for p in path.split("/")]
    except UnicodeEncodeError:
        raise InvalidInput(
            f"The path {path!r} is not valid text (a lone surrogate)", field="path"
        ) from None
    if any(len(p) > NAME_MAX for p in parts):
        raise InvalidInput(
            f"A name in the path is longer than {NAME_MAX} bytes", field="path", where=path[:80]
        )
    return path


def _object(value: Any) -> dict[str, Any]:
    """A metadata object, or {} for anything else (metadata is optional, never fatal)."""
    return value if isinstance(value, dict) else {}


def _surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_notebook(text: str, path: Path) -> Notebook:
    """Parse notebook JSON text; a clear error for anything that is not a Python notebook."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            f"{path.name} is not a notebook: not JSON ({e.msg} at line {e.lineno})",
            where=path.name,
        ) from None
    except RecursionError:  # json's parser recurses: a 100,000-level document stops it
        raise InvalidInput(
            f"{path.name} is not a notebook: its JSON is nested too deeply", where=path.name
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise InvalidInput(
            f"{path.name} is not a notebook: it has no list of cells", where=path.name
        )
    # Plain JSON checks rather than nbformat's schema validation: they say what is wrong
    # in a person's words, and they are fast on 1000-cell notebooks.
    version = raw.get("nbformat", 4)
    if type(version) is not int:
        raise InvalidInput(
            f"{path.name} is not a notebook: nbformat {version!r} is not a version number",
            where=path.name,
        )
    if version < 4:
        raise InvalidInput(
            f"{path.name} is an nbformat {raw.get('nbformat')} notebook; open and save it in "
            "JupyterLab to upgrade it to nbformat 4",
            where=path.name,
        )
    metadata = _object(raw.get("metadata"))
    kernel = _object(metadata.get("kernelspec"))
    language = _object(metadata.get("language_info")).get("name") or kernel.get("language")
    if language and str(language).lower() != "python":
        raise Unprocessable(
            f"{path.name} uses a {language} kernel ({kernel.get('name', '?')}); "
            "only Python notebooks convert to pipelines",
            where="kernel",
        )
    cells: list[Cell] = []
    for i, c in enumerate(raw["cells"]):
        if not isinstance(c, dict) or not isinstance(c.get("cell_type"), str):
            raise InvalidInput(
                f"{path.name}: cell {i + 1} is not a notebook cell", where=f"cell {i + 1}"
            )
        source = c.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        cell_metadata = c.get("metadata")
        tags = (cell_metadata.get("tags") if isinstance(cell_metadata, dict) else None) or []
        if not isinstance(tags, list):
            tags = [tags]
        cell = Cell(i, c["cell_type"], str(source), [str(t) for t in tags])
        if _surrogate(cell.source) or any(_surrogate(t) for t in cell.tags):
            # JSON may escape one (\ud800); Python cannot encode it, nor can a YAML file.
            raise InvalidInput(
                f"{path.name}: cell {i + 1} holds a lone surrogate (not valid Unicode text)",
                where=f"cell {i + 1}",
            )
        cells.append(cell)
    kale = metadata.get("kubeflow_notebook")
    return Notebook(path=path, cells=cells, kale=kale if isinstance(kale, dict) else {})


def read_notebook(path: Path, folder: Folder | None = None) -> Notebook:
    """The notebook at ``path``; read through ``folder`` (its folder, opened without
    following links) when given, so what was checked is what is read."""
    if folder is None and not path.is_file():
        raise NotFound(f"No notebook at {path}", where=str(path))
    if path.suffix != ".ipynb":
        raise InvalidInput(
            f"{path.name} is not a notebook (expected a .ipynb file)", where=path.name
        )
    try:
        raw = folder.read_bytes(path.name) if folder else path.read_bytes()
    except NotFound:
        raise NotFound(f"No notebook at {path}", where=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{path.name} is not a notebook: not UTF-8 text", where=path.name
        ) from None
    return parse_notebook(text, path)
