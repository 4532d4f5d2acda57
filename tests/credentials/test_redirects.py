"""No credential crosses to another origin on a redirect, on any client of the extension
(issue 24 item 4; ``outbound.py``).

Each client is pointed at a real local server that redirects to another one (another port:
another origin), which records every request it receives. The rule: a redirect to another
origin is not followed at all, so the other server receives nothing (not even a request
without the token: an SSO proxy's login page must not answer for the API either), and the
client says where it was sent. A redirect within the origin is followed, credentials kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from kubernetes import client

from jupyter_kubeflow.errors import KubeflowError, Unavailable
from jupyter_kubeflow.pipelines import kfp_runs, submit
from jupyter_kubeflow.pipelines.kfp_session import open_session
from jupyter_kubeflow.registry.client import HttpTransport, RegistryClient
from jupyter_kubeflow.registry.storage import S3Storage, SourceTree
from jupyter_kubeflow.workspaces.kube import ConnectionHolder, api_error

from .servers import JSON, Answer, Recorder, Redirector

TOKEN = "redirect-test-t0ken-4f9a"
HEALTHZ = "/apis/v2beta1/healthz"
HEALTHY = Answer(200, b'{"multi_user": false}', JSON)
CODES = (301, 302, 303, 307, 308)


@pytest.fixture
def elsewhere() -> Iterator[Recorder]:
    with Recorder() as server:
        yield server


def redirector(target: str, code: int = 302, **answers: Answer) -> Redirector:
    return Redirector(target, code, {k.replace("_", "/"): v for k, v in answers.items()})


def assert_not_followed(error: KubeflowError, elsewhere: Recorder) -> None:
    assert elsewhere.requests == [], "a request reached the other origin"
    assert "redirects to another origin" in error.message, error.message
    assert f"127.0.0.1:{elsewhere.port}" in error.message  # says where it pointed
    assert TOKEN not in error.message


# ---- KFP: the health check (urllib3) and kfp.Client (kfp_server_api) ---------------------
@pytest.mark.parametrize("code", CODES)
def test_the_kfp_health_check_keeps_the_token_home(elsewhere: Recorder, code: int) -> None:
    with Redirector(elsewhere.url, code) as kfp:
        assert submit.health(kfp.url, TOKEN) is None
        with pytest.raises(Unavailable) as e:
            submit.submit(Path("unused.yaml"), kfp.url, TOKEN, {}, None, "run")
    assert_not_followed(e.value, elsewhere)
    assert kfp.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_kfp_client_calls_keep_the_token_home(elsewhere: Recorder) -> None:
    """The health check passes; the API calls themselves (kfp.Client, through the one
    KFP session every call opens) are redirected: listing runs, following one."""
    with Redirector(elsewhere.url, 307, {HEALTHZ: HEALTHY}) as kfp:
        session = open_session(kfp.url, TOKEN, "team-a", "a namespace is needed")
        with pytest.raises(Unavailable) as e:
            kfp_runs.notebook_runs(session, "x", set())
        assert_not_followed(e.value, elsewhere)
        assert kfp.requests[-1].path.startswith("/apis/v2beta1/runs")
        assert kfp.requests[-1].headers["authorization"] == f"Bearer {TOKEN}"
        with pytest.raises(Unavailable) as e:
            kfp_runs.get(session, "run-1")  # a run's state, asked while a run is followed
        assert_not_followed(e.value, elsewhere)
    assert elsewhere.requests == []


def test_kfp_redirects_within_its_origin_are_followed(elsewhere: Recorder) -> None:
    with Redirector("", 308) as kfp:
        kfp.target = f"{kfp.url}/moved"
        kfp.answers = {f"/moved{HEALTHZ}": Answer(200, b'{"multi_user": true}', JSON)}
        assert submit.health(kfp.url, TOKEN) == {"multi_user": True}
    assert [r.headers.get("authorization") for r in kfp.requests] == [f"Bearer {TOKEN}"] * 2


def test_a_redirect_without_location_is_no_health_answer() -> None:
    """urllib3 hands a 3xx it does not follow back as it is: it is no health answer."""
    answer = Answer(300, b'{"multi_user": false}', JSON)
    with Redirector("", 300, {HEALTHZ: answer}) as kfp, pytest.raises(Unavailable) as e:
        submit.probe(kfp.url, TOKEN)
    assert e.value.message.endswith("it answered 300")


# ---- the registry client (tornado) -------------------------------------------------------
def registry(url: str) -> RegistryClient:
    return RegistryClient(HttpTransport(url, lambda: TOKEN, timeout=10))


@pytest.mark.parametrize("code", CODES)
async def test_the_registry_client_keeps_the_token_home(elsewhere: Recorder, code: int) -> None:
    with Redirector(elsewhere.url, code) as server, pytest.raises(Unavailable) as e:
        await registry(server.url).request("POST", "registered_models", body={"name": "m"})
    assert_not_followed(e.value, elsewhere)
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_registry_redirects_within_its_origin_are_followed() -> None:
    with Redirector("", 307) as server:
        server.target = f"{server.url}/moved"
        path = "/moved/api/model_registry/v1/registered_models"
        server.answers = {path: Answer(201, b'{"id": "1", "name": "m"}', JSON)}
        created = await registry(server.url).request("POST", "registered_models", body={})
    assert created == {"id": "1", "name": "m"}
    second = server.requests[1]
    assert (second.method, second.path) == ("POST", path)  # 307 keeps the method
    assert second.headers["authorization"] == f"Bearer {TOKEN}"


# ---- Kubernetes (the kubernetes client, urllib3) -----------------------------------------
def kubeconfig(tmp_path: Path, server: str) -> str:
    path = tmp_path / "kubeconfig"
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "c", "cluster": {"server": server}}],
                "users": [{"name": "u", "user": {"token": TOKEN}}],
                "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}],
                "current-context": "ctx",
            }
        )
    )
    return str(path)


@pytest.mark.parametrize("code", (302, 307))
def test_the_kubernetes_client_keeps_the_token_home(
    elsewhere: Recorder, tmp_path: Path, code: int
) -> None:
    with Redirector(elsewhere.url, code) as apiserver:
        holder = ConnectionHolder(kubeconfig(tmp_path, apiserver.url), "")
        with pytest.raises(KubeflowError) as e:
            try:
                client.CoreV1Api(holder.get().api).list_namespace(_request_timeout=5)
            except Exception as raw:
                raise api_error(raw, "list", "namespaces", None) from None
        holder.close()
    assert_not_followed(e.value, elsewhere)
    assert e.value.status == 503
    assert apiserver.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


# ---- S3 (boto3) --------------------------------------------------------------------------
def test_s3_uploads_follow_no_redirect(
    elsewhere: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """botocore sends with redirects off: the upload fails at the configured endpoint."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDREDIRECTTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TOKEN)
    model = tmp_path / "model.bin"
    model.write_bytes(b"weights")
    with Redirector(elsewhere.url, 307) as s3:
        storage = S3Storage(endpoint=s3.url, bucket="models")
        with pytest.raises(Unavailable) as e:
            storage.upload(SourceTree(model, tmp_path), "m/1", lambda n: None)
    assert elsewhere.requests == []
    assert "upload to S3 bucket 'models' failed" in e.value.message
    assert "AKIDREDIRECTTEST" in s3.requests[0].headers["authorization"]  # signed for s3
