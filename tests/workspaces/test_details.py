"""Pod details of a workspace: GET workspaces/{ns}/{name}/details.

Upstream: kubeflow/notebooks notebooks-v2 ``GET /workspaces/{ns}/{name}/podtemplate/details``
(the pod named in ``status.podTemplatePod`` with its node and containers, the home volume at
the kind's ``volumeMounts.home``, data volumes, secrets, pod metadata) and ``common.Audit``
(``notebooks.kubeflow.org/created-by``/``updated-by`` annotations, else creation time).
"""

from __future__ import annotations

from jupyter_kubeflow.workspaces.details import audit

from .cluster import (
    NAMESPACE,
    kubectl,
    kubectl_create,
    kubectl_json,
    set_status,
    unique_name,
    workspace_manifest,
)
from .pods import create_pod, delete_pod, set_pod_running


async def test_details_of_a_running_workspace_from_its_live_pod(api, cleanup) -> None:
    """Pod name, node, containers (image, ready, restarts, state) from the live Pod; mounts
    with the kind's home mount path; who created it (no annotations: the writing program)."""
    name = unique_name()
    cleanup.append(name)
    pod = f"ws-{name}-0"
    kubectl_create(name)
    set_status(name, "Running", "up")
    try:
        create_pod(pod, name, node="node-1")
        set_pod_running(pod)
        code, body = await api(f"workspaces/{NAMESPACE}/{name}/details")
    finally:
        delete_pod(pod)
    assert code == 200, body
    assert body["pod"] == {
        "name": pod,
        "node": "node-1",
        "phase": "Running",
        "containers": [
            {"name": "main", "image": "example.com/main:1", "ready": True,
             "restartCount": 2, "state": "running"}
        ],
        "initContainers": [],
    }  # fmt: skip
    assert body["mounts"]["home"] == {
        "pvcName": "workspace-home-pvc",
        "mountPath": "/home/jovyan",
        "readOnly": False,
        # from the claim itself (no provisioner here: not bound)
        "size": "5Gi",
        "capacity": None,
        "storageClass": None,
        "phase": "Pending",
    }
    assert body["mounts"]["data"] == [
        {"pvcName": "workspace-data-pvc", "mountPath": "/data/my-data", "readOnly": False}
    ]
    assert body["mounts"]["secrets"] == []
    who = body["audit"]
    assert who["createdBy"] == "kubectl-create" and who["byManager"] is True
    assert who["createdAt"] and who["updatedAt"]


async def test_details_without_a_pod_and_with_audit_annotations(api, cleanup) -> None:
    """No pod yet: ``pod`` is null; the audit annotations, when set, say who."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name, paused=True)
    kubectl(
        "-n", NAMESPACE, "annotate", "workspace", name,
        "notebooks.kubeflow.org/created-by=ada@example.com",
        "notebooks.kubeflow.org/updated-by=grace@example.com",
        "notebooks.kubeflow.org/updated-at=2026-05-01T10:00:00Z",
    )  # fmt: skip
    code, body = await api(f"workspaces/{NAMESPACE}/{name}/details")
    assert code == 200, body
    assert body["pod"] is None
    assert body["audit"]["createdBy"] == "ada@example.com"
    assert body["audit"]["updatedBy"] == "grace@example.com"
    assert body["audit"]["updatedAt"] == "2026-05-01T10:00:00Z"
    assert body["audit"]["byManager"] is False


async def test_pod_named_in_status_but_gone_is_described_from_the_status(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    set_status(name, "Running", "up")  # names ws-<name>-0 on node-1; no such Pod
    code, body = await api(f"workspaces/{NAMESPACE}/{name}/details")
    assert code == 200, body
    assert (body["pod"]["name"], body["pod"]["node"], body["pod"]["phase"]) == (
        f"ws-{name}-0",
        "node-1",
        None,
    )


async def test_missing_workspace_is_404(api) -> None:
    code, body = await api(f"workspaces/{NAMESPACE}/no-such-workspace/details")
    assert code == 404
    assert body["message"] == f"Workspace {NAMESPACE}/no-such-workspace not found"


def test_audit_from_managed_fields_ignores_status_writes() -> None:
    """The controller writing status is not "who changed it"."""
    meta = {
        "creationTimestamp": "2026-01-01T00:00:00Z",
        "managedFields": [
            {"manager": "jupyter-kubeflow", "operation": "Update", "time": "2026-01-01T00:00:00Z"},
            {"manager": "kubectl-edit", "operation": "Update", "time": "2026-01-03T00:00:00Z"},
            {"manager": "controller", "operation": "Update", "subresource": "status",
             "time": "2026-01-04T00:00:00Z"},
        ],
    }  # fmt: skip
    assert audit(meta) == {
        "createdAt": "2026-01-01T00:00:00Z",
        "createdBy": "jupyter-kubeflow",
        "updatedAt": "2026-01-03T00:00:00Z",
        "updatedBy": "kubectl-edit",
        "byManager": True,
    }


async def test_who_created_and_changed_it_through_the_panel(api, cleanup) -> None:
    """Upstream's audit annotations (created-by/-at, updated-by/-at), stamped with the
    user's name as the API server knows it (SelfSubjectReview): make cluster's "admin"."""
    name = unique_name()
    cleanup.append(name)
    body = workspace_manifest(name)
    body["metadata"]["annotations"] = {"notebooks.kubeflow.org/created-by": "someone-else"}
    code, item = await api(f"workspaces/{NAMESPACE}", "POST", body)
    assert code == 201, item
    code, details = await api(f"workspaces/{NAMESPACE}/{name}/details")
    assert code == 200, details
    who = details["audit"]
    assert (who["createdBy"], who["updatedBy"], who["byManager"]) == ("admin", "admin", False)
    annotations = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["metadata"]["annotations"]
    assert annotations["notebooks.kubeflow.org/created-by"] == "admin"  # not forged
    assert annotations["notebooks.kubeflow.org/created-at"].endswith("Z")
    code, item = await api(f"workspaces/{NAMESPACE}/{name}", "PATCH", {"displayName": "B"})
    assert code == 200, item
    after = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["metadata"]["annotations"]
    assert after["notebooks.kubeflow.org/updated-by"] == "admin"
    assert (
        after["notebooks.kubeflow.org/updated-at"]
        >= annotations["notebooks.kubeflow.org/updated-at"]
    )


async def test_details_say_the_resources_and_whether_the_pod_runs_the_chosen_config(
    api, cleanup
) -> None:
    """Items 6 and 8. Resources are the chosen pod config's (upstream's
    WorkspaceResourceCards: its spec.resources, GPUs from the pod config); the home
    volume's size from its claim. The live pod is compared with the choice: after an edit
    of a workspace whose pod is in Error, the StatefulSet controller (OrderedReady) has
    not replaced it, and the details say the pod still runs the previous image."""
    name = unique_name()
    cleanup.append(name)
    pod = f"ws-{name}-0"
    kubectl_create(name)
    set_status(name, "Error", 'Back-off pulling image "x"')
    kind = kubectl_json("get", "workspacekind", "jupyterlab")
    values = kind["spec"]["podTemplate"]["options"]["imageConfig"]["values"]
    image = next(v for v in values if v["id"] == "jupyter-scipy:v1.10.0")["spec"]["image"]
    resources = {"requests": {"cpu": "100m", "memory": "128Mi"}}
    create_pod(pod, name, node="node-1", image=image, resources=resources)
    try:
        code, body = await api(f"workspaces/{NAMESPACE}/{name}/details")
        assert code == 200, body
        assert body["resources"] == {
            "podConfig": "tiny_cpu",
            "displayName": "Tiny CPU",
            "requests": {"cpu": "100m", "memory": "128Mi"},
            "limits": {},
            "gpus": 0,
        }
        assert body["outdated"] == []  # the pod runs what is chosen
        home = body["mounts"]["home"]
        assert (home["pvcName"], home["size"], home["phase"]) == (
            "workspace-home-pvc",
            "5Gi",
            "Pending",
        )

        code, item = await api(
            f"workspaces/{NAMESPACE}/{name}", "PATCH", {"imageConfig": "jupyter-scipy:v1.9.2"}
        )
        assert code == 200 and item["changesApply"] == "restart", item
        code, body = await api(f"workspaces/{NAMESPACE}/{name}/details")
        assert [d["what"] for d in body["outdated"]] == ["image"]
        assert body["outdated"][0]["pod"] == image
        assert body["outdated"][0]["chosen"].endswith("jupyter-scipy:v1.9.2")
    finally:
        delete_pod(pod)
