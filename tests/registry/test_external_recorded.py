"""What the extension sends to an external registry (issue 10, items 1-5), recorded by a
proxy in front of the embedded registry that also stands in for the real server's quirks
(see ``recorder.py``: PATCH resets state, filters ignored on some lists, structs decoded).
"""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .recorder import RegistryRecorder
from .standalone import StandaloneRegistry

LIST_ROUTES = ("registered_models", "versions", "artifacts", "inference_services", "serves")


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(tmp_path / "upstream").start()
    yield server
    server.stop()


@pytest.fixture
def recorder(upstream: StandaloneRegistry) -> Iterator[RegistryRecorder]:
    rec = RegistryRecorder(upstream.url)
    yield rec
    rec.stop()


@pytest.fixture
def kubeflow_config(tmp_path: Path, recorder: RegistryRecorder) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data"), "registry_url": recorder.url}


def upstream_post(upstream: StandaloneRegistry, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{upstream.api}/{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


async def registered(api: Any) -> dict[str, Any]:
    from .jobs import register

    job = await register(api, {"uri": "s3://bucket/iris", "modelName": "iris", "versionName": "v1"})
    assert job["state"] == "SUCCEEDED", job
    return job["result"]


def check_lists_and_lookups(recorder: RegistryRecorder) -> None:
    gets = recorder.sent("GET")
    lists = [r for r in gets if r.path.rstrip("/").split("/")[-1] in LIST_ROUTES]
    assert lists, "no list was sent"
    for r in lists:
        assert r.query.get("pageSize"), f"a list without pageSize: {r}"
    for r in gets:
        if r.path == "model_version":  # item 4: name + parentResourceId
            assert set(r.query) >= {"name", "parentResourceId"}, r
        assert "name =" not in r.query.get("filterQuery", ""), r


async def test_edits_keep_the_archived_state(api: Any, recorder: RegistryRecorder) -> None:
    """Item 1: against the real server, editing an archived model's description from the
    tab made it LIVE again."""
    recorder.start()
    result = await registered(api)
    model_id, version_id = result["model"]["id"], result["version"]["id"]
    artifact_id = result["artifact"]["id"]
    for path in (f"registry/models/{model_id}", f"registry/versions/{version_id}"):
        code, out = await api(path, "PATCH", {"state": "ARCHIVED"})
        assert code == 200 and out["state"] == "ARCHIVED"
        code, out = await api(path, "PATCH", {"description": "edited"})
        assert code == 200, out
        assert out["state"] == "ARCHIVED" and out["description"] == "edited"
    code, out = await api(f"registry/artifacts/{artifact_id}", "PATCH", {"description": "d"})
    assert code == 200 and out["state"] == "LIVE", out
    patches = recorder.sent("PATCH")
    assert len(patches) == 5
    for r in patches:
        assert "state" in r.body, f"an update without the current state: {r}"
    assert patches[-1].body["artifactType"] == "model-artifact"
    code, detail = await api(f"registry/models/{model_id}")
    assert detail["model"]["state"] == "ARCHIVED"
    check_lists_and_lookups(recorder)


async def test_lists_send_a_page_size_and_follow_pages(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Item 2: the real server returns every row when pageSize is absent."""
    recorder.start()
    result = await registered(api)
    model_id = result["model"]["id"]
    for n in range(2, 106):  # more versions than one page of 100
        upstream_post(upstream, "model_versions", {"name": f"v{n}", "registeredModelId": model_id})
    code, page = await api("registry/models")
    assert code == 200 and len(page["items"]) == 1
    code, detail = await api(f"registry/models/{model_id}")
    assert code == 200 and len(detail["versions"]) == 105
    version_lists = [r for r in recorder.sent("GET") if r.path.endswith("/versions")]
    assert len(version_lists) == 2 and "nextPageToken" in version_lists[1].query
    check_lists_and_lookups(recorder)


async def test_inference_services_are_filtered_here(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Item 3: the real server ignores filterQuery on inference services."""
    recorder.start()
    first = await registered(api)
    model_id, v1 = first["model"]["id"], first["version"]["id"]
    v2 = upstream_post(upstream, "model_versions", {"name": "v2", "registeredModelId": model_id})
    env = upstream_post(upstream, "serving_environments", {"name": "team-a"})
    for name, version in (("serve-v1", v1), ("serve-v2", v2["id"])):
        upstream_post(
            upstream,
            "inference_services",
            {
                "name": name,
                "registeredModelId": model_id,
                "servingEnvironmentId": env["id"],
                "modelVersionId": version,
            },
        )
    code, detail = await api(f"registry/versions/{v1}")
    assert code == 200
    assert [s["name"] for s in detail["inferenceServices"]] == ["serve-v1"]
    check_lists_and_lookups(recorder)


async def test_struct_properties_read_in_both_forms(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Item 5: the real server answers a MetadataStructValue decoded, and refuses that
    form in a PATCH; the extension shows one form and writes back base64."""
    recorder.start()
    result = await registered(api)
    version_id = result["version"]["id"]
    encoded = base64.b64encode(b'{"layers":[64,32]}').decode()
    struct = {"metadataType": "MetadataStructValue", "struct_value": encoded}
    code, out = await api(
        f"registry/versions/{version_id}", "PATCH", {"customProperties": {"arch": struct}}
    )
    assert code == 200, out
    code, detail = await api(f"registry/versions/{version_id}")
    props = detail["version"]["customProperties"]
    assert json.loads(base64.b64decode(props["arch"]["struct_value"])) == {"layers": [64, 32]}
    # the browser sends back what it read plus a label, and the decoded form too
    decoded = {"metadataType": "MetadataStructValue", "struct_value": {"layers": [64, 32]}}
    for arch in (props["arch"], decoded):
        label = {"metadataType": "MetadataStringValue", "string_value": ""}
        code, out = await api(
            f"registry/versions/{version_id}",
            "PATCH",
            {"customProperties": {"arch": arch, "demo": label}},
        )
        assert code == 200, out
    for r in recorder.sent("PATCH"):
        for prop in r.body.get("customProperties", {}).values():
            if prop["metadataType"] == "MetadataStructValue":
                assert isinstance(prop["struct_value"], str)
                base64.b64decode(prop["struct_value"], validate=True)
