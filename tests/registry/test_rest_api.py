"""The v1 REST API of the embedded registry, called directly (method, path, query, body)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.store import RegistryStore


class Client:
    def __init__(self, api: RegistryAPI) -> None:
        self.api = api

    def __call__(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        raw = json.dumps(body).encode() if body is not None else None
        return self.api.handle(method, path, query, raw)

    def ok(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        status, out = self(method, path, body, **query)
        assert status in (200, 201), (status, out)
        return out


@pytest.fixture
def mr(tmp_path: Path) -> Client:
    return Client(RegistryAPI(RegistryStore(tmp_path / "r.db")))


def string(v: str) -> dict[str, Any]:
    return {"metadataType": "MetadataStringValue", "string_value": v}


def test_error_contract(mr: Client) -> None:
    status, body = mr("GET", "registered_models/42")
    assert status == 404 and set(body) == {"code", "message"}
    assert mr("POST", "registered_models", {"description": "no name"})[0] == 400
    assert mr("POST", "registered_models", {"name": ""})[0] == 400
    assert mr("POST", "registered_models", {"name": "a", "state": "DEAD"})[0] == 400
    assert mr("POST", "registered_models", {"name": 5})[0] == 400
    assert mr("POST", "registered_models", [1, 2])[0] == 400
    status, body = mr.api.handle("POST", "registered_models", {}, b"{not json")
    assert status == 400 and "JSON" in body["message"]
    nan = b'{"name": "n", "customProperties": {"x": {"metadataType": "MetadataDoubleValue", '
    status, body = mr.api.handle("POST", "registered_models", {}, nan + b'"double_value": NaN}}}')
    assert status == 400 and "NaN" in body["message"]
    mr.ok("POST", "registered_models", {"name": "a"})
    status, body = mr("POST", "registered_models", {"name": "a"})
    assert status == 409 and "already exists" in body["message"]
    status, body = mr("POST", "model_versions", {"name": "1", "registeredModelId": "99"})
    assert status == 422
    assert mr("GET", "registered_model")[0] == 400
    assert mr("GET", "registered_models", pageSize="x")[0] == 400
    assert mr("GET", "registered_models", orderBy="SIZE")[0] == 400
    assert mr("GET", "registered_models", sortOrder="UP")[0] == 400
    assert mr("GET", "registered_models", nextPageToken="%%%")[0] == 400
    assert mr("GET", "registered_models", filterQuery="name = ")[0] == 400
    assert mr("GET", "nothing_here")[0] == 404
    assert mr("DELETE", "registered_models/1")[0] == 405


def test_custom_property_types_round_trip(mr: Client) -> None:
    props = {
        "s": string("x"),
        "i": {"metadataType": "MetadataIntValue", "int_value": "-7"},
        "d": {"metadataType": "MetadataDoubleValue", "double_value": 0.5},
        "b": {"metadataType": "MetadataBoolValue", "bool_value": False},
        "st": {"metadataType": "MetadataStructValue", "struct_value": "eyJhIjogMX0="},
    }
    created = mr.ok("POST", "registered_models", {"name": "m", "customProperties": props})
    assert mr.ok("GET", f"registered_models/{created['id']}")["customProperties"] == props
    bad = {"x": {"metadataType": "MetadataIntValue", "int_value": "1.5"}}
    assert mr("POST", "registered_models", {"name": "n", "customProperties": bad})[0] == 400
    proto = {"x": {"metadataType": "MetadataProtoValue", "type": "t", "proto_value": "%%"}}
    status, body = mr("POST", "registered_models", {"name": "p", "customProperties": proto})
    assert status == 400 and "proto_value" in body["message"]
    extra = {"x": {"metadataType": "MetadataStringValue", "string_value": "a", "more": 1}}
    assert mr("POST", "registered_models", {"name": "n", "customProperties": extra})[0] == 400


def seed(mr: Client) -> dict[str, str]:
    ids = {}
    for name, acc, framework, epochs, live in (
        ("alpha-model", 0.91, "pytorch", "10", True),
        ("beta-model", 0.97, "sklearn", "3", True),
        ("Gamma", 0.80, "pytorch", "30", False),
    ):
        props = {
            "accuracy": {"metadataType": "MetadataDoubleValue", "double_value": acc},
            "framework": string(framework),
            "epochs": {"metadataType": "MetadataIntValue", "int_value": epochs},
            "mlflow.source.type": string("notebook" if live else "job"),
            "prod": {"metadataType": "MetadataBoolValue", "bool_value": live},
        }
        body = {"name": name, "customProperties": props}
        if not live:
            body["state"] = "ARCHIVED"
        ids[name] = mr.ok("POST", "registered_models", body)["id"]
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("name = 'beta-model'", ["beta-model"]),
        ('name = "beta-model"', ["beta-model"]),
        ("name != 'beta-model'", ["alpha-model", "Gamma"]),
        ("name <> 'beta-model'", ["alpha-model", "Gamma"]),
        ("name LIKE '%-model'", ["alpha-model", "beta-model"]),
        ("name LIKE 'gamma'", []),  # LIKE is case-sensitive
        ("name ILIKE 'gamma'", ["Gamma"]),
        ("state = 'ARCHIVED'", ["Gamma"]),
        ("accuracy > 0.9", ["alpha-model", "beta-model"]),
        ("accuracy >= 0.97", ["beta-model"]),
        ("accuracy < 0.9", ["Gamma"]),
        ("epochs <= 10", ["alpha-model", "beta-model"]),
        ("epochs.int_value = 30", ["Gamma"]),
        ("accuracy.double_value > 0.95", ["beta-model"]),
        ("framework.string_value = 'pytorch'", ["alpha-model", "Gamma"]),
        ("framework = 'pytorch' AND state = 'LIVE'", ["alpha-model"]),
        ("framework = 'sklearn' OR accuracy < 0.85", ["beta-model", "Gamma"]),
        ("(name = 'Gamma' OR name = 'beta-model') AND accuracy > 0.9", ["beta-model"]),
        ("name = 'Gamma' or (name = 'beta-model' and prod = TRUE)", ["beta-model", "Gamma"]),
        ("prod = false", ["Gamma"]),
        ("prod.bool_value = true", ["alpha-model", "beta-model"]),
        ("`mlflow.source.type` = 'notebook'", ["alpha-model", "beta-model"]),
        ("name IN ('Gamma', 'alpha-model', 'zzz')", ["alpha-model", "Gamma"]),
        ("id = 2", ["beta-model"]),
        ("id > 1", ["beta-model", "Gamma"]),
        ("createTimeSinceEpoch > 0", ["alpha-model", "beta-model", "Gamma"]),
        ("missing = 'x'", []),
        ("name = 'it''s' OR name = 'x\\'y'", []),
    ],
)
def test_filter_query(mr: Client, query: str, expected: list[str]) -> None:
    seed(mr)
    page = mr.ok("GET", "registered_models", filterQuery=query)
    assert [m["name"] for m in page["items"]] == expected


@pytest.mark.parametrize(
    "query",
    [
        "name =",
        "name = 'x' AND",
        "(name = 'x'",
        "name = 'x')",
        "= 'x'",
        "name LIKE 5",
        "name IN ()",
        "name ~ 'x'",
        "name = 'unterminated",
        "name = 'x'; DROP TABLE entity",
    ],
)
def test_filter_query_errors(mr: Client, query: str) -> None:
    status, body = mr("GET", "registered_models", filterQuery=query)
    assert status == 400 and "filterQuery" in body["message"]
    assert mr.ok("GET", "registered_models")["size"] == 0  # still there, still works


def test_paging_and_ordering(mr: Client) -> None:
    names = [f"m{n:02d}" for n in range(25)]
    for name in reversed(names):
        mr.ok("POST", "registered_models", {"name": name})
    seen, token = [], ""
    while True:
        page = mr.ok("GET", "registered_models", orderBy="NAME", pageSize="10", nextPageToken=token)
        assert page["size"] == len(page["items"]) <= 10 and page["pageSize"] == 10
        seen += [m["name"] for m in page["items"]]
        token = page["nextPageToken"]
        if not token:
            break
    assert seen == names
    desc = mr.ok("GET", "registered_models", orderBy="ID", sortOrder="DESC", pageSize="3")
    assert [m["name"] for m in desc["items"]] == ["m00", "m01", "m02"]
    # Times are in milliseconds (as the real registry's); ties go to the higher id. Touch
    # model 5 only once the clock has left the millisecond the last model was made in, or
    # on a fast machine both share it and m00 (id 25) rightly comes first.
    newest = int(desc["items"][0]["lastUpdateTimeSinceEpoch"])
    deadline = time.monotonic() + 5
    while time.time_ns() // 1_000_000 <= newest and time.monotonic() < deadline:
        time.sleep(0.001)
    mr.ok("PATCH", "registered_models/5", {"description": "touched"})
    recent = mr.ok("GET", "registered_models", orderBy="LAST_UPDATE_TIME", sortOrder="DESC")
    assert recent["items"][0]["id"] == "5"


def test_versions_artifacts_and_find(mr: Client) -> None:
    model = mr.ok("POST", "registered_models", {"name": "m"})
    other = mr.ok("POST", "registered_models", {"name": "other"})
    v1 = mr.ok("POST", f"registered_models/{model['id']}/versions", {"name": "v1"})
    assert v1["registeredModelId"] == model["id"] and v1["state"] == "LIVE"
    v2 = mr.ok("POST", "model_versions", {"name": "v2", "registeredModelId": model["id"]})
    mr.ok("POST", "model_versions", {"name": "v1", "registeredModelId": other["id"]})
    assert mr("POST", "model_versions", {"name": "v1", "registeredModelId": model["id"]})[0] == 409
    listed = mr.ok("GET", f"registered_models/{model['id']}/versions")
    assert [v["name"] for v in listed["items"]] == ["v1", "v2"]
    found = mr.ok("GET", "model_version", name="v1", parentResourceId=model["id"])
    assert found["id"] == v1["id"]
    assert mr("GET", "model_version", name="v9", parentResourceId=model["id"])[0] == 404

    art = {"artifactType": "model-artifact", "name": "weights", "uri": "s3://b/w"}
    created = mr("POST", f"model_versions/{v1['id']}/artifacts", art)
    assert created[0] == 201 and created[1]["artifactType"] == "model-artifact"
    doc = {"artifactType": "doc-artifact", "name": "readme", "uri": "https://docs/x"}
    mr.ok("POST", f"model_versions/{v1['id']}/artifacts", doc)
    # upsert: an existing artifact id updates it (200)
    again = {**art, "id": created[1]["id"], "uri": "s3://b/w2"}
    status, updated = mr("POST", f"model_versions/{v1['id']}/artifacts", again)
    assert status == 200 and updated["uri"] == "s3://b/w2"
    both = mr.ok("GET", f"model_versions/{v1['id']}/artifacts")
    assert [a["artifactType"] for a in both["items"]] == ["model-artifact", "doc-artifact"]
    docs = mr.ok("GET", f"model_versions/{v1['id']}/artifacts", artifactType="doc-artifact")
    assert [a["name"] for a in docs["items"]] == ["readme"]
    assert mr.ok("GET", f"model_versions/{v2['id']}/artifacts")["items"] == []
    found = mr.ok("GET", "model_artifact", name="weights", parentResourceId=v1["id"])
    assert found["uri"] == "s3://b/w2"
    assert mr("GET", f"model_artifacts/{docs['items'][0]['id']}")[0] == 404  # not a model one
    assert mr.ok("GET", f"artifacts/{docs['items'][0]['id']}")["artifactType"] == "doc-artifact"
    status, _ = mr("PATCH", f"artifacts/{found['id']}", {"artifactType": "doc-artifact"})
    assert status == 400
    patched = mr.ok("PATCH", f"model_artifacts/{found['id']}", {"state": "DELETED"})
    assert patched["state"] == "DELETED" and patched["uri"] == "s3://b/w2"
    loose = mr.ok("POST", "model_artifacts", {"name": "loose", "uri": "file:///x"})
    assert loose["artifactType"] == "model-artifact"
    assert len(mr.ok("GET", "model_artifacts")["items"]) == 2
    archived = mr.ok("PATCH", f"model_versions/{v2['id']}", {"state": "ARCHIVED"})
    assert archived["state"] == "ARCHIVED" and archived["name"] == "v2"


def test_serving_environments_and_inference_services(mr: Client) -> None:
    model = mr.ok("POST", "registered_models", {"name": "m"})
    v1 = mr.ok("POST", f"registered_models/{model['id']}/versions", {"name": "v1"})
    v2 = mr.ok("POST", f"registered_models/{model['id']}/versions", {"name": "v2"})
    env = mr.ok("POST", "serving_environments", {"name": "team-a"})
    assert mr.ok("GET", "serving_environment", name="team-a")["id"] == env["id"]
    body = {"name": "isvc", "registeredModelId": model["id"], "servingEnvironmentId": env["id"]}
    isvc = mr.ok("POST", "inference_services", body)
    assert isvc["desiredState"] == "DEPLOYED"
    assert mr.ok("GET", f"inference_services/{isvc['id']}/version")["id"] == v2["id"]  # latest
    mr.ok("PATCH", f"inference_services/{isvc['id']}", {"modelVersionId": v1["id"]})
    assert mr.ok("GET", f"inference_services/{isvc['id']}/version")["id"] == v1["id"]
    assert mr.ok("GET", f"inference_services/{isvc['id']}/model")["id"] == model["id"]
    nested = mr.ok("GET", f"serving_environments/{env['id']}/inference_services")
    assert [i["name"] for i in nested["items"]] == ["isvc"]
    by_version = mr.ok("GET", "inference_services", filterQuery=f"modelVersionId = '{v1['id']}'")
    assert [i["id"] for i in by_version["items"]] == [isvc["id"]]
    serve = mr("POST", f"inference_services/{isvc['id']}/serves", {"modelVersionId": v1["id"]})
    assert serve[0] == 201
    serves = mr.ok("GET", f"inference_services/{isvc['id']}/serves")
    assert [s["modelVersionId"] for s in serves["items"]] == [v1["id"]]
    bad = {**body, "name": "x", "servingEnvironmentId": "999"}
    assert mr("POST", "inference_services", bad)[0] == 400
    status, _ = mr("POST", f"inference_services/{isvc['id']}/serves", {"modelVersionId": "999"})
    assert status == 400


def test_store_reopens_with_data_and_schema_version(tmp_path: Path) -> None:
    store = RegistryStore(tmp_path / "r.db")
    Client(RegistryAPI(store)).ok("POST", "registered_models", {"name": "kept"})
    store.close()
    reopened = RegistryStore(tmp_path / "r.db")
    found = Client(RegistryAPI(reopened)).ok("GET", "registered_model", name="kept")
    assert found["name"] == "kept"
    version = reopened._conn().execute("PRAGMA user_version").fetchone()[0]
    assert version == 4
    mode = reopened._conn().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_migration_from_schema_1_keeps_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jupyter_kubeflow.registry import store as store_module

    all_migrations = list(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", all_migrations[:1])
    old = RegistryStore(tmp_path / "r.db")
    Client(RegistryAPI(old)).ok("POST", "registered_models", {"name": "from-v1"})
    old.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", all_migrations)
    new = RegistryStore(tmp_path / "r.db")
    assert new._conn().execute("PRAGMA user_version").fetchone()[0] == len(all_migrations)
    indexes = {r[1] for r in new._conn().execute("PRAGMA index_list(entity)")}
    assert "entity_by_sort_name" in indexes
    page = Client(RegistryAPI(new)).ok("GET", "registered_models", orderBy="NAME")
    assert [m["name"] for m in page["items"]] == ["from-v1"]
