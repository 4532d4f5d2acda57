"""Cancel of a local run the server did not start (issue 16 item 7): after a restart, a fresh
server reads the stored run record (PID and its start time) and stops the real process
group; a runner that traps SIGTERM and goes on gets SIGKILL once the grace period is over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.pipelines.runs import RunStore, process_start
from jupyter_kubeflow.pipelines.service import PipelinesService

from .test_runs_cancel import gone, notebook, wait_for_file

# A runner standing in for one that ignores SIGTERM (the real runner obeys it): it notes
# each SIGTERM and goes on, and so does the child it forks into its process group.
STUBBORN = """
import os, signal, sys, time
folder = sys.argv[1]
def noted(*_):
    with open(os.path.join(folder, f"{os.getpid()}.term"), "w") as f:
        f.write("TERM")
signal.signal(signal.SIGTERM, noted)
role = "runner" if os.fork() else "child"
with open(os.path.join(folder, f"{role}.pid"), "w") as f:
    f.write(str(os.getpid()))
while True:
    time.sleep(0.05)
"""


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data")}


async def test_a_restarted_server_cancels_a_run_from_its_stored_record(
    api: Any, jp_root_dir: Path, tmp_path: Path
) -> None:
    """The server under test never started the run: a service before it did (a server
    that has since restarted), so only ``run.json``'s PID and start time lead to it."""
    nb = notebook(
        jp_root_dir / "nap.ipynb",
        [
            ("import os, time\nopen('step.pid', 'w').write(str(os.getpid()))", "step:nap"),
            ("time.sleep(120)\nx = 1", "step:nap"),
            ("y = x", "step:after"),
        ],
    )
    before = PipelinesService(root_dir=jp_root_dir, data_dir=tmp_path / "kubeflow-data")
    run = before.start_run_file(nb, "local", {})
    try:
        step_pid = int(wait_for_file(jp_root_dir / "step.pid"))
        record = before.runs.record(run["id"])
        runner_pid = record["pid"]
        assert record["pid_start"] == process_start(runner_pid)  # what the server reads

        code, seen = await api(f"pipelines/runs/{run['id']}")
        assert code == 200 and seen["status"] == "RUNNING", seen
        started = time.monotonic()
        code, cancelled = await api(f"pipelines/runs/{run['id']}/cancel", "POST")
        assert code == 200 and cancelled["status"] == "CANCELLED", cancelled
        assert time.monotonic() - started < 5  # SIGTERM sufficed: no wait for the grace
        assert gone(step_pid) and gone(runner_pid)
        assert [s["status"] for s in cancelled["steps"]] == ["FAILED", "SKIPPED"]
        code, again = await api(f"pipelines/runs/{run['id']}")
        assert again["status"] == "CANCELLED" and again["finished"] is not None
    finally:
        before.runs.wait(run["id"], timeout=10)  # reap it (it is this test's child)


@pytest.fixture
def stubborn_runner(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    folder = tmp_path / "stubborn"
    folder.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", STUBBORN, str(folder)], start_new_session=True
    )
    yield process, folder
    if process.poll() is None:  # the test failed before cancel stopped it
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def stored_run(store: RunStore, pid: int) -> str:
    """A run record as ``start_local`` writes it, for the process ``pid``."""
    run_id, _ = store.new_dir()
    record = {
        "id": run_id,
        "mode": "local",
        "runner": "warm",
        "notebook": "nb.ipynb",
        "pipeline": "nb",
        "created": time.time(),
        "parameters": {},
        "steps": ["one"],
        "status": "PENDING",
        "pid": pid,
        "pid_start": process_start(pid),
    }
    store.save(record)
    return run_id


def test_a_runner_that_traps_sigterm_is_killed_after_the_grace(
    stubborn_runner: tuple[subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    process, folder = stubborn_runner
    runner_pid = int(wait_for_file(folder / "runner.pid"))
    child_pid = int(wait_for_file(folder / "child.pid"))
    assert runner_pid == process.pid
    run_id = stored_run(RunStore(tmp_path / "data"), runner_pid)

    restarted = RunStore(tmp_path / "data")  # no process handle: only the record
    assert restarted.get(run_id)["status"] == "PENDING"  # its process is alive
    restarted.cancel_grace = 0.5
    started = time.monotonic()
    assert restarted.cancel(run_id)["status"] == "CANCELLED"
    took = time.monotonic() - started
    # both got SIGTERM first, and both went on ...
    assert {p.name for p in folder.glob("*.term")} == {f"{runner_pid}.term", f"{child_pid}.term"}
    assert took >= restarted.cancel_grace, "SIGKILL came before the grace was over"
    # ... until SIGKILL, which no process can trap
    assert gone(runner_pid, timeout=5) and gone(child_pid, timeout=5)
    assert process.wait(5) == -9
    assert took < restarted.cancel_grace + 3
    assert RunStore(tmp_path / "data").get(run_id)["status"] == "CANCELLED"
