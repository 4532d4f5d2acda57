"""Runs kept on disk under ``data_dir/runs/<id>/``: ``run.json`` (what was asked),
``progress.json`` (written by the local run's process), ``log.txt``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

from ..errors import Conflict, NotFound
from .compile import write_atomic

FINAL = ("SUCCEEDED", "FAILED", "CANCELLED")
LOG_TAIL_LINES = 200
# Bytes of the log a run carries: the UI polls each second, so a step printing 100 MB
# without a newline must not make every answer 100 MB.
LOG_TAIL_BYTES = 64 * 1024


def process_start(pid: int | None) -> str | None:
    """What tells process ``pid`` from a later process given the same PID: the boot and the
    start time (``/proc/PID/stat`` field 22; ``ps -o lstart`` where there is no /proc).
    None when there is no such process (or it is a zombie, dead but not yet reaped)."""
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
        return _ps_start(pid)
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the command name may hold spaces and ")"
    if fields[0] in ("Z", "X"):
        return None
    return f"{_boot_id()}:{fields[19]}"


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _ps_start(pid: int) -> str | None:
    try:
        out = subprocess.run(
            ["ps", "-o", "lstart=", "-p", str(pid)], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def _group_alive(pgid: int) -> bool:
    """True while a live (not zombie) process is in group ``pgid``."""
    proc = Path("/proc")
    if (proc / "self" / "stat").exists():
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
                return True
        return False
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def log_tail(path: Path, lines: int = LOG_TAIL_LINES, max_bytes: int = LOG_TAIL_BYTES) -> str:
    """The end of the log: at most ``lines`` lines and ``max_bytes`` bytes (read from the end,
    so the cost does not grow with the log). A cut line is marked with an ellipsis."""
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            start = max(0, size - max_bytes)
            # read the byte before the window too: a window that starts a line is not cut
            before = 1 if start > 0 else 0
            f.seek(start - before)
            data = f.read(max_bytes + before)
    except OSError:
        return ""
    cut = start > 0
    if cut:
        newline = data.find(b"\n")
        if 0 <= newline < len(data) - 1:
            data = data[newline + 1 :]  # start at a whole line
            cut = False
        else:  # one long line: keep its end, from a character boundary
            data = data[1:].lstrip(bytes(range(0x80, 0xC0)))
    text = "".join(deque(data.decode("utf-8", errors="replace").splitlines(True), maxlen=lines))
    return "\u2026" + text if cut else text


def relative_notebook(record: dict[str, Any], root: Path) -> str | None:
    """The run's notebook relative to ``root``; None if it lies elsewhere, or the record
    (from before runs were keyed by absolute path) does not say where it lies."""
    path = record.get("notebook_path")
    if not isinstance(path, str):
        return None
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return None


class RunStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir.absolute() / "runs"  # the run process works elsewhere
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self.cancel_grace = 5.0  # seconds between SIGTERM and SIGKILL

    def delete(self, run_id: str) -> None:
        """Forget a run: its record, log and outputs. A local run still going is refused."""
        run = self.get(run_id)
        if run["mode"] == "local" and run["status"] not in FINAL:
            raise Conflict(
                f"Run {run_id} is still running: cancel it before deleting it", where=run_id
            )
        self._processes.pop(run_id, None)
        shutil.rmtree(self.root / run_id, ignore_errors=True)

    def forget(self, run_id: str) -> None:
        """Delete a run's record here whatever its state (its KFP run was deleted)."""
        self._processes.pop(run_id, None)
        shutil.rmtree(self.root / run_id, ignore_errors=True)

    def prune(self, notebook_path: str, keep: int) -> list[str]:
        """Delete the oldest finished runs of the notebook at ``notebook_path`` (absolute)
        past the newest ``keep`` (0: keep all)."""
        if keep <= 0:
            return []
        runs = self.list(notebook_path=notebook_path)
        deleted = []
        for run in runs[keep:]:
            if run["mode"] == "local" and run["status"] not in FINAL:
                continue
            shutil.rmtree(self.root / run["id"], ignore_errors=True)
            self._processes.pop(run["id"], None)
            deleted.append(run["id"])
        return deleted

    def new_dir(self) -> tuple[str, Path]:
        run_id = f"{int(time.time() * 1000):x}-{secrets.token_hex(3)}"
        run_dir = self.root / run_id
        run_dir.mkdir(parents=True)
        return run_id, run_dir

    def save(self, record: dict[str, Any]) -> None:
        write_atomic(self.root / record["id"] / "run.json", json.dumps(record))

    def start_local(self, record: dict[str, Any], request: dict[str, Any], cwd: Path) -> None:
        """Start ``run_local`` in its own process group (so cancel stops its tasks too).

        The steps run in ``cwd`` (the notebook's folder), so relative paths in the notebook
        (``open("data.csv")``) mean what they mean when the notebook runs.
        """
        run_dir = self.root / record["id"]
        write_atomic(run_dir / "request.json", json.dumps(request))
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if request.get("keep_warm") and request.get("runner") == "warm":
            from .warm_pool import ask

            (run_dir / "log.txt").touch()
            pid = ask(self.root, run_dir, request, cwd, env)
            if pid is not None:  # a preloaded keeper started the run
                record["pid"] = pid
                record["pid_start"] = process_start(pid)
                record["warm_pool"] = True
                self.save(record)
                return
        with (run_dir / "log.txt").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-u", "-m", "jupyter_kubeflow.pipelines.run_local", str(run_dir)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=cwd,
                env=env,
            )
        self._processes[record["id"]] = process
        record["pid"] = process.pid
        # Cancel and status trust the PID only while this still matches (PIDs are reused).
        record["pid_start"] = process_start(process.pid)
        self.save(record)

    def wait(self, run_id: str, timeout: float | None = None) -> int | None:
        """The exit code of a run this store started; None for one a keeper started (it
        is not our child), once it ended."""
        process = self._processes.get(run_id)
        if process is not None:
            return process.wait(timeout)
        record = self.record(run_id) or {}
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._owns(record):
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(record.get("pid")), timeout or 0)
            time.sleep(0.05)
        return None

    def _owns(self, record: dict[str, Any]) -> bool:
        """True when the record's PID is still the run's own process, not a reused PID
        (after a restart this server did not start it; a record without the start time,
        or one whose process started at another time, is not trusted)."""
        expected = record.get("pid_start")
        return bool(expected) and process_start(record.get("pid")) == expected

    def _running(self, record: dict[str, Any]) -> bool:
        process = self._processes.get(record["id"])
        if process is not None:
            return process.poll() is None
        return self._owns(record)

    def get(self, run_id: str) -> dict[str, Any]:
        run_dir = self.root / run_id
        record = _read_json(run_dir / "run.json") if "/" not in run_id and run_id else None
        if record is None:
            raise NotFound(f"No run {run_id!r}", where=run_id)
        return self.view(record)

    def view(self, record: dict[str, Any]) -> dict[str, Any]:
        """The contract's ``<run>``: the record merged with the process's progress."""
        run_dir = self.root / record["id"]
        run = {
            "id": record["id"],
            "mode": record["mode"],
            "runner": record.get("runner"),  # local runs: warm, clean or kfp-local
            "notebook": record["notebook"],
            "pipeline": record["pipeline"],
            "status": record.get("status", "PENDING"),
            "created": record["created"],
            "finished": record.get("finished"),
            "parameters": record.get("parameters", {}),
            "steps": [{"name": s, "status": "PENDING", "seconds": None} for s in record["steps"]],
            "metrics": {},
            "log_tail": log_tail(run_dir / "log.txt"),
            "error": record.get("error"),
            "url": record.get("url"),
            "kfp_run_id": record.get("kfp_run_id"),
            # a Kubeflow run's name and profile namespace: a model registered from it
            # records them as its source (modelSourceName, modelSourceGroup)
            "kfp_run_name": record.get("kfp_run_name"),
            "namespace": record.get("namespace"),
            "outputs": [],
            # why a Kubeflow run shows no metrics or outputs, and where to read them
            "outputs_where": None,
        }
        if record["mode"] != "local":
            # a Kubeflow run: its steps as KFP last reported them (see refresh_kfp), its
            # metrics and outputs as read from KFP's artifact store once it ended
            run["steps"] = record.get("kfp_steps") or run["steps"]
            run["metrics"] = record.get("kfp_metrics") or {}
            run["outputs"] = record.get("kfp_outputs") or []
            run["outputs_where"] = record.get("outputs_where")
            return run
        progress = _read_json(run_dir / "progress.json")
        if progress:
            for key in ("steps", "metrics", "outputs"):
                run[key] = progress[key]
            # per step: name, status, seconds, runner, cachedFrom (not the cache's own fields)
            run["steps"] = [
                {k: v for k, v in step.items() if k not in ("key", "artifacts")}
                for step in run["steps"]
            ]
            run["status"] = progress["status"]
            run["finished"] = progress.get("finished")
            run["error"] = progress.get("error") or run["error"]
        if record.get("status") == "CANCELLED":
            run["status"] = "CANCELLED"
            run["finished"] = record.get("finished")
            for step in run["steps"]:
                if step["status"] in ("PENDING", "RUNNING"):
                    step["status"] = "SKIPPED" if step["status"] == "PENDING" else "FAILED"
        elif run["status"] not in FINAL and not self._running(record):
            run["status"] = "FAILED"
            run["error"] = run["error"] or "The run's process ended before the run finished"
            run["finished"] = run["finished"] or time.time()
        return run

    def list(
        self, notebook_path: str | None = None, under: Path | None = None
    ) -> list[dict[str, Any]]:
        """Runs, newest first. ``notebook_path``: only the runs of the notebook at that
        absolute path. ``under``: only runs of notebooks under that folder, their
        ``notebook`` relative to it (the data folder may be shared by servers with other
        roots and by the CLI, whose root is wherever it was started)."""
        if not self.root.is_dir():
            return []
        runs = []
        for run_dir in self.root.iterdir():
            record = _read_json(run_dir / "run.json")
            if not record:
                continue
            if notebook_path is not None and record.get("notebook_path") != notebook_path:
                continue
            if under is not None:
                relative = relative_notebook(record, under)
                if relative is None:
                    continue
                record["notebook"] = relative
            runs.append(self.view(record))
        return sorted(runs, key=lambda r: r["created"], reverse=True)

    def cancel(self, run_id: str) -> dict[str, Any]:
        run = self.get(run_id)
        if run["mode"] != "local":
            raise Conflict("Only local runs can be cancelled here; cancel KFP runs in Kubeflow")
        if run["status"] in FINAL:
            return run
        record = _read_json(self.root / run_id / "run.json") or {}
        if self._running(record):
            self._stop_group(record["pid"], self._processes.get(run_id))
        record.update(status="CANCELLED", finished=time.time())
        self.save(record)
        return self.view(record)

    def _stop_group(self, pgid: int, process: subprocess.Popen[bytes] | None) -> None:
        """SIGTERM the run's process group (the runner and every step), SIGKILL what is left
        after the grace period. Only called once the group leader was checked to be the run's.
        While members remain the kernel does not hand the group's id to a new process."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        deadline = time.monotonic() + self.cancel_grace
        while time.monotonic() < deadline:
            if process is not None:
                process.poll()  # reap our child, or the group never looks empty
            if not _group_alive(pgid):
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)

    def update(self, run_id: str, **fields: Any) -> None:
        record = _read_json(self.root / run_id / "run.json")
        if record is not None:
            record.update(fields)
            self.save(record)

    def record(self, run_id: str) -> dict[str, Any] | None:
        return _read_json(self.root / run_id / "run.json")
