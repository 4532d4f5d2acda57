"""Pure parts without a cluster: schema paths, merge patch, NB_PREFIX, items and kinds."""

from __future__ import annotations

import json

import pytest
import yaml
from kubernetes.client.rest import ApiException

from jupyter_kubeflow.errors import Conflict, Unprocessable
from jupyter_kubeflow.workspaces.edits import merge_patch
from jupyter_kubeflow.workspaces.items import ItemBuilder, phase_of
from jupyter_kubeflow.workspaces.kinds import kind_summary
from jupyter_kubeflow.workspaces.kube import (
    ControllerUnreachable,
    api_error,
    current_workspace_from_env,
)
from jupyter_kubeflow.workspaces.mounts import check_mount_paths
from jupyter_kubeflow.workspaces.pausing import check_pausable
from jupyter_kubeflow.workspaces.validate import check_name, check_schema

from .cluster import SAMPLES, workspace_manifest


def test_schema_errors_name_the_json_path() -> None:
    manifest = workspace_manifest("ok")
    manifest["spec"]["podTemplate"]["volumes"]["data"][0]["readOnly"] = "no"
    with pytest.raises(Unprocessable) as e:
        check_schema(manifest)
    assert e.value.field == "spec.podTemplate.volumes.data[0].readOnly"
    del manifest["spec"]["podTemplate"]["options"]["podConfig"]
    with pytest.raises(Unprocessable) as e:
        check_schema(manifest)
    assert e.value.field == "spec.podTemplate.options.podConfig"


def test_names_follow_dns_1123() -> None:
    assert check_name("my-ws.1", "metadata.name") == "my-ws.1"
    for bad in ("", "UPPER", "-start", "end-", "a" * 254, "under_score"):
        with pytest.raises(Unprocessable) as e:
            check_name(bad, "metadata.name")
        assert e.value.field == "metadata.name"


def test_merge_patch_follows_rfc_7386() -> None:
    target = {"a": {"b": 1, "c": 2}, "d": [1], "e": 1}
    merge_patch(target, {"a": {"b": None, "x": {"y": None, "z": 3}}, "d": [2], "e": None})
    assert target == {"a": {"c": 2, "x": {"z": 3}}, "d": [2]}


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/workspace/connect/team-a/my-ws/jupyterlab/", ("team-a", "my-ws")),
        ("/workspace/team-a/my-ws/", ("team-a", "my-ws")),
        ("/notebook/team-a/my-ws/", None),
        ("", None),
    ],
)
def test_current_workspace_from_nb_prefix(monkeypatch, prefix, expected) -> None:
    monkeypatch.setenv("NB_PREFIX", prefix)
    assert current_workspace_from_env() == expected


def test_item_marks_the_current_workspace_and_fills_the_url() -> None:
    obj = yaml.safe_load((SAMPLES / "sample_jupyterlab_v1beta1_workspace.yaml").read_text())
    obj["metadata"]["namespace"] = "team-a"
    builder = ItemBuilder("/ws/{namespace}/{name}/", ("team-a", obj["metadata"]["name"]), "h")
    item = builder.item(obj)
    assert item["isCurrent"] is True
    assert item["url"] == "/ws/team-a/jupyterlab-workspace/"
    assert (item["state"], item["paused"], item["homeVolume"]) == (
        "Unknown",
        False,
        "workspace-home-pvc",
    )
    assert item["dataVolumes"] == [
        {
            "pvcName": "workspace-data-pvc",
            "mountPath": "/data/my-data",
            "readOnly": False,
            "mounted": True,
        }
    ]
    other = ItemBuilder("/ws/{namespace}/{name}/", ("team-b", "x"), "h").item(obj)
    assert other["isCurrent"] is False


def test_kind_summary_keeps_hidden_options_and_redirects() -> None:
    obj = yaml.safe_load((SAMPLES / "sample_jupyterlab_v1beta1_workspacekind.yaml").read_text())
    kind = kind_summary(obj)
    ids = [o["id"] for o in kind["imageConfig"]["options"]]
    assert ids[0] == "jupyter-scipy:v1.8.0" and kind["imageConfig"]["default"] in ids
    redirects = {
        o["id"]: o["redirect"]["to"] for o in kind["imageConfig"]["options"] if o["redirect"]
    }
    assert redirects["jupyter-scipy:v1.8.0"] == "jupyter-scipy:v1.9.2"
    assert kind["podConfig"]["default"] in {o["id"] for o in kind["podConfig"]["options"]}


@pytest.mark.parametrize(
    ("state", "paused", "phase"),
    [
        ("Running", False, "Running"),
        ("Running", True, "Pausing"),  # spec.paused set, the pod not gone yet
        ("Terminating", True, "Pausing"),
        ("Paused", True, "Paused"),
        ("Paused", False, "Starting"),  # resumed, the controller not caught up
        ("Pending", False, "Starting"),
        ("Terminating", False, "Restarting"),  # pod replaced after a config change
        ("Error", False, "Error"),
        ("Error", True, "Pausing"),  # paused: its pod is going away (issue 23 item 12)
        ("Unknown", False, "Unknown"),
    ],
)
def test_phase_reads_the_controllers_state_with_spec_paused(state, paused, phase) -> None:
    """Upstream's generateWorkspaceState: Paused only once paused and the pod is gone."""
    assert phase_of(state, paused) == phase


def test_check_pausable_follows_upstreams_409s() -> None:
    """Upstream's HandlePauseAction: pause tests spec.paused == false; start tests
    spec.paused == true and status.state == Paused."""

    def obj(paused: bool, state: str) -> dict:
        return {"metadata": {"name": "w"}, "spec": {"paused": paused}, "status": {"state": state}}

    check_pausable(obj(False, "Running"), True)
    check_pausable(obj(True, "Paused"), False)
    for current, wanted in ((obj(True, "Running"), True), (obj(False, "Paused"), False)):
        with pytest.raises(Conflict):
            check_pausable(current, wanted)
    with pytest.raises(Conflict) as e:
        check_pausable(obj(True, "Running"), False)
    assert "cannot be resumed yet" in e.value.message


def test_mount_paths_taken_twice_are_refused_naming_the_field() -> None:
    """Upstream's generateStatefulSet silently skips a mount whose path is taken."""
    kind = {"spec": {"podTemplate": {"volumeMounts": {"home": "/home/jovyan"}}}}
    spec = workspace_manifest("ok")["spec"]
    check_mount_paths(spec, kind)
    spec["podTemplate"]["volumes"]["secrets"] = [{"secretName": "s", "mountPath": "/data/my-data"}]
    with pytest.raises(Unprocessable) as e:
        check_mount_paths(spec, kind)
    assert e.value.field == "spec.podTemplate.volumes.secrets[0].mountPath"
    spec["podTemplate"]["volumes"]["secrets"] = [{"secretName": "s", "mountPath": "/home/jovyan/"}]
    with pytest.raises(Unprocessable):
        check_mount_paths(spec, kind)


def test_webhook_failures_name_the_unreachable_controller() -> None:
    """The API server's answer when an admission webhook with failurePolicy Fail is down
    (its Status body, as kube-apiserver sends it)."""
    body = {
        "kind": "Status",
        "status": "Failure",
        "message": 'Internal error occurred: failed calling webhook "vworkspace.kb.io": '
        'failed to call webhook: Post "https://x/validate": dial tcp: connection refused',
        "reason": "InternalError",
        "code": 500,
    }
    error = ApiException(status=500, reason="Internal Server Error")
    error.body = json.dumps(body)
    mapped = api_error(error, "update", "workspaces", "team-a")
    assert isinstance(mapped, ControllerUnreachable) and mapped.status == 503
    assert mapped.details["webhook"] == "vworkspace.kb.io"


def test_an_edit_shows_the_chosen_option_until_the_controller_reconciles() -> None:
    obj = yaml.safe_load((SAMPLES / "sample_jupyterlab_v1beta1_workspace.yaml").read_text())
    obj["spec"]["podTemplate"]["options"]["podConfig"] = "small_cpu"
    obj["status"] = {"podTemplateOptions": {"podConfig": {"desired": "tiny_cpu"}}}
    item = ItemBuilder("/ws/{namespace}/{name}/", None, "h").item(obj)
    assert item["podConfig"] == {
        "current": "small_cpu",
        "desired": "small_cpu",
        "reconciled": False,
        "redirectChain": [],
    }
