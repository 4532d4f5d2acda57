"""Helpers for the pipelines tests: fixture notebooks, nbclient execution, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).parent.parent / "fixtures" / "notebooks"
BAD = {
    # fixture -> (words the message must hold, where, HTTP status)
    "bad_syntax.ipynb": (["Syntax error", "cell 3"], "cell 3", 422),
    "bad_prev.ipynb": (["prev:nowhere", "'two'", "no step 'nowhere'"], "cell 2", 422),
    "bad_cycle.ipynb": (["cycle", "first", "second"], "first, second", 422),
    "bad_duplicate.ipynb": (["Duplicate step name 'one'", "cell 3", "cell 1"], "cell 3", 422),
    "bad_step_name.ipynb": (["Invalid step name '9 lives!'", "cell 1"], "cell 1", 422),
    "bad_parameters.ipynb": (["Parameter 'n'", "literal"], "cell 1", 422),
    "bad_kernel.ipynb": (["R kernel", "only Python"], "kernel", 422),
    "bad_limit.ipynb": (["Limit cpu:lots in cell 1 is not valid"], "cell 1", 422),
    "no_code.ipynb": (["no code to turn into a pipeline step"], "no_code.ipynb", 422),
    "not_a_notebook.ipynb": (["not a notebook", "not JSON"], "not_a_notebook.ipynb", 400),
    "not_cells.ipynb": (["not a notebook", "no list of cells"], "not_cells.ipynb", 400),
}


@pytest.fixture
def notebook_dir(tmp_path: Path) -> Path:
    """A copy of the fixture notebooks (tests write pipelines beside them)."""
    target = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, target)
    return target


def execute_metrics(path: Path, metrics: list[str]) -> dict[str, float]:
    """Run the notebook top to bottom with nbclient (a real kernel), then read the metrics."""
    nb = nbformat.read(path, as_version=4)
    values = ", ".join(f"{m!r}: float({m})" for m in metrics)
    dump = f"import json as _j\nprint('@@' + _j.dumps({{{values}}}))"
    nb.cells.append(nbformat.v4.new_code_cell(dump))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for output in nb.cells[-1].outputs:
        text = output.get("text", "")
        if text.startswith("@@"):
            return json.loads(text[2:])
    raise AssertionError(f"no metrics printed: {nb.cells[-1].outputs}")


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``jupyter kubeflow ARGS`` as a user runs it: a separate process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def last_json(stdout: str) -> dict[str, Any]:
    return json.loads(stdout.strip().splitlines()[-1])


def unreachable_kubeconfig(tmp_path: Path) -> Path:
    """A kubeconfig whose API server is down: a port bound, then closed, so nothing
    listens there (the kubernetes client then raises urllib3's MaxRetryError)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path / "unreachable-kubeconfig"
    path.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "down", "cluster": {"server": f"http://127.0.0.1:{port}"}}],
                "users": [{"name": "me", "user": {"token": "t"}}],
                "contexts": [{"name": "down", "context": {"cluster": "down", "user": "me"}}],
                "current-context": "down",
            }
        )
    )
    return path
