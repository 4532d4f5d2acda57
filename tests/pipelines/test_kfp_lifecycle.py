"""A Kubeflow run followed and acted on, and the notebook's runs exactly (issue 21 items 1,
3, 4), against ``KfpContractFake`` (kfp_fake.py: a FAKE of kubeflow/pipelines' v2beta1 API
server, no KFP can run here) through the real ``kfp.Client``:

- each step's state, start and duration come from ``run_details.task_details`` (KFP's
  persistence agent reports Argo's nodes: a ``-driver`` pod, the task's node, its
  ``executor`` pod), mapped to the notebook's steps;
- an unfinished run's ``finished_at`` is 1970-01-01 on the real server: no end is shown;
- cancel terminates a Kubeflow run; retry, archive, unarchive and delete act on it, and
  KFP's refusals ("Workflow must be Failed/Error to retry") reach the user whole;
- ``features.ipynb``'s runs are its own, not ``features2.ipynb``'s.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import InvalidInput
from jupyter_kubeflow.pipelines import service as service_module
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS, cli
from .kfp_fake import EPOCH, KfpContractFake, serving
from .test_submit import TOKEN

STEPS = ["left", "right", "join", "finish"]


@pytest.fixture
def kfp() -> Iterator[KfpContractFake]:
    yield from serving()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    for name in ("p.ipynb", "features.ipynb", "features2.ipynb"):
        shutil.copy(NOTEBOOKS / "parallel.ipynb", folder / name)
    return folder


@pytest.fixture
def service(
    kfp: KfpContractFake, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> PipelinesService:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    monkeypatch.setattr(service_module, "KFP_REFRESH_SECONDS", 0.0)  # ask KFP on every poll
    return PipelinesService(root_dir=root, data_dir=tmp_path / "data", kfp_host=kfp.url)


def follow(service: PipelinesService, run_id: str) -> dict[str, Any]:
    return asyncio.run(service.get_run(run_id))


def statuses(run: dict[str, Any]) -> dict[str, str]:
    return {s["name"]: s["status"] for s in run["steps"]}


def test_each_steps_state_start_and_duration_come_from_the_task_details(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    kfp.hold_runs = True
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp_run = started["kfp_run_id"]
    run = follow(service, started["id"])
    assert run["status"] == "PENDING" and set(statuses(run).values()) == {"PENDING"}
    assert kfp.wire_run(kfp.runs[kfp_run])["finished_at"] == EPOCH  # as the real server
    assert run["finished"] is None  # KFP's 1970 is no end

    kfp.advance(kfp_run)  # the first task (in the pipeline's order) starts
    run = follow(service, started["id"])
    assert run["status"] == "RUNNING" and run["finished"] is None
    first = next(s for s in run["steps"] if s["status"] == "RUNNING")
    assert first["started"] is not None and first["seconds"] is not None
    assert first["pod"].startswith(kfp.runs[kfp_run]["_workflow"])  # the executor's pod
    assert [s["status"] for s in run["steps"]].count("RUNNING") == 1

    kfp.finish(kfp_run)
    run = follow(service, started["id"])
    assert run["status"] == "SUCCEEDED" and statuses(run) == dict.fromkeys(STEPS, "SUCCEEDED")
    assert run["finished"] is not None and run["finished"] >= run["created"] - 1
    assert all(s["seconds"] is not None and s["seconds"] >= 0 for s in run["steps"])
    # kept: a restarted server shows the same without asking KFP
    again = PipelinesService(root_dir=service.root_dir, data_dir=service.data_dir)
    assert statuses(again.runs.get(started["id"])) == dict.fromkeys(STEPS, "SUCCEEDED")


def test_cancel_terminates_a_kubeflow_run(kfp: KfpContractFake, service: PipelinesService) -> None:
    kfp.hold_runs = True
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp.advance(started["kfp_run_id"])
    cancelled = asyncio.run(service.cancel_run(started["id"]))
    assert cancelled["status"] == "CANCELLED" and cancelled["finished"] is not None
    assert sorted(statuses(cancelled).values()) == ["CANCELLED", "SKIPPED", "SKIPPED", "SKIPPED"]
    terminate = [r for r in kfp.requests if r["path"].endswith(":terminate")]
    assert terminate and terminate[0]["authorization"] == f"Bearer {TOKEN}"
    # the server's refusal, whole: a run that is over cannot be terminated
    with pytest.raises(InvalidInput) as e:
        service.act_on_kfp_run(started["id"], "terminate")
    assert "not in a terminable state" in e.value.message and "answered 400" in e.value.message


def test_retry_runs_the_failed_step_again_and_kfps_refusal_is_said_whole(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    kfp.hold_runs, kfp.fail_task = True, "step-join"
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp.finish(started["kfp_run_id"])
    failed = follow(service, started["id"])
    assert failed["status"] == "FAILED" and statuses(failed)["join"] == "FAILED"
    assert statuses(failed)["finish"] == "SKIPPED"  # never started
    retried = service.act_on_kfp_run(started["id"], "retry")
    assert retried is not None and retried["status"] == "RUNNING"
    kfp.finish(started["kfp_run_id"])
    done = follow(service, started["id"])
    assert done["status"] == "SUCCEEDED" and statuses(done) == dict.fromkeys(STEPS, "SUCCEEDED")
    with pytest.raises(InvalidInput) as e:
        service.act_on_kfp_run(started["id"], "retry")
    assert "Workflow must be Failed/Error to retry" in e.value.message


async def test_routes_archive_unarchive_and_delete_a_kubeflow_run(
    kfp: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    shutil.copy(NOTEBOOKS / "parallel.ipynb", jp_root_dir / "p.ipynb")
    code, run = await api("pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp"})
    assert code == 202, run
    kfp_run = run["kfp_run_id"]
    for action, storage in (("archive", "ARCHIVED"), ("unarchive", "AVAILABLE")):
        code, body = await api(f"pipelines/runs/{run['id']}/kfp/{action}", "POST", {})
        assert code == 200, body
        assert kfp.runs[kfp_run]["storage_state"] == storage
    code, body = await api(f"pipelines/kfp-runs/{kfp_run}", params={"path": "p.ipynb"})
    assert code == 200 and [s["name"] for s in body["steps"]] == STEPS
    code, body = await api(f"pipelines/kfp-runs/{kfp_run}/bogus", "POST", {})
    assert code == 400 and body["field"] == "action"
    code, body = await api(f"pipelines/runs/{run['id']}/kfp/delete", "POST", {})
    assert code == 200 and body == {"id": run["id"], "deleted": True}
    assert kfp_run not in kfp.runs
    code, listing = await api("pipelines/runs")
    assert [r["id"] for r in listing["runs"]] == []  # forgotten here too
    code, body = await api(f"pipelines/kfp-runs/{kfp_run}")
    assert code == 404 and "not found" in body["message"]


@pytest.fixture
def kubeflow_config(
    kfp: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kfp_host": kfp.url}


def test_a_notebooks_runs_are_its_own_not_those_of_a_notebook_whose_name_holds_its(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    mine = service.start_run_file(service.root_dir / "features.ipynb", "kfp")
    service.start_run_file(service.root_dir / "features2.ipynb", "kfp")
    runs = service.kfp_runs_file(service.root_dir / "features.ipynb")
    assert [r["id"] for r in runs] == [mine["kfp_run_id"]]
    assert runs[0]["finished"] is not None and runs[0]["status"] == "SUCCEEDED"
    kfp.hold_runs = True
    going = service.start_run_file(service.root_dir / "features.ipynb", "kfp")
    runs = service.kfp_runs_file(service.root_dir / "features.ipynb")
    assert [r["id"] for r in runs] == [going["kfp_run_id"], mine["kfp_run_id"]]
    assert runs[0]["finished"] is None  # 1970: still going, no end


def test_the_cli_shows_and_acts_on_a_kfp_run(
    kfp: KfpContractFake, root: Path, tmp_path: Path
) -> None:
    env = {
        "KF_PIPELINES_ENDPOINT": kfp.url,
        "KF_PIPELINES_TOKEN": TOKEN,
        "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data"),
        "KUBECONFIG": str(tmp_path / "none"),
    }
    kfp.hold_runs = True
    result = cli("kubeflow", "submit", "p.ipynb", cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    kfp_run = result.stdout.split()[2]
    kfp.advance(kfp_run)
    result = cli("kubeflow", "kfp", "show", kfp_run, "--notebook", "p.ipynb", cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    assert "RUNNING" in result.stdout.splitlines()[0]
    assert "step left: RUNNING" in result.stdout and "step finish: PENDING" in result.stdout
    for action in ("terminate", "archive", "delete"):
        result = cli("kubeflow", "kfp", action, kfp_run, cwd=root, env=env)
        assert result.returncode == 0, result.stderr
    assert kfp_run not in kfp.runs
    result = cli("kubeflow", "kfp", "retry", kfp_run, cwd=root, env=env)
    assert result.returncode == 2 and "not found" in result.stderr
    assert {r["authorization"] for r in kfp.requests} == {f"Bearer {TOKEN}"}
