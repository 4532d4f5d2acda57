"""Cancel signals a run's process group only while the recorded PID is still the run's own
process (issue 7, item 9): after a restart, with the PID reused by an unrelated process group,
nothing of that group is touched; a run that is its own is stopped, SIGKILL after the grace."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from jupyter_kubeflow.pipelines.runs import RunStore, process_start
from jupyter_kubeflow.pipelines.service import PipelinesService


def notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    path.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {"tags": [tag]},
                        "outputs": [],
                        "execution_count": None,
                        "source": source,
                    }
                    for source, tag in cells
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    return path


def wait_for_file(path: Path, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.1)
    raise AssertionError(f"{path} never written")


def gone(pid: int, timeout: float = 10) -> bool:
    """The process ended (a zombie waiting for its parent counts as ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process_start(pid) is None:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("pid_start", ["boot-of-another-day:12345", None])
def test_cancel_spares_an_unrelated_group_that_reuses_the_pid(
    tmp_path: Path, pid_start: str | None
) -> None:
    # An unrelated process group whose leader's PID is written into a run record, as if the
    # run's runner had died with the server and the PID had been handed out again.
    stranger = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        store = RunStore(tmp_path)
        run_id, run_dir = store.new_dir()
        record = {
            "id": run_id,
            "mode": "local",
            "notebook": "nb.ipynb",
            "pipeline": "nb",
            "created": time.time(),
            "parameters": {},
            "steps": ["one"],
            "status": "PENDING",
            "pid": stranger.pid,
        }
        if pid_start:
            record["pid_start"] = pid_start  # the runner's start, not the stranger's
        store.save(record)
        progress = {"status": "RUNNING", "steps": [], "metrics": {}, "outputs": []}
        (run_dir / "progress.json").write_text(json.dumps(progress))

        fresh = RunStore(tmp_path)  # a restarted server: no process handles
        assert fresh.get(run_id)["status"] == "FAILED"  # its own process is gone
        fresh.cancel(run_id)
        time.sleep(0.3)
        assert stranger.poll() is None, "cancel killed a process that is not the run's"
    finally:
        stranger.kill()
        stranger.wait()


def test_cancel_after_a_restart_stops_the_runner_and_its_steps(tmp_path: Path) -> None:
    nb = notebook(
        tmp_path / "nap.ipynb",
        [
            ("import os, time\nopen('step.pid', 'w').write(str(os.getpid()))", "step:nap"),
            ("time.sleep(120)\nx = 1", "step:nap"),
            ("y = x", "step:after"),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    run = service.start_run_file(nb, "local", {})
    step_pid = int(wait_for_file(tmp_path / "step.pid"))
    runner_pid = service.runs.record(run["id"])["pid"]

    restarted = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    assert restarted.runs.get(run["id"])["status"] == "RUNNING"
    cancelled = restarted.runs.cancel(run["id"])
    assert cancelled["status"] == "CANCELLED"
    assert gone(step_pid) and gone(runner_pid)
    service.runs.wait(run["id"], timeout=10)


def test_cancel_escalates_to_sigkill_for_a_step_ignoring_sigterm(tmp_path: Path) -> None:
    nb = notebook(
        tmp_path / "stubborn.ipynb",
        [
            (
                "import os, signal, time\n"
                "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                "open('step.pid', 'w').write(str(os.getpid()))\n"
                "time.sleep(120)\nx = 1",
                "step:stubborn",
            ),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    run = service.start_run_file(nb, "local", {})
    step_pid = int(wait_for_file(tmp_path / "step.pid"))

    restarted = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    restarted.runs.cancel_grace = 1.0
    started = time.monotonic()
    restarted.runs.cancel(run["id"])
    assert gone(step_pid, timeout=5), "the step ignoring SIGTERM outlived cancel"
    assert time.monotonic() - started >= 1.0  # it had its grace period first
    service.runs.wait(run["id"], timeout=10)
