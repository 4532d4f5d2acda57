"""Converted notebooks run under kfp.local (real runs, this Python environment) give the same
metrics as executing the notebook with nbclient; parameters arrive byte-identical."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import cli, execute_metrics, last_json

PWNED = Path("/tmp/pwned-by-jupyter-kubeflow")


def run_local(service: PipelinesService, path: Path, **kwargs) -> dict:
    started = service.start_run_file(path, "local", **kwargs)
    assert started["status"] in ("PENDING", "RUNNING")
    assert service.runs.wait(started["id"], timeout=240) == 0, service.runs.get(started["id"])
    return service.runs.get(started["id"])


@pytest.mark.parametrize(
    ("name", "metrics"),
    [
        # each notebook's pipeline-metrics cell, read by eye: a metric the run drops fails
        ("kale_tagged.ipynb", ["total", "message_length", "score"]),
        ("parallel.ipynb", ["result"]),
        ("block_tags.ipynb", ["b"]),
        ("nasty_parameters.ipynb", ["size", "check"]),
        ("numpy_steps.ipynb", ["mean_norm", "first_column"]),
        ("prelude_state.ipynb", ["value"]),
        # strings and comments that look like magics stay inert (issue 24 item 1)
        ("inert_text.ipynb", ["text_length", "lines"]),
        # parameters and values named like builtins reach the steps (issue 24 item 9)
        ("builtin_names.ipynb", ["area", "kind_length"]),
        # Kale's example shapes: empty block: tags, pip -r requirements.txt (issue 21 item 8)
        ("kale_examples/kale_shaped.ipynb", ["total"]),
    ],
)
def test_local_run_metrics_equal_notebook_execution(
    name: str, metrics: list[str], notebook_dir: Path, tmp_path: Path
) -> None:
    PWNED.unlink(missing_ok=True)
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    run = run_local(service, notebook_dir / name)
    assert run["status"] == "SUCCEEDED", run["log_tail"]
    assert all(s["status"] == "SUCCEEDED" and s["seconds"] is not None for s in run["steps"])
    expected = execute_metrics(notebook_dir / name, metrics)
    assert sorted(run["metrics"]) == sorted(metrics)
    assert run["metrics"] == pytest.approx(expected)
    assert not PWNED.exists()


def test_values_cross_steps_as_artifact_files(notebook_dir: Path, tmp_path: Path) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    run = run_local(service, notebook_dir / "kale_tagged.ipynb")
    outputs = {(o["step"], o["name"]): Path(o["path"]) for o in run["outputs"]}
    assert set(outputs) == {("load", "xs"), ("prep", "ys"), ("augment", "xs"), ("augment", "extra")}
    assert (outputs[("augment", "xs")] / "value.pkl").is_file()
    import pickle

    with (outputs[("augment", "xs")] / "value.pkl").open("rb") as f:
        assert pickle.load(f) == [0, 1, 2, 3, 4, 100]  # the appended state
    assert run["log_tail"].count("[step train] done") == 1


def test_untagged_headings_and_magics_notebooks_run(notebook_dir: Path, tmp_path: Path) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    for name, split in (("headings.ipynb", "headings"), ("magics.ipynb", None)):
        run = run_local(service, notebook_dir / name, split=split)
        assert run["status"] == "SUCCEEDED", run["log_tail"]
    assert [s["name"] for s in run["steps"]] == ["magics"]


# The 'slow' step runs beside 'two' and ends only once the run shows 'two' FAILED.
WAIT_FOR_TWO = """import glob, json, time
deadline = time.monotonic() + 120
def two_failed():
    for path in glob.glob({progress!r}):
        try:
            steps = json.load(open(path))["steps"]
        except (OSError, ValueError):
            continue
        if any(s["name"] == "two" and s["status"] == "FAILED" for s in steps):
            return True
    return False
while not two_failed():
    assert time.monotonic() < deadline, "step two never failed"
    time.sleep(0.02)
d = a + 2"""


def test_a_failing_step_fails_the_run_and_skips_the_rest(tmp_path: Path) -> None:
    """Fail fast, as Argo's DAG does by default (``failFast``, what KFP's Argo compiler
    leaves on): a step already running ends, no step starts after a failure, and the
    steps that did not run are SKIPPED."""
    assert (os.cpu_count() or 1) >= 2, "'two' and 'slow' must run side by side"
    nb = tmp_path / "fails.ipynb"
    progress = str(tmp_path / "data" / "runs" / "*" / "progress.json")
    cells = [
        ("a = 1", "step:one"),
        ("b = a + 1\nraise ValueError(f'boom in two after {a}')", "step:two"),
        (WAIT_FOR_TWO.format(progress=progress), "step:slow"),
        ("c = b + 1", "step:three"),  # needs two's b
        ("e = d + 1", "step:four"),  # its input is there, but only after two failed
    ]
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {"tags": [t]},
                        "outputs": [],
                        "execution_count": None,
                        "source": s,
                    }
                    for s, t in cells
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    started = service.start_run_file(nb, "local", parameters={})
    assert service.runs.wait(started["id"], timeout=240) == 1
    run = service.runs.get(started["id"])
    assert run["status"] == "FAILED", run
    assert [(s["name"], s["status"]) for s in run["steps"]] == [
        ("one", "SUCCEEDED"),
        ("two", "FAILED"),
        ("slow", "SUCCEEDED"),
        ("three", "SKIPPED"),
        ("four", "SKIPPED"),
    ], run["log_tail"]
    assert "boom in two after 1" in run["log_tail"], run["log_tail"]
    assert "[step three] start" not in run["log_tail"]
    assert "[step four] start" not in run["log_tail"]
    assert run["error"] == "Step 'two' failed (its traceback is in the log)"


def test_cli_run_json_with_nasty_parameter_values(notebook_dir: Path, tmp_path: Path) -> None:
    PWNED.unlink(missing_ok=True)
    payload = "'''\"\"\"; __import__('os').system('touch /tmp/pwned-by-jupyter-kubeflow') #\\"
    quotes = "x\\\\y\n\"z'\t"
    result = cli(
        "kubeflow",
        "run",
        "nasty_parameters.ipynb",
        "--local",
        "--json",
        "--param",
        f"payload={payload}",
        "--param",
        f"quotes={quotes}",
        cwd=notebook_dir,
        env={
            "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data"),
            "JUPYTER_KUBEFLOW_KEEP_WARM": "0",
        },
    )
    assert result.returncode == 0, result.stderr
    run = last_json(result.stdout)
    assert run["status"] == "SUCCEEDED"
    assert [(s["name"], s["status"]) for s in run["steps"]] == [("check", "SUCCEEDED")]
    lines = "first\nsecond '''\n"  # the notebook's default
    digest = hashlib.sha256((payload + quotes + lines).encode()).hexdigest()
    assert run["metrics"] == {
        "size": float(len(payload) + len(quotes) + len(lines)),
        "check": float(int(digest[:8], 16)),
    }
    assert run["parameters"] == {"payload": payload, "quotes": quotes}
    assert "step check: SUCCEEDED" in result.stderr
    assert not PWNED.exists()


def test_numpy_arrays_cross_as_npy_in_their_mutated_state(
    notebook_dir: Path, tmp_path: Path
) -> None:
    import numpy

    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    run = run_local(service, notebook_dir / "numpy_steps.ipynb")
    assert run["status"] == "SUCCEEDED", run["log_tail"]
    outputs = {(o["step"], o["name"]): Path(o["path"]) for o in run["outputs"]}
    written = numpy.load(outputs[("normalise", "matrix")] / "value.npy", allow_pickle=False)
    assert written.shape == (50, 3) and (written[:, 0] == 1.0).all()
    assert run["metrics"]["first_column"] == 50.0


def test_steps_run_in_the_notebooks_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the data dir below is relative to it
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "data.txt").write_text("12345")
    cells = [
        ("text = open('data.txt').read()", "step:read"),
        ("size = len(text)", "step:count"),
        ("size", "pipeline-metrics"),
    ]
    nb = folder / "reads.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {"tags": [t]},
                        "outputs": [],
                        "execution_count": None,
                        "source": s,
                    }
                    for s, t in cells
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=Path("relative-data"))
    run = run_local(service, nb)
    assert run["status"] == "SUCCEEDED", run["log_tail"]
    assert run["metrics"] == {"size": 5.0} == execute_metrics(nb, ["size"])
