"""A registry database written by the previous version (layout 2, before the derived tables
of issue 15) is migrated on first start: nothing lost, the same answers, in either way a
filter can run (few matches: fetch them; many: walk the order and test each row).

The fixture ``fixtures/registry_v2.sql`` and its recorded answers were made by the store of
commit d89057d (see ``fixtures/make_registry_v2.py``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry import store as store_module
from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.schema import MIGRATIONS
from jupyter_kubeflow.registry.store import RegistryStore

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = json.loads((FIXTURES / "registry_v2_answers.json").read_text())


def old_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "registry_v2.sql").read_text())
    conn.close()
    return path


def get(api: RegistryAPI, path: str, query: dict[str, str] | None = None) -> Any:
    status, body = api.handle("GET", path, query or {}, None)
    assert status == 200, (path, query, body)
    return body


@pytest.fixture
def migrated(tmp_path: Path) -> RegistryAPI:
    db = old_database(tmp_path / "r.db")
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 2
    return RegistryAPI(RegistryStore(db))


def test_migration_keeps_every_entity(migrated: RegistryAPI) -> None:
    conn = migrated.store._conn()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 4
    for path, expected in RECORDED["entities"].items():
        assert get(migrated, path) == expected, path
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the derived tables hold what the JSON holds: a row per typed value, a trigram per name
    typed = conn.execute("SELECT count(*) FROM property").fetchone()[0]
    assert typed == 12 * 5 + 3 * 2 + 6 + 1 + 1  # models (struct not typed), versions, ...
    named = conn.execute(
        "SELECT count(*) FROM entity_name_trigram WHERE entity_name_trigram MATCH '\"caf\"'"
    ).fetchone()[0]
    assert named == 1


@pytest.mark.parametrize("selective", [store_module.SELECTIVE, 0], ids=["fetch", "walk"])
def test_migrated_database_gives_the_same_answers(
    migrated: RegistryAPI, selective: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SELECTIVE", selective)
    for recorded in RECORDED["lists"]:
        page = get(migrated, recorded["path"], recorded["query"])
        got = {"ids": [item["id"] for item in page["items"]], "next": page["nextPageToken"]}
        assert got == {"ids": recorded["ids"], "next": recorded["next"]}, recorded["query"]


def test_writes_after_migration_keep_the_derived_tables(migrated: RegistryAPI) -> None:
    team = {"team": {"metadataType": "MetadataStringValue", "string_value": "t3"}}
    body = json.dumps({"name": "new-model-1", "customProperties": team}).encode()
    status, created = migrated.handle("POST", "registered_models", {}, body)
    assert status == 201
    ids = [
        m["id"] for m in get(migrated, "registered_models", {"filterQuery": "team = 't3'"})["items"]
    ]
    assert ids[-1] == created["id"] and len(ids) == 4
    patch = json.dumps({"customProperties": {}}).encode()
    assert migrated.handle("PATCH", f"registered_models/{ids[0]}", {}, patch)[0] == 200
    after = get(migrated, "registered_models", {"filterQuery": "team = 't3'"})["items"]
    assert [m["id"] for m in after] == ids[1:]
    found = get(migrated, "registered_models", {"filterQuery": "name LIKE '%model-1%'"})
    assert [m["name"] for m in found["items"]] == ["model-10", "model-11", "new-model-1"]
    unicode = get(migrated, "registered_models", {"filterQuery": "name ILIKE '%ÉTÉ CAF%'"})
    assert [m["name"] for m in unicode["items"]] == ["Été café"]


def test_failed_migration_leaves_the_old_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = old_database(tmp_path / "r.db")
    broken = [*MIGRATIONS[:2], (*MIGRATIONS[2][:4], "CREATE TABLE entity (x)")]
    monkeypatch.setattr(store_module, "MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        RegistryStore(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "property" not in tables
    assert conn.execute("SELECT count(*) FROM entity").fetchone()[0] == 25


def test_a_row_poisoned_by_an_old_infinity_does_not_stop_the_migration(tmp_path: Path) -> None:
    """Before issue 7's input checks, 1e999 was stored as Infinity (not JSON to SQLite)."""
    db = old_database(tmp_path / "r.db")
    poisoned = '{"acc": {"metadataType": "MetadataDoubleValue", "double_value": Infinity}}'
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE entity SET custom = ? WHERE id = 13", (poisoned,))
    api = RegistryAPI(RegistryStore(db))
    assert get(api, "registered_models/13")["name"] == "Été café"
    assert [
        m["id"] for m in get(api, "registered_models", {"filterQuery": "acc > 1e300"})["items"]
    ] == []
    assert len(get(api, "registered_models", {"filterQuery": "acc >= 0"})["items"]) == 12
