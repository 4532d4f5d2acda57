"""filterQuery's edges: bounded size and depth, 64-bit numbers, page tokens, LIKE escapes and
unicode literals; through the REST API (``RegistryAPI``) and the registry tab's search route.

The LIKE escapes follow the real Model Registry server (kubeflow/hub
``internal/db/filter/parser.go`` decodes ``\\'``, ``\\"`` and ``\\\\`` in string literals and
leaves other backslashes to the database, whose LIKE escape character is the backslash).
"""

from __future__ import annotations

import base64
import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_kubeflow.registry.filter_query import MAX_COMPARISONS, MAX_NESTING, like_literal
from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.store import RegistryStore


class Client:
    def __init__(self, api: RegistryAPI) -> None:
        self.api = api

    def __call__(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        raw = json.dumps(body).encode() if body is not None else None
        return self.api.handle(method, path, query, raw)

    def names(self, filter_query: str, **query: str) -> list[str]:
        status, page = self("GET", "registered_models", filterQuery=filter_query, **query)
        assert status == 200, page
        return [m["name"] for m in page["items"]]


@pytest.fixture
def mr(tmp_path: Path) -> Client:
    client = Client(RegistryAPI(RegistryStore(tmp_path / "r.db")))
    for name in ("50% off", "50x off", "a_b", "axb", "back\\slash", "backxslash", "Été-2024"):
        props = {"note": {"metadataType": "MetadataStringValue", "string_value": f"n:{name}"}}
        status, out = client("POST", "registered_models", {"name": name, "customProperties": props})
        assert status == 201, out
    return client


def token(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# -- issue 7 item 8: sizes and numbers from outside are bounded: 400, never 500 -----------------
@pytest.mark.parametrize(
    ("query", "says"),
    [
        (" AND ".join(["name = 'x'"] * 1500), "longer than"),  # issue 7's example
        (" AND ".join(["id>0"] * (MAX_COMPARISONS + 1)), "comparisons"),
        ("(" * 400 + "name = 'x'" + ")" * 400, "nested parentheses"),
        ("id = 99999999999999999999", "64 bits"),
        ("id > -9223372036854775809", "64 bits"),
        ("epochs = " + "9" * 5000, "64 bits"),
        ("acc > 1e999", "out of range"),
        ("name = 'x' OR " * 800 + "name = 'x'", "longer than"),
        ("name = 'a\x00b'", "U+0000"),
        ("name = '\ud800'", "U+D800"),
        ("name = 'x'\n AND id = 1", "U+000A"),
        ("namé = 'x'", "outside a string literal"),
        ("name IN (" + ", ".join(["'x'"] * 1001) + ")", "values in IN"),
    ],
)
def test_oversized_or_out_of_range_filter_is_400(mr: Client, query: str, says: str) -> None:
    status, body = mr("GET", "registered_models", filterQuery=query)
    assert status == 400, body
    assert "filterQuery" in body["message"] and says in body["message"]


def test_bounds_leave_room_for_real_queries(mr: Client) -> None:
    """The largest query the bounds allow still runs in SQLite (expression depth < 1000)."""
    terms = ["name = 'x'"] * (MAX_COMPARISONS - 1) + ["name = 'a_b'"]
    assert mr.names(" OR ".join(terms)) == ["a_b"]
    assert mr.names(" AND ".join(["id > 0"] * MAX_COMPARISONS), pageSize="1") == ["50% off"]
    nested = "(" * MAX_NESTING + "name = 'axb'" + ")" * MAX_NESTING
    assert mr.names(nested) == ["axb"]
    assert mr.names("id = 9223372036854775807 OR id = '99999999999999999999'") == []
    assert mr.names("id > -9223372036854775808", pageSize="1") == ["50% off"]


@pytest.mark.parametrize(
    "bad",
    [
        token([2**63, 1]),  # value beyond int64
        token([1, 2**64]),  # id beyond int64
        token(["name", 1]),  # a NAME token used for the default (ID) order
        token([1.5, 1]),
        token([True, 1]),
        token([1, -1]),
        token([1, 2, 3]),
        base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode(),  # deep JSON
        "A" * 10_000,
        "%%%",
    ],
)
def test_bad_page_token_is_400(mr: Client, bad: str) -> None:
    status, body = mr("GET", "registered_models", nextPageToken=bad)
    assert status == 400 and "nextPageToken" in body["message"], body


def test_page_token_value_must_fit_its_order(mr: Client) -> None:
    assert mr("GET", "registered_models", orderBy="NAME", nextPageToken=token([5, 1]))[0] == 400
    page = mr.names("id > 0", orderBy="NAME", pageSize="100", nextPageToken=token(["a", 1]))
    assert page == ["a_b", "axb", "back\\slash", "backxslash", "Été-2024"]


_FILTER_PIECES = st.sampled_from(
    [*"()'\"`,.=<>!%_\\- 0123456789eE", "AND", "OR", "LIKE", "ILIKE", "IN", "TRUE", "name", "id"]
    + ["acc", "note.string_value", "\u00e9", "\U0001f600", "\x00", "\ud800", "9" * 25, "1e999"]
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(_FILTER_PIECES, max_size=40).map("".join) | st.text(max_size=60))
def test_fuzzed_filter_query_is_never_a_server_error(mr: Client, query: str) -> None:
    status, body = mr("GET", "registered_models", filterQuery=query)
    assert status in (200, 400), (query, status, body)


# -- issue 7 item 12: the registry search: wildcards are text, unicode is found -----------------
def test_like_literal_escapes_wildcards_and_backslash() -> None:
    assert like_literal("50%_a\\b") == "50\\%\\_a\\\\b"
    assert like_literal(string.ascii_letters + "é") == string.ascii_letters + "é"


async def _create(jp_fetch: Any, name: str) -> None:
    """A model through the embedded registry's REST mount inside Jupyter."""
    body = json.dumps({"name": name})
    path = ("kubeflow", "registry", "api", "model_registry", "v1", "registered_models")
    response = await jp_fetch(*path, method="POST", body=body)
    assert response.code == 201


async def _search(api: Any, q: str) -> list[str]:
    code, page = await api("registry/models", params={"q": q, "orderBy": "NAME"})
    assert code == 200, page
    return [m["name"] for m in page["items"]]


async def test_search_box_matches_percent_and_underscore_as_text(api: Any, jp_fetch: Any) -> None:
    for name in ("50% off", "50x off", "a_b", "axb", "back\\slash", "backxslash"):
        await _create(jp_fetch, name)
    assert await _search(api, "%") == ["50% off"]
    assert await _search(api, "_") == ["a_b"]
    assert await _search(api, "a_b") == ["a_b"]
    assert await _search(api, "0%") == ["50% off"]
    assert await _search(api, "\\") == ["back\\slash"]
    assert await _search(api, "K\\S") == ["back\\slash"]  # still case-insensitive


async def test_search_box_finds_non_ascii_names(api: Any, jp_fetch: Any) -> None:
    for name in ("Été-2024", "café", "модель", "plain"):
        await _create(jp_fetch, name)
    assert await _search(api, "été") == ["Été-2024"]  # case-insensitive beyond ASCII too
    assert await _search(api, "CAFÉ") == ["café"]
    assert await _search(api, "одел") == ["модель"]
    assert await _search(api, "é") == ["café", "Été-2024"]


def test_non_ascii_in_string_literals_of_filter_query(mr: Client) -> None:
    assert mr.names("name = 'Été-2024'") == ["Été-2024"]
    assert mr.names("note = 'n:Été-2024'") == ["Été-2024"]
    assert mr.names("name LIKE 'É%'") == ["Été-2024"]
    assert mr.names("name ILIKE '%été%'") == ["Été-2024"]
    assert mr.names("name LIKE '%été%'") == []  # LIKE stays case-sensitive


# -- issue 10 item 9: in LIKE, \_ and \% are literal (as on the real server's PostgreSQL) -------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("name LIKE 'a\\_b'", ["a_b"]),
        ("name LIKE 'a_b'", ["a_b", "axb"]),  # an unescaped _ is still a wildcard
        ("name LIKE '50\\%%'", ["50% off"]),
        ("name LIKE '50%'", ["50% off", "50x off"]),
        ("name ILIKE 'A\\_B'", ["a_b"]),
        ("name ILIKE '%0\\% OFF'", ["50% off"]),
        ("name LIKE 'back\\\\\\\\slash'", ["back\\slash"]),  # \\\\ in the query: one backslash
        ("name LIKE 'back\\\\_slash'", []),  # \\ decodes to \, which escapes the _
        ("name LIKE 'a\\xb'", ["axb"]),  # an escaped ordinary character is that character
        ("note.string_value LIKE 'n:a\\_%'", ["a_b"]),  # custom properties too
        ("name = 'a\\_b'", []),  # outside LIKE the backslash is text, as upstream
    ],
)
def test_like_escapes_are_literal(mr: Client, query: str, expected: list[str]) -> None:
    assert mr.names(query) == expected


def test_like_pattern_ending_in_escape_is_400(mr: Client) -> None:
    status, body = mr("GET", "registered_models", filterQuery="name LIKE 'a\\\\'")
    assert status == 400 and "escape character" in body["message"]
