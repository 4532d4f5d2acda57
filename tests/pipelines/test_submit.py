"""``submit`` against ``KfpContractFake`` (kfp_fake.py), a FAKE of the KFP v2beta1 REST API
server: no KFP API server can run here. With ``multi_user=True`` it behaves as
kubeflow/pipelines' API server in multi-user mode: healthz says ``multi_user``, experiments
are listed and created only with a namespace ("An experiment cannot have an empty namespace
in multi-user mode", InvalidArgument = HTTP 400), runs take their experiment's namespace.
The tests assert what the real ``kfp.Client`` sent to it: the compiled pipeline spec, the
run's parameters, the experiment, and the bearer token in the Authorization header.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import InvalidInput, KubeflowError, Unavailable
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS, cli
from .kfp_fake import KfpContractFake, serving

TOKEN = "s3cr3t-kfp-token"


@pytest.fixture
def kfp_fake() -> Iterator[KfpContractFake]:
    yield from serving()


@pytest.fixture
def kubeflow_config(
    kfp_fake: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """The server under test points at the contract fake, its token in the environment."""
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kfp_host": kfp_fake.url}


async def test_status_says_kfp_is_connected_without_the_token(
    kfp_fake: KfpContractFake, api: Any
) -> None:
    code, body = await api("status")
    assert code == 200
    assert body["pipelines"]["kfp_host"] == kfp_fake.url
    assert body["pipelines"]["connected"] is True
    assert TOKEN not in json.dumps(body)
    assert kfp_fake.requests[-1]["path"] == "/apis/v2beta1/healthz"
    assert kfp_fake.requests[-1]["authorization"] == f"Bearer {TOKEN}"


def test_service_submits_spec_parameters_and_token(
    kfp_fake: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    run = service.start_run_file(
        notebook_dir / "kale_tagged.ipynb",
        "kfp",
        parameters={"n": 7, "message": 'a"b\\c\nd'},
        experiment="notebooks",
        host=kfp_fake.url,
        token=TOKEN,
    )
    assert run["status"] == "RUNNING" and run["kfp_run_id"] == "run-1"
    assert run["url"] == f"{kfp_fake.url}/#/runs/details/run-1"
    creates = [r for r in kfp_fake.requests if r["method"] == "POST"]
    assert [r["path"] for r in creates] == ["/apis/v2beta1/experiments", "/apis/v2beta1/runs"]
    assert creates[0]["body"]["display_name"] == "notebooks"
    sent = creates[1]["body"]
    assert sent["experiment_id"] == "exp-1"
    assert sent["runtime_config"]["parameters"] == {"n": 7, "message": 'a"b\\c\nd'}
    # With a platform part (pod annotations/labels), kfp.Client sends both documents.
    spec = sent["pipeline_spec"]["pipeline_spec"]
    platform = sent["pipeline_spec"]["platform_spec"]["platforms"]["kubernetes"]
    pod = platform["deploymentSpec"]["executors"]["exec-step-train"]["podMetadata"]
    assert pod == {"annotations": {"team": "ml"}, "labels": {"stage": "train"}}
    assert spec["pipelineInfo"]["name"] == "kale-tagged"
    assert set(spec["root"]["dag"]["tasks"]) == {
        "step-load",
        "step-prep",
        "step-augment",
        "step-train",
    }
    executor = spec["deploymentSpec"]["executors"]["exec-step-train"]["container"]
    assert executor["resources"]["cpuLimit"] == 1.0
    # every call carried the token, as a bearer token
    assert {r["authorization"] for r in kfp_fake.requests} == {f"Bearer {TOKEN}"}
    # the run record keeps no token
    run_json = (tmp_path / "data" / "runs" / run["id"] / "run.json").read_text()
    assert TOKEN not in run_json


def test_cli_submit_prints_run_id_and_url_never_the_token(
    kfp_fake: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    result = cli(
        "kubeflow",
        "submit",
        "parallel.ipynb",
        "--host",
        kfp_fake.url,
        "--experiment",
        "exp-a",
        "--param",
        "seed=9",
        "--token-env",
        "MY_KFP_TOKEN",
        cwd=notebook_dir,
        env={"MY_KFP_TOKEN": TOKEN, "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "run id: run-1",
        f"url: {kfp_fake.url}/#/runs/details/run-1",
    ]
    assert TOKEN not in result.stdout + result.stderr
    sent = [r for r in kfp_fake.requests if r["path"] == "/apis/v2beta1/runs"][0]
    assert sent["body"]["runtime_config"]["parameters"] == {"seed": 9}
    assert sent["body"]["pipeline_spec"]["pipelineInfo"]["name"] == "parallel"
    assert sent["authorization"] == f"Bearer {TOKEN}"


def test_submit_to_an_unreachable_host_is_a_clear_503(notebook_dir: Path, tmp_path: Path) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    with pytest.raises(Unavailable) as info:
        service.start_run_file(
            notebook_dir / "parallel.ipynb", "kfp", host="http://127.0.0.1:9", token=TOKEN
        )
    assert "health check" in info.value.message and TOKEN not in info.value.message


async def test_routes_submit_and_follow_a_kfp_run(
    kfp_fake: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    (jp_root_dir / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    # no host in the request: the configured kfp_host (the fake) is used
    code, run = await api("pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp"})
    assert code == 202, run
    assert run["mode"] == "kfp" and run["kfp_run_id"] == "run-1" and run["status"] == "RUNNING"
    code, followed = await api(f"pipelines/runs/{run['id']}")
    assert code == 200 and followed["status"] == "SUCCEEDED"  # the fake reports it done
    assert kfp_fake.requests[-1]["path"] == "/apis/v2beta1/runs/run-1"
    code, answer = await api(f"pipelines/runs/{run['id']}/cancel", "POST")
    assert code == 200 and answer["status"] == "SUCCEEDED"  # over already: nothing to stop
    assert not [r for r in kfp_fake.requests if r["path"].endswith(":terminate")]
    assert {r["authorization"] for r in kfp_fake.requests} == {f"Bearer {TOKEN}"}


async def test_the_configured_token_never_goes_to_a_host_named_in_a_request(
    kfp_fake: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    for other in serving():  # a second endpoint, not the configured one
        (jp_root_dir / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
        code, run = await api(
            "pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp", "host": other.url}
        )
        assert code == 202, run
        assert other.requests and {r["authorization"] for r in other.requests} == {None}


@pytest.fixture
def other_kfp() -> Iterator[KfpContractFake]:
    """A second KFP contract fake: an endpoint nobody configured."""
    yield from serving()


def test_with_no_endpoint_configured_the_token_goes_to_no_host_named_in_a_request(
    other_kfp: KfpContractFake, notebook_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7 item 5: the configured token went to any URL a request named when no
    kfp_host was set, on the submit and on every status refresh."""
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    run = service.start_run_file(notebook_dir / "parallel.ipynb", "kfp", host=other_kfp.url)
    assert run["status"] == "RUNNING"
    service.refresh_kfp(service.runs.get(run["id"]))
    assert [r["path"] for r in other_kfp.requests][-1] == "/apis/v2beta1/runs/run-1"
    assert {r["authorization"] for r in other_kfp.requests} == {None}


def test_the_token_goes_to_the_configured_endpoint_only_on_refresh_too(
    kfp_fake: KfpContractFake,
    other_kfp: KfpContractFake,
    notebook_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    service = PipelinesService(
        root_dir=notebook_dir, data_dir=tmp_path / "data", kfp_host=kfp_fake.url + "/"
    )
    mine = service.start_run_file(notebook_dir / "parallel.ipynb", "kfp")
    theirs = service.start_run_file(notebook_dir / "parallel.ipynb", "kfp", host=other_kfp.url)
    for run in (mine, theirs):
        service.refresh_kfp(service.runs.get(run["id"]))
    assert {r["authorization"] for r in kfp_fake.requests} == {f"Bearer {TOKEN}"}
    assert kfp_fake.requests[-1]["path"] == "/apis/v2beta1/runs/run-1"
    assert {r["authorization"] for r in other_kfp.requests} == {None}
    assert other_kfp.requests[-1]["path"] == "/apis/v2beta1/runs/run-1"


# ---- multi-user Kubeflow (issue 9 items 1-3 and 7) ---------------------------------------
@pytest.fixture
def multi_user_kfp() -> Iterator[KfpContractFake]:
    server = KfpContractFake(multi_user=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_default_namespace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Neither a pod's namespace file nor a kubeconfig here, unless a test writes one."""
    from jupyter_kubeflow.pipelines import submit

    pod_file = tmp_path / "serviceaccount" / "namespace"
    monkeypatch.setattr(submit, "POD_NAMESPACE_FILE", str(pod_file))
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-kubeconfig"))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    return pod_file


def test_multi_user_kfp_without_a_namespace_is_a_clear_400(
    multi_user_kfp: KfpContractFake, no_default_namespace: Path, notebook_dir: Path, tmp_path: Path
) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    with pytest.raises(InvalidInput) as info:
        service.start_run_file(
            notebook_dir / "parallel.ipynb", "kfp", host=multi_user_kfp.url, token=TOKEN
        )
    assert info.value.field == "namespace" and "multi-user" in info.value.message
    assert "--namespace" in info.value.message
    assert not [r for r in multi_user_kfp.requests if r["method"] == "POST"]


def test_multi_user_submit_creates_the_experiment_in_the_pods_namespace(
    multi_user_kfp: KfpContractFake, no_default_namespace: Path, notebook_dir: Path, tmp_path: Path
) -> None:
    no_default_namespace.parent.mkdir()
    no_default_namespace.write_text("alice\n")
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    run = service.start_run_file(
        notebook_dir / "parallel.ipynb", "kfp", host=multi_user_kfp.url, token=TOKEN
    )
    assert run["status"] == "RUNNING"
    lists = [r for r in multi_user_kfp.requests if r["path"] == "/apis/v2beta1/experiments"]
    assert lists[0]["query"]["namespace"] == ["alice"]
    created = [r for r in lists if r["method"] == "POST"][0]
    assert created["body"]["namespace"] == "alice"
    assert multi_user_kfp.runs["run-1"]["namespace"] == "alice"
    # what a model registered from this run records as its source (issue 22 item 10)
    assert run["namespace"] == "alice"
    assert run["kfp_run_name"] == multi_user_kfp.runs["run-1"]["display_name"]
    # an explicit namespace wins over the pod's
    service.start_run_file(
        notebook_dir / "parallel.ipynb",
        "kfp",
        host=multi_user_kfp.url,
        token=TOKEN,
        namespace="bob",
    )
    assert multi_user_kfp.runs["run-2"]["namespace"] == "bob"


def test_the_kubeconfig_contexts_namespace_is_the_next_default(
    no_default_namespace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:1"}}],
                "users": [{"name": "u", "user": {}}],
                "contexts": [
                    {"name": "ctx", "context": {"cluster": "c", "user": "u", "namespace": "carol"}}
                ],
                "current-context": "ctx",
            }
        )
    )
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    assert service.namespace() == ("carol", "kubeconfig context 'ctx'")
    service.kfp_namespace = "team"
    assert service.namespace() == ("team", "configured")


def test_kfps_whole_error_text_reaches_the_user_without_the_token(
    kfp_fake: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    long = (
        f"Unauthenticated: Request authentication failed: token {TOKEN} has audience "
        "'api', expected 'pipelines.kubeflow.org'; " + "details " * 40 + "END"
    )
    kfp_fake.refuse = (401, long)
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    with pytest.raises(KubeflowError) as info:
        service.start_run_file(
            notebook_dir / "parallel.ipynb", "kfp", host=kfp_fake.url, token=TOKEN
        )
    message = info.value.message
    assert info.value.status == 403 and "answered 401" in message
    assert long.replace(TOKEN, "***") in message and TOKEN not in message
    assert "END" in message  # the whole text, not its first line


def test_cli_submit_takes_a_namespace_and_shows_kfps_refusal(
    multi_user_kfp: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    env = {
        "KF_PIPELINES_TOKEN": TOKEN,
        "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data"),
        "KUBECONFIG": str(tmp_path / "none"),
    }
    args = ["kubeflow", "submit", "parallel.ipynb", "--host", multi_user_kfp.url]
    result = cli(*args, "--namespace", "dave", cwd=notebook_dir, env=env)
    assert result.returncode == 0, result.stderr
    assert multi_user_kfp.runs["run-1"]["namespace"] == "dave"
    multi_user_kfp.refuse = (400, "Failed to create a run: " + "x" * 300 + " END")
    result = cli(*args, "--namespace", "dave", cwd=notebook_dir, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "answered 400" in result.stderr and "x" * 300 + " END" in result.stderr


def test_in_cluster_kfp_is_found_as_kfp_client_finds_it(
    kfp_fake: KfpContractFake,
    no_default_namespace: Path,
    notebook_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a pod with no endpoint configured: the ml-pipeline service (here the fake stands
    in for http://ml-pipeline.kubeflow.svc.cluster.local:8888) and the projected token."""
    from jupyter_kubeflow.pipelines import submit

    token_file = tmp_path / "sa-token"
    token_file.write_text("projected-sa-token\n")
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("KF_PIPELINES_SA_TOKEN_PATH", str(token_file))
    monkeypatch.delenv("KF_PIPELINES_TOKEN", raising=False)
    monkeypatch.setattr(submit, "IN_CLUSTER_URL", kfp_fake.url)
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    status = asyncio.run(service.status())
    assert status["kfp_host"] == kfp_fake.url and status["kfp_found"] == "in-cluster"
    assert status["token_from"] == f"projected service-account token {token_file}"
    assert status["connected"] is True and "projected-sa-token" not in json.dumps(status)
    run = service.start_run_file(notebook_dir / "parallel.ipynb", "kfp")
    assert run["status"] == "RUNNING"
    assert {r["authorization"] for r in kfp_fake.requests} == {"Bearer projected-sa-token"}


def test_the_pipelines_runs_on_kfp_are_listed_newest_first(
    multi_user_kfp: KfpContractFake,
    no_default_namespace: Path,
    notebook_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    service = PipelinesService(
        root_dir=notebook_dir, data_dir=tmp_path / "data", kfp_host=multi_user_kfp.url
    )
    for _ in range(2):
        service.start_run_file(notebook_dir / "parallel.ipynb", "kfp", namespace="erin")
    service.start_run_file(notebook_dir / "kale_tagged.ipynb", "kfp", namespace="erin")
    runs = service.kfp_runs_file(notebook_dir / "parallel.ipynb", namespace="erin")
    assert [r["id"] for r in runs] == ["run-2", "run-1"]  # not kale_tagged's run-3
    assert runs[0]["state"] == "SUCCEEDED" and runs[0]["url"].endswith("/#/runs/details/run-2")
    assert runs[0]["name"].startswith("parallel ")
    with pytest.raises(InvalidInput):  # multi-user: which namespace?
        service.kfp_runs_file(notebook_dir / "parallel.ipynb")


async def test_routes_list_the_pipelines_kfp_runs_and_status_says_how_kfp_was_found(
    kfp_fake: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    (jp_root_dir / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    code, run = await api(
        "pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp", "namespace": "ns1"}
    )
    assert code == 202, run
    code, body = await api("pipelines/kfp-runs", params={"path": "p.ipynb"})
    assert code == 200 and [r["id"] for r in body["runs"]] == ["run-1"]
    code, body = await api("pipelines/runs", "POST", {"path": "p.ipynb", "namespace": 3})
    assert code == 400 and body["field"] == "namespace"
    code, status = await api("status")
    assert status["pipelines"]["kfp_found"] == "configured"
    assert status["pipelines"]["multi_user"] is False
    assert status["pipelines"]["token_from"] == "environment variable KF_PIPELINES_TOKEN"


@pytest.mark.parametrize("namespace", ["alice\n", "../x", "Alice", "a" * 64, "-a"])
def test_a_namespace_that_kubernetes_would_refuse_is_a_400(
    namespace: str, kfp_fake: KfpContractFake, notebook_dir: Path, tmp_path: Path
) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    with pytest.raises(InvalidInput) as info:
        service.start_run_file(
            notebook_dir / "parallel.ipynb", "kfp", host=kfp_fake.url, namespace=namespace
        )
    assert info.value.field == "namespace"
    assert not [r for r in kfp_fake.requests if r["method"] == "POST"]
