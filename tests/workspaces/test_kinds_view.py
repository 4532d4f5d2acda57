"""Issue 23 item 3: the Workspace kinds view. GET workspacekinds?usage=1 (each kind with
images, pod configs, ports, its workspaces and GPUs), GET/PUT/DELETE workspacekinds/{name}
and POST workspacekinds from YAML, against make cluster's kube-apiserver, whose CRD schema
and CEL rules are the validation (no controller webhook runs here)."""

from __future__ import annotations

import copy

import pytest
import yaml

from .cluster import (
    KIND,
    kubectl,
    kubectl_apply_json,
    kubectl_create,
    kubectl_json,
    set_status,
    unique_name,
)

GPU_CONFIG = {
    "id": "gpu_1",
    "spawner": {
        "displayName": "1 GPU",
        "description": "Pod with 1 GPU",
        "labels": [{"key": "gpu", "value": "1"}],
    },
    "spec": {"resources": {"requests": {"cpu": "1"}, "limits": {"nvidia.com/gpu": "1"}}},
}
GPU_OPTIONS = {
    "options": {"imageConfig": "jupyter-scipy:v1.10.0", "podConfig": "gpu_1"},
    "volumes": {"data": []},
}


def sample_kind(name: str) -> dict:
    """make cluster's sample kind under another name, with a GPU pod config."""
    kind = kubectl_json("get", "workspacekind", KIND)
    kind["metadata"] = {"name": name, "labels": {"test": "pytest"}}
    kind.pop("status", None)
    kind["spec"]["podTemplate"]["options"]["podConfig"]["values"].append(copy.deepcopy(GPU_CONFIG))
    return kind


@pytest.fixture
def kinds():
    """Names of kinds to delete after the test (and their workspaces, in team-a)."""
    names: list[str] = []
    yield names
    for name in names:
        kubectl("delete", "workspacekind", name, "--ignore-not-found", "--wait=false")


async def test_overview_lists_images_pod_configs_ports_and_gpu_use(api, cleanup, kinds) -> None:
    """The Notebooks 2.0 UI's kind summary (WorkspaceKindSummaryExpandableCard): GPUs in use
    are the running workspaces' (from each pod config), requested are all of them, idle
    GPU workspaces those not running."""
    kind = unique_name("k")
    kinds.append(kind)
    kubectl_apply_json(sample_kind(kind))
    running, paused, cpu = unique_name(), unique_name(), unique_name()
    cleanup.extend([running, paused, cpu])
    kubectl_create(running, kind=kind, podTemplate=GPU_OPTIONS)
    kubectl_create(paused, kind=kind, podTemplate=GPU_OPTIONS, paused=True)
    kubectl_create(cpu, kind=kind)
    set_status(running, "Running", "ok", pod_desired="gpu_1")
    set_status(paused, "Paused", "paused", pod_desired="gpu_1")
    set_status(cpu, "Running", "ok")

    code, body = await api("workspacekinds", params={"usage": "1"})
    assert code == 200, body
    entry = next(k for k in body["items"] if k["name"] == kind)
    scipy = next(i for i in entry["images"] if i["id"] == "jupyter-scipy:v1.10.0")
    assert scipy["image"] == "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0"
    assert scipy["ports"][0]["id"] == "jupyterlab" and scipy["ports"][0]["port"] == 8888
    old = next(i for i in entry["images"] if i["id"] == "jupyter-scipy:v1.9.2")
    assert old["redirect"]["to"] == "jupyter-scipy:v1.10.0"
    tiny = next(p for p in entry["podConfigs"] if p["id"] == "tiny_cpu")
    assert tiny["requests"] == {"cpu": "100m", "memory": "128Mi"} and tiny["gpus"] == 0
    gpu = next(p for p in entry["podConfigs"] if p["id"] == "gpu_1")
    assert (gpu["gpus"], gpu["limits"]) == (1, {"nvidia.com/gpu": "1"})
    assert entry["ports"] == [{"id": "jupyterlab", "displayName": "JupyterLab", "protocol": "HTTP"}]
    usage = entry["usage"]
    assert (usage["workspaces"], usage["running"]) == (3, 2)
    assert (usage["gpusInUse"], usage["gpusRequested"], usage["idleGpuWorkspaces"]) == (1, 2, 1)
    assert usage["byPhase"] == {"Running": 2, "Paused": 1}
    assert {w["name"] for w in usage["sample"]} == {running, paused, cpu}
    assert body["permissions"]["create"] is True and body["usageError"] is None


async def test_create_edit_and_delete_a_kind_from_yaml(api, cleanup, kinds) -> None:
    """A kind is created from YAML (a dry run first writes nothing), read back as YAML with
    its resourceVersion, replaced (a stale text is refused, 409), and deleted once no
    workspace uses it (409 naming them before)."""
    kind = unique_name("k")
    kinds.append(kind)
    text = yaml.safe_dump(sample_kind(kind), sort_keys=False)

    code, body = await api("workspacekinds", "POST", {"yaml": text}, params={"dryRun": "1"})
    assert code == 200 and body["dryRun"] is True, body
    assert kubectl("get", "workspacekind", kind, check=False).returncode != 0

    code, body = await api("workspacekinds", "POST", {"yaml": text})
    assert code == 201, body
    assert body["item"]["name"] == kind
    code, body = await api("workspacekinds", "POST", {"yaml": text})
    assert (code, body["field"]) == (409, "metadata.name"), body

    code, body = await api(f"workspacekinds/{kind}")
    assert code == 200, body
    shown = yaml.safe_load(body["yaml"])
    assert "status" not in shown and "managedFields" not in shown["metadata"]
    version = shown["metadata"]["resourceVersion"]
    shown["spec"]["spawner"]["displayName"] = "Renamed kind"
    code, body = await api(f"workspacekinds/{kind}", "PUT", {"yaml": yaml.safe_dump(shown)})
    assert code == 200, body
    assert kubectl_json("get", "workspacekind", kind)["spec"]["spawner"]["displayName"] == (
        "Renamed kind"
    )
    shown["metadata"]["resourceVersion"] = version  # the text read before the change
    code, body = await api(f"workspacekinds/{kind}", "PUT", {"yaml": yaml.safe_dump(shown)})
    assert code == 409 and "changed since" in body["message"], body

    ws = unique_name()
    cleanup.append(ws)
    kubectl_create(ws, kind=kind)
    code, body = await api(f"workspacekinds/{kind}", "DELETE")
    assert code == 409, body
    assert f"team-a/{ws}" in body["message"]
    kubectl("-n", "team-a", "delete", "workspace", ws)
    code, body = await api(f"workspacekinds/{kind}", "DELETE")
    assert code == 204, body
    code, body = await api(f"workspacekinds/{kind}")
    assert code == 404


async def test_refusals_name_the_field_and_its_line(api, kinds) -> None:
    """Unreadable YAML names its line; the API server's own refusals (the CRD's schema and
    CEL rules) are returned cause by cause, each with its field and the line of that field
    in the text, so the editor shows each at its place."""
    kind = unique_name("k")
    kinds.append(kind)
    code, body = await api("workspacekinds", "POST", {"yaml": "spec:\n  a: [1, 2\n"})
    assert (code, body["field"]) == (422, "yaml"), body
    assert body["details"]["line"] >= 2
    code, body = await api("workspacekinds", "POST", {"yaml": "a: &x [1]\nb: *x\n"})
    assert code == 422 and "aliases" in body["message"] and body["details"]["line"] == 2
    code, body = await api("workspacekinds", "POST", {"yaml": "apiVersion: v1\nkind: Pod\n"})
    assert (code, body["field"]) == (422, "apiVersion"), body

    broken = sample_kind(kind)
    del broken["spec"]["podTemplate"]["options"]["imageConfig"]["values"][1]["spec"]["image"]
    text = yaml.safe_dump(broken, sort_keys=False)
    code, body = await api("workspacekinds", "POST", {"yaml": text})
    assert code == 422, body
    field = "spec.podTemplate.options.imageConfig.values[1].spec.image"
    error = next(e for e in body["details"]["errors"] if e["field"] == field)
    lines = text.splitlines()
    # The image is missing: the line shown is its parent's ("spec:" of that value).
    assert lines[error["line"] - 1].strip() == "spec:", (error, lines[error["line"] - 1])
    assert kubectl("get", "workspacekind", kind, check=False).returncode != 0

    code, body = await api("workspacekinds", "POST", {"yaml": text, "x": 1})
    assert (code, body["field"]) == (422, "x")


class TestLimitedUser:
    """make cluster's "dev" may read WorkspaceKinds but not write them, nor list
    workspaces in all namespaces."""

    @pytest.fixture
    def kube_context(self) -> str:
        return "dev"

    async def test_may_read_not_write_and_is_told_why(self, api) -> None:
        code, body = await api("workspacekinds", params={"usage": "1"})
        assert code == 200, body
        assert any(k["name"] == KIND for k in body["items"])
        permissions = body["permissions"]
        assert (permissions["create"], permissions["update"], permissions["delete"]) == (
            False,
            False,
            False,
        )
        assert permissions["reasons"]["delete"].startswith("You may not delete workspace kinds")
        assert body["usageError"] and all(k["usage"] is None for k in body["items"])
        code, body = await api(f"workspacekinds/{KIND}")
        assert code == 200 and "jupyterlab" in body["yaml"]
        text = yaml.safe_dump(sample_kind(unique_name("k")))
        code, body = await api("workspacekinds", "POST", {"yaml": text})
        assert code == 403, body
        assert body["message"].startswith("You may not create workspace kinds")
