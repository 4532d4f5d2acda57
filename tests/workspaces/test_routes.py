"""Every workspaces route against the real kube-apiserver, checked from outside by kubectl."""

from __future__ import annotations

import asyncio
import itertools
import threading

from kubernetes import client
from kubernetes.client.rest import ApiException

from .cluster import NAMESPACE, kubectl, kubectl_json, set_status, unique_name, workspace_manifest
from .waiting import eventually


async def test_status_says_connected_with_server_context_namespace(api, cluster) -> None:
    code, body = await api("status")
    ws = body["workspaces"]
    assert code == 200
    assert ws["connected"] is True
    assert ws["server"].startswith("https://127.0.0.1:")
    assert (ws["context"], ws["namespace"], ws["error"]) == ("admin", NAMESPACE, None)
    assert ws["currentWorkspace"] is None


async def test_namespaces_lists_the_clusters_namespaces(api) -> None:
    code, body = await api("namespaces")
    assert code == 200
    assert {"team-a", "team-b", "default"} <= set(body["namespaces"])
    assert body["current"] == NAMESPACE and body["canList"] is True


async def test_workspacekinds_offer_options_hidden_and_redirects(api) -> None:
    code, body = await api("workspacekinds")
    assert code == 200
    kind = next(k for k in body["items"] if k["name"] == "jupyterlab")
    assert kind["displayName"] == "JupyterLab Notebook"
    assert (kind["hidden"], kind["deprecated"]) == (False, False)
    assert kind["icon"].startswith("https://")
    image = kind["imageConfig"]
    assert image["default"] == "jupyter-scipy:v1.10.0"
    old = next(o for o in image["options"] if o["id"] == "jupyter-scipy:v1.8.0")
    assert old["hidden"] is True
    assert old["redirect"]["to"] == "jupyter-scipy:v1.9.2"
    assert old["redirect"]["message"].endswith("updated from 3.6.6 to 4.2.5.")
    assert {"key": "python_version", "value": "3.11.6"} in old["labels"]
    newest = next(o for o in image["options"] if o["id"] == "jupyter-scipy:v1.10.0")
    assert newest["redirect"] is None and newest["hidden"] is False
    assert "tiny_cpu" in {o["id"] for o in kind["podConfig"]["options"]}


async def test_pvcs_and_secret_names_only(api) -> None:
    code, body = await api(f"namespaces/{NAMESPACE}/pvcs")
    assert code == 200
    home = next(p for p in body["items"] if p["name"] == "workspace-home-pvc")
    assert home == {
        "name": "workspace-home-pvc",
        "canMount": True,  # labelled can-mount (upstream's rule)
        "storage": "5Gi",
        "accessModes": ["ReadWriteOnce"],
    }
    code, body = await api(f"namespaces/{NAMESPACE}/secrets")
    assert code == 200
    assert {"name": "workspace-secret", "canMount": True} in body["items"]
    assert all(set(s) == {"name", "canMount"} for s in body["items"])  # never data


async def test_a_namespace_without_secrets_lists_none(api) -> None:
    """The API server answers an empty metadata-only list with ``"items": null``, not ``[]``
    (kube-apiserver's PartialObjectMetadataList); the route said 500 on it."""
    namespace = unique_name("empty")
    kubectl("create", "namespace", namespace)
    try:
        code, body = await api(f"namespaces/{namespace}/secrets")
        assert (code, body) == (200, {"items": []})
    finally:
        kubectl("delete", "namespace", namespace, "--wait=false")


async def test_create_pause_resume_edit_delete_seen_by_kubectl(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    code, item = await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name))
    assert code == 201, item
    assert (item["name"], item["namespace"], item["kind"]) == (name, NAMESPACE, "jupyterlab")
    assert item["url"] == f"https://kubeflow.example.com/workspace/{NAMESPACE}/{name}/"
    outside = kubectl_json("-n", NAMESPACE, "get", "workspace", name)
    assert outside["spec"]["podTemplate"]["options"]["imageConfig"] == "jupyter-scipy:v1.10.0"
    assert outside["spec"]["podTemplate"]["volumes"]["home"] == "workspace-home-pvc"

    # The list comes from the watch cache: the new workspace shows up there.
    listing = await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name for i in r[1]["items"]),
    )
    assert listing[1]["permissions"] == {
        "create": True,
        "update": True,
        "delete": True,
        "reasons": {},
    }

    code, item = await api(f"workspaces/{NAMESPACE}/{name}/pause", "POST")
    assert code == 200 and item["paused"] is True
    assert kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]["paused"] is True
    set_status(name, "Paused", "Workspace is paused")  # the controller, once the pod is gone
    code, item = await api(f"workspaces/{NAMESPACE}/{name}/resume", "POST")
    assert code == 200 and item["paused"] is False
    assert kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]["paused"] is False

    change = {
        "imageConfig": "jupyter-scipy:v1.9.2",
        "displayName": "Renamed",
        "podConfig": "tiny_cpu",
    }
    code, item = await api(f"workspaces/{NAMESPACE}/{name}", "PATCH", change)
    assert code == 200, item
    assert item["imageConfig"]["current"] == "jupyter-scipy:v1.9.2"
    assert item["displayName"] == "Renamed"
    spec = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]
    assert (spec["displayName"], spec["podTemplate"]["options"]["imageConfig"]) == (
        "Renamed",
        "jupyter-scipy:v1.9.2",
    )

    # The controller would resolve the redirect and flag the restart; we write its status.
    chain = [{"source": "jupyter-scipy:v1.9.2", "target": "jupyter-scipy:v1.10.0"}]
    set_status(name, "Running", "Pod is running", pending_restart=True, image_chain=chain)
    code, detail = await api(f"workspaces/{NAMESPACE}/{name}")
    assert code == 200
    assert detail["item"]["pendingRestart"] is True
    assert detail["item"]["state"] == "Running"
    assert detail["item"]["imageConfig"] == {
        "current": "jupyter-scipy:v1.9.2",
        "desired": "jupyter-scipy:v1.10.0",
        "reconciled": True,
        "redirectChain": [
            {
                **chain[0],
                "message": {
                    "text": "This update does not introduce any breaking changes in Python "
                    "packages from SciPy.",
                    "level": "Info",
                },
            }
        ],
    }
    assert detail["manifest"]["metadata"]["name"] == name
    assert "managedFields" not in detail["manifest"]["metadata"]

    code, body = await api(f"workspaces/{NAMESPACE}/{name}", "DELETE")
    assert (code, body) == (200, {"deleted": True})
    gone = kubectl("-n", NAMESPACE, "get", "workspace", name, check=False)
    assert gone.returncode != 0 and "NotFound" in gone.stderr
    code, body = await api(f"workspaces/{NAMESPACE}/{name}")
    assert code == 404 and name in body["message"]


async def test_create_refuses_invalid_workspaces_naming_the_field(api) -> None:
    name = unique_name()
    cases = {
        "metadata.name": workspace_manifest("Not_A_Name"),
        "spec.kind": workspace_manifest(name, kind="no-such-kind"),
        "spec.podTemplate.options.imageConfig": workspace_manifest(
            name,
            podTemplate={
                "options": {"imageConfig": "nope", "podConfig": "tiny_cpu"},
                "volumes": {},
            },
        ),
        "spec.podTemplate.volumes.data[0].mountPath": workspace_manifest(
            name,
            podTemplate={
                "options": {"imageConfig": "jupyter-scipy:v1.10.0", "podConfig": "tiny_cpu"},
                "volumes": {"data": [{"pvcName": "workspace-data-pvc", "mountPath": "relative"}]},
            },
        ),
        "spec.podTemplate.volumes": workspace_manifest(
            name,
            podTemplate={"options": {"imageConfig": "jupyter-scipy:v1.10.0", "podConfig": "x"}},
        ),
    }
    for field, manifest in cases.items():
        code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
        assert code == 422, (field, body)
        assert body["field"] == field, body
        assert body["message"]
    # Nothing was half-created.
    assert kubectl("-n", NAMESPACE, "get", "workspace", name, check=False).returncode != 0


async def test_create_twice_is_409(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    assert (await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name)))[0] == 201
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name))
    assert code == 409 and "already exists" in body["message"]


async def test_api_server_validation_is_422_with_its_field(api, cleanup) -> None:
    # The CRD's CEL rule (kind is immutable) is only known to the API server.
    name = unique_name()
    cleanup.append(name)
    assert (await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name)))[0] == 201
    code, body = await api(
        f"workspaces/{NAMESPACE}/{name}", "PATCH", {"patch": {"spec": {"kind": "other-kind"}}}
    )
    assert code == 422, body
    assert body["field"] == "spec.kind"
    assert "immutable" in body["message"]


async def test_patch_refuses_bad_bodies(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    assert (await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name)))[0] == 201
    path = f"workspaces/{NAMESPACE}/{name}"
    code, body = await api(path, "PATCH", {"color": "red"})
    assert code == 400 and body["field"] == "color"
    code, body = await api(path, "PATCH", {"paused": "yes"})
    assert code == 422 and body["field"] == "paused"
    code, body = await api(path, "PATCH", {"imageConfig": "no-such-image"})
    assert code == 422 and body["field"] == "spec.podTemplate.options.imageConfig"
    code, body = await api(f"workspaces/{NAMESPACE}/no-such-workspace", "PATCH", {"paused": True})
    assert code == 404
    spec = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]
    assert spec["paused"] is False  # nothing half-applied


async def test_concurrent_edits_all_land_after_conflict_retries(api, cleanup, monkeypatch) -> None:
    name = unique_name()
    cleanup.append(name)
    assert (await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name)))[0] == 201
    path = f"workspaces/{NAMESPACE}/{name}"
    # Each request reads, changes one label and replaces: they race on resourceVersion,
    # the API server answers 409 to the losers, and the service redoes them. So that a
    # race surely happens, the first two replaces wait for each other (both read the same
    # version: one must lose); a spy counts the API server's real answers.
    answers: list[int] = []
    first_two = threading.Barrier(2, timeout=20)
    calls = itertools.count()
    replace = client.CustomObjectsApi.replace_namespaced_custom_object

    def racing_replace(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if next(calls) < 2:
            first_two.wait()
        try:
            result = replace(self, *args, **kwargs)
        except ApiException as e:
            answers.append(e.status)
            raise
        answers.append(200)
        return result

    monkeypatch.setattr(client.CustomObjectsApi, "replace_namespaced_custom_object", racing_replace)
    results = await asyncio.gather(
        *(api(path, "PATCH", {"patch": {"metadata": {"labels": {f"k{i}": "v"}}}}) for i in range(8))
    )
    assert [code for code, _ in results] == [200] * 8, results
    assert 409 in answers, f"no conflict happened: {answers}"
    assert answers.count(200) == 8 and len(answers) == 8 + answers.count(409), answers
    labels = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["metadata"]["labels"]
    assert {f"k{i}" for i in range(8)} <= set(labels)


async def test_a_workspace_named_events_or_watch_is_reachable(api, cleanup) -> None:
    # The live stream is the list route with ?watch=1, so no name is shadowed by a route.
    for name in ("events", "watch"):
        cleanup.append(name)
        kubectl("-n", NAMESPACE, "delete", "workspace", name, "--ignore-not-found", "--wait")
        assert (await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(name)))[0] == 201
        code, body = await api(f"workspaces/{NAMESPACE}/{name}")
        assert code == 200 and body["item"]["name"] == name
        code, body = await api(f"workspaces/{NAMESPACE}/{name}/pause", "POST")
        assert code == 200 and body["paused"] is True
        code, body = await api(f"workspaces/{NAMESPACE}/{name}", "DELETE")
        assert code == 200 and body == {"deleted": True}
