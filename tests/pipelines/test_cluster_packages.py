"""The cluster variant's pinned ``packages_to_install`` (issue 16 item 10): installed into a
throwaway virtual environment that holds nothing else, they resolve, and a generated step
runs there as it would in its pod.

The step's container command is KFP's own (kubeflow/pipelines sdk/python/kfp/dsl
component_factory.py: ``pip install`` the packages, then ``kfp.dsl.executor_main``), run by
``kfp.local``'s SubprocessRunner (its ``use_venv`` builds and installs a new environment for
every task; here the environment is built once and kept). The environment lives under
``~/.cache/jupyter-kubeflow/step-venvs/`` keyed by the pins and this Python, so only the
first run on a machine installs (pip's own cache is used); later runs find every pin
satisfied.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
import shlex
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from jupyter_kubeflow.pipelines.service import PipelinesService

from .test_warm_runs import write_notebook

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jupyter-kubeflow"


def installs(command: list[str]) -> list[list[str]]:
    """The ``pip install`` calls of a component's command, each its arguments as pip gets
    them (flags such as ``--no-deps`` included)."""
    script = command[2]  # ["sh", "-c", SCRIPT, ...]: KFP's install-then-run script
    return [shlex.split(args) for args in re.findall(r"python3 -m pip install ([^&\n]+)", script)]


def step_venv(calls: list[list[str]]) -> Path:
    """A virtual environment holding pip and what ``calls`` install, built once per set of
    calls and Python."""
    key = hashlib.sha256(json.dumps([sys.version, calls]).encode()).hexdigest()[:16]
    root = CACHE / "step-venvs"
    root.mkdir(parents=True, exist_ok=True)
    target = root / key
    with (root / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test process may be building it
        if (target / "ready").is_file():
            return target
        shutil.rmtree(target, ignore_errors=True)  # a build that was cut short
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
        for args in calls:
            done = subprocess.run(
                [str(target / "bin" / "python"), "-m", "pip", "install", *args],
                capture_output=True,
                text=True,
                timeout=600,
                env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
            )
            assert done.returncode == 0, f"pip install {args} failed: {done.stderr}"
        (target / "ready").write_text(json.dumps(calls))
    return target


@contextlib.contextmanager
def into(python: Path) -> Iterator[str]:
    """kfp.local's ``environment``: every task's ``python3`` is ``python``."""
    yield str(python)


def test_pinned_packages_install_alone_and_a_generated_step_runs_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = write_notebook(
        tmp_path / "pins.ipynb",
        [
            ("import sys\nimport numpy as np", "imports"),
            ("rows = 4", "pipeline-parameters"),
            ("matrix = np.ones((rows, 3))\nmade_in = sys.prefix", "step:make"),
            ("total = float(matrix.sum())\nsame_place = float(made_in == sys.prefix)", "step:use"),
            ("total\nsame_place", "pipeline-metrics"),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    package = service.compile_file(nb).pipeline  # the cluster variant: packages to install
    executors = yaml.safe_load(package.read_text())["deploymentSpec"]["executors"]
    calls = {name: installs(e["container"]["command"]) for name, e in executors.items()}
    assert calls["exec-step-make"] == calls["exec-step-use"]
    here = {d: importlib.metadata.version(d) for d in ("numpy", "cloudpickle", "kfp")}
    # pinned to what is installed where the conversion ran; kfp itself comes --no-deps
    (packages, kfp_runtime) = calls["exec-step-make"]
    flags = ["--quiet", "--no-warn-script-location"]
    assert packages == [*flags, f"numpy=={here['numpy']}", f"cloudpickle=={here['cloudpickle']}"]
    assert kfp_runtime[:4] == [*flags, f"kfp=={here['kfp']}", "--no-deps"], kfp_runtime
    environment = step_venv(calls["exec-step-make"])
    python = environment / "bin" / "python"
    site = next((environment / "lib").glob("python3*/site-packages"))
    holds = {d.metadata["Name"].lower() for d in importlib.metadata.distributions(path=[str(site)])}
    assert holds <= {"numpy", "cloudpickle", "kfp", "pip", "setuptools"}, holds

    from kfp import components, local
    from kfp.local import config, subprocess_task_handler

    monkeypatch.setattr(config.LocalExecutionConfig, "instance", None)  # local.init is global

    monkeypatch.setattr(subprocess_task_handler, "environment", lambda **_: into(python))
    monkeypatch.setenv("PATH", f"{python.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(tmp_path)  # not the checkout: the step sees its environment only
    outputs = tmp_path / "outputs"
    local.init(
        runner=local.SubprocessRunner(use_venv=False),
        pipeline_root=str(outputs),
        raise_on_error=True,
    )
    components.load_component_from_file(str(package))(rows=5)

    (made_in,) = outputs.glob("*/step-make/out__made_in/value.pkl")
    with made_in.open("rb") as f:
        assert Path(pickle.load(f)).resolve() == environment.resolve()
    (written,) = outputs.glob("*/step-use/executor_output.json")
    artifacts = json.loads(written.read_text())["artifacts"]
    metrics = artifacts["kfp_metrics"]["artifacts"][0]["metadata"]
    assert metrics == {"total": 15.0, "same_place": 1.0}
