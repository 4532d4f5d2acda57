"""Issue 23 items 9, 10 and 12: what a workspace may mount, as upstream's backend decides
(kubeflow/notebooks notebooks-v2: helper.ValidateKubernetesPVCIsMountable,
...SecretIsMountable, ...StorageClassIsUsable, called by the workspace create and update
and the PVC create), and what the controller really mounts. Against make cluster's
kube-apiserver; the objects are made the way a user's other tools would (kubectl)."""

from __future__ import annotations

import json

from . import storage_fixtures
from .cluster import NAMESPACE, kubectl, kubectl_json, set_status, unique_name, workspace_manifest
from .storage_fixtures import kubectl_create_json, pvc, workspace

made = storage_fixtures.made  # the fixture

CAN_MOUNT = "notebooks.kubeflow.org/can-mount=true"


def secret(name: str, mountable: bool) -> dict:
    labels = {"notebooks.kubeflow.org/can-mount": "true"} if mountable else {}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": NAMESPACE, "labels": labels},
        "stringData": {"token": "not-a-real-secret"},
    }


def storage_class(name: str, usable: bool, default: bool = False) -> dict:
    meta: dict = {"name": name}
    if usable:
        meta["labels"] = {"notebooks.kubeflow.org/can-use": "true"}
    if default:
        meta["annotations"] = {"storageclass.kubernetes.io/is-default-class": "true"}
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": meta,
        "provisioner": "example.com/test",
    }


def not_created(name: str) -> bool:
    return kubectl("-n", NAMESPACE, "get", "workspace", name, check=False).returncode != 0


async def test_create_refuses_a_pvc_or_secret_that_does_not_exist(api, made) -> None:
    """Item 9. Upstream's NewWorkspaceFromWorkspaceCreateModel (validateAndUnpackVolumes)
    refuses on create a home volume, data volume or secret that does not exist; the API
    server alone takes it (201) and the pod then waits for it forever (Error)."""
    ws, missing = unique_name(), unique_name("missing")
    made.append(("workspace", ws))  # (only made if a check is broken)
    manifest = workspace_manifest(ws)
    volumes = manifest["spec"]["podTemplate"]["volumes"]
    for where, change in (
        ("home", {"home": missing}),
        ("data[0].pvcName", {"data": [{"pvcName": missing, "mountPath": "/data/x"}]}),
        ("secrets[0].secretName", {"secrets": [{"secretName": missing, "mountPath": "/s"}]}),
    ):
        body = json.loads(json.dumps(manifest))
        body["spec"]["podTemplate"]["volumes"] = {**volumes, **change}
        code, error = await api(f"workspaces/{NAMESPACE}", "POST", body)
        field = f"spec.podTemplate.volumes.{where}"
        assert (code, error.get("field")) == (422, field), error
        kind = "Secret" if "secret" in where else "PersistentVolumeClaim"
        assert error["message"] == (
            f'{field}: {kind} "{missing}" not found in namespace "{NAMESPACE}"'
        ), error
        assert not_created(ws)


async def test_only_pvcs_and_secrets_labelled_can_mount_are_mounted(api, made) -> None:
    """Item 10. Upstream mounts only PVCs and Secrets labelled can-mount=true, on create
    (home, data, secrets) and on update (field.Forbidden, "... is not labeled with
    notebooks.kubeflow.org/can-mount=true"); its lists say canMount. An edit that does not
    newly mount an unlabelled claim is not refused (a workspace made elsewhere may have
    one)."""
    plain_pvc, plain_secret = unique_name("plain"), unique_name("plain")
    ws, other = unique_name(), unique_name()
    made.extend([("pvc", plain_pvc), ("secret", plain_secret)])
    made.extend([("workspace", ws), ("workspace", other)])
    kubectl_create_json(pvc(plain_pvc, mountable=False))
    kubectl_create_json(secret(plain_secret, mountable=False))

    for where, change in (
        ("home", {"home": plain_pvc}),
        ("data[0].pvcName", {"data": [{"pvcName": plain_pvc, "mountPath": "/data/x"}]}),
        ("secrets[0].secretName", {"secrets": [{"secretName": plain_secret, "mountPath": "/s"}]}),
    ):
        body = workspace_manifest(ws)
        body["spec"]["podTemplate"]["volumes"].update(change)
        code, error = await api(f"workspaces/{NAMESPACE}", "POST", body)
        field = f"spec.podTemplate.volumes.{where}"
        assert (code, error.get("field")) == (422, field), error
        name = plain_secret if "secret" in where else plain_pvc
        kind = "Secret" if "secret" in where else "PersistentVolumeClaim"
        assert error["message"].startswith(
            f'{field}: {kind} "{name}" in namespace "{NAMESPACE}" is not labeled with {CAN_MOUNT}'
        ), error
        assert not_created(ws)

    code, item = await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(ws))
    assert code == 201, item  # make cluster's own samples are labelled
    for change, field in (
        ({"dataVolumes": [{"pvcName": plain_pvc, "mountPath": "/d"}]}, "dataVolumes[0].pvcName"),
        ({"secrets": [{"secretName": plain_secret, "mountPath": "/s"}]}, "secrets[0].secretName"),
    ):
        code, error = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", change)
        assert (code, error.get("field")) == (422, field), error
        assert error["message"].startswith(field) and CAN_MOUNT in error["message"], error

    # Made elsewhere with the unlabelled claim: an unrelated edit is not refused.
    kubectl_create_json(workspace(other, data=[{"pvcName": plain_pvc, "mountPath": "/d"}]))
    code, item = await api(f"workspaces/{NAMESPACE}/{other}", "PATCH", {"podLabels": {"a": "b"}})
    assert code == 200, item

    # The lists the forms offer say which may be mounted.
    code, pvcs = await api(f"namespaces/{NAMESPACE}/pvcs")
    by_name = {p["name"]: p for p in pvcs["items"]}
    assert (by_name[plain_pvc]["canMount"], by_name["workspace-home-pvc"]["canMount"]) == (
        False,
        True,
    )
    code, secrets = await api(f"namespaces/{NAMESPACE}/secrets")
    by_name = {s["name"]: s for s in secrets["items"]}
    assert (by_name[plain_secret]["canMount"], by_name["workspace-secret"]["canMount"]) == (
        False,
        True,
    )
    code, volumes = await api(f"volumes/{NAMESPACE}")
    assert {v["name"]: v["canMount"] for v in volumes["items"]}[plain_pvc] is False

    # Once labelled (an administrator opts it in), it is mounted.
    kubectl("-n", NAMESPACE, "label", "pvc", plain_pvc, CAN_MOUNT)
    change = {"dataVolumes": [{"pvcName": plain_pvc, "mountPath": "/d"}]}
    code, item = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", change)
    assert code == 200, item


async def test_a_new_volume_uses_only_storage_classes_labelled_can_use(api, made) -> None:
    """Item 10. Upstream's CreatePVC (ValidateKubernetesStorageClassIsUsable): the class
    must exist and be labelled can-use=true; its class list says canUse. Without a class
    named, the cluster's default is the one used, so it is the one checked."""
    plain, usable = unique_name("sc"), unique_name("sc")
    volume = unique_name("vol")
    made.extend([("storageclass", plain), ("storageclass", usable), ("pvc", volume)])
    kubectl_create_json(storage_class(plain, usable=False, default=True))
    kubectl_create_json(storage_class(usable, usable=True))

    body = {"name": volume, "size": "1Gi", "storageClass": plain}
    code, error = await api(f"volumes/{NAMESPACE}", "POST", body)
    assert (code, error.get("field")) == (422, "storageClass"), error
    assert error["message"].startswith(
        f'storageClass: StorageClass "{plain}" is not labeled with '
        "notebooks.kubeflow.org/can-use=true"
    ), error
    code, error = await api(f"volumes/{NAMESPACE}", "POST", {"name": volume, "size": "1Gi"})
    assert (code, error.get("field")) == (422, "storageClass"), error
    assert f'default StorageClass "{plain}" is not labeled' in error["message"]
    assert kubectl("-n", NAMESPACE, "get", "pvc", volume, check=False).returncode != 0

    code, listing = await api(f"volumes/{NAMESPACE}")
    classes = {c["name"]: c["canUse"] for c in listing["storageClasses"]}
    assert (classes[plain], classes[usable]) == (False, True)

    code, item = await api(f"volumes/{NAMESPACE}", "POST", {**body, "storageClass": usable})
    assert code == 201, item
    assert item["canMount"] is True


async def test_used_by_shows_a_mount_the_controller_drops_as_not_mounted(api, made) -> None:
    """Item 12. Upstream's controller (generateStatefulSet) silently leaves out a secret
    mounted where a data volume already is; the webhook refuses no mount, so a workspace
    made with kubectl can have one. The Secrets page, the Volumes page and the item say
    it is not mounted (and why) rather than counting it."""
    ws = unique_name()
    made.append(("workspace", ws))
    kubectl_create_json(
        workspace(
            ws,
            data=[{"pvcName": "workspace-data-pvc", "mountPath": "/data/shared"}],
            secrets=[
                {"secretName": "workspace-secret", "mountPath": "/data/shared"},
                {"secretName": "workspace-secret", "mountPath": "/secrets/ok"},
            ],
        )
    )
    code, listing = await api(f"secrets/{NAMESPACE}")
    assert code == 200, listing
    used = next(s for s in listing["items"] if s["name"] == "workspace-secret")["usedBy"]
    mine = sorted((u for u in used if u["name"] == ws), key=lambda u: u["mountPath"])
    assert [(u["mountPath"], u["mounted"]) for u in mine] == [
        ("/data/shared", False),
        ("/secrets/ok", True),
    ]
    assert "workspace-data-pvc" in mine[0]["reason"]

    code, volumes = await api(f"volumes/{NAMESPACE}")
    data = next(v for v in volumes["items"] if v["name"] == "workspace-data-pvc")["usedBy"]
    assert [u["mounted"] for u in data if u["name"] == ws] == [True]

    code, body = await api(f"workspaces/{NAMESPACE}/{ws}")
    assert [s["mounted"] for s in body["item"]["secrets"]] == [False, True]
    assert "not mounted" in body["item"]["secrets"][0]["reason"].lower()


async def test_pausing_an_error_workspace_is_pausing(api, made) -> None:
    """Item 12. The controller keeps reporting Error until the pod is gone, then Paused:
    meanwhile the workspace is being paused, and upstream refuses Resume (409)."""
    ws = unique_name()
    made.append(("workspace", ws))
    kubectl_create_json(workspace(ws))
    set_status(ws, "Error", 'Back-off pulling image "jupyter-scipy:v9"')
    code, item = await api(f"workspaces/{NAMESPACE}/{ws}/pause", "POST")
    assert code == 200, item
    assert (item["state"], item["paused"], item["phase"]) == ("Error", True, "Pausing")
    assert kubectl_json("-n", NAMESPACE, "get", "workspace", ws)["spec"]["paused"] is True
