"""Volumes (PVCs) of a namespace: GET/POST volumes/{ns}, DELETE volumes/{ns}/{name},
against the real kube-apiserver (no controllers: claims stay Pending), checked by kubectl."""

from __future__ import annotations

import pytest

from jupyter_kubeflow.errors import Unprocessable
from jupyter_kubeflow.workspaces.volumes import quantity_bytes

from . import storage_fixtures
from .cluster import NAMESPACE, kubectl, kubectl_json, set_status, unique_name
from .storage_fixtures import HOME_PATH, kubectl_create_json, pvc, workspace

made = storage_fixtures.made  # the fixture


def test_sizes_are_positive_kubernetes_quantities_up_to_1pi() -> None:
    """Upstream (models/pvcs StorageRequestsMutate.Validate) parses the size with
    resource.ParseQuantity; here also positive and at most 1Pi."""
    assert quantity_bytes("10Gi") == 10 * 2**30
    assert quantity_bytes("500M") == 500 * 10**6
    assert quantity_bytes("1.5Gi") == 1.5 * 2**30
    assert quantity_bytes("1e3") == 1000
    assert quantity_bytes("1Pi") == 2**50
    for bad in ("0", "0Gi", "-1Gi", "10Gi\n", " 10Gi", "10 Gi", "10GB", "Gi", "2Pi", "1e999",
                "1" * 65, "", None, 10):  # fmt: skip
        with pytest.raises(Unprocessable) as refused:
            quantity_bytes(bad)
        assert refused.value.field == "size"


async def test_list_says_which_workspace_mounts_each_volume_and_where(api, made) -> None:
    """Upstream's PVC list (repositories/pvcs GetPVCs, buildWorkspaceInfoMap): each claim
    with the workspaces whose spec mounts it, as home or data volume, with their state;
    storage classes listed beside (upstream GET /storageclasses)."""
    home, data, free = unique_name("home"), unique_name("data"), unique_name("free")
    ws = unique_name()
    storage_class = unique_name("sc")
    for name in (home, data, free):
        made.append(("pvc", name))
        kubectl_create_json(pvc(name, "3Gi"))
    made.append(("workspace", ws))
    kubectl_create_json(workspace(ws, home=home, data=[{"pvcName": data, "mountPath": "/data/x"}]))
    set_status(ws, "Running")
    made.append(("storageclass", storage_class))
    kubectl_create_json(
        {
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": {
                "name": storage_class,
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
            },
            "provisioner": "example.com/test",
        }
    )

    code, body = await api(f"volumes/{NAMESPACE}")
    assert code == 200
    items = {item["name"]: item for item in body["items"]}
    assert items[home]["usedBy"] == [
        {"name": ws, "state": "Running", "mountPath": HOME_PATH, "home": True, "mounted": True}
    ]
    assert items[data]["usedBy"] == [
        {"name": ws, "state": "Running", "mountPath": "/data/x", "home": False, "mounted": True}
    ]
    assert items[free]["usedBy"] == []
    assert (items[free]["canDelete"], items[free]["deleteReason"]) == (True, None)
    assert items[home]["canDelete"] is False and ws in items[home]["deleteReason"]
    assert items[free]["size"] == "3Gi" and items[free]["capacity"] is None
    assert items[free]["accessModes"] == ["ReadWriteOnce"]
    assert items[free]["phase"] == "Pending"  # no provisioner runs
    assert items[free]["created"].startswith("20") and items[free]["created"].endswith("Z")
    assert {
        "name": storage_class,
        "isDefault": True,
        "provisioner": "example.com/test",
        "canUse": False,  # not labelled notebooks.kubeflow.org/can-use
    } in body["storageClasses"]
    permissions = body["permissions"]
    assert (permissions["create"], permissions["delete"], permissions["reasons"]) == (
        True,
        True,
        {},
    )


async def test_create_labels_it_as_upstream_then_409_and_422s_naming_the_field(api, made) -> None:
    """Upstream's CreatePVC: the claim labelled can-mount/can-update "true"; 409 when it
    exists; 422 naming the field for a bad name, size, access mode or storage class."""
    name, storage_class = unique_name("vol"), unique_name("sc")
    made.append(("pvc", name))
    made.append(("storageclass", storage_class))
    kubectl_create_json(
        {
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": {
                "name": storage_class,
                "labels": {"notebooks.kubeflow.org/can-use": "true"},
            },
            "provisioner": "example.com/test",
        }
    )
    body = {"name": name, "size": "2Gi", "storageClass": storage_class}
    code, item = await api(f"volumes/{NAMESPACE}", "POST", body)
    assert code == 201, item
    assert (item["name"], item["size"], item["storageClass"]) == (name, "2Gi", storage_class)
    assert item["accessModes"] == ["ReadWriteOnce"] and item["usedBy"] == []
    seen = kubectl_json("-n", NAMESPACE, "get", "pvc", name)
    assert seen["metadata"]["labels"] == {
        "notebooks.kubeflow.org/can-mount": "true",
        "notebooks.kubeflow.org/can-update": "true",
    }
    assert seen["spec"]["resources"]["requests"]["storage"] == "2Gi"
    assert seen["spec"]["storageClassName"] == storage_class

    code, error = await api(f"volumes/{NAMESPACE}", "POST", body)
    assert code == 409 and error["field"] == "name"
    assert f"{name!r} already exists" in error["message"]

    fresh = unique_name("vol")
    made.append(("pvc", fresh))  # (only made if a check is broken)
    for change, field in (
        ({"name": "Bad_Name"}, "name"),
        ({"name": "x" * 254}, "name"),
        ({"size": "0"}, "size"),
        ({"size": "-1Gi"}, "size"),
        ({"size": "10Gi\n"}, "size"),
        ({"size": "2Pi"}, "size"),
        ({"size": 10}, "size"),
        ({"accessModes": ["ReadWriteOnce", "Sometimes"]}, "accessModes[1]"),
        ({"accessModes": []}, "accessModes"),
        ({"storageClass": unique_name("missing")}, "storageClass"),
    ):
        code, error = await api(f"volumes/{NAMESPACE}", "POST", {**body, "name": fresh, **change})
        assert (code, error.get("field")) == (422, field), (change, error)
    code, error = await api(f"volumes/{NAMESPACE}", "POST", {**body, "name": fresh, "x": 1})
    assert code == 400 and error["field"] == "x"
    # Nothing half-written.
    assert kubectl("-n", NAMESPACE, "get", "pvc", fresh, check=False).returncode != 0


async def test_delete_refused_while_a_workspace_mounts_it_then_204(api, made) -> None:
    """A claim in use cannot be deleted (409 naming the workspace), even by a paused
    workspace (upstream's backend leaves this to Kubernetes' in-use protection, which only
    sees pods); once no workspace mounts it: 204; a missing one: 404."""
    name, ws = unique_name("vol"), unique_name()
    made.append(("pvc", name))
    made.append(("workspace", ws))
    code, _ = await api(f"volumes/{NAMESPACE}", "POST", {"name": name, "size": "1Gi"})
    assert code == 201
    kubectl_create_json(workspace(ws, data=[{"pvcName": name, "mountPath": "/data/x"}]))
    set_status(ws, "Paused")  # no pod: Kubernetes alone would let it go

    code, error = await api(f"volumes/{NAMESPACE}/{name}", "DELETE")
    assert code == 409, error
    assert f"used by workspace {ws}" in error["message"]
    assert "deletionTimestamp" not in kubectl_json("-n", NAMESPACE, "get", "pvc", name)["metadata"]

    code, item = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", {"dataVolumes": []})
    assert code == 200 and item["dataVolumes"] == []
    code, body = await api(f"volumes/{NAMESPACE}/{name}", "DELETE")
    assert (code, body) == (204, None)
    # The API server's in-use protection finalizer (no controller here to lift it) keeps
    # the object, marked for deletion; the list says so.
    assert kubectl_json("-n", NAMESPACE, "get", "pvc", name)["metadata"]["deletionTimestamp"]
    code, listing = await api(f"volumes/{NAMESPACE}")
    item = next(i for i in listing["items"] if i["name"] == name)
    assert (item["phase"], item["canDelete"]) == ("Terminating", False)

    code, error = await api(f"volumes/{NAMESPACE}/{unique_name('missing')}", "DELETE")
    assert code == 404 and "There is no volume" in error["message"]
    code, error = await api(f"volumes/{NAMESPACE}/Bad_Name", "DELETE")
    assert code == 422 and error["field"] == "name"


class TestLimitedUser:
    """make cluster's user "dev" may get/list PVCs in team-a but not create or delete
    them, may not list storage classes, and has no access to secrets."""

    @pytest.fixture
    def kube_context(self) -> str:
        return "dev"

    async def test_may_list_not_create_permissions_say_why_and_post_is_403(self, api) -> None:
        code, body = await api(f"volumes/{NAMESPACE}")
        assert code == 200
        assert "workspace-home-pvc" in {i["name"] for i in body["items"]}
        assert body["storageClasses"] == []  # may not list them: none offered, no error
        permissions = body["permissions"]
        assert (permissions["create"], permissions["delete"]) == (False, False)
        reason = permissions["reasons"]["create"]
        assert reason.startswith(f"You may not create volumes in {NAMESPACE}")
        home = next(i for i in body["items"] if i["name"] == "workspace-home-pvc")
        assert home["canDelete"] is False and home["deleteReason"]

        code, error = await api(
            f"volumes/{NAMESPACE}", "POST", {"name": unique_name("vol"), "size": "1Gi"}
        )
        assert code == 403
        assert error["message"].startswith(
            f"You may not create persistent volume claims in {NAMESPACE}"
        )
        code, error = await api(f"secrets/{NAMESPACE}")
        assert code == 403
        assert error["message"].startswith(f"You may not list secrets in {NAMESPACE}")

    async def test_delete_is_403_from_kubernetes_and_the_claim_stays(self, api, made) -> None:
        name = unique_name("vol")
        made.append(("pvc", name))
        kubectl_create_json(pvc(name))  # as admin
        code, error = await api(f"volumes/{NAMESPACE}/{name}", "DELETE")
        assert code == 403
        assert error["message"].startswith(
            f"You may not delete persistent volume claims in {NAMESPACE}"
        )
        assert (
            "deletionTimestamp" not in kubectl_json("-n", NAMESPACE, "get", "pvc", name)["metadata"]
        )
