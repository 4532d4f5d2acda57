"""Where the real Kubeflow Model Registry server (kubeflow/hub, internal/server/openapi) or
the spec is right, the embedded registry does the same (issue 10, items 6, 8 and 10)."""

from __future__ import annotations

import json
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


@pytest.fixture
def mr(tmp_path: Path) -> Client:
    client = Client(RegistryAPI(RegistryStore(tmp_path / "r.db")))
    assert client("POST", "registered_models", {"name": "m"})[0] == 201
    assert client("POST", "model_versions", {"name": "v1", "registeredModelId": "1"})[0] == 201
    return client


def test_an_artifact_without_state_is_unknown(mr: Client) -> None:
    """The spec: ArtifactState defaults to UNKNOWN (the real server stores UNKNOWN too)."""
    for path, body in (
        ("artifacts", {"artifactType": "doc-artifact", "name": "readme", "uri": "s3://b/r"}),
        ("model_artifacts", {"name": "weights", "uri": "s3://b/w"}),
        ("model_versions/2/artifacts", {"artifactType": "model-artifact", "name": "w2"}),
        ("artifacts", {"artifactType": "metric", "name": "loss", "value": 0.1}),
    ):
        status, out = mr("POST", path, body)
        assert status == 201, out
        assert out["state"] == "UNKNOWN", (path, out)
    status, out = mr("POST", "artifacts", {"artifactType": "doc-artifact", "state": "LIVE"})
    assert out["state"] == "LIVE"


@pytest.mark.parametrize("path", ["artifacts", "model_versions/2/artifacts"])
def test_artifact_type_is_required_on_creation(mr: Client, path: str) -> None:
    """The spec's discriminator: an Artifact body says which kind it is."""
    status, out = mr("POST", path, {"name": "x", "uri": "s3://b/x"})
    assert status == 400 and "artifactType" in out["message"]
    # the model_artifacts collection has its type in its route
    assert mr("POST", "model_artifacts", {"name": "x", "uri": "s3://b/x"})[0] == 201


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PATCH", "registered_models/1", {"name": "renamed"}, "name"),
        ("PATCH", "registered_models/1", {"id": "7"}, "id"),
        ("PATCH", "registered_models/1", {"createTimeSinceEpoch": "1"}, "createTimeSinceEpoch"),
        ("PATCH", "registered_models/1", {"colour": "blue"}, "colour"),
        ("PATCH", "model_versions/2", {"registeredModelId": "1"}, "registeredModelId"),
        ("PATCH", "model_versions/2", {"owner": "x"}, "owner"),
        ("POST", "registered_models", {"name": "n", "author": "x"}, "author"),
        ("POST", "registered_models", {"name": "n", "id": "9"}, "id"),
        ("POST", "model_versions", {"name": "v", "registeredModelId": "1", "x": 1}, "x"),
        ("POST", "serving_environments", {"name": "e", "runtime": "x"}, "runtime"),
        (
            "POST",
            "artifacts",
            {"artifactType": "doc-artifact", "modelFormatName": "x"},
            "modelFormatName",
        ),
    ],
)
def test_unknown_or_read_only_fields_are_400_naming_them(
    mr: Client, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    before = mr("GET", "registered_models/1")[1]
    status, out = mr(method, path, body)
    assert status == 400, out
    assert field in out["message"]
    assert mr("GET", "registered_models/1")[1] == before  # nothing changed
    assert mr("GET", "registered_models")[1]["size"] == 1


def test_whole_entities_are_taken_where_the_spec_says_so(mr: Client) -> None:
    """The upsert of a version's artifact and the nested create of a version take the
    whole entity (the official client sends what it read back)."""
    status, artifact = mr(
        "POST",
        "model_versions/2/artifacts",
        {"artifactType": "model-artifact", "name": "w", "uri": "s3://b/w"},
    )
    assert status == 201
    artifact["uri"] = "s3://b/w2"
    status, again = mr("POST", "model_versions/2/artifacts", artifact)
    assert status == 200 and again["uri"] == "s3://b/w2"
    status, _ = mr(
        "POST",
        "registered_models/1/versions",
        {"name": "v2", "registeredModelId": "1", "id": "", "createTimeSinceEpoch": "0"},
    )
    assert status == 201


def test_find_version_by_name_needs_its_parent(mr: Client) -> None:
    status, out = mr("GET", "model_version", name="v1")
    assert status == 400 and "parentResourceId" in out["message"]
    status, out = mr("GET", "model_version", name="v1", parentResourceId="1")
    assert status == 200 and out["id"] == "2"
    status, out = mr("GET", "model_artifact", name="nope")
    assert status == 400
    assert mr("GET", "registered_model", name="m")[0] == 200  # top-level: a name suffices


def test_a_doc_and_a_model_artifact_may_share_a_name_in_one_version(mr: Client) -> None:
    """The real registry keys artifact names by kind (ML Metadata's (type, name) uniqueness,
    names stored as ``parentId:name``): a version's doc and model artifact may both be
    ``model``; two of one kind may not (issue 10, item 7)."""
    model = {"artifactType": "model-artifact", "name": "model", "uri": "s3://b/m"}
    doc = {"artifactType": "doc-artifact", "name": "model", "uri": "s3://b/README"}
    assert mr("POST", "model_versions/2/artifacts", model)[0] == 201
    status, out = mr("POST", "model_versions/2/artifacts", doc)
    assert status == 201, out
    status, out = mr("POST", "model_versions/2/artifacts", {**doc, "uri": "s3://b/other"})
    assert status == 409, out
    status, out = mr("GET", "model_versions/2/artifacts")
    assert sorted(a["artifactType"] for a in out["items"]) == ["doc-artifact", "model-artifact"]


def test_an_id_with_a_trailing_newline_names_nothing(mr: Client) -> None:
    """Ids are matched whole (``$`` would let ``1\\n`` through into a URL or a query)."""
    assert mr("GET", "registered_models/1")[0] == 200
    assert mr("GET", "registered_models/1\n")[0] == 404


def test_an_int_value_with_a_trailing_newline_is_refused(mr: Client) -> None:
    """int64 strings are matched whole, as the real server's strconv.ParseInt does."""
    prop = {"metadataType": "MetadataIntValue", "int_value": "5\n"}
    status, out = mr("POST", "registered_models", {"name": "n", "customProperties": {"x": prop}})
    assert status == 400, out
