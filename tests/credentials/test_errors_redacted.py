"""A credential an outside server echoes in its error reaches no response and no log line
(issue 24 item 5; ``redaction.py``).

Each kind of outside server the extension talks to (an external registry, KFP, an S3
endpoint, the Kubernetes API) is a real local server here that answers every call with an
error repeating the request's credentials: bare, as the ``Authorization`` header, in the
status line's phrase, URL-encoded (``servers.Echo``, a named fake of that one behaviour:
no real component here echoes credentials). Every route that reaches that server is
called through the real Jupyter server; the test then looks for the credential in every
answer body and in every log record of the process (the Jupyter server's log, tornado's,
the extension's and the libraries', at DEBUG).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from registry.jobs import register

from .conftest import Captured
from .servers import JSON, Answer, Echo, json_error

REGISTRY_TOKEN = "reg-tok-9f8e7d6c5b4a"
KFP_TOKEN = "kfp-tok-1a2b3c4d5e6f"
KUBE_TOKEN = "kube-tok-0a9b8c7d6e5f"
S3_SECRET = "s3-secret-5e4d3c2b1a0f"
NOTEBOOKS = Path(__file__).parents[1] / "fixtures" / "notebooks"


def echoing(auth: str) -> str:
    """The credential every way an error may repeat it."""
    raw = auth.split(" ", 1)[-1]
    return f"credentials {raw!r} ({auth}) rejected, see /login?token={quote(raw)}"


def assert_redacted(api: Any, log: Captured, *secrets: str) -> None:
    assert api.answers, "no route was called"
    for route, code, body in api.answers:
        for secret in secrets:
            assert secret not in body, f"{route} answered {code} with the credential: {body}"
            assert quote(secret) not in body
    lines = log.lines()
    assert lines, "nothing was logged"
    for line in lines:
        for secret in secrets:
            assert secret not in line, f"a log line holds the credential: {line}"
    # the echoed errors did reach the answers, redacted
    assert any("***" in body for _, _, body in api.answers)


# ---- an external registry ----------------------------------------------------------------
@pytest.fixture
def registry_echo() -> Iterator[Echo]:
    def error(auth: str) -> Answer:
        answer = json_error(500, code=500, message=echoing(auth))
        answer.reason = f"Rejected {auth.split(' ', 1)[-1]}"
        return answer

    with Echo(error) as server:
        yield server


class TestExternalRegistry:
    @pytest.fixture
    def kubeflow_config(
        self, tmp_path: Path, registry_echo: Echo, monkeypatch: pytest.MonkeyPatch
    ) -> dict[str, Any]:
        monkeypatch.setenv("KF_MODEL_REGISTRY_TOKEN", REGISTRY_TOKEN)
        return {"data_dir": str(tmp_path / "data"), "registry_url": registry_echo.url}

    @pytest.mark.parametrize("status", (400, 401, 403, 404, 409, 422, 500, 502))
    async def test_every_route_and_status(
        self,
        api: Any,
        server_log: Captured,
        registry_echo: Echo,
        jp_root_dir: Path,
        status: int,
    ) -> None:
        registry_echo.error = lambda auth: json_error(status, code=status, message=echoing(auth))
        (jp_root_dir / "model.onnx").write_bytes(b"onnx")
        await api("status")
        await api("registry/models")
        await api("registry/models?q=x")
        await api("registry/models/1")
        await api("registry/versions/1")
        await api("registry/models/1", "PATCH", {"description": "d"})
        await api("registry/versions/1", "PATCH", {"description": "d"})
        await api("registry/artifacts/1", "PATCH", {"description": "d"})
        await api("registry/versions/1/deploy", "POST", {"namespace": "a", "name": "b"})
        body = {"path": "model.onnx", "modelName": "m", "versionName": "1"}
        await api("registry/register", "POST", body)
        assert registry_echo.requests[0].headers["authorization"] == f"Bearer {REGISTRY_TOKEN}"
        assert_redacted(api, server_log, REGISTRY_TOKEN)

    async def test_a_page_that_is_not_json(
        self, api: Any, server_log: Captured, registry_echo: Echo
    ) -> None:
        registry_echo.error = lambda auth: Answer(502, f"<h1>{echoing(auth)}</h1>".encode())
        await api("status")
        await api("registry/models")
        assert_redacted(api, server_log, REGISTRY_TOKEN)


# ---- KFP ---------------------------------------------------------------------------------
@pytest.fixture
def kfp_echo() -> Iterator[Echo]:
    def error(auth: str) -> Answer:
        return json_error(500, error=echoing(auth), message=echoing(auth), code=13)

    healthy = Answer(200, b'{"multi_user": false}', JSON)
    with Echo(error, {"/apis/v2beta1/healthz": healthy}) as server:
        yield server


class TestKfp:
    @pytest.fixture
    def kubeflow_config(
        self, tmp_path: Path, kfp_echo: Echo, monkeypatch: pytest.MonkeyPatch
    ) -> dict[str, Any]:
        monkeypatch.setenv("KF_PIPELINES_TOKEN", KFP_TOKEN)
        return {"data_dir": str(tmp_path / "data"), "kfp_host": kfp_echo.url}

    @pytest.mark.parametrize("status", (400, 401, 404, 500))
    async def test_submit_list_and_status(
        self, api: Any, server_log: Captured, kfp_echo: Echo, jp_root_dir: Path, status: int
    ) -> None:
        kfp_echo.error = lambda auth: json_error(status, error=echoing(auth), code=3)
        shutil.copy(NOTEBOOKS / "untagged.ipynb", jp_root_dir / "nb.ipynb")
        code, _ = await api("pipelines/runs", "POST", {"path": "nb.ipynb", "mode": "kfp"})
        assert code >= 400
        await api("pipelines/runs?path=nb.ipynb")  # the failed run's record, with its error
        await api("pipelines/kfp-runs?path=nb.ipynb")
        await api("status")
        # the health check itself failing
        kfp_echo.answers.clear()
        await api("status")
        await api("pipelines/kfp-runs?path=nb.ipynb")
        assert any(r.headers.get("authorization") for r in kfp_echo.requests)
        assert_redacted(api, server_log, KFP_TOKEN)


# ---- S3 ----------------------------------------------------------------------------------
@pytest.fixture
def s3_echo() -> Iterator[Echo]:
    def error(auth: str) -> Answer:
        body = (
            "<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
            f"<Message>{echoing(auth)}; secret {S3_SECRET}</Message>"
            "<RequestId>1</RequestId></Error>"
        )
        return Answer(403, body.encode(), {"Content-Type": "application/xml"})

    with Echo(error) as server:
        yield server


class TestS3:
    @pytest.fixture
    def kubeflow_config(
        self, tmp_path: Path, s3_echo: Echo, monkeypatch: pytest.MonkeyPatch
    ) -> dict[str, Any]:
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDECHOTEST0001")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
        return {
            "data_dir": str(tmp_path / "data"),
            "registry_s3_endpoint": s3_echo.url,
            "registry_s3_bucket": "models",
        }

    async def test_register_to_s3(self, api: Any, server_log: Captured, jp_root_dir: Path) -> None:
        (jp_root_dir / "model.onnx").write_bytes(b"onnx")
        body = {"path": "model.onnx", "modelName": "m", "versionName": "1", "storage": "s3"}
        job = await register(api, body)
        assert job["state"] == "FAILED" and "***" in job["error"]["message"], job
        api.answers.append(("job", 200, str(job)))
        assert_redacted(api, server_log, S3_SECRET, "AKIDECHOTEST0001")


# ---- Kubernetes --------------------------------------------------------------------------
@pytest.fixture
def kube_echo() -> Iterator[Echo]:
    def error(auth: str) -> Answer:
        status = {
            "kind": "Status",
            "apiVersion": "v1",
            "status": "Failure",
            "message": echoing(auth),
            "reason": "Invalid",
            "code": 422,
        }
        return Answer(422, yaml.safe_dump(status).encode(), JSON)

    with Echo(error) as server:
        yield server


class TestKubernetes:
    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, kube_echo: Echo) -> dict[str, Any]:
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "c", "cluster": {"server": kube_echo.url}}],
            "users": [{"name": "u", "user": {"token": KUBE_TOKEN}}],
            "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}],
            "current-context": "ctx",
        }
        (tmp_path / "kubeconfig").write_text(yaml.safe_dump(config))
        return {"data_dir": str(tmp_path / "data"), "kubeconfig": str(tmp_path / "kubeconfig")}

    @pytest.mark.parametrize("status", (403, 422, 500))
    async def test_workspaces_and_deploy(
        self, api: Any, server_log: Captured, kube_echo: Echo, jp_root_dir: Path, status: int
    ) -> None:
        kube_echo.error = lambda auth: json_error(
            status, kind="Status", status="Failure", message=echoing(auth), code=status
        )
        await api("status")
        await api("namespaces")
        await api("workspacekinds")
        await api("workspaces/team-a")
        await api("namespaces/team-a/pvcs")
        await api("volumes/team-a")
        await api("workspaces/team-a/ws/details")
        (jp_root_dir / "model.onnx").write_bytes(b"onnx")
        body = {"path": "model.onnx", "modelName": "m", "versionName": "1"}
        job = await register(api, {**body, "modelFormatName": "onnx"})
        version = job["result"]["version"]["id"]
        deploy = {"namespace": "team-a", "name": "m", "apply": True}
        code, _ = await api(f"registry/versions/{version}/deploy", "POST", deploy)
        assert code >= 400
        assert kube_echo.requests[0].headers["authorization"] == f"Bearer {KUBE_TOKEN}"
        assert_redacted(api, server_log, KUBE_TOKEN)
