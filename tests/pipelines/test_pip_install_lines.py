"""``pip install`` lines read as pip reads them (issue 24 item 2, issue 21 item 9).

An option's value is never taken for a package (``--index-url PRIVATE pkg`` once installed
``pkg`` from public PyPI, and ``PRIVATE`` as a package: dependency confusion); index options
reach the step as KFP's ``pip_index_urls``; ``-r requirements.txt`` is read beside the
notebook, never installed as a package named ``requirements.txt``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_kubeflow.errors import Unprocessable
from jupyter_kubeflow.pipelines.analysis import analyse_notebook
from jupyter_kubeflow.pipelines.compile import compile_yaml
from jupyter_kubeflow.pipelines.magics import clean_source
from jupyter_kubeflow.pipelines.notebook import read_notebook
from jupyter_kubeflow.pipelines.pip_args import OTHER_OPTIONS, SHORT, parse_install_args

INDEX = "https://pypi.corp.example/simple"


def write_notebook(folder: Path, *cells: str | tuple[str, list[str]]) -> Path:
    path = folder / "nb.ipynb"
    raw = []
    for cell in cells:
        source, tags = (cell, []) if isinstance(cell, str) else cell
        raw.append(
            {
                "cell_type": "code",
                "metadata": {"tags": tags},
                "outputs": [],
                "execution_count": None,
                "source": source,
            }
        )
    path.write_text(json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_index_options_are_kept_for_the_step_and_their_values_are_no_packages(
    tmp_path: Path,
) -> None:
    nb = write_notebook(
        tmp_path,
        f"%pip install --index-url={INDEX} --extra-index-url https://extra.example/simple "
        "--trusted-host pypi.corp.example privatepkg==1.2\nx = 1",
    )
    analysis = analyse_notebook(read_notebook(nb))
    plan = analysis.plans[0]
    assert "privatepkg==1.2" in plan.packages
    assert not any("corp" in p or "extra" in p for p in plan.packages)
    assert plan.index.index_urls == [INDEX, "https://extra.example/simple"]
    text, _ = compile_yaml(analysis, "python:3.11-slim")
    spec = next(yaml.safe_load_all(text))
    command = " ".join(spec["deploymentSpec"]["executors"]["exec-step-nb"]["container"]["command"])
    # KFP puts the step's index options in front of its packages (kfp's pip_index_urls)
    assert f"--index-url {INDEX} --extra-index-url https://extra.example/simple" in command
    assert "--trusted-host pypi.corp.example" in command
    assert "'privatepkg==1.2'" in command


def test_a_step_reading_another_steps_value_installs_from_its_index(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path,
        (f"!pip install -i {INDEX} privatepkg\nthing = 1", ["step:make"]),
        ("print(thing)", ["step:use"]),
    )
    plans = {p.name: p for p in analyse_notebook(read_notebook(nb)).plans}
    assert "privatepkg" in plans["use"].packages
    assert plans["use"].index.index_urls == [INDEX]  # never 'privatepkg' from PyPI


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("--find-links ./wheels pkg", ["--find-links", "index URLs"]),
        ("--no-index pkg", ["--no-index"]),
        ("-e .", ["--editable", "inside a step"]),
        ("--frobnicate x pkg", ["'--frobnicate'", "not known"]),
        ("-Z pkg", ["-Z", "not known"]),
        ("--no pkg", ["ambiguous"]),
        ("-i", ["needs a value"]),
        ("-i 'https://x.example/simple;reboot' pkg", ["not an http(s) index URL"]),
        ("-i https://user:secret@x.example/simple pkg", ["credentials"]),
        ("--trusted-host 'a b' pkg", ["not a host name"]),
        ("--trusted-host=-x pkg", ["not a host name"]),
    ],
)
def test_what_the_step_cannot_honour_is_refused_by_name(line: str, words: list[str]) -> None:
    with pytest.raises(Unprocessable) as e:
        clean_source(f"!pip install {line}", "cell 3")
    assert "cell 3" in str(e.value)
    for word in words:
        assert word in str(e.value)


def test_options_that_change_nothing_are_left_out_with_a_warning() -> None:
    cleaned = clean_source("!pip install -qU --no-cache-dir --timeout 30 pkg 2>&1 | tail", "c")
    assert cleaned.packages == ["pkg"]
    joined = " ".join(cleaned.warnings)
    assert "'--timeout 30'" in joined and "'--quiet'" in joined and "| tail" in joined


def test_shell_and_ipython_expansions_are_not_packages() -> None:
    cleaned = clean_source("!pip install $PKG {name} `x` 'a;b' ok", "c")
    assert cleaned.packages == ["ok"]


@st.composite
def pip_lines(draw: st.DrawFn) -> tuple[list[str], set[str]]:
    """Random ``pip install`` words: known options (with values where they take one, in
    every spelling pip accepts) mixed with packages; returns (words, packages)."""
    words: list[str] = []
    packages: set[str] = set()
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["package", "option", "short", "index"]))
        if kind == "package":
            name = draw(st.from_regex(r"[a-z][a-z0-9_]{0,8}(==[0-9]\.[0-9])?", fullmatch=True))
            words.append(name)
            packages.add(name)
        elif kind == "index":
            value = draw(st.sampled_from([INDEX, "https://other.example/simple"]))
            option = draw(st.sampled_from(["--extra-index-url", "--extra-index", "--extra"]))
            words += draw(st.sampled_from([[option, value], [f"{option}={value}"]]))
        elif kind == "option":
            option = draw(st.sampled_from(sorted(OTHER_OPTIONS)))
            if OTHER_OPTIONS[option]:
                value = draw(st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True))
                words += draw(st.sampled_from([[option, value], [f"{option}={value}"]]))
            else:
                words.append(option)
        else:
            letters = [k for k, v in SHORT.items() if v in ("--upgrade", "--quiet", "--verbose")]
            words.append("-" + "".join(draw(st.lists(st.sampled_from(letters), min_size=1))))
    return words, packages


@settings(max_examples=200, deadline=None)
@given(pip_lines())
def test_no_option_value_ever_becomes_a_package(line: tuple[list[str], set[str]]) -> None:
    words, packages = line
    request = parse_install_args(words, "cell 1", None)
    assert set(request.packages) == packages


def test_requirements_beside_the_notebook_are_read_as_pip_reads_them(tmp_path: Path) -> None:
    (tmp_path / "reqs").mkdir()
    (tmp_path / "requirements.txt").write_text(
        "# the model's packages\n"
        f"--index-url {INDEX}\n"
        "numpy>=1.24  # inline comment\n"
        "pandas==2.2.0 \\\n    --hash=sha256:abc\n"
        'importlib-metadata; python_version < "3.10"\n'
        "-r reqs/more.txt\n"
    )
    (tmp_path / "reqs" / "more.txt").write_text("scikit-learn==1.5.0\n")
    nb = write_notebook(tmp_path, "!pip install --user -r requirements.txt\nx = 1")
    analysis = analyse_notebook(read_notebook(nb))
    plan = analysis.plans[0]
    for requirement in (
        "numpy>=1.24",
        "pandas==2.2.0",
        'importlib-metadata; python_version < "3.10"',
        "scikit-learn==1.5.0",
    ):
        assert requirement in plan.packages
    assert "requirements.txt" not in plan.packages
    assert plan.index.index_urls == [INDEX]
    assert any("--hash=sha256:abc" in w.message for w in analysis.warnings)
    compile_yaml(analysis, "python:3.11-slim")  # KFP takes every one of them


@pytest.mark.parametrize(
    ("name", "setup", "words"),
    [
        ("missing.txt", None, ["does not exist"]),
        ("../outside.txt", None, ["below the notebook's folder"]),
        ("/etc/passwd", None, ["below the notebook's folder"]),
        ("linked.txt", "link", ["a symlink"]),
        ("via/reqs.txt", "dirlink", ["a symlink"]),
        ("big.txt", "big", ["over 1024 KiB"]),
        ("binary.txt", "binary", ["not UTF-8"]),
        ("bad.txt", "bad", ["bad.txt line 2", "not a requirement"]),
        ("loop.txt", "loop", ["more than 5 deep"]),
    ],
)
def test_a_requirements_file_that_cannot_be_used_is_a_clear_422(
    tmp_path: Path, name: str, setup: str | None, words: list[str]
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secretpkg\n")
    if setup == "link":
        os.symlink(secret, folder / "linked.txt")
    elif setup == "dirlink":
        os.symlink(tmp_path, folder / "via")
        (tmp_path / "reqs.txt").write_text("x\n")
    elif setup == "big":
        (folder / "big.txt").write_text("x\n" * 600_000)
    elif setup == "binary":
        (folder / "binary.txt").write_bytes(b"\xff\xfe\x00")
    elif setup == "bad":
        (folder / "bad.txt").write_text("ok\n$(reboot)\n")
    elif setup == "loop":
        (folder / "loop.txt").write_text("-r loop.txt\n")
    nb = write_notebook(folder, f"!pip install -r {name}\nx = 1")
    with pytest.raises(Unprocessable) as e:
        analyse_notebook(read_notebook(nb))
    assert "cell 1" in str(e.value) or "line" in str(e.value) or name in str(e.value)
    for word in words:
        assert word in str(e.value)
    assert "secretpkg" not in str(e.value)
