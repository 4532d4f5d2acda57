"""The table's queries (workspaces/query.py): parameters read and refused as a URL gives
them, and the rows selected and ordered. Pure: rows made from items here."""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_kubeflow.errors import InvalidInput
from jupyter_kubeflow.workspaces.query import (
    MAX_LIMIT,
    LabelTerm,
    Query,
    parse_query,
    parse_selector,
    row_of,
)


def item(name: str, namespace: str = "team-a", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": namespace,
        "displayName": fields.pop("display", name),
        "kind": fields.pop("kind", "jupyterlab"),
        "phase": fields.pop("phase", "Running"),
        "imageConfig": {"current": fields.pop("image", "jupyter-scipy:v1.10.0")},
        "podConfig": {"current": fields.pop("pod", "tiny_cpu")},
        "gpus": fields.pop("gpus", 0),
        "activity": {"lastActivity": fields.pop("active", None)},
        "labels": fields.pop("labels", {}),
        **fields,
    }


ROWS = [
    row_of(item("alpha", display="Churn analysis", labels={"team": "a", "tier": "gpu"})),
    row_of(item("beta", phase="Paused", kind="vscode", active=5, labels={"team": "b"})),
    row_of(item("gamma", "team-b", image="pytorch:2.5", gpus=2, active=9)),
    row_of(item("alpha", "team-b", phase="Error", pod="big_gpu", gpus=1, active=1)),
    row_of(item("delta", "other", display="GPU churn", labels={"legacy": "yes"})),
]


def keys(query: Query) -> list[str]:
    return [row.key for row in query.order(ROWS)]


def test_defaults_sort_by_name_then_namespace():
    query = parse_query({})
    assert (query.sort, query.descending, query.offset, query.limit) == ("name", False, 0, 50)
    assert keys(query) == ["team-a/alpha", "team-b/alpha", "team-a/beta", "other/delta",
                           "team-b/gamma"]  # fmt: skip


def test_search_reads_name_and_display_name_in_any_case():
    assert keys(parse_query({"search": "CHURN"})) == ["team-a/alpha", "other/delta"]
    assert keys(parse_query({"search": "amm"})) == ["team-b/gamma"]
    assert keys(parse_query({"search": "team-a"})) == []  # not the namespace


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "Paused,Error"}, ["team-b/alpha", "team-a/beta"]),
        ({"kind": "vscode"}, ["team-a/beta"]),
        ({"image": "PyTorch"}, ["team-b/gamma"]),
        (
            {"namespaceFilter": "team-"},
            ["team-a/alpha", "team-b/alpha", "team-a/beta", "team-b/gamma"],
        ),  # fmt: skip
        ({"labels": "team=a"}, ["team-a/alpha"]),
        ({"labels": "team!=a"}, ["team-b/alpha", "team-a/beta", "other/delta", "team-b/gamma"]),
        ({"labels": "team"}, ["team-a/alpha", "team-a/beta"]),
        ({"labels": "!team,!legacy"}, ["team-b/alpha", "team-b/gamma"]),
        ({"labels": "team==a, tier=gpu"}, ["team-a/alpha"]),
        ({"state": "Running", "namespaceFilter": "team-b"}, ["team-b/gamma"]),
    ],
)
def test_filters(params: dict[str, str], expected: list[str]):
    assert keys(parse_query(params)) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("gpu", ["team-a/alpha", "team-a/beta", "other/delta", "team-b/alpha", "team-b/gamma"]),
        (
            "lastActivity",
            ["team-a/alpha", "other/delta", "team-b/alpha", "team-a/beta", "team-b/gamma"],
        ),  # fmt: skip
        ("state", ["team-b/alpha", "team-a/beta", "team-a/alpha", "other/delta", "team-b/gamma"]),
        (
            "namespace",
            ["other/delta", "team-a/alpha", "team-a/beta", "team-b/alpha", "team-b/gamma"],
        ),  # fmt: skip
        ("kind", ["team-a/alpha", "team-b/alpha", "other/delta", "team-b/gamma", "team-a/beta"]),
        (
            "image",
            ["team-a/alpha", "team-b/alpha", "team-a/beta", "other/delta", "team-b/gamma"],
        ),  # fmt: skip
        (
            "podConfig",
            ["team-b/alpha", "team-a/alpha", "team-a/beta", "other/delta", "team-b/gamma"],
        ),  # fmt: skip
    ],
)
def test_each_column_sorts_with_name_and_namespace_breaking_ties(sort: str, expected: list[str]):
    assert keys(parse_query({"sort": sort})) == expected
    assert keys(parse_query({"sort": sort, "order": "desc"})) == expected[::-1]


def test_window_and_selection_are_read():
    query = parse_query({"offset": "100", "limit": str(MAX_LIMIT), "selected": "team-a/x"})
    assert (query.offset, query.limit, query.selected) == (100, MAX_LIMIT, "team-a/x")
    assert parse_query({"offset": 7, "limit": 0}).offset == 7  # JSON numbers (a PUT body)
    assert query.same_rows(parse_query({"offset": "0"}))
    assert not query.same_rows(parse_query({"search": "x"}))


def test_selector_terms():
    assert parse_selector(" a=b , c!=d,e,!f, example.com/g==h ,") == (
        LabelTerm("a", "b", True),
        LabelTerm("c", "d", False),
        LabelTerm("e", None, True),
        LabelTerm("f", None, False),
        LabelTerm("example.com/g", "h", True),
    )
    assert parse_selector("a=") == (LabelTerm("a", "", True),)  # an empty value is a value


@pytest.mark.parametrize(
    ("params", "field", "says"),
    [
        ({"state": "Running,Sleeping"}, "state", "'Sleeping' is not a state"),
        ({"sort": "size"}, "sort", "'size' is not a column"),
        ({"order": "up"}, "order", "asc or desc"),
        ({"offset": "-1"}, "offset", "whole number from 0"),
        ({"offset": "1e3"}, "offset", "whole number"),
        ({"limit": str(MAX_LIMIT + 1)}, "limit", f"from 0 to {MAX_LIMIT}"),
        ({"limit": True}, "limit", "whole number"),
        ({"limit": 2.5}, "limit", "whole number"),
        ({"search": "x" * 257}, "search", "at most 256 characters"),
        ({"search": "a\nb"}, "search", "control characters"),
        ({"search": ["a"]}, "search", "must be text"),
        ({"labels": "a b=c"}, "labels", "cannot read 'a b=c'"),
        ({"labels": "a=b c"}, "labels", "cannot read"),
        ({"labels": "a in (b)"}, "labels", "cannot read"),
        ({"kind": ",".join(f"k{i}" for i in range(65))}, "kind", "at most 64 values"),
        ({"page": "2"}, "page", "Unknown query parameter 'page'"),
    ],
)
def test_refused_with_the_parameter_named(params: dict[str, Any], field: str, says: str):
    with pytest.raises(InvalidInput) as refused:
        parse_query(params)
    assert refused.value.field == field
    assert says in refused.value.message
    assert refused.value.status == 400


def test_row_of_an_item_with_fields_missing():
    row = row_of({"name": "x", "namespace": "ns", "state": "Paused"}, stamp=3)
    assert (row.key, row.display, row.phase, row.gpus, row.last_activity) == (
        "ns/x",
        "x",
        "Paused",
        0,
        0,
    )
    assert (row.image, row.labels, row.text, row.stamp) == ("", (), "x", 3)
