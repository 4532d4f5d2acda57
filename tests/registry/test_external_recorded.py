"""What the extension sends to an external registry (issue 10, items 1-5; issue 22,
items 5, 6, 8, 9 and 10), recorded by a proxy in front of the embedded registry that also
stands in for the real server's quirks (see ``recorder.py``: PATCH resets state, filters
ignored on some lists, structs decoded and then in the way of a PATCH, orderBy=NAME ignored).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry.service import sorts_by_name

from .jobs import register
from .peers import S3Server
from .recorder import RegistryRecorder
from .standalone import StandaloneRegistry
from .test_register_failures import s3_config

LIST_ROUTES = ("registered_models", "versions", "artifacts", "inference_services", "serves")


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(tmp_path / "upstream").start()
    yield server
    server.stop()


@pytest.fixture
def recorder(
    request: pytest.FixtureRequest, upstream: StandaloneRegistry
) -> Iterator[RegistryRecorder]:
    # parametrized indirectly with False: a plain recorder, no stand-in for the real server
    rec = RegistryRecorder(upstream.url, real_server_quirks=getattr(request, "param", True))
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


STRUCT = {
    "metadataType": "MetadataStructValue",
    "struct_value": base64.b64encode(b'{"layers":[64,32]}').decode(),
}


async def test_an_entity_holding_a_struct_stays_editable(
    api: Any, recorder: RegistryRecorder
) -> None:
    """Issue 22 item 5: on the real server, once a model, version or artifact holds a struct
    property, a PATCH without customProperties fails (400 "unable to decode illegal base64
    data ... for key cfg"): archive, restore and every edit through the tab failed."""
    recorder.start()
    result = await registered(api)
    paths = (
        f"registry/models/{result['model']['id']}",
        f"registry/versions/{result['version']['id']}",
        f"registry/artifacts/{result['artifact']['id']}",
    )
    label = {"metadataType": "MetadataStringValue", "string_value": ""}
    for path in paths:
        code, out = await api(path, "PATCH", {"customProperties": {"cfg": STRUCT, "x": label}})
        assert code == 200, out
        states = ("LIVE", "ARCHIVED") if "artifacts" not in path else ("PENDING", "LIVE")
        for change in ({"state": states[1]}, {"state": states[0]}, {"description": "edited"}):
            code, out = await api(path, "PATCH", change)
            assert code == 200, (path, change, out)
            assert all(out.get(k) == v for k, v in change.items()), out
            assert set(out["customProperties"]) == {"cfg", "x"}, out
            cfg = out["customProperties"]["cfg"]["struct_value"]
            assert json.loads(base64.b64decode(cfg)) == {"layers": [64, 32]}
    for r in recorder.sent("PATCH"):
        assert r.status == 200, r


async def test_name_order_is_refused_where_the_registry_ignores_it(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Issue 22 item 6: the real server ignores orderBy=NAME (id order, no error); the tab
    offered "Name" and showed the models in id order under it."""
    recorder.start()
    for name in ("zeta", "alpha", "mid"):  # id order is not name order
        upstream_post(upstream, "registered_models", {"name": name})
    code, page = await api("registry/models?orderBy=CREATE_TIME&sortOrder=ASC")
    assert code == 200 and [m["name"] for m in page["items"]] == ["zeta", "alpha", "mid"]
    assert page["orders"] == ["ID", "CREATE_TIME", "LAST_UPDATE_TIME"]
    code, out = await api("registry/models?orderBy=NAME&sortOrder=ASC")
    assert code == 400 and out["field"] == "orderBy", out
    assert "ignores orderBy=NAME" in out["message"]


@pytest.mark.parametrize("recorder", [False], indirect=True)
async def test_name_order_is_offered_where_the_registry_applies_it(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Issue 22 item 6, the other side: an external registry that sorts by name (here the
    embedded one behind a plain recorder) keeps the order on offer, and it is applied."""
    recorder.start()
    for name in ("zeta", "alpha"):
        upstream_post(upstream, "registered_models", {"name": name})
    code, page = await api("registry/models?orderBy=NAME&sortOrder=ASC")
    assert code == 200, page
    assert [m["name"] for m in page["items"]] == ["alpha", "zeta"]
    assert "NAME" in page["orders"]


@pytest.mark.parametrize(
    ("names", "verdict"),
    [
        (["b", "a"], False),  # in id order, names clearly not: NAME ignored
        (["zeta", "Alpha"], False),
        (["a", "b"], None),  # id order is name order: cannot tell
        (["a"], None),
        ([], None),
        (["ab", "a-c"], None),  # code points say out of order, ICU (letters only) not
        (["B", "a"], None),  # code points say out of order, case folded not
    ],
)
def test_whether_a_page_shows_name_order_applied(names: list[str], verdict: bool | None) -> None:
    items = [{"id": str(n + 1), "name": name} for n, name in enumerate(names)]
    assert sorts_by_name(items) is verdict
    if len(items) > 1:  # out of id order: the registry ordered them by something: NAME
        assert sorts_by_name(items[::-1]) is True


def hand_out_ids_from(upstream: StandaloneRegistry, first: int) -> None:
    """Make the upstream's next id ``first`` (its ids come from SQLite's AUTOINCREMENT)."""
    with sqlite3.connect(upstream.data_dir / "registry" / "registry.db") as conn:
        if not conn.execute(
            "UPDATE sqlite_sequence SET seq = ? WHERE name = 'entity'", (first - 1,)
        ).rowcount:
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('entity', ?)", (first - 1,)
            )


async def test_ids_up_to_the_real_servers_int32_are_accepted(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Issue 22 item 8: the real server hands out ids up to 2,147,483,647; the extension
    listed a model with a 10-digit id and then answered 404 for it."""
    recorder.start()
    hand_out_ids_from(upstream, 2_147_483_640)
    result = await registered(api)
    model_id, version_id = result["model"]["id"], result["version"]["id"]
    assert len(model_id) == 10, model_id
    code, page = await api("registry/models")
    assert code == 200 and [m["id"] for m in page["items"]] == [model_id]
    code, detail = await api(f"registry/models/{model_id}")
    assert code == 200 and [v["id"] for v in detail["versions"]] == [version_id]
    code, detail = await api(f"registry/versions/{version_id}")
    assert code == 200 and detail["model"]["id"] == model_id
    code, out = await api(f"registry/models/{model_id}", "PATCH", {"state": "ARCHIVED"})
    assert code == 200 and out["state"] == "ARCHIVED"
    # bounded: longer than any id a registry hands out is no id (404, never a 500)
    code, out = await api("registry/models/" + "9" * 20)
    assert code == 404, out


class TestLocalFilesToAnExternalRegistry:
    """Issue 22 item 9: a file registered to an external registry with the local storage
    got a file:// URI that exists only on this Jupyter server; KServe cannot read it."""

    @pytest.fixture
    def model_file(self, jp_root_dir: Path) -> Path:
        path = jp_root_dir / "iris.onnx"
        path.write_bytes(b"onnx" * 100)
        return path

    async def test_said_before_registering_and_refused_by_deploy(
        self, api: Any, recorder: RegistryRecorder, model_file: Path
    ) -> None:
        recorder.start()
        code, status = await api("status")
        assert status["registry"]["defaultStorage"] == "local"  # nothing else configured
        body = {"path": "iris.onnx", "modelName": "iris", "versionName": "v1"}
        code, out = await api("registry/register", "POST", body)
        assert code == 422 and out["field"] == "storage", out
        assert "file:// URI names a path on this Jupyter server only" in out["message"]
        assert "configure S3 (registry_s3_bucket) or OCI" in out["message"]
        code, out = await api(
            "registry/register", "POST", {**body, "path": "", "uri": "file:///srv/iris.onnx"}
        )
        assert code == 422 and out["field"] == "uri", out
        assert not recorder.sent("POST"), "nothing is registered before the user agreed"
        job = await register(api, {**body, "allowLocalUri": True, "modelFormatName": "onnx"})
        assert job["state"] == "SUCCEEDED", job
        assert job["result"]["artifact"]["uri"].startswith("file://")
        version_id = job["result"]["version"]["id"]
        deploy = {"namespace": "team-a", "name": "iris", "apply": False}
        code, out = await api(f"registry/versions/{version_id}/deploy", "POST", deploy)
        assert code == 422 and out["field"] == "uri", out
        assert "KServe in the cluster cannot read it" in out["message"]

    @pytest.fixture
    def kubeflow_config(
        self,
        request: pytest.FixtureRequest,
        tmp_path: Path,
        recorder: RegistryRecorder,
        monkeypatch: pytest.MonkeyPatch,
    ) -> dict[str, Any]:
        config = {"data_dir": str(tmp_path / "kubeflow-data"), "registry_url": recorder.url}
        if "s3_server" in request.fixturenames:
            s3 = request.getfixturevalue("s3_server")
            config.update(s3_config(s3, monkeypatch, "external"))
        return config

    async def test_configured_object_storage_is_the_default(
        self, api: Any, recorder: RegistryRecorder, s3_server: S3Server, model_file: Path
    ) -> None:
        recorder.start()
        code, status = await api("status")
        assert status["registry"]["storage"] == ["local", "s3"]
        assert status["registry"]["defaultStorage"] == "s3"
        body = {"path": "iris.onnx", "modelName": "iris", "versionName": "v1"}
        job = await register(api, body)
        assert job["state"] == "SUCCEEDED", job
        assert job["result"]["artifact"]["uri"].startswith("s3://")
        code, out = await api("registry/register", "POST", {**body, "storage": "local"})
        assert code == 422 and "choose storage s3 (configured here)" in out["message"], out


async def test_a_kubeflow_run_is_recorded_as_the_models_source(
    api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
) -> None:
    """Issue 22 item 10: registering from a Kubeflow run records the run on the model
    artifact as the spec's source fields, which other registry UIs (and the official
    client) read to link back; the run's lineage stays on the version as before."""
    from model_registry import ModelRegistry

    recorder.start()
    source = {
        "kind": "kfp",
        "class": "pipelinerun",
        "group": "team-a",
        "id": "5f0e0d2c-77aa-4c1e-9d7e-0b1f6f6b9c11",
        "name": "train 3f2a",
    }
    body = {
        "uri": "minio://mlpipeline/v2/artifacts/train/5f0e/fit/model",
        "modelName": "fit-model",
        "versionName": "v1",
        "lineage": {"notebook": "train.ipynb", "pipeline": "train", "runId": "3f2a"},
        "modelSource": source,
    }
    job = await register(api, body)
    assert job["state"] == "SUCCEEDED", job
    artifact = job["result"]["artifact"]
    assert {k: artifact.get(f"modelSource{k.title()}") for k in source} == source
    assert job["result"]["version"]["customProperties"]["kubeflow.run_id"] == {
        "metadataType": "MetadataStringValue",
        "string_value": "3f2a",
    }
    registry = ModelRegistry("http://127.0.0.1", port=upstream.port, author="a", is_secure=False)
    read = registry.get_model_artifact("fit-model", "v1")
    assert read is not None
    assert (read.model_source_kind, read.model_source_class) == ("kfp", "pipelinerun")
    assert (read.model_source_group, read.model_source_id) == ("team-a", source["id"])
    assert read.model_source_name == "train 3f2a"
    for bad, field in (
        ({"class": "pipelinerun"}, "modelSource.kind"),
        ({"kind": "kfp", "run": "x"}, "modelSource.run"),
        ({"kind": 7}, "modelSource.kind"),
        ("kfp", "modelSource"),
    ):
        code, out = await api(
            "registry/register", "POST", {**body, "versionName": "v2", "modelSource": bad}
        )
        assert code == 400 and out["field"] == field, (bad, out)
