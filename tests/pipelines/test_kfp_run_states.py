"""A submitted run's state as KFP reports it, against the KFP contract FAKE of test_submit
(no KFP API server can run here): each ``V2beta1RuntimeState`` kubeflow/pipelines'
``backend/api/v2beta1/run.proto`` defines, as ``kfp.Client().get_run`` reads it, maps to
ours; KFP is asked at most once per ``KFP_REFRESH_SECONDS`` per run while the UI polls each
second, and no more once the run is final; a run KFP refuses to create is stored FAILED
with KFP's message, the token redacted."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jupyter_kubeflow.pipelines import service as service_module
from jupyter_kubeflow.pipelines.service import KFP_REFRESH_SECONDS, PipelinesService

from .conftest import NOTEBOOKS
from .kfp_fake import KfpContractFake, serving
from .test_submit import TOKEN

RUN_PATH = "/apis/v2beta1/runs/run-1"


@pytest.fixture
def kfp() -> Iterator[KfpContractFake]:
    yield from serving()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The service's monotonic clock, moved by the test (wall time stays real)."""
    now = [1000.0]
    monkeypatch.setattr(
        service_module, "time", SimpleNamespace(monotonic=lambda: now[0], time=time.time)
    )
    return now


@pytest.fixture
def service(
    kfp: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> PipelinesService:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    root = tmp_path / "root"
    root.mkdir()
    (root / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    return PipelinesService(root_dir=root, data_dir=tmp_path / "data", kfp_host=kfp.url)


def asked(kfp: KfpContractFake) -> int:
    """How often KFP was asked for run-1."""
    return sum(r["path"] == RUN_PATH for r in kfp.requests)


@pytest.mark.parametrize(
    ("kfp_state", "ours"),
    [
        ("PENDING", "PENDING"),
        ("RUNNING", "RUNNING"),
        ("SUCCEEDED", "SUCCEEDED"),
        ("FAILED", "FAILED"),
        ("CANCELED", "CANCELLED"),  # KFP spells it with one L
        ("CANCELING", "RUNNING"),  # still going until KFP says CANCELED
        ("PAUSED", "RUNNING"),
        ("SKIPPED", "SUCCEEDED"),
        ("RUNTIME_STATE_UNSPECIFIED", "RUNNING"),  # says nothing: the last state stays
    ],
)
def test_kfps_run_states_map_to_ours(
    kfp_state: str, ours: str, kfp: KfpContractFake, service: PipelinesService, clock: list[float]
) -> None:
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    assert started["status"] == "RUNNING"
    kfp.run_state = kfp_state
    run = asyncio.run(service.get_run(started["id"]))
    assert asked(kfp) == 1
    assert run["status"] == ours
    final = ours in ("SUCCEEDED", "FAILED", "CANCELLED")
    assert (run["finished"] is not None) is final
    # stored: a restarted server (a new service) shows the same without asking KFP again
    restarted = PipelinesService(
        root_dir=service.root_dir, data_dir=service.data_dir, kfp_host=kfp.url
    )
    assert restarted.runs.get(started["id"])["status"] == ours
    if final:  # a final run is never asked about again
        clock[0] += 10 * KFP_REFRESH_SECONDS
        assert asyncio.run(restarted.get_run(started["id"]))["status"] == ours
        assert asked(kfp) == 1


def test_kfp_is_asked_at_most_once_per_refresh_period(
    kfp: KfpContractFake, service: PipelinesService, clock: list[float]
) -> None:
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp.run_state = "RUNNING"

    def poll(at: float) -> str:
        clock[0] = 1000.0 + at
        return asyncio.run(service.get_run(started["id"]))["status"]

    assert poll(0) == "RUNNING" and asked(kfp) == 1
    kfp.run_state = "FAILED"
    for second in (1, 2, 3, 4, KFP_REFRESH_SECONDS - 0.1):  # the UI polls each second
        assert poll(second) == "RUNNING"  # the last answer, KFP not asked
    assert asked(kfp) == 1
    assert poll(KFP_REFRESH_SECONDS + 0.1) == "FAILED" and asked(kfp) == 2
    for second in (20, 200):  # final: never asked again
        assert poll(second) == "FAILED"
    assert asked(kfp) == 2


def test_the_refresh_period_is_per_run(
    kfp: KfpContractFake, service: PipelinesService, clock: list[float]
) -> None:
    first = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    second = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp.run_state = "RUNNING"
    for run in (first, second):
        asyncio.run(service.get_run(run["id"]))
    paths = [r["path"] for r in kfp.requests if r["path"].startswith("/apis/v2beta1/runs/")]
    assert paths == [RUN_PATH, "/apis/v2beta1/runs/run-2"]


@pytest.fixture
def kubeflow_config(
    kfp: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kfp_host": kfp.url}


@pytest.mark.parametrize(
    ("kfp_status", "our_code"),
    [(400, 400), (401, 403), (403, 403), (500, 503)],
)
async def test_a_run_kfp_refuses_to_create_is_stored_failed_without_the_token(
    kfp_status: int,
    our_code: int,
    kfp: KfpContractFake,
    api: Any,
    jp_root_dir: Path,
    tmp_path: Path,
) -> None:
    (jp_root_dir / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    said = f"cannot create the run: the request with token {TOKEN} was refused, END"
    kfp.refuse_runs = (kfp_status, said)
    code, body = await api("pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp"})
    assert code == our_code, body
    assert f"answered {kfp_status}" in body["message"]
    assert said.replace(TOKEN, "***") in body["message"]
    assert TOKEN not in json.dumps(body)
    # the experiment was created, then the run refused: tried once, with the token
    posts = [r["path"] for r in kfp.requests if r["method"] == "POST"]
    assert posts == ["/apis/v2beta1/experiments", "/apis/v2beta1/runs"]
    assert {r["authorization"] for r in kfp.requests} == {f"Bearer {TOKEN}"}
    code, listing = await api("pipelines/runs")
    assert code == 200 and len(listing["runs"]) == 1
    stored = listing["runs"][0]
    assert stored["status"] == "FAILED" and stored["finished"] is not None
    assert stored["error"] == body["message"] and stored["kfp_run_id"] is None
    assert TOKEN not in json.dumps(listing)
    for path in (tmp_path / "kubeflow-data" / "runs").rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
    # a stored FAILED run is not followed on KFP
    code, again = await api(f"pipelines/runs/{stored['id']}")
    assert code == 200 and again["status"] == "FAILED"
    assert not [r for r in kfp.requests if r["path"].startswith("/apis/v2beta1/runs/")]
