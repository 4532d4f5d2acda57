"""Reading a notebook file and refusing what is not a Python notebook."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, NotFound, Unprocessable


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


def parse_notebook(text: str, path: Path) -> Notebook:
    """Parse notebook JSON text; a clear error for anything that is not a Python notebook."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            f"{path.name} is not a notebook: not JSON ({e.msg} at line {e.lineno})",
            where=path.name,
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise InvalidInput(
            f"{path.name} is not a notebook: it has no list of cells", where=path.name
        )
    # Plain JSON checks rather than nbformat's schema validation: they say what is wrong
    # in a person's words, and they are fast on 1000-cell notebooks.
    if int(raw.get("nbformat", 4) or 4) < 4:
        raise InvalidInput(
            f"{path.name} is an nbformat {raw.get('nbformat')} notebook; open and save it in "
            "JupyterLab to upgrade it to nbformat 4",
            where=path.name,
        )
    metadata = raw.get("metadata") or {}
    kernel = metadata.get("kernelspec") or {}
    language = (metadata.get("language_info") or {}).get("name") or kernel.get("language")
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
        tags = (c.get("metadata") or {}).get("tags") or []
        cells.append(Cell(i, c["cell_type"], str(source), [str(t) for t in tags]))
    kale = metadata.get("kubeflow_notebook")
    return Notebook(path=path, cells=cells, kale=kale if isinstance(kale, dict) else {})


def read_notebook(path: Path) -> Notebook:
    if not path.is_file():
        raise NotFound(f"No notebook at {path}", where=str(path))
    if path.suffix != ".ipynb":
        raise InvalidInput(
            f"{path.name} is not a notebook (expected a .ipynb file)", where=path.name
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{path.name} is not a notebook: not UTF-8 text", where=path.name
        ) from None
    return parse_notebook(text, path)
