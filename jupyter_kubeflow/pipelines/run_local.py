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

from . import log_cap
from .compile import write_atomic


class Progress:
    """The run's progress file, rewritten atomically on every change."""

    def __init__(self, run_dir: Path, steps: list[str], task_steps: dict[str, str]) -> None:
        self.path = run_dir / "progress.json"
        self.task_steps = task_steps  # kfp component/task name -> step name
        self.started: dict[str, float] = {}
        self.lock = threading.Lock()
        self.dirty = False
        # The warm runner coalesces the writes of one scheduling pass and flushes before it
        # waits for a step (see ``save``); kfp.local's orchestrator has no such loop.
        self.coalesce = False
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

    def save(self, now: bool = False) -> None:
        """Write the progress file; when coalescing, only with ``now``, else the change waits
        for the runner's ``flush`` before it next blocks (the changes of one scheduling pass,
        such as a run of cached steps, make one write). A step's start is always ``now``:
        written before its process exists, so a cancel never finds a step that ran PENDING
        (and marks it SKIPPED)."""
        self.dirty = True
        if now or not self.coalesce:
            self.flush()

    def flush(self) -> None:
        if self.dirty:
            write_atomic(self.path, json.dumps(self.state))
            self.dirty = False

    def step(self, name: str) -> dict[str, Any]:
        return next(s for s in self.state["steps"] if s["name"] == name)

    def task_started(self, task: str, runner: str = "kfp-local") -> None:
        name = self.task_steps.get(task)
        if name is None:
            return
        with self.lock:
            self.started[name] = time.monotonic()
            self.step(name).update(status="RUNNING", runner=runner)
            self.save(now=True)
        print(f"[pipeline] step {name}: RUNNING", flush=True)

    def task_skipped(self, task: str) -> None:
        name = self.task_steps.get(task)
        if name is None:
            return
        with self.lock:
            self.step(name)["status"] = "SKIPPED"
            self.save()
        print(f"[pipeline] step {name}: SKIPPED", flush=True)

    def task_cached(
        self, task: str, origin: str, outputs: dict[str, Any], key: str | None, seconds: float
    ) -> None:
        """The step's outputs were copied from run ``origin`` instead of running it."""
        name = self.task_steps.get(task)
        if name is None:
            return
        self.started[name] = time.monotonic() - seconds
        self.task_finished(task, "CACHED", outputs, key=key, cachedFrom=origin)

    def task_finished(self, task: str, status: str, outputs: dict[str, Any], **fields: Any) -> None:
        """``fields``: ``key`` (the step cache's), ``cachedFrom`` (the run the outputs
        came from, for a CACHED step)."""
        from .step_cache import artifact_record

        name = self.task_steps.get(task)
        if name is None:
            return
        seconds = round(time.monotonic() - self.started.get(name, time.monotonic()), 3)
        with self.lock:
            step = self.step(name)
            step["status"] = status
            step["seconds"] = seconds
            step.update(fields)
            if status in ("SUCCEEDED", "CACHED"):
                step["artifacts"] = {
                    out_name: artifact_record(value)
                    for out_name, value in outputs.items()
                    if hasattr(value, "schema_title")
                }
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
        origin = f" from run {fields['cachedFrom']}" if fields.get("cachedFrom") else ""
        print(f"[pipeline] step {name}: {status}{origin} in {seconds:.2f}s", flush=True)

    def finish(self, status: str, error: str | None = None) -> None:
        log_cap.settle()  # the log is whole before the run says it is over
        with self.lock:
            self.state["status"] = status
            self.state["error"] = error
            self.state["finished"] = time.time()
            for step in self.state["steps"]:
                if step["status"] in ("PENDING", "RUNNING"):
                    step["status"] = "SKIPPED" if step["status"] == "PENDING" else status
            self.save(now=True)


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


def run(run_dir: Path, keep_warm: bool = True) -> int:
    """Run the request in ``run_dir``; with ``keep_warm`` (and the request's ``keep_warm``
    seconds) a warm run leaves a preloaded keeper for the next run (see warm_pool)."""
    request = json.loads((run_dir / "request.json").read_text())
    log_cap.start(run_dir / "log.txt", int(request.get("log_max_bytes") or 0))
    seconds = float(request.get("keep_warm") or 0) if keep_warm else 0.0
    pool_key = None
    if seconds > 0 and request.get("runner") == "warm":
        from . import warm_pool

        pool_key = warm_pool.key(request, Path.cwd(), dict(os.environ))
    steps: list[str] = request["steps"]
    task_steps = {"step-" + s.lower().replace("_", "-"): s for s in steps}
    progress = Progress(run_dir, steps, task_steps)
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    if request.get("runner", "kfp-local") != "kfp-local":
        from . import warm
        from .compile import import_kfp_for_compiling

        import_kfp_for_compiling()  # kfp without its REST client: a second less per run

        try:
            status, error = warm.run(run_dir, request, progress)
        except warm.Unsupported as e:
            print(f"[pipeline] running with kfp.local: {e}", flush=True)
        except Exception as e:  # the runner itself failed: record why, keep the traceback
            traceback.print_exc()
            progress.finish("FAILED", f"{type(e).__name__}: {e}")
            return 1
        else:
            progress.finish(status, error)
            if pool_key and warm.fork_is_safe() is None:
                warm_pool.keep(run_dir.parent, pool_key, seconds)
            return 0 if status == "SUCCEEDED" else 1
    return run_kfp_local(run_dir, request, progress)


def _hide_source_checkout() -> None:
    """An editable install puts this project's checkout on ``sys.path``, so a folder there
    (say ``docker/``) shadows the package of that name that kfp.local imports. This package
    is imported already; the notebook's folder stays on the path."""
    checkout = Path(__file__).resolve().parents[2]
    if checkout == Path.cwd().resolve():
        return
    sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != checkout]


def run_kfp_local(run_dir: Path, request: dict[str, Any], progress: Progress) -> int:
    """The faithful mode: kfp.local's own orchestrator, one fresh interpreter per step."""
    _hide_source_checkout()
    # The components run "python3 -m kfp.dsl.executor_main": PATH (set in run) makes that
    # this interpreter.
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
