"""Credentials written into URLs (issue 24 item 12).

- A KFP endpoint (or registry URL) configured as ``https://user:password@host`` shows in the
  status without its user-info, and the password is in no answer and no log line, also
  when the endpoint fails. (No client of the extension sends URL credentials to KFP:
  kfp.Client's urllib3 drops them; the extension now drops them itself.)
- The standalone registry (``jupyter kubeflow registry serve``, a real subprocess) logs a
  request given ``?token=...`` without the token.
- Started on a non-loopback address without a token, it says who can then use it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from registry.standalone import StandaloneRegistry

from jupyter_kubeflow.registry.cli import who_can_reach

from .conftest import Captured
from .servers import JSON, Answer, Echo, json_error

PASSWORD = "url-pa55-7c6b5a4d"
HEALTHY = Answer(200, b'{"multi_user": false}', JSON)


@pytest.fixture
def kfp() -> Iterator[Echo]:
    """KFP answering its health check, and refusing every API call (with its URL)."""

    def error(auth: str) -> Answer:
        return json_error(403, error="denied", message="denied", code=7)

    with Echo(error, {"/apis/v2beta1/healthz": HEALTHY}) as server:
        yield server


@pytest.fixture
def kubeflow_config(tmp_path: Path, kfp: Echo) -> dict[str, Any]:
    return {
        "data_dir": str(tmp_path / "data"),
        "kfp_host": f"http://alice:{PASSWORD}@127.0.0.1:{kfp.port}/",
        "registry_url": f"http://bob:{PASSWORD}@127.0.0.1:9",
    }


async def test_status_errors_and_logs_show_no_url_password(
    api: Any, server_log: Captured, kfp: Echo, jp_root_dir: Path
) -> None:
    code, status = await api("status")
    assert code == 200
    assert status["pipelines"]["kfp_host"] == f"http://127.0.0.1:{kfp.port}/"
    assert status["pipelines"]["connected"] is True
    assert status["registry"]["url"] == "http://127.0.0.1:9"
    notebook = Path(__file__).parents[1] / "fixtures" / "notebooks" / "untagged.ipynb"
    (jp_root_dir / "nb.ipynb").write_bytes(notebook.read_bytes())
    code, body = await api("pipelines/runs", "POST", {"path": "nb.ipynb", "mode": "kfp"})
    assert code == 403, body
    assert f"KFP at http://127.0.0.1:{kfp.port}/ answered 403" in body["message"]
    await api("pipelines/runs?path=nb.ipynb")
    await api("registry/models")
    for route, code, text in api.answers:
        assert PASSWORD not in text, f"{route} ({code}): {text}"
    assert server_log.lines()
    for line in server_log.lines():
        assert PASSWORD not in line, line


# ---- the standalone registry ---------------------------------------------------------------
def test_a_token_in_the_query_is_not_logged(tmp_path: Path) -> None:
    token = "query-tok-3e2d1c0b9a"
    server = StandaloneRegistry(tmp_path / "data", args=("--token", "the-real-token-1"))
    server.start()
    try:
        for query in (f"?token={token}", f"?pageSize=1&access_token={token}"):
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(f"{server.api}/registered_models{query}", timeout=10)
            assert e.value.code == 401
    finally:
        server.stop()
    log = server.log_path.read_text()
    assert "GET /api/model_registry/v1/registered_models?token=***" in log  # it was logged
    assert token not in log


@pytest.mark.parametrize(
    "host, who",
    [
        ("127.0.0.1", "any local process"),
        ("127.0.0.2", "any local process"),
        ("::1", "any local process"),
        ("localhost", "any local process"),
        ("0.0.0.0", "anyone who can reach this machine on port 8080"),
        ("::", "anyone who can reach this machine on port 8080"),
        ("10.1.2.3", "anyone who can reach 10.1.2.3:8080"),
        ("registry.example.com", "anyone who can reach registry.example.com:8080"),
    ],
)
def test_who_can_reach_a_registry_without_token(host: str, who: str) -> None:
    assert who_can_reach(host, 8080) == who


def test_serving_on_every_address_without_token_says_anyone_can(tmp_path: Path) -> None:
    server = StandaloneRegistry(tmp_path / "data", args=("--host", "0.0.0.0"))
    server.start()
    server.stop()
    log = server.log_path.read_text()
    assert (
        f"No token: anyone who can reach this machine on port {server.port} can read and "
        "write the registry (see --token)" in log
    )
