"""Size limits on registry text (issue 7, item 11), the real registry's columns:
kubeflow/hub stores names, externalIds and property names as VARCHAR(255), descriptions
and string properties as MEDIUMTEXT (16 MiB), an artifact's uri as TEXT (64 KiB); and a
bound on the request body (413)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry.entities import MAX_TEXT_BYTES
from jupyter_kubeflow.registry.jsonio import MAX_BODY_BYTES
from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.store import RegistryStore


@pytest.fixture
def api_(tmp_path: Path) -> RegistryAPI:
    return RegistryAPI(RegistryStore(tmp_path / "r.db"))


def post(api_: RegistryAPI, path: str, body: Any) -> tuple[int, Any]:
    return api_.handle("POST", path, {}, json.dumps(body, ensure_ascii=False).encode())


def test_names_hold_255_characters(api_: RegistryAPI) -> None:
    assert post(api_, "registered_models", {"name": "é" * 255})[0] == 201
    status, out = post(api_, "registered_models", {"name": "n" * 256})
    assert status == 400 and "255 characters" in out["message"] and "name" in out["message"]
    status, out = post(api_, "registered_models", {"name": "x", "externalId": "e" * 256})
    assert status == 400 and "externalId" in out["message"]
    status, out = post(
        api_,
        "registered_models",
        {
            "name": "y",
            "customProperties": {
                "k" * 256: {"metadataType": "MetadataBoolValue", "bool_value": True}
            },
        },
    )
    assert status == 400 and "255 characters" in out["message"]
    assert api_.store.count("registered_model") == 1


def test_descriptions_hold_mediumtext(api_: RegistryAPI) -> None:
    status, out = post(
        api_, "registered_models", {"name": "big", "description": "d" * (MAX_TEXT_BYTES + 1)}
    )
    assert status == 400 and "description" in out["message"]
    assert "16,777,215 bytes" in out["message"]
    # bytes, not characters: 3-byte characters reach the limit at a third of the length
    text = "€" * (MAX_TEXT_BYTES // 3 + 1)
    status, out = post(api_, "registered_models", {"name": "big", "description": text})
    assert status == 400
    string = {"metadataType": "MetadataStringValue", "string_value": "s" * (MAX_TEXT_BYTES + 1)}
    status, out = post(api_, "registered_models", {"name": "p", "customProperties": {"s": string}})
    assert status == 400 and "customProperties.s.string_value" in out["message"]
    status, out = post(api_, "registered_models", {"name": "ok", "description": "d" * 100_000})
    assert status == 201


def test_uri_holds_text(api_: RegistryAPI) -> None:
    model = post(api_, "registered_models", {"name": "m"})[1]
    version = post(api_, "model_versions", {"name": "1", "registeredModelId": model["id"]})[1]
    uri = "s3://b/" + "u" * 70_000
    status, out = post(
        api_,
        f"model_versions/{version['id']}/artifacts",
        {"artifactType": "model-artifact", "name": "a", "uri": uri},
    )
    assert status == 400 and "uri" in out["message"] and "65,535 bytes" in out["message"]


def test_request_body_is_bounded(api_: RegistryAPI) -> None:
    status, out = api_.handle(
        "POST", "registered_models", {}, b'{"name": "x", "description": "' + b"a" * MAX_BODY_BYTES
    )
    assert status == 413 and "MiB" in out["message"]


async def test_register_route_names_its_fields(api: Any) -> None:
    code, out = await api(
        "registry/register",
        "POST",
        {"uri": "s3://b/m", "modelName": "m" * 256, "versionName": "1"},
    )
    assert code == 400 and out["field"] == "modelName" and "255" in out["message"]
    code, out = await api(
        "registry/register",
        "POST",
        {"uri": "s3://b/m", "modelName": "m", "versionName": "v" * 300},
    )
    assert code == 400 and out["field"] == "versionName"
