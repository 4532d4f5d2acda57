"""Issue 8: the panel tells what the real Notebooks 2.0 controller does. No controller runs
against make cluster, so each test plays its part through the status subresource, written
from upstream's code (kubeflow/notebooks, branch notebooks-v2); each docstring names it."""

from __future__ import annotations

import json
import time

from jupyter_kubeflow.workspaces.items import DEFAULT_URL_TEMPLATE

from .cluster import (
    NAMESPACE,
    kubectl,
    kubectl_apply_json,
    kubectl_create,
    kubectl_json,
    multi_port_kind,
    set_status,
    unique_name,
    workspace_manifest,
)
from .waiting import eventually

IMAGE_OLD, IMAGE_NEW = "jupyter-scipy:v1.9.2", "jupyter-scipy:v1.10.0"


async def item_of(api, name: str) -> dict:
    code, body = await api(f"workspaces/{NAMESPACE}/{name}")
    assert code == 200, body
    return body["item"]


async def test_names_the_controller_cannot_use_are_422(api) -> None:
    """Upstream's controller derives labels (`notebooks.kubeflow.org/workspace-name`, at most
    63 characters) and Service names (`ws-{name}-`, DNS-1035: no dots) from the name, so a
    name the API server accepts (a subdomain) may fail every reconcile: a DNS-1123 label."""
    dotted = f"my.{unique_name()}"
    for bad in (dotted, "a" * 64, "name\n"):
        code, body = await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(bad))
        assert code == 422, (bad, body)
        assert body["field"] == "metadata.name"
        assert "63" in body["message"]
    assert kubectl("-n", NAMESPACE, "get", "workspace", dotted, check=False).returncode


async def test_a_secret_at_a_data_volume_path_is_refused_and_secrets_are_listed(
    api, cleanup
) -> None:
    """Upstream's generateStatefulSet mounts home, data volumes, then secrets, and silently
    skips a mount whose path is taken: the secret would just be missing from the pod."""
    name = unique_name()
    cleanup.append(name)  # (nothing is created unless a refusal fails)
    manifest = workspace_manifest(name)
    volumes = manifest["spec"]["podTemplate"]["volumes"]
    volumes["secrets"] = [{"secretName": "workspace-secret", "mountPath": "/data/my-data"}]
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 422, body
    assert body["field"] == "spec.podTemplate.volumes.secrets[0].mountPath"
    assert "workspace-data-pvc" in body["message"]
    volumes["secrets"] = [{"secretName": "workspace-secret", "mountPath": "/home/jovyan"}]
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 422 and "home volume" in body["message"], body

    volumes["secrets"] = [{"secretName": "workspace-secret", "mountPath": "/secrets/token"}]
    code, item = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 201, item
    assert item["secrets"] == [
        {
            "secretName": "workspace-secret",
            "mountPath": "/secrets/token",
            "defaultMode": 420,
            "mounted": True,
        }
    ]
    # An edit that makes the same conflict is refused too, and nothing is written.
    patch = {"spec": {"podTemplate": {"volumes": {"data": [
        {"pvcName": "workspace-data-pvc", "mountPath": "/secrets/token"}
    ]}}}}  # fmt: skip
    code, body = await api(f"workspaces/{NAMESPACE}/{name}", "PATCH", {"patch": patch})
    assert code == 422, body
    assert body["field"] == "spec.podTemplate.volumes.secrets[0].mountPath"
    spec = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]
    assert spec["podTemplate"]["volumes"]["data"][0]["mountPath"] == "/data/my-data"


async def test_pause_and_resume_answer_409_in_the_wrong_state(api, cleanup) -> None:
    """Upstream's backend (HandlePauseAction): a JSON patch testing `/spec/paused` (and,
    to resume, `/status/state == Paused`); a failed test is 409. Upstream's controller
    writes Paused only once the pod is gone (generateWorkspaceState)."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    set_status(name, "Running", "Workspace is running")
    path = f"workspaces/{NAMESPACE}/{name}"

    code, item = await api(f"{path}/resume", "POST")
    assert code == 409 and "not paused" in item["message"], item
    code, item = await api(f"{path}/pause", "POST")
    assert code == 200, item
    # The pod still runs: the controller still says Running. Pausing, not Running.
    assert (item["paused"], item["state"], item["phase"]) == (True, "Running", "Pausing")
    code, body = await api(f"{path}/pause", "POST")
    assert code == 409 and "already paused" in body["message"], body
    code, body = await api(f"{path}/resume", "POST")
    assert code == 409 and "cannot be resumed yet" in body["message"], body
    assert body["details"]["phase"] == "Pausing"
    listing = await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and i["phase"] == "Pausing" for i in r[1]["items"]),
    )
    assert listing[0] == 200

    set_status(name, "Paused", "Workspace is paused", pause_time=int(time.time() * 1000))
    code, item = await api(f"{path}/resume", "POST")
    assert code == 200, item
    # Resumed; the controller has not reconciled: it still reports Paused -> Starting.
    assert (item["paused"], item["state"], item["phase"]) == (False, "Paused", "Starting")
    assert kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]["paused"] is False
    code, body = await api(f"workspaces/{NAMESPACE}/no-such-ws/pause", "POST")
    assert code == 404


async def test_an_edit_answers_the_option_chosen_not_the_controllers_stale_one(
    api, cleanup
) -> None:
    """Upstream's controller builds the pod from spec's option (currentImageConfig /
    currentPodConfig) at once, and writes status.podTemplateOptions only when it next
    reconciles: right after an edit the status still names the previous option."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    set_status(name, "Running", "Workspace is running", pod_desired="tiny_cpu")
    code, item = await api(f"workspaces/{NAMESPACE}/{name}", "PATCH", {"podConfig": "small_cpu"})
    assert code == 200, item
    assert item["podConfig"] == {
        "current": "small_cpu",
        "desired": "small_cpu",
        "reconciled": False,
        "redirectChain": [],
    }
    set_status(name, "Running", "Workspace is running", pod_desired="small_cpu")
    item = await item_of(api, name)
    assert item["podConfig"]["reconciled"] is True
    assert item["podConfig"]["desired"] == "small_cpu"


async def test_a_redirect_is_shown_with_its_message_and_applied_by_choosing_it(
    api, cleanup
) -> None:
    """Upstream's controller (getImageConfig) follows the kind's redirects and reports
    pendingRestart with the chain, but builds the pod from spec's option: only choosing
    the target applies it (pause/resume does not). The backend shows each step's message
    and level (buildRedirectMessage)."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(
        name,
        podTemplate={
            "options": {"imageConfig": IMAGE_OLD, "podConfig": "tiny_cpu"},
            "volumes": {"data": []},
        },
    )
    chain = [{"source": IMAGE_OLD, "target": IMAGE_NEW}]
    set_status(
        name,
        "Running",
        "Workspace is running",
        pending_restart=True,
        image_desired=IMAGE_NEW,
        image_chain=chain,
    )
    item = await item_of(api, name)
    assert item["pendingRestart"] is True
    image = item["imageConfig"]
    assert (image["current"], image["desired"]) == (IMAGE_OLD, IMAGE_NEW)
    step = image["redirectChain"][0]
    assert (step["source"], step["target"]) == (IMAGE_OLD, IMAGE_NEW)
    assert step["message"]["level"] == "Info"
    assert step["message"]["text"]  # the kind's own words
    code, item = await api(f"workspaces/{NAMESPACE}/{name}", "PATCH", {"imageConfig": IMAGE_NEW})
    assert code == 200, item
    assert item["imageConfig"]["current"] == IMAGE_NEW
    assert item["imageConfig"]["redirectChain"] == []  # the old chain no longer applies
    spec = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]
    assert spec["podTemplate"]["options"]["imageConfig"] == IMAGE_NEW


async def test_auto_pause_is_explained_from_the_activity_status(api, cleanup) -> None:
    """Upstream's controller (reconcileActivity, evaluatePauseDecision): a Running workspace
    is probed, status.activity says the last activity and, under a matching pause rule,
    rules.pauseWorkspace.eligibleAfter; a fresh probe past it sets spec.paused. Times ms."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    now = int(time.time() * 1000)
    last, eligible = now - 3 * 3600_000, now - 3600_000  # idle limit 2 h, eligible 1 h ago
    activity = {
        "lastActivity": last,
        "lastUpdate": now - 60_000,
        "lastProbe": {
            "startTime": now - 61_000,
            "endTime": now - 60_000,
            "result": "Success",
            "message": "Jupyter probe succeeded",
        },
        "rules": {"pauseWorkspace": {"eligibleAfter": eligible}},
    }
    set_status(name, "Running", "Workspace is running", activity=activity)
    item = await item_of(api, name)
    assert item["activity"]["lastActivity"] == last
    assert item["activity"]["pauseEligibleAfter"] == eligible
    assert item["activity"]["idleLimitSeconds"] == 7200
    assert item["activity"]["lastProbe"]["result"] == "Success"
    assert item["activity"]["probe"]["probeIntervalSeconds"] == 3600  # the kind's
    assert item["activity"]["autoPaused"] is False

    # The controller pauses it (spec), then reports Paused with pauseTime.
    kubectl("-n", NAMESPACE, "patch", "workspace", name, "--type=merge",
            "-p", json.dumps({"spec": {"paused": True}}))  # fmt: skip
    set_status(name, "Paused", "Workspace is paused", activity=activity, pause_time=now)
    item = await item_of(api, name)
    assert (item["phase"], item["activity"]["autoPaused"]) == ("Paused", True)
    assert item["activity"]["pauseEligibleAfter"] is None

    # A person pausing before the workspace was eligible is not an auto-pause.
    set_status(name, "Paused", "Workspace is paused", activity=activity, pause_time=eligible - 1)
    assert (await item_of(api, name))["activity"]["autoPaused"] is False


async def test_one_connect_url_per_port_at_upstreams_path(api, cleanup, jp_serverapp) -> None:
    """Upstream's backend (buildServices) lists one HTTP service per port of the image
    config, named by the port's displayName or the kind's defaultDisplayName, at
    `/workspace/connect/{namespace}/{name}/{portId}/` (the controller's connect path)."""
    service = jp_serverapp.web_app.settings["kubeflow_services"]["workspaces"]
    service.items.url_template = DEFAULT_URL_TEMPLATE  # conftest sets another one
    kind = f"jk-ports-{unique_name('k')}"
    kubectl_apply_json(multi_port_kind(kind))
    try:
        name = unique_name()
        cleanup.append(name)
        kubectl_create(name, kind=kind)
        item = await item_of(api, name)
        base = f"/workspace/connect/{NAMESPACE}/{name}"
        assert item["services"] == [
            {"id": "jupyterlab", "displayName": "JupyterLab 4", "url": f"{base}/jupyterlab/"},
            {"id": "tensorboard", "displayName": "TensorBoard", "url": f"{base}/tensorboard/"},
        ]
        assert item["url"] == f"{base}/jupyterlab/"
    finally:
        kubectl("delete", "workspacekind", kind, "--ignore-not-found", "--wait=false")


def test_default_connect_url_is_upstreams() -> None:
    """The default template is the controller's connect path (one per port)."""
    from jupyter_kubeflow.app import KubeflowExtension

    assert KubeflowExtension.workspace_url_template.default_value == DEFAULT_URL_TEMPLATE
