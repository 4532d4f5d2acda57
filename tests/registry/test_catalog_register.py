"""The Catalog of the registry tab, through the Jupyter server's routes: browse Hub's
sample catalog (the embedded default), open a model, register it, register it again,
deploy it; the official ``model-registry`` client reads what was registered.

The registration records its catalog entry on the model artifact as Kubeflow Hub's UI
does (``RegisterCatalogModel`` / ``catalogParamsToModelSourceProperties``):
``modelSourceKind: "catalog"``, ``modelSourceClass``: the source id,
``modelSourceName``: the catalog model's name; the model's tasks become labels."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from model_registry import ModelRegistry

from . import jobs

LLM = {"source": "validated_ai_models", "name": "certified/production-llm-8b"}
LLM_URI = "oci://registry.example.com/certified/production-llm-8b:validated-v1.0"


@pytest.fixture
def jp_base_url() -> str:
    return "/jupyter/"  # as test_official_client.py: a prefix the official client keeps


def pairs(query: dict[str, Any]) -> list[tuple[str, str]]:
    """Query parameters, a list value repeating its key (as the frontend sends them)."""
    return [(k, v) for k, vs in query.items() for v in (vs if isinstance(vs, list) else [vs])]


async def get(api: Any, path: str, **query: Any) -> Any:
    code, body = await api(path, params=pairs(query))
    assert code == 200, body
    return body


async def test_browse_the_embedded_catalog(api: Any) -> None:
    found = await get(api, "catalog/sources")
    by_id = {s["id"]: s for s in found["sources"]}
    assert sorted(by_id) == [
        "community_custom_models",
        "organization_ai_models",
        "validated_ai_models",
    ]
    assert by_id["validated_ai_models"]["labels"] == ["Validated AI"]

    page = await get(api, "catalog/models", task="text-generation", license="Apache 2.0")
    assert [m["name"] for m in page["items"]] == [
        "acme-ai/neural-7b-instruct",
        "certified/compliance-assistant-3b",
        "certified/production-llm-8b",
        "neural-dynamics/code-pilot-3b",
        "stellar-labs/reasoning-1b-chat",
    ]
    both = await get(api, "catalog/models", task=["translation", "text-embedding"])
    assert len(both["items"]) == 2  # one of the tasks
    labelled = await get(api, "catalog/models", label="Validated AI", q="embed")
    assert [m["name"] for m in labelled["items"]] == ["certified/secure-embeddings-v2"]
    quoted = await get(api, "catalog/models", provider="O'Reilly \\ Co")
    assert quoted["items"] == []  # quotes and backslashes reach the filter as text
    first = await get(api, "catalog/models", pageSize="5", orderBy="NAME", sortOrder="DESC")
    second = await get(
        api,
        "catalog/models",
        pageSize="5",
        orderBy="NAME",
        sortOrder="DESC",
        pageToken=first["nextPageToken"],
    )
    names = [m["name"] for m in first["items"] + second["items"]]
    assert names == sorted(names, reverse=True) and len(set(names)) == 10

    details = await get(api, "catalog/model", **LLM)
    assert details["model"]["name"] == LLM["name"]
    assert [a["uri"] for a in details["artifacts"]] == [LLM_URI]
    assert len(details["performance"]) == 3
    options = await get(api, "catalog/filter_options")
    assert "Apache 2.0" in options["filters"]["license"]["values"]


async def test_bad_browse_requests_are_400(api: Any) -> None:
    for query in (
        {"source": "a", "label": "b"},
        {"orderBy": "RECOMMENDED"},
        {"pageSize": "1000"},
        {"sortOrder": "SIDEWAYS"},
    ):
        code, body = await api("catalog/models", params=pairs(query))
        assert code == 400, (query, body)
    code, body = await api("catalog/model?source=validated_ai_models&name=nope")
    assert (
        code == 404 and body["message"] == "No model found 'nope' in source 'validated_ai_models'"
    )


async def register(api: Any, body: dict[str, Any]) -> dict[str, Any]:
    code, job = await api("catalog/register", "POST", body)
    assert code == 202, job
    done = await jobs.finished(api, job["id"])
    assert done["state"] == "SUCCEEDED", done
    return done["result"]


async def test_register_from_the_catalog_twice_then_deploy(
    api: Any, jp_serverapp: Any, jp_http_port: int, jp_base_url: str
) -> None:
    form = await get(api, "catalog/register-form", **LLM)
    assert form == {
        "sourceId": "validated_ai_models",
        "catalogModelName": LLM["name"],
        "modelName": LLM["name"],
        "description": (
            "(DEMO) Production-LLM-8B is an enterprise-validated 8 billion parameter generative "
            "language model that has undergone rigorous testing for production deployment. Sed "
            "do eiusmod tempor incididunt ut labore et dolore magna aliqua."
        ),
        "versionName": "Version 1",
        "uri": LLM_URI,
        "uris": [LLM_URI],
        "modelFormatName": "huggingface",  # libraryName transformers: KServe's HF runtime
        "modelFormatVersion": "",
        "labels": ["text-generation", "question-answering", "summarization"],
    }
    body = {k: v for k, v in form.items() if k != "uris"}
    first = await register(api, {**body, "author": "ada"})
    artifact = first["artifact"]
    assert artifact["uri"] == LLM_URI
    assert artifact["modelSourceKind"] == "catalog"
    assert artifact["modelSourceClass"] == "validated_ai_models"
    assert artifact["modelSourceName"] == LLM["name"]
    assert artifact["modelFormatName"] == "huggingface"
    assert first["version"]["name"] == "Version 1"
    labels = {"text-generation", "question-answering", "summarization"}
    assert set(first["version"]["customProperties"]) == labels
    assert set(first["model"]["customProperties"]) == labels
    assert first["model"]["description"] == form["description"]

    # once more from the same entry: the form offers the next version, not an error
    again = await get(api, "catalog/register-form", **LLM)
    assert again["versionName"] == "Version 2"
    second = await register(api, {k: v for k, v in again.items() if k != "uris"})
    assert second["model"]["id"] == first["model"]["id"]
    assert second["version"]["name"] == "Version 2"
    # without a version name the server picks the next free one itself
    third = await register(api, {"sourceId": LLM["source"], "catalogModelName": LLM["name"]})
    assert third["version"]["name"] == "Version 3"
    assert third["artifact"]["modelSourceName"] == LLM["name"]

    # the registry tab's version page sees where it came from
    version = await get(api, f"registry/versions/{second['version']['id']}")
    (stored,) = version["artifacts"]
    assert (stored["modelSourceKind"], stored["modelSourceClass"], stored["modelSourceName"]) == (
        "catalog",
        "validated_ai_models",
        LLM["name"],
    )

    # Deploy works as from any version: the YAML preview of a KServe InferenceService
    code, deployed = await api(
        f"registry/versions/{first['version']['id']}/deploy",
        "POST",
        {"namespace": "team-a", "name": "production-llm", "apply": False},
    )
    assert code == 200, deployed
    model = deployed["manifest"]["spec"]["predictor"]["model"]
    assert model["storageUri"] == LLM_URI
    assert model["modelFormat"] == {"name": "huggingface"}
    assert model["runtime"] == "kserve-huggingfaceserver"

    # the official client reads the registration as Hub's UI wrote it
    address = f"http://127.0.0.1:{jp_http_port}{jp_base_url}kubeflow/registry".rstrip("/")
    token = jp_serverapp.identity_provider.token

    def read() -> Any:
        registry = ModelRegistry(address, author="ada", is_secure=False, user_token=token)
        return registry.get_model_artifact(LLM["name"], "Version 1"), [
            v.name for v in registry.get_model_versions(LLM["name"])
        ]

    read_artifact, versions = await asyncio.to_thread(read)
    assert read_artifact.uri == LLM_URI
    assert read_artifact.model_source_kind == "catalog"
    assert read_artifact.model_source_class == "validated_ai_models"
    assert read_artifact.model_source_name == LLM["name"]
    assert versions == ["Version 1", "Version 2", "Version 3"]


async def test_bad_registrations_are_refused_before_anything_is_written(api: Any) -> None:
    cases = [
        ({"sourceId": "validated_ai_models", "catalogModelName": "nope"}, 404),
        ({"catalogModelName": LLM["name"]}, 400),
        ({**{"sourceId": LLM["source"], "catalogModelName": LLM["name"]}, "colour": 1}, 400),
        ({"sourceId": LLM["source"], "catalogModelName": LLM["name"], "uri": "not a uri"}, 400),
        ({"sourceId": LLM["source"], "catalogModelName": LLM["name"], "labels": [""]}, 400),
    ]
    for body, status in cases:
        code, answer = await api("catalog/register", "POST", body)
        assert code == status, (body, answer)
    code, models = await api("registry/models")
    assert code == 200 and models["items"] == []


async def test_the_catalog_api_inside_jupyter_is_behind_its_auth(jp_fetch: Any) -> None:
    path = ("kubeflow", "registry", "api", "model_catalog", "v1", "models")
    response = await jp_fetch(*path, headers={"Authorization": ""}, raise_error=False)
    assert response.code == 403
    response = await jp_fetch(*path, params={"q": "embed", "pageSize": "2"})
    assert response.code == 200
    assert b"certified/secure-embeddings-v2" in response.body
