"""The standalone registry (`jupyter kubeflow registry serve`) cannot be written or read
from a web page the user visits (issue 7, item 3): writes must be application/json (CSRF
with text/plain needs no preflight), only the host names it serves are answered (DNS
rebinding), and with a token every request must carry it, as the official client's
``user_token`` does."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from model_registry import ModelRegistry

from .standalone import StandaloneRegistry

TOKEN = "standalone-token-5d1c"


def call(
    server: StandaloneRegistry,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """A raw request, so Host and Content-Type are exactly what a browser would send."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    raw = json.dumps(body).encode() if body is not None else None
    conn.request(method, f"/api/model_registry/v1/{path}", body=raw, headers=headers or {})
    response = conn.getresponse()
    text = response.read()
    conn.close()
    return response.status, json.loads(text) if text else None


def test_writes_must_be_json(standalone: StandaloneRegistry) -> None:
    host = {"Host": f"127.0.0.1:{standalone.port}"}
    for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
        status, body = call(
            standalone,
            "POST",
            "registered_models",
            {"name": "csrf"},
            {**host, "Content-Type": content_type},
        )
        assert status == 415, (content_type, body)
        assert "application/json" in body["message"]
    status, _ = call(
        standalone,
        "POST",
        "registered_models",
        {"name": "ok"},
        {**host, "Content-Type": "application/json; charset=utf-8"},
    )
    assert status == 201
    status, page = call(standalone, "GET", "registered_models", headers=host)
    assert [m["name"] for m in page["items"]] == ["ok"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "127.0.0.1.nip.io", ""])
def test_other_host_names_are_refused(standalone: StandaloneRegistry, host: str) -> None:
    status, body = call(standalone, "GET", "registered_models", headers={"Host": host})
    assert status == 403, body
    assert "host" in body["message"]


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:1234", "127.0.0.1", "[::1]:80"])
def test_loopback_names_are_served(standalone: StandaloneRegistry, host: str) -> None:
    assert call(standalone, "GET", "registered_models", headers={"Host": host})[0] == 200


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(
        tmp_path / "guarded",
        args=("--allowed-host", "registry.team-a.svc,mr.example"),
        env={"JUPYTER_KUBEFLOW_REGISTRY_TOKEN": TOKEN},
    ).start()
    yield server
    server.stop()


def test_allowed_hosts_are_configurable(guarded: StandaloneRegistry) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for host in ("registry.team-a.svc:8080", "mr.example", "localhost"):
        assert call(guarded, "GET", "registered_models", headers={**auth, "Host": host})[0] == 200
    assert call(guarded, "GET", "registered_models", headers={**auth, "Host": "x.svc"})[0] == 403


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"]
)
def test_missing_or_wrong_token_is_401(guarded: StandaloneRegistry, authorization: str) -> None:
    headers = {"Host": "localhost"}
    if authorization is not None:
        headers["Authorization"] = authorization
    for method, path, body in (
        ("GET", "registered_models", None),
        ("GET", "openapi.yaml", None),
        ("POST", "registered_models", {"name": "no"}),
    ):
        h = {**headers, "Content-Type": "application/json"} if body else headers
        conn = http.client.HTTPConnection("127.0.0.1", guarded.port, timeout=10)
        conn.request(
            method,
            f"/api/model_registry/v1/{path}",
            body=json.dumps(body).encode() if body else None,
            headers=h,
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == 401, (method, path)
        assert response.getheader("WWW-Authenticate", "").startswith("Bearer")
    assert TOKEN not in (guarded.data_dir.parent / f"registry-{guarded.port}.log").read_text()


def test_official_client_carries_the_token(guarded: StandaloneRegistry) -> None:
    registry = ModelRegistry(
        server_address="http://localhost",
        port=guarded.port,
        author="ada",
        is_secure=False,
        user_token=TOKEN,
    )
    registry.register_model(
        "secured", "s3://b/m", model_format_name="onnx", model_format_version="1", version="1"
    )
    artifact = registry.get_model_artifact("secured", "1")
    assert artifact is not None and artifact.uri == "s3://b/m"
    with pytest.raises(Exception, match="401|Unauthorized"):
        ModelRegistry(
            server_address="http://localhost",
            port=guarded.port,
            author="ada",
            is_secure=False,
            user_token="not-the-token",
        )
