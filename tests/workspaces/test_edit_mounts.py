"""PATCH workspaces/{ns}/{name} with dataVolumes, secrets, podLabels, podAnnotations:
each replaces the list or map (upstream's WorkspaceUpdate podTemplate.volumes and
podMetadata), checked like a create, refusals naming the PATCH body's own field."""

from __future__ import annotations

import pytest

from . import storage_fixtures
from .cluster import NAMESPACE, kubectl_json, unique_name
from .storage_fixtures import HOME_PATH, kubectl_create_json, pvc, workspace

made = storage_fixtures.made  # the fixture


def spec_of(name: str) -> dict:
    return kubectl_json("-n", NAMESPACE, "get", "workspace", name)


async def test_edit_replaces_volumes_secrets_and_pod_metadata(api, made) -> None:
    """Upstream's PodVolumesMutate (data, secrets) and PodMetadataMutate (labels,
    annotations) replace the workspace's lists and maps; the item shows podLabels and
    podAnnotations."""
    ws, data = unique_name(), unique_name("data")
    made.extend([("pvc", data), ("workspace", ws)])
    kubectl_create_json(pvc(data))
    kubectl_create_json(workspace(ws, data=[{"pvcName": "workspace-data-pvc", "mountPath": "/d"}]))
    change = {
        "dataVolumes": [{"pvcName": data, "mountPath": "/data/new", "readOnly": True}],
        "secrets": [
            {"secretName": "workspace-secret", "mountPath": "/secrets/s", "defaultMode": 256}
        ],
        "podLabels": {"team": "a", "example.com/tier": ""},
        "podAnnotations": {"example.com/note": "any text: at all"},
    }
    code, item = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", change)
    assert code == 200, item
    mounted = {"mounted": True}
    assert item["dataVolumes"] == [{**v, **mounted} for v in change["dataVolumes"]]
    assert item["secrets"] == [{**s, **mounted} for s in change["secrets"]]
    assert (item["podLabels"], item["podAnnotations"]) == (
        change["podLabels"],
        change["podAnnotations"],
    )
    template = spec_of(ws)["spec"]["podTemplate"]
    assert template["volumes"]["data"] == change["dataVolumes"]
    assert template["volumes"]["secrets"] == change["secrets"]
    assert template["podMetadata"] == {
        "labels": change["podLabels"],
        "annotations": change["podAnnotations"],
    }


async def test_bad_mounts_and_labels_are_422_naming_the_patch_field(api, made) -> None:
    """Validated like a create (the CRD's mount path rule, existing PVCs and secrets,
    Kubernetes label rules, upstream's defaultMode 0..511, and the controller skipping a
    mount whose path is taken), named as the PATCH body names it; nothing is written."""
    ws = unique_name()
    made.append(("workspace", ws))
    kubectl_create_json(
        workspace(
            ws,
            home="workspace-home-pvc",
            data=[{"pvcName": "workspace-data-pvc", "mountPath": "/d"}],
        )
    )
    before = spec_of(ws)["metadata"]["resourceVersion"]
    ok = {"pvcName": "workspace-data-pvc", "mountPath": "/data/a"}
    sec = {"secretName": "workspace-secret", "mountPath": "/s"}
    missing = unique_name("missing")
    # the same path once normalised: the controller would leave the secret out
    clash = {"dataVolumes": [ok], "secrets": [{**sec, "mountPath": "/data/a/"}]}
    for change, field in (
        ({"dataVolumes": [{**ok, "mountPath": "data"}]}, "dataVolumes[0].mountPath"),
        ({"dataVolumes": [ok, {**ok, "mountPath": "/x\n"}]}, "dataVolumes[1].mountPath"),
        ({"dataVolumes": [ok, {"pvcName": missing, "mountPath": "/b"}]}, "dataVolumes[1].pvcName"),
        ({"dataVolumes": [{**ok, "pvcName": "Bad_Name"}]}, "dataVolumes[0].pvcName"),
        ({"dataVolumes": [{**ok, "readOnly": "yes"}]}, "dataVolumes[0].readOnly"),
        ({"dataVolumes": [{**ok, "mountPath": HOME_PATH}]}, "dataVolumes[0].mountPath"),
        (clash, "secrets[0].mountPath"),
        ({"secrets": [{**sec, "secretName": missing}]}, "secrets[0].secretName"),
        ({"secrets": [{**sec, "defaultMode": 512}]}, "secrets[0].defaultMode"),
        ({"secrets": sec}, "secrets"),
        ({"podLabels": {"bad key!": "x"}}, "podLabels.bad key!"),
        ({"podLabels": {"team": "x" * 64}}, "podLabels.team"),
        ({"podAnnotations": {"note": 5}}, "podAnnotations.note"),
    ):  # fmt: skip
        code, error = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", change)
        assert (code, error.get("field")) == (422, field), (change, error)
        assert error["message"].startswith(field) or field in error["message"], error
    assert spec_of(ws)["metadata"]["resourceVersion"] == before


class TestLimitedUser:
    """make cluster's user "dev" may update workspaces and list PVCs in team-a, but may not
    list secrets: its edits still go through (a secret it cannot list is left for the
    controller to find), and an unknown PVC is still refused."""

    @pytest.fixture
    def kube_context(self) -> str:
        return "dev"

    async def test_edit_mounts_without_listing_secrets(self, api, made) -> None:
        ws = unique_name()
        made.append(("workspace", ws))
        kubectl_create_json(workspace(ws))  # as admin
        change = {"secrets": [{"secretName": "workspace-secret", "mountPath": "/secrets/s"}]}
        code, item = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", change)
        assert code == 200, item
        stored = spec_of(ws)["spec"]["podTemplate"]["volumes"]["secrets"]
        assert stored == [{**change["secrets"][0], "defaultMode": 420}]  # the CRD's default
        missing = {"dataVolumes": [{"pvcName": unique_name("missing"), "mountPath": "/b"}]}
        code, error = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", missing)
        assert (code, error["field"]) == (422, "dataVolumes[0].pvcName")
