"""Nothing a notebook's path, name, tags or defaults say can become code in the generated
pipeline source (issue 7, item 1): strings are ``repr``-quoted or not there at all.

The property test builds notebooks from random file names, folder names, step names, tag
values and parameter defaults (quotes of every kind, backslash escapes such as ``\\N``,
newlines, control characters, unicode), converts them, and checks that the generated DSL
parses into only the statements the generator means to emit, compiles with the real kfp,
and that converting creates no file but the pipeline file.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from jupyter_kubeflow.errors import KubeflowError
from jupyter_kubeflow.pipelines.components import literal
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import cli

# A payload that, if it ever ran, leaves a folder behind (no '/' in it: it fits a file name).
CANARY = "canary_dir"
PAYLOAD = f"__import__('os').mkdir({CANARY!r})"


def notebook(cells: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "cells": cells,
            "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def code(source: str, tags: list[str] | None = None) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": tags or []},
        "outputs": [],
        "execution_count": None,
    }


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# ---- the reported cases -------------------------------------------------------------------
@pytest.mark.parametrize(
    "filename",
    [
        f'a"""+{PAYLOAD}+""".ipynb',
        f"a'''+{PAYLOAD}+'''.ipynb",
        "a\\N.ipynb",  # \N{...} outside a raw string is a syntax error: it gave a 500
        'a"\\".ipynb',
    ],
)
def test_a_notebook_name_never_runs_as_code(filename: str, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / filename).write_text(notebook([code("x = 1\nprint(x)")]))
    service = PipelinesService(root_dir=folder, data_dir=tmp_path / "data")
    done = service.compile_file(folder / filename, dsl=folder / "out.pipeline.py")
    assert not (folder / CANARY).exists() and not (Path.cwd() / CANARY).exists()
    assert files_under(folder) == {filename, done.pipeline.name, "out.pipeline.py"}
    assert yaml.safe_load(done.pipeline.read_text())["pipelineInfo"]["name"]


def test_a_folder_name_never_runs_as_code_in_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / f'd"""+{PAYLOAD}+"""'
    folder.mkdir()
    (folder / "n.ipynb").write_text(notebook([code("x = 1")]))
    result = cli("kubeflow", "convert", "n.ipynb", "--dsl", "n.pipeline.py", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert files_under(folder) == {"n.ipynb", "n.pipeline.yaml", "n.pipeline.py"}
    assert not any(p.name == CANARY for p in tmp_path.rglob("*"))


# ---- the property -------------------------------------------------------------------------
# Fragments that break naive quoting, mixed with any character: hypothesis finds the rest.
NASTY = [
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\N",
    "\\N{",
    "\\x",
    "\\u",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x0b",
    "\x1b",
    "\x85",
    "\u2028",
    "{",
    "}",
    "#",
    ")",
    ":",
    "é",
    "\U0001f600",
    f'"""+{PAYLOAD}+"""',
    f"'''+{PAYLOAD}+'''",
    f"'+{PAYLOAD}+'",
]


def nasty_text(min_size: int = 0, max_size: int = 8, surrogates: bool = True) -> Any:
    chars = st.characters(exclude_categories=() if surrogates else ("Cs",))
    return st.lists(
        st.one_of(st.sampled_from(NASTY), chars), min_size=min_size, max_size=max_size
    ).map("".join)


def file_name() -> Any:
    # What a file system holds: no '/', no NUL, no lone surrogate, under 255 bytes.
    return (
        nasty_text(1, 8, surrogates=False)
        .map(lambda s: s.replace("/", "_").replace("\x00", "_"))
        .filter(lambda s: s not in (".", "..") and len(s.encode()) < 200)
    )


IDENTIFIER = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: (
        not s.startswith("step_")
        and not s.endswith("_task")
        and s not in ("exec", "dsl", "kubernetes")
        and not __import__("keyword").iskeyword(s)
    )
)
VALID_STEP = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True)
# Mostly names that pass, so most examples convert; sometimes anything, to be refused.
STEP = st.integers(0, 9).flatmap(lambda i: nasty_text(1) if i == 0 else VALID_STEP)
JSONLIKE = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(-(2**54), 2**54),
        st.floats(allow_nan=False, allow_infinity=False),
        nasty_text(surrogates=False),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(nasty_text(surrogates=False), inner, max_size=3),
    ),
    max_leaves=6,
)
TAG = st.one_of(
    st.one_of(st.just(":3.12"), nasty_text()).map(lambda s: f"image:python{s}"),
    st.tuples(
        st.sampled_from(["cpu", "memory", "gpu", "nvidia.com/gpu"]),
        st.one_of(st.sampled_from(["1", "2", "500m", "1Gi"]), st.just("1"), nasty_text(1)),
    ).map(lambda kv: f"limit:{kv[0]}:{kv[1]}"),
    st.tuples(nasty_text(1), nasty_text(1)).map(lambda kv: f"annotation:{kv[0]}:{kv[1]}"),
    st.tuples(nasty_text(1), nasty_text(1)).map(lambda kv: f"label:{kv[0]}:{kv[1]}"),
)


def check_generated_source(source: str, filename: str, defaults: dict[str, Any]) -> None:
    """Only the statements the generator emits; every outside value a literal that reads back."""
    tree = ast.parse(source)
    kinds = [type(node).__name__ for node in tree.body]
    assert kinds[0] == "Expr" and isinstance(tree.body[0].value, ast.Constant)  # docstring
    assert set(kinds[1:]) <= {"ImportFrom", "Assign", "FunctionDef", "If"}, kinds
    assigns = [n for n in tree.body if isinstance(n, ast.Assign)]
    assert [ast.unparse(a.targets[0]) for a in assigns] == ["NOTEBOOK"]
    assert ast.literal_eval(assigns[0].value) == filename
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert functions[-1].name == "pipeline"
    for fn in functions[:-1]:  # components: docstring, the runner literal, one exec call
        assert [type(n).__name__ for n in fn.body] == ["Expr", "Assign", "Expr"]
        doc, runner, call = fn.body
        assert isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)
        assert isinstance(runner.value, ast.Constant)
        assert isinstance(call.value, ast.Call) and ast.unparse(call.value.func) == "exec"
        (namespace,) = call.value.args[1:]
        for key, value in zip(namespace.keys, namespace.values, strict=True):
            if ast.literal_eval(key) in ("step_name", "prelude", "code", "metric_names"):
                ast.literal_eval(value)  # a literal, nothing else
        for deco in fn.decorator_list:
            assert ast.unparse(deco.func) == "dsl.component"
            for kw in deco.keywords:
                ast.literal_eval(kw.value)
    pipeline = functions[-1]
    args = [a.arg for a in pipeline.args.args]
    got = dict(zip(args, (ast.literal_eval(d) for d in pipeline.args.defaults), strict=True))
    assert got == defaults and all(type(got[k]) is type(defaults[k]) for k in got)
    for stmt in pipeline.body:  # task calls only: x = step_f(...) / x.method(literals)
        assert isinstance(stmt, ast.Assign | ast.Expr), ast.dump(stmt)
        call = stmt.value
        assert isinstance(call, ast.Call)
        for arg in call.args:
            if not isinstance(arg, ast.Name):
                ast.literal_eval(arg)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    folder=file_name(),
    filename=file_name().map(lambda s: s + ".ipynb"),
    steps=st.lists(st.tuples(STEP, st.lists(TAG, max_size=3)), min_size=1, max_size=3),
    params=st.dictionaries(IDENTIFIER, JSONLIKE, max_size=3),
    code_text=nasty_text(),
)
def test_property_nothing_outside_becomes_code(
    folder: str,
    filename: str,
    steps: list[tuple[str, list[str]]],
    params: dict[str, Any],
    code_text: str,
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        work = root / folder
        work.mkdir(parents=True)
        cells = [
            code("\n".join(f"{k} = {v!r}" for k, v in params.items()), ["pipeline-parameters"])
        ]
        for i, (step, tags) in enumerate(steps):
            body = f"v{i} = {code_text!r}\n" + "".join(f"print({k})\n" for k in params)
            cells.append(code(body, [f"step:{step}", *tags]))
        (work / filename).write_text(notebook(cells), encoding="utf-8")
        before = files_under(Path(tmp))
        cwd = Path.cwd()
        os.chdir(work)  # a relative write by a payload would land here
        try:
            service = PipelinesService(root_dir=root, data_dir=Path(tmp) / "data")
            try:
                done = service.compile_file(work / filename, dsl=work / "out.pipeline.py")
            except KubeflowError as e:
                event(f"refused {e.status}")
                assert 400 <= e.status < 500 and e.message
                assert files_under(Path(tmp)) == before  # nothing half-written
                return
        finally:
            os.chdir(cwd)
        event("converted")
        made = files_under(Path(tmp)) - before
        assert made == {
            str(done.pipeline.relative_to(tmp)),
            str((work / "out.pipeline.py").relative_to(tmp)),
        }
        check_generated_source((work / "out.pipeline.py").read_text(), filename, params)
        spec = yaml.safe_load_all(done.pipeline.read_text(encoding="utf-8")).__next__()
        inputs = spec["root"].get("inputDefinitions", {}).get("parameters", {})
        assert {k: v["defaultValue"] for k, v in inputs.items()} == params


@pytest.mark.parametrize(
    ("default", "words"),
    [
        ("[1e999]", "not finite"),  # was a NameError ('inf') in the generated source: a 500
        ("{'a': float('nan')}", "literal default"),
        (str(2**53 + 1), "beyond 2**53"),  # KFP would round it to a float
        ("'\\ud800'", "lone surrogate"),
        ("{1: 2}", "keys that are not strings"),
        ("{1, 2}", "type set"),
    ],
)
def test_defaults_that_cannot_round_trip_are_refused_by_cell(
    default: str, words: str, tmp_path: Path
) -> None:
    path = tmp_path / "n.ipynb"
    path.write_text(
        notebook([code(f"p = {default}", ["pipeline-parameters"]), code("print(p)", ["step:a"])])
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    with pytest.raises(KubeflowError) as info:
        service.compile_file(path)
    assert info.value.status == 422 and info.value.where == "cell 1"
    assert words in info.value.message and "'p'" in info.value.message
    assert files_under(tmp_path) == {"n.ipynb"}


def test_a_parameter_named_exec_is_refused() -> None:
    """Each component body calls ``exec``: a parameter of that name would shadow it."""
    from jupyter_kubeflow.pipelines.steps import _parameters

    with pytest.raises(KubeflowError, match="reserved"):
        _parameters("exec = 1", 0)


def test_literals_are_the_builtin_reprs_and_read_back() -> None:
    class Sly(str):
        def __repr__(self) -> str:
            return PAYLOAD

    assert literal(Sly("x")) == "'x'"
    for value in ['"""', "\\N{", "\x00\n\u2028", 2**53, -0.0, 1e308, [{"k": [None, True]}]]:
        text = literal(value)
        assert ast.literal_eval(text) == value and "\n" not in text
    with pytest.raises(ValueError):
        literal(float("inf"))


CONTROL = "a\x00b\x01c\x0bd\x0ce\x1bf\x7fg\x85h\u2028i\rj\tk\nl\ud7ff\ufffe"


def test_control_characters_in_a_default_keep_the_yaml_valid_and_run_locally(
    tmp_path: Path,
) -> None:
    """Issue 7 item 7: kfp writes defaults raw into the YAML's comment header; a control
    character there made the file unreadable (yaml refuses it even in a comment)."""
    path = tmp_path / "n.ipynb"
    path.write_text(
        notebook(
            [
                code(f"text = {CONTROL!r}", ["pipeline-parameters"]),
                code(
                    "import hashlib\n"
                    "size = len(text)\n"
                    "check = int(hashlib.sha256(text.encode('utf-8', 'surrogatepass'))"
                    ".hexdigest()[:8], 16)",
                    ["step:a"],
                ),
                code("size\ncheck", ["pipeline-metrics"]),
            ]
        )
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    done = service.compile_file(path)
    spec = yaml.safe_load(done.pipeline.read_text(encoding="utf-8"))
    inputs = spec["root"]["inputDefinitions"]["parameters"]
    assert inputs["text"]["defaultValue"] == CONTROL
    started = service.start_run_file(path, "local")
    assert service.runs.wait(started["id"], timeout=240) == 0
    run = service.runs.get(started["id"])
    assert run["status"] == "SUCCEEDED", run["log_tail"]
    digest = int(__import__("hashlib").sha256(CONTROL.encode()).hexdigest()[:8], 16)
    assert run["metrics"] == {"size": len(CONTROL), "check": digest}
