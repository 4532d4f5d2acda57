"""A Kubeflow step's log (issue 21 item 2): from its pod through the Kubernetes API when the
extension has cluster credentials, else where to read it.

The run is on ``KfpContractFake`` (kfp_fake.py, a FAKE of KFP's API server, which cannot
run here); the pods are made by hand on the real test API server (``make cluster``) with
what Argo gives a KFP step's pod (label ``pipeline/runid``, annotations
``workflows.argoproj.io/node-id`` and ``node-name``), since no Argo runs here. That API
server has no kubelet, so no log text can be read: the tests go as far as the real API
goes (the pod found from KFP's task details, the API's refusal said with where to read it).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from workspaces.cluster import KUBECONFIG, KUBECTL, NAMESPACE

from jupyter_kubeflow.errors import Conflict, NotFound, Unavailable
from jupyter_kubeflow.kube_connection import ConnectionHolder
from jupyter_kubeflow.pipelines import service as service_module
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS, unreachable_kubeconfig
from .kfp_fake import KfpContractFake, serving
from .test_submit import TOKEN


@pytest.fixture
def kfp() -> Iterator[KfpContractFake]:
    yield from serving(multi_user=True)


def kubectl(*args: str, body: dict[str, Any] | None = None) -> None:
    subprocess.run(
        [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", *args],
        input=json.dumps(body) if body else None,
        text=True,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pods() -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for name in made:
        kubectl("-n", NAMESPACE, "delete", "pod", name, "--wait=false", "--ignore-not-found")


def make(service: PipelinesService, kfp: KfpContractFake) -> dict[str, Any]:
    kfp.hold_runs = True
    run = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp.advance(run["kfp_run_id"])
    return asyncio.run(service.get_run(run["id"]))


def service_for(kfp: KfpContractFake, tmp_path: Path, kube: ConnectionHolder) -> PipelinesService:
    root = tmp_path / "root"
    root.mkdir(exist_ok=True)
    shutil.copy(NOTEBOOKS / "parallel.ipynb", root / "p.ipynb")
    return PipelinesService(
        root_dir=root,
        data_dir=tmp_path / "data",
        kfp_host=kfp.url,
        kfp_namespace=NAMESPACE,
        kube=kube,
    )


@pytest.fixture(autouse=True)
def every_poll_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    monkeypatch.setattr(service_module, "KFP_REFRESH_SECONDS", 0.0)


def test_without_cluster_credentials_the_answer_says_where_to_read_the_log(
    kfp: KfpContractFake, tmp_path: Path
) -> None:
    service = service_for(kfp, tmp_path, ConnectionHolder(str(tmp_path / "no-kubeconfig")))
    run = make(service, kfp)
    step = next(s for s in run["steps"] if s["status"] == "RUNNING")
    answer = service.kfp_step_log(run["id"], step["name"])
    assert answer["log"] is None and answer["container"] == "main"
    assert answer["where"] == (
        f"kubectl -n {NAMESPACE} logs {step['pod']} -c main or the run's page in the "
        f"Kubeflow Pipelines UI ({run['url']})"
    )
    pending = next(s for s in run["steps"] if s["status"] == "PENDING")
    with pytest.raises(Conflict) as e:
        service.kfp_step_log(run["id"], pending["name"])
    assert "has not started" in e.value.message


def test_the_steps_pod_is_found_from_kfps_task_details_and_the_apis_answer_said(
    kfp: KfpContractFake, tmp_path: Path, pods: list[str]
) -> None:
    service = service_for(kfp, tmp_path, ConnectionHolder(str(KUBECONFIG), "admin"))
    run = make(service, kfp)
    step = next(s for s in run["steps"] if s["status"] == "RUNNING")
    # Argo's pod: another name than the node id KFP reports, found by its annotations
    pod = f"{step['pod']}-system-container-impl"[:63].rstrip("-")
    pods.append(pod)
    # no controller-manager here: no "default" service account, so one is made by hand
    account = {"apiVersion": "v1", "kind": "ServiceAccount",
               "metadata": {"name": "kfp-step-test", "namespace": NAMESPACE}}  # fmt: skip
    kubectl("apply", "-f", "-", body=account)
    kubectl(
        "create",
        "-f",
        "-",
        body={
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": pod,
                "namespace": NAMESPACE,
                "labels": {"pipeline/runid": run["kfp_run_id"]},
                "annotations": {
                    "workflows.argoproj.io/node-id": step["pod"],
                    "workflows.argoproj.io/node-name": f"wf.step-{step['name']}.executor",
                },
            },
            "spec": {
                "serviceAccountName": "kfp-step-test",
                "automountServiceAccountToken": False,
                "containers": [{"name": "main", "image": "example.com/step:1"}],
            },
        },
    )
    # found by its annotations; a pod no kubelet ever ran has an empty log on this API
    # server (a real cluster's kubelet sends the container's output)
    answer = service.kfp_step_log(run["id"], step["name"])
    assert answer["pod"] == pod and answer["log"] == ""
    kubectl("-n", NAMESPACE, "delete", "pod", pod, "--wait=true")
    with pytest.raises(NotFound) as e:
        service.kfp_step_log(run["id"], step["name"])
    assert e.value.message == (
        f"No pod of step 'step-{step['name']}' of run {run['kfp_run_id']} in namespace {NAMESPACE}"
    )


def test_an_unreachable_cluster_is_said_with_where_to_read_the_log(
    kfp: KfpContractFake, tmp_path: Path
) -> None:
    """Credentials for an API server that is down: the kubernetes client lets urllib3's
    MaxRetryError through, which once became a 500."""
    kubeconfig = unreachable_kubeconfig(tmp_path)
    service = service_for(kfp, tmp_path, ConnectionHolder(str(kubeconfig)))
    run = make(service, kfp)
    step = next(s for s in run["steps"] if s["status"] == "RUNNING")
    with pytest.raises(Unavailable) as e:
        service.kfp_step_log(run["id"], step["name"])
    assert e.value.message.startswith("The Kubernetes API cannot be reached")
    assert f"kubectl -n {NAMESPACE} logs {step['pod']} -c main" in e.value.message


async def test_route_answers_a_steps_log_or_where_to_read_it(
    kfp: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    shutil.copy(NOTEBOOKS / "parallel.ipynb", jp_root_dir / "p.ipynb")
    kfp.hold_runs = True
    code, run = await api("pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp"})
    assert code == 202, run
    kfp.advance(run["kfp_run_id"])
    code, run = await api(f"pipelines/runs/{run['id']}")
    step = next(s for s in run["steps"] if s["status"] == "RUNNING")
    code, answer = await api(f"pipelines/runs/{run['id']}/steps/{step['name']}/log")
    assert code == 200 and answer["log"] is None and step["pod"] in answer["where"]
    code, answer = await api(f"pipelines/runs/{run['id']}/steps/nope/log")
    assert code == 404


@pytest.fixture
def kubeflow_config(kfp: KfpContractFake, tmp_path: Path) -> dict[str, Any]:
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "kfp_host": kfp.url,
        "kfp_namespace": NAMESPACE,
        "kubeconfig": str(tmp_path / "no-kubeconfig"),
    }
