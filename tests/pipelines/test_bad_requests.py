"""Malformed requests to the pipelines routes get a clear 4xx, never a 500 (issue 7 item 8),
and the files the converter writes get the mode Jupyter's own files get (item 12)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS


def nb_json(cells: list[dict[str, Any]], **top: Any) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **top})


def code(source: str, tags: list[str] | None = None) -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": {"tags": tags or []}}


async def post_raw(jp_fetch: Any, route: str, body: bytes) -> tuple[int, dict[str, Any]]:
    response = await jp_fetch(
        "kubeflow", "api", "pipelines", route, method="POST", body=body, raise_error=False
    )
    return response.code, json.loads(response.body or b"{}")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"path": "\xff\xfe.ipynb"}', "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"path": "a.ipynb", "parameters": {"n": ' + b"9" * 5000 + b"}}", "not JSON"),
    ],
)
async def test_bodies_that_are_not_json_objects_are_400(
    body: bytes, words: str, jp_fetch: Any
) -> None:
    code, answer = await post_raw(jp_fetch, "analyse", body)
    assert code == 400 and words in answer["message"], answer


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("a\x00b.ipynb", "NUL"),
        ("x" * 256 + ".ipynb", "255"),
        ("d/" + "y" * 300 + "/n.ipynb", "255"),
        ("\ud800.ipynb", "not valid text"),
    ],
)
async def test_paths_that_no_file_system_holds_are_400(
    path: str, words: str, api: Any, jp_root_dir: Path
) -> None:
    for route in ("analyse", "compile", "runs"):
        code, answer = await api(f"pipelines/{route}", "POST", {"path": path})
        assert code == 400 and answer["field"] == "path", answer
        assert words in answer["message"], answer


@pytest.mark.parametrize(
    ("notebook", "status", "words", "where"),
    [
        (nb_json([code("x = 1")], nbformat="x"), 400, "nbformat 'x'", "bad.ipynb"),
        (nb_json([code("x = '\ud800'")]), 400, "lone surrogate", "cell 1"),
        (nb_json([code("x = 1", ["step:\ud800"])]), 400, "lone surrogate", "cell 1"),
        (
            nb_json([code("n = " + "9" * 4000, ["pipeline-parameters"]), code("print(n)")]),
            422,
            "beyond 2**53",
            "cell 1",
        ),
        (
            nb_json([code("n = " + "9" * 5000, ["pipeline-parameters"]), code("print(n)")]),
            422,
            "Syntax error in cell 1",
            "cell 1",
        ),
    ],
)
async def test_notebooks_python_cannot_read_are_4xx_naming_the_place(
    notebook: str, status: int, words: str, where: str, api: Any, jp_root_dir: Path
) -> None:
    (jp_root_dir / "bad.ipynb").write_text(notebook, encoding="utf-8")
    for route in ("analyse", "compile"):
        code, answer = await api(f"pipelines/{route}", "POST", {"path": "bad.ipynb"})
        assert code == status and words in answer["message"], answer
        assert answer["where"] == where
    assert sorted(p.name for p in jp_root_dir.iterdir()) == ["bad.ipynb"]


@pytest.mark.parametrize(
    ("parameters", "words"),
    [
        ({"n": 2**60}, "beyond 2**53"),
        ({"rate": float("inf")}, "not finite"),
        ({"sizes": [1, float("nan")]}, "not finite"),
        ({"message": "\ud800"}, "lone surrogate"),
    ],
)
async def test_run_arguments_are_finite_and_exact(
    parameters: dict[str, Any], words: str, api: Any, jp_root_dir: Path
) -> None:
    (jp_root_dir / "k.ipynb").write_bytes((NOTEBOOKS / "kale_tagged.ipynb").read_bytes())
    code, answer = await api(
        "pipelines/runs", "POST", {"path": "k.ipynb", "parameters": parameters}
    )
    assert code == 400 and words in answer["message"], answer
    assert answer["field"] == next(iter(parameters))


def test_generated_files_get_the_umask_mode_like_jupyters_own(
    notebook_dir: Path, tmp_path: Path
) -> None:
    """mkstemp creates 0600 files: a pipeline written for a team was readable by one user."""
    previous = os.umask(0o022)
    try:
        service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
        done = service.compile_file(
            notebook_dir / "parallel.ipynb", dsl=notebook_dir / "parallel.pipeline.py"
        )
        for path in (done.pipeline, notebook_dir / "parallel.pipeline.py"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o644
        os.umask(0o027)
        done.pipeline.unlink()
        service.compile_file(notebook_dir / "parallel.ipynb")
        assert stat.S_IMODE(done.pipeline.stat().st_mode) == 0o640
    finally:
        os.umask(previous)
