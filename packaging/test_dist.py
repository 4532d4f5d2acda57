"""Checks of the release wheel, and of each virtualenv `make dist-test` installed it into.

Run by packaging/dist-test.sh (not by the project's pytest run: these need a built wheel
and fresh virtualenvs). DIST_WHEEL names the wheel; DIST_TEST_VENVS the virtualenvs,
separated by ':'.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest

LABEXTENSION = "share/jupyter/labextensions/jupyter-kubeflow"
SERVER_CONFIG = "etc/jupyter/jupyter_server_config.d/jupyter_kubeflow.json"
FLOOR_CONSTRAINTS = Path(__file__).with_name("constraints-floor.txt")


def _wheel() -> Path:
    name = os.environ.get("DIST_WHEEL")
    if not name:
        raise RuntimeError("DIST_WHEEL is not set: run `make dist-test`")
    return Path(name)


def _venvs() -> list[Path]:
    names = [n for n in os.environ.get("DIST_TEST_VENVS", "").split(":") if n]
    return [Path(n) for n in names]


def _data_files(wheel: zipfile.ZipFile) -> dict[str, PurePosixPath]:
    """The wheel's shared data (`<name>.data/data/...`) by path under the prefix."""
    found = {}
    for name in wheel.namelist():
        parts = PurePosixPath(name).parts
        if len(parts) > 2 and parts[0].endswith(".data") and parts[1] == "data":
            found["/".join(parts[2:])] = PurePosixPath(name)
    return found


def test_the_wheel_carries_the_production_labextension_and_nothing_of_a_dev_build():
    with zipfile.ZipFile(_wheel()) as wheel:
        data = _data_files(wheel)
        ours = [p for p in data if p.startswith(LABEXTENSION + "/")]
        assert f"{LABEXTENSION}/package.json" in ours
        assert any(re.fullmatch(rf"{LABEXTENSION}/static/remoteEntry\.\w+\.js", p) for p in ours)
        assert f"{LABEXTENSION}/static/style.js" in ours
        maps = [p for p in wheel.namelist() if p.endswith(".map")]
        assert maps == [], f"source maps in the wheel: {maps}"
        logs = [p for p in wheel.namelist() if p.endswith("build_log.json")]
        assert logs == [], f"a development build log in the wheel: {logs}"
        sources = [p for p in wheel.namelist() if p.endswith((".ts", ".tsx"))]
        assert sources == [], f"TypeScript sources in the wheel: {sources}"

        assert SERVER_CONFIG in data
        config = json.loads(wheel.read(str(data[SERVER_CONFIG])))
        assert config["ServerApp"]["jpserver_extensions"] == {"jupyter_kubeflow": True}

        package = json.loads(wheel.read(str(data[f"{LABEXTENSION}/package.json"])))
        assert "load" in package["jupyterlab"]["_build"]
        core = {k: v for k, v in package["dependencies"].items() if k.startswith("@jupyterlab/")}
        assert core, "no @jupyterlab/* dependency in the built package.json"
        # A ~ range makes every newer JupyterLab minor call the extension incompatible.
        not_caret = {k: v for k, v in core.items() if not re.fullmatch(r"\^\d+\.\d+\.\d+", v)}
        assert not_caret == {}, f"@jupyterlab/* ranges must be caret ranges: {not_caret}"


def test_the_wheel_states_the_supported_ranges():
    with zipfile.ZipFile(_wheel()) as wheel:
        metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        text = wheel.read(metadata).decode()
    requires = {
        re.split(r"[<>=!~ ;\[]", line.split(":", 1)[1].strip(), maxsplit=1)[0]
        .lower()
        .replace("_", "-"): line
        for line in text.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    for name in ("jupyterlab", "jupyter-server", "kfp", "kfp-kubernetes", "kubernetes"):
        assert name in requires, f"{name} is not a dependency of the wheel"
        assert ">=" in requires[name] and "<" in requires[name], requires[name]


def _run(venv: Path, *args: str) -> str:
    """A command of the virtualenv, as its user runs it, with stdout and stderr together."""
    result = subprocess.run(
        [str(venv / "bin" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"},
        cwd=venv,
    )
    # Jupyter colours "enabled" and "OK"/"X" on a terminal, and sometimes elsewhere too.
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode == 0, output
    return output


@pytest.fixture(params=_venvs() or [None], ids=lambda v: v.name if v else "unset")
def venv(request) -> Path:
    if request.param is None:
        raise RuntimeError("DIST_TEST_VENVS is not set: run `make dist-test`")
    return request.param


def test_the_labextension_is_listed_enabled_and_ok(venv: Path):
    """What issue 12 saw: `jupyter-kubeflow v0.1.0 enabled X` and "is not compatible"."""
    output = _run(venv, "jupyter", "labextension", "list")
    line = next((li for li in output.splitlines() if "jupyter-kubeflow" in li), None)
    assert line is not None, output
    assert re.search(r"jupyter-kubeflow v[\d.]+ enabled\s+OK\b", line), output
    assert not re.search(r"\sX(\s|$)", line), output
    assert "not compatible" not in output and "incompatible" not in output, output
    # listed from the virtualenv's own prefix, not a developer's link
    assert str(venv / LABEXTENSION.rsplit("/", 1)[0]) in output, output


def test_the_server_extension_is_enabled_and_ok(venv: Path):
    output = _run(venv, "jupyter", "server", "extension", "list")
    assert re.search(r"jupyter_kubeflow\s+enabled", output), output
    assert re.search(r"jupyter_kubeflow [\d.]+ OK", output), output
    assert "X jupyter_kubeflow" not in output, output


def test_the_package_is_imported_from_the_virtualenv(venv: Path):
    where = _run(venv, "python", "-c", "import jupyter_kubeflow; print(jupyter_kubeflow.__file__)")
    assert where.strip().startswith(str(venv)), where


def test_the_environment_holds_the_versions_it_stands_for(venv: Path):
    """ "floor" must really hold the oldest versions we claim; "newest" a JupyterLab 4."""
    installed = {}
    for line in _run(venv, "pip", "list", "--format=freeze").splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            installed[name.lower().replace("_", "-")] = version
    if venv.name != "floor":
        assert installed["jupyterlab"].startswith("4."), installed["jupyterlab"]
        return
    for line in FLOOR_CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            assert installed[name.lower().replace("_", "-")] == version, name
