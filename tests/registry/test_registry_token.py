"""The external registry's bearer token: sent on every request, and never anywhere else.

The extension talks to a token-protected standalone registry through the recording proxy
(recorder.py), which keeps each request's headers. The check that the token never leaks
can fail: the Jupyter server's own log records (extension, tornado, the registry client)
are captured at DEBUG, the standalone registry logs at DEBUG to its file, and every
browser-facing answer (bodies and headers, the status JSON included) is kept; the token
is looked for in all of them. Each capture is checked to hold what it should (requests
at DEBUG), so an empty capture cannot pass for a clean one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .jobs import finished
from .recorder import RegistryRecorder
from .standalone import StandaloneRegistry

TOKEN = "ext-registry-token-7f3c91"
ROTATED = "ext-registry-token-rotated-55ab"


@pytest.fixture
def external(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(
        tmp_path / "external", env={"JUPYTER_KUBEFLOW_REGISTRY_TOKEN": TOKEN}, debug_log=True
    ).start()
    yield server
    server.stop()


@pytest.fixture
def recorder(external: StandaloneRegistry) -> Iterator[RegistryRecorder]:
    rec = RegistryRecorder(external.url, real_server_quirks=False)
    yield rec
    rec.stop()


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "registry-token"
    path.write_text(TOKEN + "\n")
    return path


@pytest.fixture
def kubeflow_config(tmp_path: Path, recorder: RegistryRecorder, token_file: Path) -> dict[str, Any]:
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "registry_url": recorder.url,
        "registry_token_file": str(token_file),
    }


class Browser:
    """Calls the extension's routes as the frontend does and keeps every answer whole."""

    def __init__(self, jp_fetch: Any) -> None:
        self.jp_fetch = jp_fetch
        self.seen: list[str] = []

    async def __call__(self, path: str, method: str = "GET", body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"method": method, "raise_error": False}
        if body is not None or method in ("POST", "PATCH"):
            kwargs["body"] = json.dumps(body) if body is not None else b""
        route, _, query = path.partition("?")
        if query:
            kwargs["params"] = dict(p.split("=", 1) for p in query.split("&"))
        response = await self.jp_fetch("kubeflow", "api", *route.split("/"), **kwargs)
        text = response.body.decode() if response.body else ""
        self.seen.append(f"{response.code} {dict(response.headers)} {text}")
        return response.code, (json.loads(text) if text else None)


async def test_the_token_is_sent_and_never_shown_or_logged(
    api: Any,
    jp_fetch: Any,
    recorder: RegistryRecorder,
    external: StandaloneRegistry,
    token_file: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    recorder.start()
    browser = Browser(jp_fetch)
    code, status = await browser("status")
    assert code == 200 and status["registry"]["connected"] is True, status
    body = {"uri": "s3://bucket/tok", "modelName": "tok", "versionName": "1"}
    code, job = await browser("registry/register", "POST", body)
    assert code == 202, job
    await finished(api, job["id"])
    code, job = await browser(f"registry/register/{job['id']}")
    assert job["state"] == "SUCCEEDED", job
    model_id = job["result"]["model"]["id"]
    assert (await browser("registry/models?q=tok"))[0] == 200
    assert (await browser(f"registry/models/{model_id}", "PATCH", {"description": "d"}))[0] == 200
    assert (await browser("registry/models/999999"))[0] == 404

    # Sent: every request to the registry carried exactly this bearer token.
    assert len(recorder.requests) >= 8
    for r in recorder.requests:
        assert r.headers.get("Authorization") == f"Bearer {TOKEN}", (r.method, r.path)
    assert {r.status for r in recorder.requests} <= {200, 201, 404}  # no 401 anywhere

    # Read on every request: a rotated token is the one sent next; a wrong one is refused
    # by the registry, and the refusal reaches the browser without either token.
    token_file.write_text(ROTATED)
    sent_before = len(recorder.requests)
    code, status = await browser("status")
    assert status["registry"]["connected"] is False and "token" in status["registry"]["error"]
    code, page = await browser("registry/models")
    assert code == 403, page
    rotated = recorder.requests[sent_before:]
    assert rotated and all(r.headers["Authorization"] == f"Bearer {ROTATED}" for r in rotated)
    assert {r.status for r in rotated} == {401}

    # Never shown or logged, and the captures really held the traffic.
    shown = "\n".join(browser.seen)
    in_process = "\n".join(
        f"{r.levelname} {r.name} {r.getMessage()} {r.args!r}" for r in caplog.records
    )
    external_log = external.log_path.read_text()
    assert "/kubeflow/api/registry/models" in in_process  # tornado's access log of the calls
    assert any(r.levelno == logging.DEBUG for r in caplog.records)
    assert "DEBUG" in external_log and "/api/model_registry/v1/registered_model" in external_log
    for token in (TOKEN, ROTATED):
        assert token not in shown
        assert token not in in_process
        assert token not in external_log
