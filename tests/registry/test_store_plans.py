"""The registry's list queries run on indexes, not scans (EXPLAIN QUERY PLAN): the work of a
page must not grow with the table (issue 15). Timings live in benchmarks/registry/; this
checks the plans SQLite picks, which do not depend on the machine's load."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from jupyter_kubeflow.registry import store as store_module
from jupyter_kubeflow.registry.entities import REGISTERED_MODEL, validate_body
from jupyter_kubeflow.registry.store import RegistryStore


class PlanSpy:
    """Record the plan of each list query the store runs."""

    def __init__(self, store: RegistryStore) -> None:
        self.store = store
        self.plans: list[str] = []
        real = store._conn

        class Conn:
            def execute(inner, sql: str, params: Any = ()) -> Any:  # noqa: N805
                conn = real()
                if sql.startswith("SELECT e.id"):
                    rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                    self.plans.append("\n".join(row[3] for row in rows))
                return conn.execute(sql, params)

        store._conn = lambda: Conn()  # type: ignore[method-assign,assignment,return-value]

    def plan(self, **kwargs: Any) -> str:
        self.plans.clear()
        self.store.list(REGISTERED_MODEL.kind, **kwargs)
        return self.plans[-1]


@pytest.fixture(scope="module")
def spy(tmp_path_factory: pytest.TempPathFactory) -> PlanSpy:
    store = RegistryStore(tmp_path_factory.mktemp("plans") / "r.db")

    def model(n: int) -> dict[str, Any]:
        team = {"metadataType": "MetadataStringValue", "string_value": f"t{n % 10}"}
        acc = {"metadataType": "MetadataDoubleValue", "double_value": n / 5000}
        body = {"name": f"model-{n:05d}", "customProperties": {"team": team, "acc": acc}}
        return validate_body(REGISTERED_MODEL, body, creating=True)

    store.create_many(REGISTERED_MODEL.kind, (model(n) for n in range(5000)))
    return PlanSpy(store)


def token(value: Any, id_: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, id_]).encode()).decode().rstrip("=")


def test_plain_pages_walk_an_index_in_order(spy: PlanSpy) -> None:
    assert spy.plan() == "SEARCH e USING INDEX entity_by_id (type=?)"
    assert spy.plan(page_token=token(2500, 2500)) == (
        "SEARCH e USING INDEX entity_by_id (type=? AND id>?)"
    )
    by_name = spy.plan(order_by="NAME", page_token=token("model-02500", 2501))
    assert by_name.startswith("SEARCH e USING INDEX entity_by_sort_name (type=? AND <expr>>?)")
    assert "TEMP B-TREE" not in by_name
    newest = spy.plan(order_by="CREATE_TIME", sort_order="DESC")
    assert newest == "SEARCH e USING INDEX entity_by_create (type=?)"


def test_selective_custom_property_filter_reads_only_its_matches(spy: PlanSpy) -> None:
    plan = spy.plan(filter_query="acc.double_value > 0.99")  # 50 of 5000
    index = "property_by_value (type=? AND name=? AND kind=? AND value>?)"
    assert f"SEARCH p USING COVERING INDEX {index}" in plan
    assert "SCAN e" not in plan and "json_extract" not in plan


def test_dense_custom_property_filter_walks_the_order(spy: PlanSpy) -> None:
    assert store_module.SELECTIVE < 4500
    plan = spy.plan(filter_query="acc > 0.1")  # 4500 of 5000 match: a page is found early
    assert plan.startswith("SEARCH e USING INDEX entity_by_id (type=?)")
    assert "SEARCH p USING PRIMARY KEY (entity_id=? AND name=? AND kind=?)" in plan
    assert "TEMP B-TREE" not in plan


def test_name_substring_uses_the_trigram_index(spy: PlanSpy) -> None:
    plan = spy.plan(filter_query="name LIKE '%01234%'")
    assert "SCAN entity_name_trigram VIRTUAL TABLE" in plan
    short = spy.plan(filter_query="name LIKE '%12%'")  # too short for trigrams: walk
    assert short == "SEARCH e USING INDEX entity_by_id (type=?)"
    search_box = spy.plan(filter_query="name ILIKE '%2345%' AND state = 'LIVE'")
    assert "entity_name_trigram" in search_box
