"""Same answers as before the indexes (issue 15): random filterQuery, order and page size,
answered by the store's indexed SQL (both ways: fetch the few matches, or walk the order)
and by the SQL the store used before, which read custom properties with ``json_extract``
from each row's JSON and names with a plain LIKE. Pages are walked through their tokens and
compared with one big page. Hypothesis with a bounded budget."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jupyter_kubeflow.registry import store as store_module
from jupyter_kubeflow.registry.entities import REGISTERED_MODEL, validate_body
from jupyter_kubeflow.registry.filter_query import INT, NUMBER, Target
from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.store import RegistryStore

INDEXED_TARGET = store_module._target
TEAMS = ["t1", "t2", "T1", "a_b", "a%b", "x\\y", "été"]


def previous_target(conn: Any, kind: str, artifact_type: str | None) -> Target:
    """The store's filter SQL as it was at commit d89057d: json_extract on every row."""
    current = INDEXED_TARGET(conn, kind, artifact_type)

    def custom(
        key: str, kinds: tuple[str, ...], predicate: str, params: list[Any]
    ) -> tuple[str, list[Any]]:
        path = f'$."{key}"'
        if kinds == NUMBER:
            value = (
                "COALESCE(CAST(json_extract(e.custom, ?) AS INTEGER), json_extract(e.custom, ?))"
            )
            paths = [f"{path}.int_value", f"{path}.double_value"]
        elif kinds == (INT,):
            value, paths = "CAST(json_extract(e.custom, ?) AS INTEGER)", [f"{path}.int_value"]
        else:
            value, paths = "json_extract(e.custom, ?)", [f"{path}.{kinds[0]}"]
        return predicate.format(value=value), [*paths, *params]

    return Target(current.resolve, custom)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> RegistryAPI:
    rng = random.Random(15)
    api = RegistryAPI(RegistryStore(tmp_path_factory.mktemp("eq") / "r.db"))
    bodies = []
    for n in range(80):
        props: dict[str, Any] = {}
        if rng.random() < 0.8:
            props["team"] = {
                "metadataType": "MetadataStringValue",
                "string_value": rng.choice(TEAMS),
            }
        if rng.random() < 0.8:
            acc = rng.choice([0, 1, 0.5, rng.random(), -2.5])
            props["acc"] = {"metadataType": "MetadataDoubleValue", "double_value": acc}
        if rng.random() < 0.7:
            epochs = str(rng.randint(-3, 40))
            props["epochs"] = {"metadataType": "MetadataIntValue", "int_value": epochs}
        if rng.random() < 0.7:
            props["prod"] = {"metadataType": "MetadataBoolValue", "bool_value": rng.random() < 0.5}
        if rng.random() < 0.2:  # same name, another type
            props["acc"] = {"metadataType": "MetadataStringValue", "string_value": "0.5"}
        name = rng.choice(["model", "Model", "a_b", "50%", "x\\y", "café"]) + f"-{n}"
        body = {"name": name, "customProperties": props}
        if rng.random() < 0.3:
            body["state"] = "ARCHIVED"
        bodies.append(validate_body(REGISTERED_MODEL, body, creating=True))
    # half one by one, half in one transaction: rows created in the same millisecond tie on
    # CREATE_TIME and LAST_UPDATE_TIME, which paging must get right
    for body in bodies[:40]:
        api.store.create(REGISTERED_MODEL.kind, body)
    api.store.create_many(REGISTERED_MODEL.kind, bodies[40:])
    return api


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_LITERALS = st.one_of(
    st.sampled_from(TEAMS).map(_quote),
    st.sampled_from(["0", "1", "-3", "10", "0.5", "0.25", "-2.5", "1e1", "'0.5'", "true", "FALSE"]),
)
_PATTERNS = st.sampled_from(
    ["'%'", "'t%'", "'T_'", "'%1'", "'a\\_b%'", "'a_b%'", "'50\\%%'", "'%-1%'", "'%odel-1%'"]
    + ["'x\\\\\\\\y%'", "'%é%'", "'%CAF%'", "'%el-2%'", "'%-12'", "'Model-%'"]
)
_PROPERTIES = st.sampled_from(
    ["team", "team.string_value", "acc", "acc.double_value", "acc.string_value", "epochs"]
    + ["epochs.int_value", "prod", "prod.bool_value", "missing", "name", "state", "id"]
)


@st.composite
def comparisons(draw: Any) -> str:
    prop = draw(_PROPERTIES)
    kind = draw(st.sampled_from(["op", "op", "like", "in"]))
    if kind == "like":
        return f"{prop} {draw(st.sampled_from(['LIKE', 'ILIKE']))} {draw(_PATTERNS)}"
    if kind == "in":
        return f"{prop} IN ({', '.join(draw(st.lists(_LITERALS, min_size=1, max_size=3)))})"
    op = draw(st.sampled_from(["=", "!=", "<>", "<", "<=", ">", ">="]))
    return f"{prop} {op} {draw(_LITERALS)}"


_FILTERS = st.recursive(
    comparisons(),
    lambda inner: st.tuples(inner, st.sampled_from(["AND", "OR"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    ),
    max_leaves=4,
)


def pages(api: RegistryAPI, query: dict[str, str]) -> list[str]:
    ids, token = [], ""
    for _ in range(200):
        status, page = api.handle(
            "GET", "registered_models", {**query, "nextPageToken": token}, None
        )
        assert status == 200, (query, page)
        ids += [item["id"] for item in page["items"]]
        token = page["nextPageToken"]
        if not token:
            return ids
    raise AssertionError("paging did not end")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    filter_query=_FILTERS,
    order=st.sampled_from(["ID", "NAME", "CREATE_TIME", "LAST_UPDATE_TIME"]),
    direction=st.sampled_from(["ASC", "DESC"]),
    page_size=st.integers(1, 9),
    selective=st.sampled_from([0, 5, 3000]),
)
@example(  # an int compared with a numeric text: INTEGER affinity made it a number
    filter_query="epochs.int_value < '0.5'", order="ID", direction="ASC", page_size=5, selective=0
)
@example(
    filter_query="epochs.int_value IN ('7', ' 12 ', 'x')",
    order="NAME",
    direction="DESC",
    page_size=4,
    selective=3000,
)
def test_same_answers_as_the_previous_sql(
    api: RegistryAPI,
    monkeypatch: pytest.MonkeyPatch,
    filter_query: str,
    order: str,
    direction: str,
    page_size: int,
    selective: int,
) -> None:
    query = {"filterQuery": filter_query, "orderBy": order, "sortOrder": direction}
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "_target", previous_target)
        expected = pages(api, {**query, "pageSize": "1000"})
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "SELECTIVE", selective)
        assert pages(api, {**query, "pageSize": str(page_size)}) == expected, filter_query
