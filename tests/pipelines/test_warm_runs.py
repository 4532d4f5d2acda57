"""The warm runner (issue 11): incremental re-runs reuse exactly the steps whose code, parameter
values and input artifacts are unchanged; "run from here"; the same metrics, outputs and
artifacts as kfp.local (the faithful mode, ``--runner kfp-local``); cancel stops every step."""

from __future__ import annotations

import json
import pickle
import time
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import Conflict, InvalidInput
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import cli, last_json
from .test_runs_cancel import gone, wait_for_file


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    path.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {"tags": [tag] if tag else []},
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


def branches(base: int = 10) -> list[tuple[str, str]]:
    """base -> left(a) -> join <- right2 <- right(b); side(b) feeds nothing."""
    return [
        ("import math", "imports"),
        ("a = 1\nb = 2", "pipeline-parameters"),
        (f"base = {base}", "step:base"),
        ("left = base + a", "step:left"),
        ("right = b * 2", "step:right"),
        ("right2 = math.floor(right + 1.5)", "step:right2"),
        ("side = b - 1", "step:side"),
        ("total = left + right2", "step:join"),
        ("total\nside", "pipeline-metrics"),
    ]


def run(service: PipelinesService, nb: Path, **kwargs: Any) -> dict[str, Any]:
    started = service.start_run_file(nb, "local", **kwargs)
    assert service.runs.wait(started["id"], timeout=240) == 0, service.runs.get(started["id"])
    return service.runs.get(started["id"])


def states(run: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {s["name"]: (s["status"], s.get("cachedFrom")) for s in run["steps"]}


def test_reruns_reuse_exactly_the_unchanged_steps(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "branches.ipynb", branches())
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    with pytest.raises(Conflict, match="run the whole pipeline"):
        service.start_run_file(nb, "local", {}, from_step="join")  # no earlier outputs
    assert service.runs.list() == []
    first = run(service, nb, parameters={})
    assert {s["status"] for s in first["steps"]} == {"SUCCEEDED"}
    assert first["metrics"] == {"total": 16.0, "side": 1.0}
    f = first["id"]

    # A changed parameter: the step reading it and everything downstream of it run again.
    changed = run(service, nb, parameters={"a": 5})
    assert states(changed) == {
        "base": ("CACHED", f),
        "left": ("SUCCEEDED", None),
        "right": ("CACHED", f),
        "right2": ("CACHED", f),
        "side": ("CACHED", f),
        "join": ("SUCCEEDED", None),
    }
    assert changed["metrics"] == {"total": 20.0, "side": 1.0}
    # Reused outputs are this run's own copies, and downstream steps read them.
    outputs = {(o["step"], o["name"]): o["path"] for o in changed["outputs"]}
    assert changed["id"] in outputs[("right2", "right2")]
    assert Path(outputs[("right2", "right2")], "value.pkl").is_file()

    # A changed upstream cell: it and what depends on it run; the other branch stays cached.
    write_notebook(nb, branches(base=11))
    edited = run(service, nb, parameters={})
    assert states(edited) == {
        "base": ("SUCCEEDED", None),
        "left": ("SUCCEEDED", None),
        "right": ("CACHED", f),
        "right2": ("CACHED", f),
        "side": ("CACHED", f),
        "join": ("SUCCEEDED", None),
    }
    assert edited["metrics"] == {"total": 17.0, "side": 1.0}

    # "Run all again" ignores the cache.
    again = run(service, nb, parameters={}, cache=False)
    assert {s["status"] for s in again["steps"]} == {"SUCCEEDED"}

    # Run from a step: it and what follows run, upstream comes from the latest run holding
    # it, a step on neither side is skipped.
    partial = run(service, nb, parameters={"a": 2}, from_step="left")
    assert states(partial) == {
        "base": ("CACHED", again["id"]),
        "left": ("SUCCEEDED", None),
        "right": ("CACHED", again["id"]),
        "right2": ("CACHED", again["id"]),
        "side": ("SKIPPED", None),
        "join": ("SUCCEEDED", None),
    }
    assert partial["metrics"] == {"total": 18.0}
    with pytest.raises(InvalidInput, match="not a step"):
        service.start_run_file(nb, "local", {}, from_step="nowhere")

    # Deleting the runs clears the cache: everything runs (shown by the CLI's --json too).
    for r in service.runs.list():
        service.runs.delete(r["id"])
    result = cli(
        "kubeflow",
        "run",
        "branches.ipynb",
        "--local",
        "--json",
        cwd=tmp_path,
        env={
            "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data"),
            "JUPYTER_KUBEFLOW_KEEP_WARM": "0",
        },
    )
    assert result.returncode == 0, result.stderr
    fresh = last_json(result.stdout)
    assert {s["status"] for s in fresh["steps"]} == {"SUCCEEDED"}
    assert all(s["runner"] == "warm" for s in fresh["steps"])
    assert fresh["runner"] == "warm"
    assert fresh["metrics"] == {"total": 17.0, "side": 1.0}


def artifact_contents(run: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Each artifact's files: bytes, except pickles, compared by value (cloudpickle writes a
    class defined in the notebook by value, with a random tracker id per process)."""
    found = {}
    for output in run["outputs"]:
        root = Path(output["path"])
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        found[(output["step"], output["name"])] = {
            p.relative_to(root).as_posix(): unpickled(p) if p.suffix == ".pkl" else p.read_bytes()
            for p in files
        }
    return found


def unpickled(path: Path) -> Any:
    with path.open("rb") as f:
        value = pickle.load(f)
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__qualname__, vars(value))
    return value


@pytest.mark.parametrize(
    "name", ["kale_tagged.ipynb", "parallel.ipynb", "numpy_steps.ipynb", "prelude_state.ipynb"]
)
def test_warm_runs_give_what_kfp_local_gives(name: str, notebook_dir: Path, tmp_path: Path) -> None:
    """kfp.local (kubeflow/pipelines sdk/python/kfp/local) is the reference: same metrics,
    same outputs of the same types, byte-identical artifacts, same task folder names."""
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    faithful = run(service, notebook_dir / name, runner="kfp-local")
    warm = run(service, notebook_dir / name, runner="warm", cache=False)
    assert faithful["status"] == warm["status"] == "SUCCEEDED", warm["log_tail"]
    assert warm["metrics"] == faithful["metrics"] and warm["metrics"]
    assert {s["runner"] for s in warm["steps"]} == {"warm"}
    assert {s["runner"] for s in faithful["steps"]} == {"kfp-local"}

    def shape(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
        return sorted(
            (o["step"], o["name"], o["type"], Path(o["path"]).parent.name) for o in r["outputs"]
        )

    assert shape(warm) == shape(faithful)
    assert artifact_contents(warm) == artifact_contents(faithful)


def test_cancel_stops_every_parallel_step_process(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path / "naps.ipynb",
        [
            ("import os, time", "imports"),
            (
                "open('one.pid', 'w').write(str(os.getpid()))\ntime.sleep(120)\none = 1",
                "step:one",
            ),
            (
                "open('two.pid', 'w').write(str(os.getpid()))\ntime.sleep(120)\ntwo = 2",
                "step:two",
            ),
            ("both = one + two", "step:both"),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    started = service.start_run_file(nb, "local", {})
    pids = [int(wait_for_file(tmp_path / f"{n}.pid")) for n in ("one", "two")]
    runner = service.runs.record(started["id"])["pid"]
    assert len(set(pids + [runner])) == 3  # each step in its own process, side by side
    deadline = time.monotonic() + 10  # as a user sees them: both running
    while [st["status"] for st in service.runs.get(started["id"])["steps"][:2]] != ["RUNNING"] * 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    t0 = time.monotonic()
    cancelled = service.runs.cancel(started["id"])
    assert cancelled["status"] == "CANCELLED"
    assert all(gone(pid) for pid in pids + [runner])
    assert time.monotonic() - t0 < 10
    assert [s["status"] for s in cancelled["steps"]] == ["FAILED", "FAILED", "SKIPPED"]


def test_a_step_that_runs_is_running_in_the_progress_file(tmp_path: Path) -> None:
    """Issue 21 item 13: a step's start is on disk before its code runs, so a cancel can never
    find a step that ran still PENDING (and mark it SKIPPED); the earlier steps' ends too."""
    seen = (
        "import glob, json\n"
        "progress = json.load(open(glob.glob('data/runs/*/progress.json')[0]))\n"
        "open('{name}.seen', 'w').write(json.dumps([s['status'] for s in progress['steps']]))\n"
    )
    nb = write_notebook(
        tmp_path / "chain.ipynb",
        [
            (seen.format(name="one") + "one = 1", "step:one"),
            (seen.format(name="two") + "two = one + 1", "step:two"),
            (seen.format(name="three") + "three = two + 1", "step:three"),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    done = run(service, nb, parameters={})
    assert done["status"] == "SUCCEEDED", done["log_tail"]
    assert [json.loads((tmp_path / f"{n}.seen").read_text()) for n in ("one", "two", "three")] == [
        ["RUNNING", "PENDING", "PENDING"],
        ["SUCCEEDED", "RUNNING", "PENDING"],
        ["SUCCEEDED", "SUCCEEDED", "RUNNING"],
    ]


def test_steps_fall_back_to_clean_interpreters_when_forking_is_unsafe(tmp_path: Path) -> None:
    # Importing this module starts a thread: forking a threaded process is unsafe.
    (tmp_path / "threaded.py").write_text(
        "import threading, time\n"
        "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "BASE = 40\n"
    )
    nb = write_notebook(
        tmp_path / "threads.ipynb",
        [
            ("import threaded", "imports"),
            ("x = threaded.BASE + 1", "step:one"),
            ("y = x + 1", "step:two"),
            ("y", "pipeline-metrics"),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    done = run(service, nb, parameters={})
    assert done["status"] == "SUCCEEDED", done["log_tail"]
    assert [s["runner"] for s in done["steps"]] == ["clean", "clean"]
    assert "steps run in clean interpreters" in done["log_tail"]
    assert done["metrics"] == {"y": 42.0}
    asked = run(service, nb, parameters={}, runner="clean", cache=False)
    assert [s["runner"] for s in asked["steps"]] == ["clean", "clean"]
    assert asked["metrics"] == {"y": 42.0}


def test_bad_run_options_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "branches.ipynb", branches())
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    for options, field in (
        ({"runner": "fast"}, "runner"),
        ({"cache": "yes"}, "cache"),
        ({"from_step": "nowhere"}, "from_step"),
        ({"from_step": "left", "runner": "kfp-local"}, "from_step"),
    ):
        with pytest.raises(InvalidInput) as refused:
            service.start_run_file(nb, "local", {}, **options)
        assert refused.value.field == field
    assert service.runs.list() == []
