"""A warm run leaves a preloaded keeper that starts the notebook's next run (issue 11: a
re-run does not import the notebook's modules again); the keeper refuses once a module it
holds changed on disk, and cancelling a run it started stops that run, not the keeper."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from jupyter_kubeflow.pipelines.service import PipelinesService

from .test_runs_cancel import gone, wait_for_file
from .test_warm_runs import write_notebook


def finished(service: PipelinesService, run_id: str) -> dict:
    service.runs.wait(run_id, timeout=120)
    deadline = time.monotonic() + 30
    while (run := service.runs.get(run_id))["status"] in ("PENDING", "RUNNING"):
        assert time.monotonic() < deadline, run
        time.sleep(0.05)
    return run


def test_the_keeper_serves_reruns_until_a_module_changes(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("FACTOR = 2\n")
    nb = write_notebook(
        tmp_path / "nb.ipynb",
        [
            ("import os, time\nimport helper", "imports"),
            ("n = 3", "pipeline-parameters"),
            ("value = n * helper.FACTOR\npid = os.getpid()", "step:compute"),
            (
                "open('wait.pid', 'w').write(str(os.getpid()))\n"
                "while os.path.exists('hold'):\n    time.sleep(0.05)\ndone = value + 1",
                "step:finish",
            ),
            ("done", "pipeline-metrics"),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "d", keep_warm=60)
    keeper = None
    try:
        first = finished(service, service.start_run_file(nb, "local", {})["id"])
        assert first["metrics"] == {"done": 7.0}
        pid_files = list((tmp_path / "d" / "warm").glob("*.pid"))
        assert len(pid_files) == 1  # the keeper is waiting
        keeper = int(wait_for_file(pid_files[0]))

        second = service.start_run_file(nb, "local", {"n": 4}, cache=False)
        assert service.runs.record(second["id"]).get("warm_pool") is True
        second = finished(service, second["id"])
        assert second["status"] == "SUCCEEDED" and second["metrics"] == {"done": 9.0}

        # Cancel a run the keeper started: its steps stop, the keeper stays.
        (tmp_path / "hold").touch()
        (tmp_path / "wait.pid").unlink()
        third = service.start_run_file(nb, "local", {"n": 5}, cache=False)
        assert service.runs.record(third["id"]).get("warm_pool") is True
        step_pid = int(wait_for_file(tmp_path / "wait.pid"))
        assert service.runs.cancel(third["id"])["status"] == "CANCELLED"
        assert gone(step_pid)
        assert not gone(keeper, timeout=0.5)
        (tmp_path / "hold").unlink()

        # An edited helper module: the keeper refuses and ends; a fresh process runs it.
        time.sleep(0.01)
        (tmp_path / "helper.py").write_text("FACTOR = 10\n")
        fourth = service.start_run_file(nb, "local", {}, cache=False)
        assert not service.runs.record(fourth["id"]).get("warm_pool")
        assert finished(service, fourth["id"])["metrics"] == {"done": 31.0}
        assert gone(keeper)
    finally:
        for pid_file in (tmp_path / "d" / "warm").glob("*.pid"):
            os.kill(int(pid_file.read_text()), signal.SIGTERM)  # keepers this test left
