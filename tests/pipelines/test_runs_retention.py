"""Run records: the log tail is bounded in bytes, runs can be deleted (API, CLI), and only the
newest N runs of a notebook are kept (issue 7, item 6)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import Conflict, NotFound
from jupyter_kubeflow.pipelines.runs import LOG_TAIL_BYTES, RunStore, log_tail, process_start

from .conftest import cli


def fake_record(store: RunStore, notebook: str = "/nb.ipynb", **fields: Any) -> dict[str, Any]:
    """A finished run's record as the service writes it (no process behind it)."""
    run_id, run_dir = store.new_dir()
    record = {
        "id": run_id,
        "mode": "local",
        "notebook": Path(notebook).name,
        "notebook_path": notebook,
        "pipeline": "nb",
        "created": time.time(),
        "parameters": {},
        "steps": ["one"],
        "status": "SUCCEEDED",
        **fields,
    }
    store.save(record)
    progress = {"status": record["status"], "steps": [], "metrics": {}, "outputs": []}
    (run_dir / "progress.json").write_text(json.dumps(progress))
    time.sleep(0.002)  # distinct creation times and ids
    return record


def test_a_huge_line_without_newline_is_cut_by_bytes(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = fake_record(store)
    log = store.root / record["id"] / "log.txt"
    with log.open("wb") as f:  # 30 MB printed without a newline, ending in a marker
        f.write(b"x" * (30 * 1024 * 1024) + "the end \u00e9".encode())
    started = time.perf_counter()
    tail = store.get(record["id"])["log_tail"]
    assert len(tail.encode()) <= LOG_TAIL_BYTES + 3
    assert tail.endswith("the end \u00e9") and tail.startswith("\u2026")
    assert time.perf_counter() - started < 0.5  # read from the end, not the whole file
    assert len(json.dumps(store.list()).encode()) < 2 * LOG_TAIL_BYTES


def test_the_tail_starts_at_a_whole_line_and_keeps_utf8_whole(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    lines = [f"line {i} \u00e9\u00e8\n" for i in range(20000)]
    log.write_text("".join(lines), encoding="utf-8")
    tail = log_tail(log, lines=10_000, max_bytes=4096)
    assert len(tail.encode()) <= 4096
    assert tail.endswith(lines[-1]) and tail.splitlines(True)[0] in lines
    assert "\ufffd" not in tail
    assert log_tail(log, lines=3) == "".join(lines[-3:])
    assert log_tail(tmp_path / "missing.txt") == ""


def test_delete_forgets_a_run_and_refuses_one_still_running(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    done = fake_record(store)
    (store.root / done["id"] / "outputs").mkdir()
    store.delete(done["id"])
    assert not (store.root / done["id"]).exists()
    with pytest.raises(NotFound):
        store.get(done["id"])
    with pytest.raises(NotFound):
        store.delete(done["id"])
    # A local run whose process is alive (this test's own process stands for it).
    import os

    running = fake_record(
        store, status="RUNNING", pid=os.getpid(), pid_start=process_start(os.getpid())
    )
    (store.root / running["id"] / "progress.json").unlink()
    with pytest.raises(Conflict, match="cancel it"):
        store.delete(running["id"])
    assert (store.root / running["id"] / "run.json").is_file()


def test_prune_keeps_the_newest_runs_of_each_notebook(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    mine = [fake_record(store, "/a/nb.ipynb") for _ in range(5)]
    other = [fake_record(store, "/b/nb.ipynb") for _ in range(2)]
    deleted = store.prune("/a/nb.ipynb", keep=3)
    assert set(deleted) == {mine[0]["id"], mine[1]["id"]}
    left = {r["id"] for r in store.list()}
    assert left == {r["id"] for r in mine[2:] + other}
    assert store.prune("/a/nb.ipynb", keep=0) == []  # 0 keeps every run


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


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data"), "pipeline_runs_kept": 2}


async def test_delete_route_and_the_retention_setting(
    api: Any, jp_root_dir: Path, kubeflow_config: dict[str, Any]
) -> None:
    store = RunStore(Path(kubeflow_config["data_dir"]))
    old = [fake_record(store, str(jp_root_dir.resolve() / "tiny.ipynb")) for _ in range(3)]
    code, body = await api(f"pipelines/runs/{old[0]['id']}", "DELETE")
    assert code == 200 and body == {"id": old[0]["id"], "deleted": True}
    assert (await api(f"pipelines/runs/{old[0]['id']}"))[0] == 404
    code, body = await api("pipelines/runs/nosuchrun", "DELETE")
    assert code == 404 and "nosuchrun" in body["message"]

    (jp_root_dir / "tiny.ipynb").write_text(json.dumps(TINY))
    code, run = await api("pipelines/runs", "POST", {"path": "tiny.ipynb"})
    assert code == 202
    # Kept: the new run and the newest old one (pipeline_runs_kept = 2).
    _, listing = await api("pipelines/runs")
    assert [r["id"] for r in listing["runs"]] == [run["id"], old[2]["id"]]
    deadline = time.monotonic() + 120
    while (await api(f"pipelines/runs/{run['id']}"))[1]["status"] in ("PENDING", "RUNNING"):
        assert time.monotonic() < deadline, "the tiny run never ended"
        await asyncio.sleep(0.1)
    code, body = await api(f"pipelines/runs/{run['id']}", "DELETE")
    assert code == 200 and body == {"id": run["id"], "deleted": True}
    assert (await api(f"pipelines/runs/{run['id']}"))[0] == 404
    assert not (store.root / run["id"]).exists()


def test_cli_lists_and_deletes_runs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = RunStore(data)
    records = [fake_record(store) for _ in range(2)]
    env = {"JUPYTER_KUBEFLOW_DATA_DIR": str(data)}
    listed = cli("kubeflow", "runs", "list", "--json", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert [r["id"] for r in json.loads(listed.stdout)] == [r["id"] for r in records[::-1]]
    deleted = cli("kubeflow", "runs", "delete", records[0]["id"], cwd=tmp_path, env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert [r["id"] for r in store.list()] == [records[1]["id"]]
    missing = cli("kubeflow", "runs", "delete", "nosuchrun", cwd=tmp_path, env=env)
    assert missing.returncode == 2 and "No run 'nosuchrun'" in missing.stderr
