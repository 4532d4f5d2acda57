"""Runs are keyed by the notebook's absolute path (issue 9, item 10): one data folder is shared
by every server and by the CLI, each with its own root, so a same-named notebook in another
folder, or under another server's root, never shows another notebook's run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.pipelines.service import PipelinesService

TINY = {
    "cells": [
        {
            "cell_type": "code",
            "metadata": {"tags": ["step:one"]},
            "outputs": [],
            "execution_count": None,
            "source": "x = 1",
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def write_nb(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(TINY))
    return path


def run_to_end(service: PipelinesService, path: Path) -> str:
    run = service.start_run_file(path, "local", {})
    assert service.runs.wait(run["id"], timeout=120) == 0
    return run["id"]


def test_each_notebook_sees_only_its_own_runs(tmp_path: Path) -> None:
    data = tmp_path / "shared-data"
    root = tmp_path / "home"
    other_root = tmp_path / "elsewhere"
    top, nested = write_nb(root / "nb.ipynb"), write_nb(root / "project" / "nb.ipynb")
    foreign = write_nb(other_root / "nb.ipynb")

    # The CLI started in project/ (its root is its folder) records the nested notebook's run
    # as "nb.ipynb"; another server with another root runs its own "nb.ipynb".
    cli_run = run_to_end(PipelinesService(root_dir=nested.parent, data_dir=data), nested)
    foreign_run = run_to_end(PipelinesService(root_dir=other_root, data_dir=data), foreign)

    server = PipelinesService(root_dir=root, data_dir=data)
    assert asyncio.run(server.list_runs("nb.ipynb")) == []  # a fresh notebook: no run yet
    nested_runs = asyncio.run(server.list_runs("project/nb.ipynb"))
    assert [(r["id"], r["notebook"]) for r in nested_runs] == [(cli_run, "project/nb.ipynb")]
    everything = asyncio.run(server.list_runs())
    assert [(r["id"], r["notebook"]) for r in everything] == [(cli_run, "project/nb.ipynb")]
    assert foreign_run not in {r["id"] for r in everything}
    assert asyncio.run(server.get_run(cli_run))["notebook"] == "project/nb.ipynb"

    own_run = run_to_end(server, top)
    assert [r["id"] for r in asyncio.run(server.list_runs("nb.ipynb"))] == [own_run]
    # Retention counts runs per notebook: the other notebooks' runs are not pruned.
    server.runs_kept = 1
    run_to_end(server, top)
    kept = {r["id"] for r in server.runs.list()}
    assert own_run not in kept and {cli_run, foreign_run} <= kept


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data")}


async def test_runs_route_takes_the_notebook_path(
    api: Any, jp_root_dir: Path, kubeflow_config: dict[str, Any]
) -> None:
    write_nb(jp_root_dir / "a" / "nb.ipynb")
    write_nb(jp_root_dir / "b" / "nb.ipynb")
    code, run = await api("pipelines/runs", "POST", {"path": "a/nb.ipynb"})
    assert code == 202 and run["notebook"] == "a/nb.ipynb"
    code, body = await api("pipelines/runs", params={"path": "b/nb.ipynb"})
    assert code == 200 and body["runs"] == []
    code, body = await api("pipelines/runs", params={"path": "a/nb.ipynb"})
    assert [r["id"] for r in body["runs"]] == [run["id"]]
    code, body = await api("pipelines/runs", params={"path": "../x.ipynb"})
    assert code == 400 and body["field"] == "path"
