"""``pipelines/submit.py`` piece by piece, written to kill the mutants ``make mutation`` found
surviving (docs/testing.md): exact messages, fields, mappings and what goes on the wire.

The KFP side is ``KfpContractFake`` of test_submit.py (a FAKE standing for
kubeflow/pipelines' v2beta1 API server, as described there); the client is the real
``kfp.Client`` and the pipeline package is compiled by the real ``kfp.compiler``.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from kfp_server_api.exceptions import ApiException

from jupyter_kubeflow.errors import Forbidden, InvalidInput, NotFound, Unavailable
from jupyter_kubeflow.kube_connection import ConnectionHolder
from jupyter_kubeflow.pipelines import submit as submit_module
from jupyter_kubeflow.pipelines.kfp_runs import RUN_STATES, details, kfp_time, notebook_runs
from jupyter_kubeflow.pipelines.kfp_session import open_session
from jupyter_kubeflow.pipelines.submit import (
    IN_CLUSTER_URL,
    Endpoint,
    check_namespace,
    default_namespace,
    discover_endpoint,
    health,
    healthz,
    kfp_error,
    read_token,
    redact,
    run_url,
    same_endpoint,
    submit,
)

from .kfp_fake import KfpContractFake

TOKEN = "t0ken-under-test"


def serve(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def kfp() -> Iterator[KfpContractFake]:
    yield from serve(KfpContractFake())


@pytest.fixture
def kfp_multi_user() -> Iterator[KfpContractFake]:
    yield from serve(KfpContractFake(multi_user=True))


# Outside this module: kfp reads real annotations, which `from __future__ import
# annotations` would turn into strings.
PIPELINE = """
from kfp import dsl

@dsl.component(base_image="python:3.11")
def echo(text: str) -> str:
    return text

@dsl.pipeline(name="units")
def units(text: str = "hello"):
    echo(text=text)
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-step pipeline compiled by kfp, with one string parameter."""
    from kfp import compiler

    folder = tmp_path_factory.mktemp("package")
    source = folder / "units_pipeline.py"
    source.write_text(PIPELINE)  # kfp reads the component's source back from its file
    spec = importlib.util.spec_from_file_location("units_pipeline", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    compiler.Compiler().compile(module.units, str(folder / "units.yaml"))
    return folder / "units.yaml"


class _Answer(BaseHTTPRequestHandler):
    """Answers every GET with the server's (status, body): a health check's odd answers."""

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        status, body = self.server.answer  # type: ignore[attr-defined]
        # the request line as sent (http.server folds a leading "//" of self.path into "/")
        self.server.paths_seen.append(self.requestline.split()[1])  # type: ignore[attr-defined]
        self.server.headers_seen.append(dict(self.headers))  # type: ignore[attr-defined]
        if not self.path.endswith("/healthz") and self.server.others:  # type: ignore[attr-defined]
            if self.server.others == "drop":  # type: ignore[attr-defined]
                self.close_connection = True  # hang up without an answer: no HTTP status
                return
            status, body = self.server.others  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def odd_kfp() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    server.answer = (200, b"{}")  # type: ignore[attr-defined]
    server.others = None  # type: ignore[attr-defined]  # (status, body) past the health check
    server.headers_seen = []  # type: ignore[attr-defined]
    server.paths_seen = []  # type: ignore[attr-defined]
    yield from serve(server)


def url_of(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# ---- namespaces and endpoints ---------------------------------------------------------
@pytest.mark.parametrize("name", ["a", "0", "team-a", "a" * 63, "a-1-b"])
def test_kubernetes_namespace_names_pass_unchanged(name: str) -> None:
    assert check_namespace(name) == name


@pytest.mark.parametrize("name", ["", "-a", "a-", "Team", "a_b", "a" * 64, "a\n", "a.b"])
def test_other_namespace_names_are_refused_naming_the_field(name: str) -> None:
    with pytest.raises(InvalidInput) as e:
        check_namespace(name)
    assert e.value.field == "namespace"
    assert e.value.message == (
        f"Namespace {name!r} is not a Kubernetes namespace name: at most 63 lowercase "
        "letters, digits or '-', starting and ending with a letter or digit"
    )


def test_the_configured_endpoint_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    assert discover_endpoint("https://kfp.example") == Endpoint("https://kfp.example", "configured")


def test_outside_a_pod_nothing_is_discovered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    assert discover_endpoint("") is None


def test_in_a_pod_the_service_and_its_token_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    token = tmp_path / "token"
    token.write_text("x")
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("KF_PIPELINES_SA_TOKEN_PATH", str(token))
    assert discover_endpoint("") == Endpoint(IN_CLUSTER_URL, "in-cluster", str(token))
    token.unlink()
    assert discover_endpoint("") == Endpoint(IN_CLUSTER_URL, "in-cluster", "")


def test_in_a_pod_the_default_token_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    token = tmp_path / "default-token"
    token.write_text("x")
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.delenv("KF_PIPELINES_SA_TOKEN_PATH", raising=False)
    monkeypatch.setattr(submit_module, "SA_TOKEN_PATH", str(token))
    assert discover_endpoint("").token_file == str(token)


def kubeconfig(path: Path, namespace: str | None, name: str = "ctx") -> Path:
    context: dict[str, Any] = {"cluster": "c", "user": "u"}
    if namespace is not None:
        context["namespace"] = namespace
    path.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:1"}}],
                "users": [{"name": "u", "user": {"token": "x"}}],
                "contexts": [{"name": name, "context": context}],
                "current-context": name,
            }
        )
    )
    return path


def test_the_pods_namespace_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pod = tmp_path / "namespace"
    pod.write_text(" profile-x \n")
    monkeypatch.setattr(submit_module, "POD_NAMESPACE_FILE", str(pod))
    config = kubeconfig(tmp_path / "kc", "from-kubeconfig")
    assert default_namespace(ConnectionHolder(str(config))) == (
        "profile-x",
        "the namespace of this pod's service account",
    )
    pod.write_text("\n")  # empty: the kubeconfig's then
    assert default_namespace(ConnectionHolder(str(config))) == (
        "from-kubeconfig",
        "kubeconfig context 'ctx'",
    )


def test_the_kubeconfig_contexts_namespace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(submit_module, "POD_NAMESPACE_FILE", str(tmp_path / "none"))
    config = kubeconfig(tmp_path / "kc", "ns-1", name="dev")
    # KUBECONFIG may list several files: the first that exists is read
    monkeypatch.setenv("KUBECONFIG", f"{tmp_path / 'missing'}::{config}")
    assert default_namespace(ConnectionHolder()) == ("ns-1", "kubeconfig context 'dev'")
    assert default_namespace(ConnectionHolder(str(kubeconfig(tmp_path / "kc2", None)))) == ("", "")
    assert default_namespace(ConnectionHolder(str(tmp_path / "missing"))) == ("", "")
    (tmp_path / "broken").write_text("{not yaml: [")
    assert default_namespace(ConnectionHolder(str(tmp_path / "broken"))) == ("", "")


# ---- tokens and errors ----------------------------------------------------------------
def test_redact_hides_every_copy_of_the_token() -> None:
    assert redact(f"a {TOKEN} b {TOKEN}", TOKEN) == "a *** b ***"
    assert redact("nothing", None) == "nothing"
    assert redact("nothing", "") == "nothing"


def test_kfp_errors_carry_kfps_message_status_and_reason_never_the_token() -> None:
    e = ApiException(status=400, reason="Bad Request")
    e.body = json.dumps({"message": f"bad {TOKEN}", "error": "other"})
    assert kfp_error(e, "http://k", TOKEN) == "KFP at http://k answered 400 Bad Request: bad ***"
    e.body = json.dumps({"error": "only error"})
    assert kfp_error(e, "http://k", TOKEN).endswith(": only error")
    e.body = "plain text body"
    assert kfp_error(e, "http://k", TOKEN).endswith(": plain text body")
    e.body = json.dumps(["not", "a", "dict"])
    message = kfp_error(e, "http://k", TOKEN)
    assert message.startswith("KFP at http://k answered 400 Bad Request: (400)")
    assert "HTTP response headers" not in message


def test_kfp_errors_without_a_status_say_unreachable() -> None:
    assert (
        kfp_error(ConnectionRefusedError(f"refused {TOKEN}"), "http://k", TOKEN)
        == "KFP at http://k could not be reached: refused ***"
    )
    assert kfp_error(TimeoutError(), "http://k", None) == (
        "KFP at http://k could not be reached: TimeoutError"
    )
    e = ApiException(status=503, reason="")
    e.body = b""
    assert kfp_error(e, "http://k", None).startswith("KFP at http://k answered 503: (503)")


def test_the_token_file_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KF_T", "from-env")
    token = tmp_path / "token"
    token.write_text("  from-file\n")
    assert read_token("KF_T", str(token)) == "from-file"
    token.write_text("\n")
    assert read_token("KF_T", str(token)) is None
    assert read_token("KF_T", "") == "from-env"
    monkeypatch.setenv("KF_T", "")
    assert read_token("KF_T", "") is None
    with pytest.raises(Unavailable) as e:
        read_token("KF_T", str(tmp_path / "missing"))
    assert e.value.message == (
        f"Cannot read the KFP token file {tmp_path / 'missing'}: No such file or directory"
    )


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("https://KFP.example/pipeline/", "https://kfp.example/pipeline", True),
        ("HTTPS://kfp.example", " https://kfp.example ", True),
        ("http://kfp.example", "https://kfp.example", False),
        ("https://kfp.example/a", "https://kfp.example/b", False),
        ("https://kfp.example:8443", "https://kfp.example", False),
        ("", "", False),
        ("https://kfp.example", "", False),
    ],
)
def test_same_endpoint(a: str, b: str, same: bool) -> None:
    assert same_endpoint(a, b) is same
    assert same_endpoint(b, a) is same


def test_run_url() -> None:
    assert run_url("https://k/pipeline/", "r1") == "https://k/pipeline/#/runs/details/r1"
    assert run_url("https://k", "r1") == "https://k/#/runs/details/r1"


# ---- the health check -----------------------------------------------------------------
def test_health_reads_kfps_answer_and_sends_the_token(odd_kfp) -> None:
    # an answer past the 64 KiB read is cut, so not JSON: taken as an empty answer
    head, tail = b'{"multi_user": true, "pad": "', b'"}'
    odd_kfp.answer = (200, head + b"x" * (65537 - len(head) - len(tail)) + tail)
    assert len(odd_kfp.answer[1]) == 65537 and json.loads(odd_kfp.answer[1])["multi_user"]
    assert health(url_of(odd_kfp), None) == {}
    odd_kfp.answer = (200, b'{"multi_user": true}')
    assert health(url_of(odd_kfp) + "/", TOKEN) == {"multi_user": True}
    assert odd_kfp.headers_seen[-1]["Authorization"] == f"Bearer {TOKEN}"
    assert odd_kfp.paths_seen[-1] == "/apis/v2beta1/healthz"  # the host's "/" not doubled
    health(url_of(odd_kfp), None)
    assert "Authorization" not in odd_kfp.headers_seen[-1]


@pytest.mark.parametrize(
    "status, body, answer",
    [
        (200, b"", {}),
        (200, b"not json", {}),
        (200, b"[1, 2]", {}),
        (204, b"", {}),
        (500, b"{}", None),
        (404, b"{}", None),
        (302, b"{}", None),
    ],
)
def test_health_answers(odd_kfp, status: int, body: bytes, answer: Any) -> None:
    odd_kfp.answer = (status, body)
    assert health(url_of(odd_kfp), None) == answer
    assert healthz(url_of(odd_kfp), None) is (answer is not None)


def test_health_of_nobody_is_none() -> None:
    assert health("http://127.0.0.1:9", None, timeout=1) is None
    assert healthz("http://127.0.0.1:9", None, timeout=1) is False


# ---- submit ---------------------------------------------------------------------------
def test_submit_needs_an_http_host(package: Path) -> None:
    for host, words in [("", "No KFP endpoint"), ("kfp.example", "http(s) URL")]:
        with pytest.raises(InvalidInput) as e:
            submit(package, host, None, {}, None, "r")
        assert e.value.field == "host" and words in e.value.message


def test_submit_to_nobody_is_unavailable(package: Path) -> None:
    with pytest.raises(Unavailable) as e:
        submit(package, "http://127.0.0.1:9", None, {}, None, "r")
    assert e.value.message == (
        "KFP at http://127.0.0.1:9 does not answer its health check (/apis/v2beta1/healthz)"
    )


def test_submit_sends_run_name_arguments_experiment_and_caching(kfp, package: Path) -> None:
    done = submit(package, kfp.url, TOKEN, {"text": "hi"}, None, "my run", cache=False)
    assert done.run_id == "run-1" and done.url == f"{kfp.url}/#/runs/details/run-1"
    experiment = [r for r in kfp.requests if r["method"] == "POST" and "experiments" in r["path"]]
    assert experiment[0]["body"]["display_name"] == "Default"
    assert experiment[0]["body"].get("namespace") in (None, "")
    run = kfp.runs["run-1"]
    assert run["display_name"] == "my run"
    assert run["runtime_config"]["parameters"] == {"text": "hi"}
    tasks = run["pipeline_spec"]["root"]["dag"]["tasks"]
    assert all(t["cachingOptions"].get("enableCache", False) is False for t in tasks.values())
    assert all(r["authorization"] == f"Bearer {TOKEN}" for r in kfp.requests)

    submit(package, kfp.url, None, {}, "exp-b", "second", namespace="ignored", cache=True)
    experiment = [r for r in kfp.requests if r["method"] == "POST" and "experiments" in r["path"]]
    assert experiment[-1]["body"]["display_name"] == "exp-b"
    assert experiment[-1]["body"].get("namespace") in (None, "")  # single-user: no namespace
    tasks = kfp.runs["run-2"]["pipeline_spec"]["root"]["dag"]["tasks"]
    assert all(t["cachingOptions"].get("enableCache") is True for t in tasks.values())


def test_multi_user_submit_needs_and_sends_the_namespace(kfp_multi_user, package: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        submit(package, kfp_multi_user.url, None, {}, None, "r")
    assert e.value.field == "namespace" and "multi-user" in e.value.message
    submit(package, kfp_multi_user.url, None, {}, None, "r", namespace="team-a")
    assert kfp_multi_user.runs["run-1"]["namespace"] == "team-a"


@pytest.mark.parametrize(
    "status, error",
    [(401, Forbidden), (403, Forbidden), (400, InvalidInput), (499, InvalidInput),
     (500, Unavailable), (503, Unavailable)],
)  # fmt: skip
def test_kfps_refusals_map_to_our_errors(kfp, package: Path, status: int, error: type) -> None:
    kfp.refuse_runs = (status, f"no: {TOKEN}")
    with pytest.raises(error) as e:
        submit(package, kfp.url, TOKEN, {}, None, "r")
    assert type(e.value) is error
    assert e.value.details == {"status": status}
    assert TOKEN not in e.value.message and "no: ***" in e.value.message


# ---- run states and lists -------------------------------------------------------------
def list_runs(
    host: str, token: str | None, namespace: str | None, pipeline: str = "units", limit: int = 20
) -> list[dict[str, Any]]:
    """The runs of pipeline ``pipeline``, as the service lists a notebook's (kfp_runs)."""
    session = open_session(host, token, namespace, "name the profile namespace to list its runs")
    return notebook_runs(session, pipeline, set(), limit)


def state_of(host: str, run_id: str) -> dict[str, Any]:
    return details(open_session(host, None, None, "x"), run_id, [], 0.0)


@pytest.mark.parametrize(
    "kfp_state, ours",
    [("PENDING", "PENDING"), ("RUNNING", "RUNNING"), ("SUCCEEDED", "SUCCEEDED"),
     ("FAILED", "FAILED"), ("CANCELED", "CANCELLED"), ("CANCELING", "RUNNING"),
     ("SKIPPED", "SUCCEEDED"), ("PAUSED", "RUNNING"), ("RUNTIME_STATE_UNSPECIFIED", None)],
)  # fmt: skip
def test_kfp_run_states_map_to_ours(kfp, package: Path, kfp_state: str, ours: str | None) -> None:
    run_id = submit(package, kfp.url, None, {}, None, "r").run_id
    kfp.run_state = kfp_state
    answer = state_of(kfp.url, run_id)
    assert answer["state"] == kfp_state and RUN_STATES.get(answer["state"]) == ours


def test_a_run_that_cannot_be_read_is_not_found_or_unavailable(kfp) -> None:
    with pytest.raises(NotFound) as e:
        state_of(kfp.url, "no-such-run")
    assert "Run no-such-run not found" in e.value.message
    with pytest.raises(Unavailable):
        state_of("http://127.0.0.1:9", "r")


def test_a_pipelines_runs_are_listed_newest_first(kfp, package: Path) -> None:
    for name in ("pipe abc", "other", "pipe def"):
        submit(package, kfp.url, None, {}, None, name)
    runs = list_runs(kfp.url, None, "ignored", limit=2)
    assert [r["name"] for r in runs] == ["pipe def", "other"]  # the limit, newest first
    assert runs[0] == {
        "id": "run-3",
        "name": "pipe def",
        "state": "SUCCEEDED",
        "status": "SUCCEEDED",
        "storage_state": "AVAILABLE",
        "created": kfp_time("2026-01-01T00:00:02Z"),
        "finished": runs[0]["finished"],
        "parameters": {},
        "pipeline_version_id": None,
        "recurring_run_id": None,
        "url": f"{kfp.url}/#/runs/details/run-3",
    }
    assert runs[0]["finished"] is not None
    assert list_runs(kfp.url, None, None, pipeline="unit") == []  # a name is not a part
    query = [r for r in kfp.requests if r["path"] == "/apis/v2beta1/runs"][-1]["query"]
    assert query["page_size"] == ["100"] and query["sort_by"] == ["created_at desc"]
    assert "namespace" not in query and "filter" not in query  # single-user; not by name


def test_list_runs_on_multi_user_kfp(kfp_multi_user, package: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        list_runs(kfp_multi_user.url, None, None)
    assert e.value.field == "namespace"
    submit(package, kfp_multi_user.url, None, {}, None, "x 1", namespace="team-a")
    assert [r["id"] for r in list_runs(kfp_multi_user.url, None, "team-a")] == ["run-1"]
    assert list_runs(kfp_multi_user.url, None, "team-b") == []
    with pytest.raises(Unavailable):
        list_runs("http://127.0.0.1:9", None, "team-a")


def test_list_runs_sends_the_token(kfp, package: Path) -> None:
    submit(package, kfp.url, None, {}, None, "p 1")
    before = len(kfp.requests)
    list_runs(kfp.url, TOKEN, None)
    ours = kfp.requests[before:]  # our health check, kfp.Client's own, the list
    assert ours[0]["path"] == "/apis/v2beta1/healthz"
    assert {r["authorization"] for r in ours} == {f"Bearer {TOKEN}"}


def test_list_runs_says_why_it_cannot_list(kfp_multi_user) -> None:
    with pytest.raises(Unavailable) as e:
        list_runs("http://127.0.0.1:9", None, "team-a")
    assert e.value.message == (
        "KFP at http://127.0.0.1:9 does not answer its health check (/apis/v2beta1/healthz)"
    )
    with pytest.raises(InvalidInput) as e:
        list_runs(kfp_multi_user.url, None, None)
    assert e.value.message == (
        f"KFP at {kfp_multi_user.url} is multi-user: name the profile namespace to list its runs"
    )


@pytest.mark.parametrize(
    "status, error", [(401, Forbidden), (403, Forbidden), (404, InvalidInput), (500, Unavailable)]
)
def test_kfp_refusing_the_list_maps_to_our_errors(odd_kfp, status: int, error: type) -> None:
    odd_kfp.others = (status, json.dumps({"message": f"no list {TOKEN}"}).encode())
    with pytest.raises(error) as e:
        list_runs(url_of(odd_kfp), TOKEN, None)
    assert type(e.value) is error and e.value.details == {"status": status}
    assert e.value.message.startswith(f"KFP at {url_of(odd_kfp)} answered {status} ")
    assert e.value.message.endswith(": no list ***")


def test_listed_runs_without_a_state_or_times(odd_kfp) -> None:
    spec = {"pipelineInfo": {"name": "units"}}
    runs = [
        {"run_id": "r1", "display_name": "x 1", "created_at": "2026-01-01T00:00:01Z",
         "finished_at": "2026-01-01T00:00:05Z", "state": "FAILED", "pipeline_spec": spec},
        {"run_id": "r2", "display_name": "x 2", "finished_at": "1970-01-01T00:00:00Z",
         "pipeline_spec": {"pipeline_spec": spec}},
        {"run_id": "r3", "display_name": "x 3"},  # no pipeline: not this one's
    ]  # fmt: skip
    odd_kfp.others = (200, json.dumps({"runs": runs, "total_size": 3}).encode())
    listed = list_runs(url_of(odd_kfp), None, None)
    assert [(r["id"], r["state"], r["created"], r["finished"]) for r in listed] == [
        ("r1", "FAILED", kfp_time("2026-01-01T00:00:01Z"), kfp_time("2026-01-01T00:00:05Z")),
        ("r2", "", None, None),  # 1970 is no end
    ]
    odd_kfp.others = (200, b"{}")  # no runs at all
    assert list_runs(url_of(odd_kfp), None, None) == []


def test_kfp_errors_drop_the_response_headers_and_fall_back_to_the_exception() -> None:
    e = ApiException(status=401, reason="Unauthorized")
    e.headers = {"Authorization": f"Bearer {TOKEN}", "X-Other": "1"}  # as an http_resp gives
    e.body = "plain text body"
    assert kfp_error(e, "http://k", TOKEN) == (
        "KFP at http://k answered 401 Unauthorized: plain text body"
    )
    e.body = json.dumps({"code": 16})  # JSON without message or error: the exception's text
    assert kfp_error(e, "http://k", TOKEN) == (
        "KFP at http://k answered 401 Unauthorized: (401)\nReason: Unauthorized"
    )

    class Refused(Exception):
        status = 502  # a status, and no reason

    assert (
        kfp_error(Refused("gateway"), "http://k", None) == "KFP at http://k answered 502: gateway"
    )


def test_same_endpoint_edges() -> None:
    assert same_endpoint("", " ") is False  # two blanks are no endpoint
    assert same_endpoint("https://k/pipelineX", "https://k/pipeline") is False


def test_the_default_kubeconfig_is_the_users(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(submit_module, "POD_NAMESPACE_FILE", str(tmp_path / "none"))
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".kube").mkdir()
    kubeconfig(tmp_path / ".kube" / "config", "home-ns")
    assert default_namespace(ConnectionHolder()) == ("home-ns", "kubeconfig context 'ctx'")


def test_a_health_check_that_never_answers_gives_up_at_its_timeout() -> None:
    import socket
    import time

    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        started = time.monotonic()
        assert healthz(f"http://127.0.0.1:{silent.getsockname()[1]}", None, timeout=0.5) is False
        assert time.monotonic() - started < 2.5  # its own 0.5 s, not the 3 s default


def test_submit_messages_and_defaults(kfp_multi_user, package: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        submit(package, "", None, {}, None, "r")
    assert e.value.message == (
        "No KFP endpoint: pass --host, or set KubeflowExtension.kfp_host "
        "(env KF_PIPELINES_ENDPOINT)"
    )
    with pytest.raises(Unavailable):  # an https URL is a host (not refused as input)
        submit(package, "https://127.0.0.1:9", None, {}, None, "r")
    with pytest.raises(InvalidInput) as e:
        submit(package, kfp_multi_user.url, None, {}, None, "r")
    assert e.value.message == (
        f"KFP at {kfp_multi_user.url} is multi-user: runs go into your profile namespace. "
        "Pass --namespace, fill in the namespace, or set KubeflowExtension.kfp_namespace"
    )
    submit(package, kfp_multi_user.url, None, {}, None, "r", namespace="team-a")  # cache: default
    tasks = kfp_multi_user.runs["run-1"]["pipeline_spec"]["root"]["dag"]["tasks"]
    assert all(t["cachingOptions"].get("enableCache") is True for t in tasks.values())
    assert run_url("http://hostX", "r") == "http://hostX/#/runs/details/r"


def test_submit_sends_the_token_to_the_health_check_too(odd_kfp, package: Path) -> None:
    # a KFP behind an authenticating proxy answers its health check only with the token
    odd_kfp.others = (404, b"{}")
    with pytest.raises(InvalidInput):
        submit(package, url_of(odd_kfp), TOKEN, {}, None, "r")
    assert odd_kfp.paths_seen[0] == "/apis/v2beta1/healthz"
    assert odd_kfp.headers_seen[0]["Authorization"] == f"Bearer {TOKEN}"


def test_kfp_hanging_up_past_the_health_check_is_unavailable(odd_kfp, package: Path) -> None:
    # the health check answers, then the connection drops: urllib3's error has no status
    odd_kfp.others = "drop"
    with pytest.raises(Unavailable) as e:
        submit(package, url_of(odd_kfp), TOKEN, {}, None, "r")
    assert e.value.details == {"status": None}
    assert e.value.message.startswith(f"KFP at {url_of(odd_kfp)} could not be reached: ")
    assert TOKEN not in e.value.message
    with pytest.raises(Unavailable) as e:
        list_runs(url_of(odd_kfp), TOKEN, None)
    assert e.value.details == {"status": None}
    assert e.value.message.startswith(f"KFP at {url_of(odd_kfp)} could not be reached: ")
