"""The CLI's token rule (issue 21 item 11), against two KFP contract FAKES (``KfpContractFake``
of test_submit, standing for kubeflow/pipelines' API server): the environment's token
(``KF_PIPELINES_TOKEN``) goes only to the environment's endpoint (``KF_PIPELINES_ENDPOINT``),
as the server sends its configured token only to its configured endpoint; an explicit
``--token-file``/``--token-env`` goes to the ``--host`` given; ``--list-runs`` follows the
same rule; ``HTTP://`` is a scheme like ``http://``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import cli
from .kfp_fake import KfpContractFake, serving
from .test_submit import TOKEN


def serve() -> Iterator[KfpContractFake]:
    yield from serving()


@pytest.fixture
def configured() -> Iterator[KfpContractFake]:
    """The endpoint KF_PIPELINES_ENDPOINT names."""
    yield from serve()


@pytest.fixture
def other() -> Iterator[KfpContractFake]:
    """Another endpoint, named only by --host."""
    yield from serve()


def env(configured: KfpContractFake, tmp_path: Path) -> dict[str, str]:
    return {
        "KF_PIPELINES_ENDPOINT": configured.url,
        "KF_PIPELINES_TOKEN": TOKEN,
        "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data"),
        "KUBECONFIG": str(tmp_path / "none"),
    }


def tokens(server: KfpContractFake) -> set[str | None]:
    return {r["authorization"] for r in server.requests}


def test_the_environments_token_never_goes_to_another_host(
    configured: KfpContractFake, other: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    for args in (["submit"], ["submit", "--list-runs"]):
        result = cli(
            "kubeflow", *args[:1], "parallel.ipynb", *args[1:], "--host", other.url,
            cwd=notebook_dir, env=env(configured, tmp_path),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert other.requests and tokens(other) == {None}
    assert not configured.requests


def test_the_environments_token_goes_to_the_environments_endpoint(
    configured: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    """Without --host, and with a --host naming the same endpoint (case and a final '/'
    aside), as the server's own rule compares them; HTTP:// is a valid scheme."""
    same = configured.url.replace("http://", "HTTP://") + "/"
    for extra in ([], ["--host", same], ["--list-runs"], ["--list-runs", "--host", same]):
        result = cli(
            "kubeflow", "submit", "parallel.ipynb", *extra,
            cwd=notebook_dir, env=env(configured, tmp_path),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert tokens(configured) == {f"Bearer {TOKEN}"}
    assert len([r for r in configured.requests if r["path"] == "/apis/v2beta1/runs"]) == 4


def test_an_explicit_token_goes_to_the_host_given_for_submit_and_list_runs(
    configured: KfpContractFake, other: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("file-token\n")
    environment = {**env(configured, tmp_path), "OTHER_TOKEN": "env-token"}
    for extra, expected in (
        (["--token-file", str(token_file)], "Bearer file-token"),
        (["--token-env", "OTHER_TOKEN"], "Bearer env-token"),
        (["--list-runs", "--token-file", str(token_file)], "Bearer file-token"),
        (["--list-runs", "--token-env", "OTHER_TOKEN"], "Bearer env-token"),
    ):
        before = len(other.requests)
        result = cli(
            "kubeflow", "submit", "parallel.ipynb", "--host", other.url, *extra,
            cwd=notebook_dir, env=environment,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert tokens_since(other, before) == {expected}, extra
    assert not configured.requests


def tokens_since(server: KfpContractFake, before: int) -> set[str | None]:
    return {r["authorization"] for r in server.requests[before:]}


def test_a_token_env_that_is_not_set_is_a_clear_error(
    other: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    result = cli(
        "kubeflow", "submit", "parallel.ipynb", "--host", other.url, "--token-env", "NOT_SET_X",
        cwd=notebook_dir, env={"JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--token-env NOT_SET_X: that variable is not set" in result.stderr
    assert not other.requests


def test_submit_warns_when_a_parameter_holds_a_kfp_macro(
    other: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    """Issue 21 item 12: KFP's server replaces [[RunUUID]] and its other macros inside string
    parameters; the CLI sends the value as typed and says so."""
    args = ["kubeflow", "submit", "kale_tagged.ipynb", "--host", other.url]
    environment = {"JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data")}
    result = cli(*args, "--param", "message=out/[[RunUUID]]", cwd=notebook_dir, env=environment)
    assert result.returncode == 0, result.stderr
    assert "warning: --param message holds '[['" in result.stderr
    sent = [r for r in other.requests if r["path"] == "/apis/v2beta1/runs"][-1]["body"]
    assert sent["runtime_config"]["parameters"]["message"] == "out/[[RunUUID]]"
    result = cli(*args, "--param", "message=plain", cwd=notebook_dir, env=environment)
    assert result.returncode == 0 and "holds '[['" not in result.stderr
