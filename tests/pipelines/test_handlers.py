"""The pipelines routes through a real Jupyter server (pytest-jupyter), as the frontend
calls them: analyse, compile, start a local run and follow it, list, cancel, status."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import NOTEBOOKS

SECRET = "kfp-secret-token-never-shown"


@pytest.fixture
def kubeflow_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", SECRET)
    return {"data_dir": str(tmp_path / "kubeflow-data"), "base_image": "example/base:2"}


@pytest.fixture
def root(jp_root_dir: Path) -> Path:
    (jp_root_dir / "demo").mkdir()
    for name in ("kale_tagged.ipynb", "parallel.ipynb"):
        (jp_root_dir / "demo" / name).write_bytes((NOTEBOOKS / name).read_bytes())
    return jp_root_dir


async def wait_for(api: Any, run_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    while time.monotonic() < deadline:
        code, run = await api(f"pipelines/runs/{run_id}")
        assert code == 200
        seen.add(run["status"])
        if run["status"] not in ("PENDING", "RUNNING"):
            run["seen"] = seen
            return run
        await asyncio.sleep(0.3)
    raise AssertionError(f"run {run_id} still {run['status']}")


async def test_analyse_follows_the_contract(api: Any, root: Path) -> None:
    code, body = await api("pipelines/analyse", "POST", {"path": "demo/kale_tagged.ipynb"})
    assert code == 200
    assert body["name"] == "kale-tagged" and body["path"] == "demo/kale_tagged.ipynb"
    assert set(body) >= {"steps", "edges", "parameters", "metrics", "warnings"}
    step = body["steps"][0]
    assert set(step) >= {
        "name",
        "cells",
        "inputs",
        "outputs",
        "after",
        "image",
        "limits",
        "annotations",
        "labels",
        "source",
    }
    assert {"source": "load", "target": "prep", "values": ["xs"]} in body["edges"]
    code, single = await api(
        "pipelines/analyse", "POST", {"path": "demo/kale_tagged.ipynb", "split": "single"}
    )
    assert code == 200 and [s["name"] for s in single["steps"]] == ["kale-tagged"]


async def test_compile_writes_the_pipeline_beside_the_notebook(api: Any, root: Path) -> None:
    code, body = await api(
        "pipelines/compile", "POST", {"path": "demo/parallel.ipynb", "dsl": True, "name": "Par 1"}
    )
    assert code == 200
    assert body["pipeline"] == "demo/parallel.pipeline.yaml"
    assert body["dsl"] == "demo/parallel.pipeline.py"
    assert body["analysis"]["name"] == "par-1"
    text = (root / body["pipeline"]).read_text()
    assert "name: par-1" in text and "example/base:2" in text  # configured base image
    assert "def pipeline(seed: int = 3)" in (root / body["dsl"]).read_text()


async def test_local_run_is_followed_to_its_metrics(api: Any, root: Path) -> None:
    code, run = await api(
        "pipelines/runs",
        "POST",
        {"path": "demo/parallel.ipynb", "mode": "local", "parameters": {"seed": 5}},
    )
    assert code == 202, run
    assert run["status"] in ("PENDING", "RUNNING") and run["mode"] == "local"
    assert run["notebook"] == "demo/parallel.ipynb" and run["pipeline"] == "parallel"
    assert [s["name"] for s in run["steps"]] == ["left", "right", "join", "finish"]
    done = await wait_for(api, run["id"])
    assert done["status"] == "SUCCEEDED", done["log_tail"]
    # seed 5: left = [5]*4 -> 20; right k = 10; box.v = 30, +1 in finish
    assert done["metrics"] == {"result": 31.0}
    assert done["parameters"] == {"seed": 5}
    assert done["finished"] >= done["created"]
    assert all(s["seconds"] is not None for s in done["steps"])
    assert {o["step"] for o in done["outputs"]} == {"left", "right", "join"}
    assert "[step finish] done" in done["log_tail"]
    code, listing = await api("pipelines/runs")
    assert code == 200 and listing["runs"][0]["id"] == run["id"]


async def test_cancel_stops_a_local_run(api: Any, root: Path) -> None:
    slow = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"tags": ["step:nap"]},
                "outputs": [],
                "execution_count": None,
                "source": "import time\ntime.sleep(120)\nx = 1",
            },
            {
                "cell_type": "code",
                "metadata": {"tags": ["step:after"]},
                "outputs": [],
                "execution_count": None,
                "source": "y = x",
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / "slow.ipynb").write_text(json.dumps(slow))
    code, run = await api("pipelines/runs", "POST", {"path": "slow.ipynb"})
    assert code == 202
    deadline = time.monotonic() + 60
    while True:  # wait until the nap step really runs
        _, current = await api(f"pipelines/runs/{run['id']}")
        if current["steps"][0]["status"] == "RUNNING":
            break
        assert time.monotonic() < deadline, f"the nap step never ran: {current}"
        await asyncio.sleep(0.2)
    started = time.monotonic()
    code, cancelled = await api(f"pipelines/runs/{run['id']}/cancel", "POST")
    assert code == 200 and cancelled["status"] == "CANCELLED"
    assert time.monotonic() - started < 10
    assert [s["status"] for s in cancelled["steps"]] == ["FAILED", "SKIPPED"]
    _, again = await api(f"pipelines/runs/{run['id']}")
    assert again["status"] == "CANCELLED"


async def test_status_reports_pipelines_without_the_token(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)  # as if not in a pod
    code, body = await api("status")
    assert code == 200
    pipelines = body["pipelines"]
    assert (pipelines["kfp_host"], pipelines["kfp_found"]) == ("", "")  # none set, not in a pod
    assert (pipelines["connected"], pipelines["base_image"]) == (False, "example/base:2")
    assert SECRET not in json.dumps(body)


async def test_routes_need_jupyter_auth(jp_fetch: Any, root: Path) -> None:
    for path, method in (
        ("analyse", "POST"),
        ("compile", "POST"),
        ("runs", "GET"),
        ("runs", "POST"),
        ("runs/abc", "GET"),
        ("runs/abc/cancel", "POST"),
    ):
        response = await jp_fetch(
            "kubeflow",
            "api",
            "pipelines",
            *path.split("/"),
            method=method,
            body=b"{}" if method == "POST" else None,
            headers={"Authorization": ""},
            raise_error=False,
        )
        assert response.code == 403, path


async def test_a_path_outside_the_root_dir_is_refused(api: Any, root: Path) -> None:
    # A sibling of the root dir, reached by "..": it exists, and still must not be read.
    outside = root.parent / "outside.ipynb"
    outside.write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    for route in ("pipelines/analyse", "pipelines/compile"):
        code, body = await api(route, "POST", {"path": "../outside.ipynb"})
        assert code == 400, (route, body)
        assert body["field"] == "path" and "outside" in body["message"]
    assert not (root.parent / "outside.pipeline.yaml").exists()
