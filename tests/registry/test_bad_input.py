"""Bad input to the registry routes is a clear 400 naming the field, and no response is
ever invalid JSON (issue 7, items 4 and 8).

Python's ``json`` reads ``1e999`` as infinity and ``NaN``/``Infinity`` as floats, keeps a
lone ``\\ud800`` escape, and fails on a 5000-digit integer with a ``ValueError``; a
strict reader (``json.loads(..., parse_constant=...)`` below) is how a browser or the Go
server sees our answers.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry import jsonio
from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.store import RegistryStore


def strict_json(text: str | bytes) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"invalid JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def api_(tmp_path: Path) -> RegistryAPI:
    return RegistryAPI(RegistryStore(tmp_path / "r.db"))


def double(raw: str) -> bytes:
    return (
        '{"name": "m", "customProperties": {"acc": {"metadataType": "MetadataDoubleValue", '
        f'"double_value": {raw}}}}}}}'
    ).encode()


@pytest.mark.parametrize("raw", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "9" * 5000])
def test_non_finite_or_huge_double_value_is_400_naming_the_field(
    api_: RegistryAPI, raw: str
) -> None:
    status, body = api_.handle("POST", "registered_models", {}, double(raw))
    assert status == 400, body
    assert "customProperties.acc.double_value" in body["message"]
    assert "finite" in body["message"]
    assert api_.store.count("registered_model") == 0


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "m", "description": ' + b"1" * 5000 + b"}",
        b'{"name": "m", "customProperties": {"n": {"metadataType": "MetadataIntValue", '
        b'"int_value": ' + b"7" * 5000 + b"}}}",
        b'{"name": "m", "extra": [1, 2, 1e400]}',
    ],
)
def test_huge_numbers_anywhere_are_400(api_: RegistryAPI, body: bytes) -> None:
    status, out = api_.handle("POST", "registered_models", {}, body)
    assert status == 400, out


def test_metric_value_must_be_finite(api_: RegistryAPI) -> None:
    body = b'{"artifactType": "metric", "name": "loss", "value": 1e999}'
    status, out = api_.handle("POST", "artifacts", {}, body)
    assert status == 400 and "value" in out["message"] and "finite" in out["message"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"name": "\\ud800"}', "name"),
        (b'{"name": "m", "description": "ok \\udfff"}', "description"),
        (
            b'{"name": "m", "customProperties": {"\\ud800": {"metadataType": '
            b'"MetadataStringValue", "string_value": "x"}}}',
            "customProperties",
        ),
    ],
)
def test_lone_surrogate_is_400(api_: RegistryAPI, body: bytes, where: str) -> None:
    status, out = api_.handle("POST", "registered_models", {}, body)
    assert status == 400, out
    assert where in out["message"] and "surrogate" in out["message"]


def test_not_utf8_and_too_deep_are_400(api_: RegistryAPI) -> None:
    status, out = api_.handle("POST", "registered_models", {}, b'{"name": "\xff\xfe"}')
    assert status == 400 and "UTF-8" in out["message"]
    deep = b'{"name": "m", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    status, out = api_.handle("POST", "registered_models", {}, deep)
    assert status == 400 and "deep" in out["message"]
    deep = b'{"name": "m", "x": ' + b"[" * 40 + b"]" * 40 + b"}"
    status, out = api_.handle("POST", "registered_models", {}, deep)
    assert status == 400 and "deep" in out["message"]


def test_a_non_finite_value_never_reaches_a_response() -> None:
    """What every mount writes with: a value that slipped in (a row stored by an older
    version from ``1e999``) is served as text, the rest of the page intact."""
    page = {
        "items": [
            {
                "name": "old",
                "customProperties": {
                    "acc": {"metadataType": "MetadataDoubleValue", "double_value": math.inf},
                    "ok": {"metadataType": "MetadataDoubleValue", "double_value": 0.5},
                },
            },
            {"name": "loss", "artifactType": "metric", "value": math.nan},
        ],
        "size": 2,
    }
    out = strict_json(jsonio.dumps(page))
    props = out["items"][0]["customProperties"]
    assert props["acc"] == {"metadataType": "MetadataStringValue", "string_value": "inf"}
    assert props["ok"]["double_value"] == 0.5
    assert out["items"][1]["value"] is None and out["size"] == 2


async def test_both_mounts_answer_400_and_valid_json(jp_fetch: Any, api: Any) -> None:
    """The in-Jupyter REST mount and the frontend's register route."""
    response = await jp_fetch(
        "kubeflow",
        "registry",
        "api",
        "model_registry",
        "v1",
        "registered_models",
        method="POST",
        body=double("1e999"),
        raise_error=False,
    )
    assert response.code == 400
    assert "customProperties.acc.double_value" in strict_json(response.body)["message"]
    response = await jp_fetch(
        "kubeflow",
        "api",
        "registry",
        "register",
        method="POST",
        body=b'{"uri": "s3://b/m", "modelName": "m", "versionName": "1", '
        b'"properties": {"acc": 1e999}}',
        raise_error=False,
    )
    assert response.code == 400
    assert strict_json(response.body)["field"] == "properties.acc"
    code, page = await api("registry/models")
    assert code == 200 and page["items"] == []
