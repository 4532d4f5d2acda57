"""Every bad input: a clear message naming the place, the right status, no file written,
through the service, the HTTP routes, and the CLI (a subprocess, as a user runs it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import KubeflowError
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import BAD, cli


def assert_message(message: str, words: list[str]) -> None:
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def written(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".pipeline." in p.name or ".tmp" in p.name)


@pytest.mark.parametrize("name", sorted(BAD))
def test_service_refuses_with_the_place(name: str, notebook_dir: Path, tmp_path: Path) -> None:
    words, where, status = BAD[name]
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    with pytest.raises(KubeflowError) as info:
        service.compile_file(notebook_dir / name, dsl=notebook_dir / "x.pipeline.py")
    assert_message(info.value.message, words)
    assert info.value.where == where
    assert info.value.status == status
    assert written(notebook_dir) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_cli_convert_exits_non_zero_without_traceback(name: str, notebook_dir: Path) -> None:
    words, _, _ = BAD[name]
    result = cli("kubeflow", "convert", name, "--dsl", "out.pipeline.py", cwd=notebook_dir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error")
    assert_message(result.stderr, words)
    assert result.stdout == ""
    assert written(notebook_dir) == []


@pytest.mark.parametrize("name", sorted(BAD))
async def test_routes_answer_with_status_and_message(
    name: str, api: Any, jp_root_dir: Path
) -> None:
    words, where, status = BAD[name]
    (jp_root_dir / name).write_bytes(
        (Path(__file__).parent.parent / "fixtures/notebooks" / name).read_bytes()
    )
    for route, body in (
        ("pipelines/analyse", {"path": name}),
        ("pipelines/compile", {"path": name, "dsl": True}),
        ("pipelines/runs", {"path": name, "mode": "local"}),
    ):
        code, answer = await api(route, "POST", body)
        assert code == status, (route, answer)
        assert_message(answer["message"], words)
        assert answer["where"] == where
    assert written(jp_root_dir) == []


async def test_route_errors_for_paths_and_arguments(api: Any, jp_root_dir: Path) -> None:
    (jp_root_dir / "ok.ipynb").write_bytes(
        (Path(__file__).parent.parent / "fixtures/notebooks/kale_tagged.ipynb").read_bytes()
    )
    cases = [
        ({"path": "../outside.ipynb"}, 400, "outside the server's root dir"),
        ({}, 400, "path is required"),
        ({"path": "missing.ipynb"}, 404, "No notebook"),
        ({"path": "ok.ipynb", "split": "pages"}, 400, "split must be one of"),
    ]
    for body, status, words in cases:
        code, answer = await api("pipelines/analyse", "POST", body)
        assert (code, words in answer["message"]) == (status, True), answer
    code, answer = await api(
        "pipelines/runs", "POST", {"path": "ok.ipynb", "parameters": {"n": "five"}}
    )
    assert code == 400 and answer["field"] == "n" and "takes a int" in answer["message"]
    code, answer = await api(
        "pipelines/runs", "POST", {"path": "ok.ipynb", "parameters": {"nope": 1}}
    )
    assert code == 400 and "Unknown parameter 'nope'" in answer["message"]
    code, answer = await api("pipelines/runs", "POST", {"path": "ok.ipynb", "mode": "cloud"})
    assert code == 400 and "mode must be" in answer["message"]
    code, answer = await api("pipelines/compile", "POST", {"path": "ok.ipynb", "dsl": "yes"})
    assert code == 400 and answer["field"] == "dsl"
    code, answer = await api("pipelines/runs", "POST", {"path": "ok.ipynb", "parameters": [1]})
    assert code == 400 and answer["field"] == "parameters"
    code, answer = await api("pipelines/runs/nope-123")
    assert code == 404


async def test_route_refuses_a_body_that_is_not_json(jp_fetch: Any) -> None:
    response = await jp_fetch(
        "kubeflow",
        "api",
        "pipelines",
        "analyse",
        method="POST",
        body=b"{not json",
        raise_error=False,
    )
    assert response.code == 400 and b"not JSON" in response.body


def test_cli_param_errors_name_the_parameter(notebook_dir: Path) -> None:
    result = cli(
        "kubeflow", "run", "kale_tagged.ipynb", "--local", "--param", "n=five", cwd=notebook_dir
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Parameter 'n' takes a int, not 'five'" in result.stderr
    result = cli(
        "kubeflow", "run", "kale_tagged.ipynb", "--local", "--param", "flag=maybe", cwd=notebook_dir
    )
    assert result.returncode == 2 and "Parameter 'flag'" in result.stderr
