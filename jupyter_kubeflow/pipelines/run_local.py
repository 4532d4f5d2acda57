"""``python -m jupyter_kubeflow.pipelines.run_local RUN_DIR``: one local run, in its own process.

Reads ``RUN_DIR/request.json`` (the compiled local pipeline file and the arguments), runs
it with ``kfp.local`` in this Python environment, and keeps ``RUN_DIR/progress.json``
up to date (steps with status and seconds, metrics, outputs) so the server and the CLI
can follow it without blocking. The log goes to stdout (the caller sends it to a file).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from .compile import write_atomic


class Progress:
    """The run's progress file, rewritten atomically on every change."""

    def __init__(self, run_dir: Path, steps: list[str], task_steps: dict[str, str]) -> None:
        self.path = run_dir / "progress.json"
        self.task_steps = task_steps  # kfp component/task name -> step name
        self.started: dict[str, float] = {}
        self.lock = threading.Lock()
        self.state: dict[str, Any] = {
            "status": "RUNNING",
            "started": time.time(),
            "finished": None,
            "steps": [{"name": s, "status": "PENDING", "seconds": None} for s in steps],
            "metrics": {},
            "outputs": [],
            "error": None,
        }
        self.save()

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.state))

    def step(self, name: str) -> dict[str, Any]:
        return next(s for s in self.state["steps"] if s["name"] == name)

    def task_started(self, task: str) -> None:
        name = self.task_steps.get(task)
        if name is None:
            return
        with self.lock:
            self.started[name] = time.monotonic()
            self.step(name)["status"] = "RUNNING"
            self.save()
        print(f"[pipeline] step {name}: RUNNING", flush=True)

    def task_finished(self, task: str, status: str, outputs: dict[str, Any]) -> None:
        name = self.task_steps.get(task)
        if name is None:
            return
        seconds = round(time.monotonic() - self.started.get(name, time.monotonic()), 3)
        with self.lock:
            step = self.step(name)
            step["status"] = status
            step["seconds"] = seconds
            for out_name, value in outputs.items():
                metadata = getattr(value, "metadata", None)
                if out_name == "kfp_metrics" and metadata:
                    self.state["metrics"].update(metadata)
                    continue
                path = getattr(value, "path", None)
                if path and os.path.exists(path):
                    self.state["outputs"].append(
                        {
                            "step": name,
                            "name": out_name.removeprefix("out__"),
                            "path": path,
                            "type": type(value).__name__,
                        }
                    )
            self.save()
        print(f"[pipeline] step {name}: {status} in {seconds:.2f}s", flush=True)

    def finish(self, status: str, error: str | None = None) -> None:
        with self.lock:
            self.state["status"] = status
            self.state["error"] = error
            self.state["finished"] = time.time()
            for step in self.state["steps"]:
                if step["status"] in ("PENDING", "RUNNING"):
                    step["status"] = "SKIPPED" if step["status"] == "PENDING" else status
            self.save()


def _hook_task_dispatch(progress: Progress) -> None:
    """Follow kfp.local's tasks: it has no callback API, so wrap its task entry point."""
    from kfp.local import task_dispatcher

    original = task_dispatcher.run_single_task_implementation

    def run_task(*args: Any, **kwargs: Any) -> Any:
        component = kwargs.get("component_name", "")
        task = component.removeprefix("comp-")
        progress.task_started(task)
        outputs, status = original(*args, **kwargs)
        ok = getattr(status, "name", str(status)) == "SUCCESS"
        progress.task_finished(task, "SUCCEEDED" if ok else "FAILED", outputs or {})
        return outputs, status

    task_dispatcher.run_single_task_implementation = run_task


def run(run_dir: Path) -> int:
    request = json.loads((run_dir / "request.json").read_text())
    steps: list[str] = request["steps"]
    task_steps = {"step-" + s.lower().replace("_", "-"): s for s in steps}
    progress = Progress(run_dir, steps, task_steps)
    # The components run "python3 -m kfp.dsl.executor_main": make that this interpreter.
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    try:
        from kfp import components, local

        local.init(
            runner=local.SubprocessRunner(use_venv=False),
            pipeline_root=str(run_dir / "outputs"),
            raise_on_error=True,
        )
        _hook_task_dispatch(progress)
        pipeline = components.load_component_from_file(request["pipeline"])
        pipeline(**request["arguments"])
    except Exception as e:  # the run failed: record why, keep the traceback in the log
        traceback.print_exc()
        progress.finish("FAILED", f"{type(e).__name__}: {e}")
        return 1
    progress.finish("SUCCEEDED")
    return 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1])))
