"""Pure parts without a cluster: schema paths, merge patch, NB_PREFIX, items and kinds."""

from __future__ import annotations

import pytest
import yaml

from jupyter_kubeflow.errors import Unprocessable
from jupyter_kubeflow.workspaces.edits import merge_patch
from jupyter_kubeflow.workspaces.items import ItemBuilder
from jupyter_kubeflow.workspaces.kinds import kind_summary
from jupyter_kubeflow.workspaces.kube import current_workspace_from_env
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
        {"pvcName": "workspace-data-pvc", "mountPath": "/data/my-data", "readOnly": False}
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
