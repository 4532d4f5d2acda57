"""``IN``, ``LIKE`` and ``ILIKE`` on custom properties, and filters on version and artifact
lists, in the embedded registry, each set beside what the real Model Registry does.

The real server's filter (kubeflow/model-registry ``internal/db/filter/query_builder.go``,
read at d09275de): a custom property without a type suffix takes its column from the
literal (string, int, double, bool; an IN list, being a list, falls back to
``string_value``); ``LIKE`` is the database's (case-sensitive on PostgreSQL), ``ILIKE`` is
PostgreSQL's ILIKE; ``IN`` binds one parameter per value. Version names are stored as
``parentId:name``: ``name = 'x'`` becomes ``LIKE '%:x'`` and ``name LIKE 'p%'`` becomes
``LIKE '%:p%'``, while ``IN`` and ``ILIKE`` on a version name are left as they are. The
server ignores ``filterQuery`` on artifact lists (measured, see /work/shared/DESIGN.md).

Where the two agree, the expected answer below is the real server's. Where they differ,
the test says so and why the embedded registry answers as it does:

- ``prop IN (10, 30)`` with no suffix: the real server compares ``string_value`` with
  numbers (an error on PostgreSQL); here the numbers compare as numbers.
- a version's ``name IN (...)`` / ``name ILIKE ...``: the real server compares the stored
  ``parentId:name`` and finds nothing unless the pattern starts with ``%``; here the name.
- artifact lists: filtered here, as the API's spec describes; ignored by the real server
  (the extension never filters them: recorder.py stands in for that quirk).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.store import RegistryStore

from .test_filter_query import Client


def string(v: str) -> dict[str, Any]:
    return {"metadataType": "MetadataStringValue", "string_value": v}


def integer(v: int) -> dict[str, Any]:
    return {"metadataType": "MetadataIntValue", "int_value": str(v)}


def double(v: float) -> dict[str, Any]:
    return {"metadataType": "MetadataDoubleValue", "double_value": v}


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Client, dict[str, str]]:
    """Two models; model m has versions v1, v2, x-3 (one artifact each), model other has v1."""
    path: Path = tmp_path_factory.mktemp("filters") / "r.db"
    mr = Client(RegistryAPI(RegistryStore(path)))
    ids: dict[str, str] = {}
    _, m = mr("POST", "registered_models", {"name": "m"})
    _, other = mr("POST", "registered_models", {"name": "other"})
    ids["m"] = m["id"]
    rows = (("v1", "Red", 10, 0.9), ("v2", "blue", 20, 0.95), ("x-3", "green", 30, 0.5))
    for name, team, epochs, acc in rows:
        props = {"team": string(team), "epochs": integer(epochs), "acc": double(acc)}
        status, v = mr(
            "POST",
            f"registered_models/{m['id']}/versions",
            {"name": name, "registeredModelId": m["id"], "customProperties": props},
        )
        assert status == 201, v
        ids[name] = v["id"]
        status, a = mr(
            "POST",
            f"model_versions/{v['id']}/artifacts",
            {
                "artifactType": "model-artifact",
                "name": f"a-{name}",
                "uri": f"s3://bucket/{name}",
                "customProperties": {"team": string(team)},
            },
        )
        assert status == 201, a
    mr(
        "POST",
        f"registered_models/{other['id']}/versions",
        {"name": "v1", "registeredModelId": other["id"], "customProperties": {}},
    )
    return mr, ids


def names(mr: Client, path: str, query: str) -> list[str]:
    status, page = mr("GET", path, filterQuery=query, pageSize="100")
    assert status == 200, page
    return sorted(item["name"] for item in page["items"])


# Custom properties: the same answers as the real server (PostgreSQL).
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("team IN ('Red', 'green')", ["v1", "x-3"]),  # string literals: string_value
        ("team.string_value IN ('blue')", ["v2"]),
        ("epochs.int_value IN (20, 30)", ["v2", "x-3"]),
        ("acc.double_value IN (0.9, 0.5)", ["v1", "x-3"]),
        ("epochs IN ('10')", []),  # a string never equals an int property
        ("team LIKE 'R%'", ["v1"]),
        ("team LIKE 'r%'", []),  # LIKE is case-sensitive (PostgreSQL)
        ("team ILIKE 'r%'", ["v1"]),
        ("team.string_value ILIKE '%E%'", ["v1", "v2", "x-3"]),
        ("team ILIKE 'RED' AND epochs.int_value IN (10, 20)", ["v1"]),
        ("team IN ('blue') OR acc.double_value IN (0.5)", ["v2", "x-3"]),
    ],
)
def test_custom_properties_like_the_real_server(
    registry: tuple[Client, dict[str, str]], query: str, expected: list[str]
) -> None:
    mr, ids = registry
    assert names(mr, f"registered_models/{ids['m']}/versions", query) == expected


def test_custom_number_in_without_suffix_compares_numbers(
    registry: tuple[Client, dict[str, str]],
) -> None:
    """Differs on purpose: the real server would compare string_value with numbers."""
    mr, ids = registry
    path = f"registered_models/{ids['m']}/versions"
    assert names(mr, path, "epochs IN (10, 30)") == ["v1", "x-3"]
    assert names(mr, path, "acc IN (0.95)") == ["v2"]


# Version lists: name rewritten by the real server for = and LIKE; both lists, both routes.
@pytest.mark.parametrize(
    ("query", "in_m", "everywhere"),
    [
        ("name = 'v1'", ["v1"], ["v1", "v1"]),  # real: LIKE '%:v1'
        ("name LIKE 'v%'", ["v1", "v2"], ["v1", "v1", "v2"]),  # real: LIKE '%:v%'
        ("name LIKE '%3'", ["x-3"], ["x-3"]),  # real: kept (the % covers 'id:')
        ("name != 'v1'", ["v2", "x-3"], ["v2", "x-3"]),
        ("name IN ('v1', 'x-3')", ["v1", "x-3"], ["v1", "v1", "x-3"]),  # real: nothing
        ("name ILIKE 'V%'", ["v1", "v2"], ["v1", "v1", "v2"]),  # real: nothing
        ("name ILIKE '%-3'", ["x-3"], ["x-3"]),  # real: the same
        ("name = 'v1' AND team = 'Red'", ["v1"], ["v1"]),
    ],
)
def test_version_lists_filter_by_name_and_properties(
    registry: tuple[Client, dict[str, str]], query: str, in_m: list[str], everywhere: list[str]
) -> None:
    mr, ids = registry
    assert names(mr, f"registered_models/{ids['m']}/versions", query) == in_m
    assert names(mr, "model_versions", query) == everywhere


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("name = 'a-v1'", ["a-v1"]),
        ("uri LIKE '%/v2'", ["a-v2"]),
        ("team IN ('blue', 'green')", ["a-v2", "a-x-3"]),
        ("team ILIKE 'red'", ["a-v1"]),
        ("name LIKE 'a-v%' AND team LIKE '%e%'", ["a-v1", "a-v2"]),
    ],
)
def test_artifact_lists_are_filtered_here(
    registry: tuple[Client, dict[str, str]], query: str, expected: list[str]
) -> None:
    """Differs from the real server, which ignores filterQuery on artifact lists."""
    mr, ids = registry
    assert names(mr, "artifacts", query) == expected
    assert names(mr, "model_artifacts", query) == expected
    per_version = [
        name
        for version in ("v1", "v2", "x-3")
        for name in names(mr, f"model_versions/{ids[version]}/artifacts", query)
    ]
    assert sorted(per_version) == expected
