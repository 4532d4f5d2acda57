"""``submit`` against a contract fake of the KFP v2beta1 REST API.

No KFP API server can run here, so ``KfpContractFake`` below is a FAKE: a small HTTP server
answering only the calls ``kfp.Client`` makes to submit a run (healthz, find/create the
experiment, create the run, get the run). It checks nothing about pipelines itself; the
tests assert what the real ``kfp.Client`` sent to it: the compiled pipeline spec, the
run's parameters, the experiment, and the bearer token in the Authorization header.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from jupyter_kubeflow.errors import Unavailable
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS, cli

TOKEN = "s3cr3t-kfp-token"


class KfpContractFake(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.experiments: dict[str, str] = {}
        self.runs: dict[str, dict[str, Any]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: KfpContractFake

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _reply(self, body: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> tuple[str, dict[str, Any]]:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else {}
        url = urlparse(self.path)
        self.server.requests.append(
            {
                "method": self.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "authorization": self.headers.get("Authorization"),
                "body": body,
            }
        )
        return url.path, body

    def do_GET(self) -> None:
        path, _ = self._record()
        if path == "/apis/v2beta1/healthz":
            return self._reply({"multi_user": False})
        if path == "/apis/v2beta1/experiments":
            query = self.server.requests[-1]["query"]
            wanted = json.loads(query.get("filter", ["{}"])[0]).get("predicates", [{}])[0]
            name = wanted.get("string_value") or wanted.get("stringValue")
            found = [
                {"experiment_id": i, "display_name": n}
                for n, i in self.server.experiments.items()
                if n == name
            ]
            return self._reply({"experiments": found, "total_size": len(found)})
        if path.startswith("/apis/v2beta1/runs/"):
            run = self.server.runs.get(path.rsplit("/", 1)[1])
            return self._reply(run or {"error": "not found"}, 200 if run else 404)
        self._reply({"error": f"unexpected {path}"}, 404)

    def do_POST(self) -> None:
        path, body = self._record()
        if path == "/apis/v2beta1/experiments":
            exp_id = f"exp-{len(self.server.experiments) + 1}"
            self.server.experiments[body["display_name"]] = exp_id
            return self._reply({"experiment_id": exp_id, "display_name": body["display_name"]})
        if path == "/apis/v2beta1/runs":
            run_id = f"run-{len(self.server.runs) + 1}"
            run = {**body, "run_id": run_id, "state": "SUCCEEDED"}
            self.server.runs[run_id] = run
            return self._reply({**run, "state": "PENDING"})
        self._reply({"error": f"unexpected {path}"}, 404)


@pytest.fixture
def kfp_fake() -> Iterator[KfpContractFake]:
    server = KfpContractFake()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


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
    assert code == 409
    assert {r["authorization"] for r in kfp_fake.requests} == {f"Bearer {TOKEN}"}


async def test_the_configured_token_never_goes_to_a_host_named_in_a_request(
    kfp_fake: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    other = KfpContractFake()  # a second endpoint, not the configured one
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        (jp_root_dir / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
        code, run = await api(
            "pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp", "host": other.url}
        )
        assert code == 202, run
        assert other.requests and {r["authorization"] for r in other.requests} == {None}
    finally:
        other.shutdown()
        other.server_close()


@pytest.fixture
def other_kfp() -> Iterator[KfpContractFake]:
    """A second KFP contract fake: an endpoint nobody configured."""
    server = KfpContractFake()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


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
