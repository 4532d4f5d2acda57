"""Hypothesis fuzzing of the registry routes with hostile bodies (issue 7, item 8): no 5xx
and never invalid JSON, on both mounts of the embedded registry (standalone, and inside
Jupyter behind its token) and on the frontend's register/patch routes.

Bodies are JSON-like values with what Python's ``json`` lets through and a registry must
not store: NaN, Infinity, ``1e999``, thousands of digits, lone surrogates, deep nesting,
long text; some are raw bytes that are not UTF-8 or not JSON. The budget is bounded (a fixed
number of examples per mount, no shrinking past the first failure) to keep CI fast.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import math
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .standalone import StandaloneRegistry

EXAMPLES = 120  # per mount; about 5-10 s each on a 2-core machine

ROUTES = [
    "registered_models",
    "registered_models/1",
    "registered_models/1/versions",
    "model_versions",
    "model_versions/1",
    "model_versions/1/artifacts",
    "model_artifacts",
    "model_artifacts/1",
    "artifacts",
    "artifacts/1",
    "serving_environments",
    "serving_environments/1/inference_services",
    "inference_services",
    "inference_services/1/serves",
    "registered_model",
    "model_version",
]
FIELDS = [
    "name",
    "description",
    "externalId",
    "state",
    "registeredModelId",
    "artifactType",
    "uri",
    "value",
    "customProperties",
    "owner",
    "modelVersionId",
    "servingEnvironmentId",
]

huge_number = st.integers(min_value=300, max_value=6000).map(lambda n: "9" * n)
special = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999"])
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "é" * 300, "'; DROP TABLE entity; --"]),
)


def metadata() -> st.SearchStrategy[Any]:
    kinds = st.sampled_from(
        [
            "MetadataStringValue",
            "MetadataIntValue",
            "MetadataDoubleValue",
            "MetadataBoolValue",
            "MetadataStructValue",
        ]
    )
    keys = st.sampled_from(
        ["string_value", "int_value", "double_value", "bool_value", "struct_value"]
    )
    return st.fixed_dictionaries({"metadataType": kinds}).flatmap(
        lambda base: st.dictionaries(keys, scalars, max_size=2).map(lambda d: {**base, **d})
    )


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    huge_number.map(lambda s: Raw(s)),
    special.map(lambda s: Raw(s)),
)


class Raw:
    """A number literal written as is into the body (json.dumps cannot write 1e999)."""

    def __init__(self, literal: str) -> None:
        self.literal = literal


def encode(value: Any) -> str:
    if isinstance(value, Raw):
        return value.literal
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{encode(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(v) for v in value) + "]"
    return json.dumps(value)


values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), inner, max_size=4),
    ),
    max_leaves=12,
)
# A body the route would accept, with one field made hostile: reaches storage and echo.
VALID = [
    {"name": "m-{n}"},
    {"name": "v-{n}", "registeredModelId": "1"},
    {"artifactType": "model-artifact", "name": "a-{n}", "uri": "s3://b/m"},
    {"artifactType": "metric", "name": "loss-{n}", "value": 0.5},
]
hostile = st.one_of(special.map(Raw), huge_number.map(Raw), text, st.floats())


def _near_valid(base: dict[str, Any], n: int, field: str, bad: Any, prop: bool) -> bytes:
    body: dict[str, Any] = {
        k: v.replace("{n}", str(n)) if isinstance(v, str) else v for k, v in base.items()
    }
    if prop:
        body["customProperties"] = {
            field: {"metadataType": "MetadataDoubleValue", "double_value": bad}
        }
    else:
        body[field] = bad
    return encode(body).encode()


near_valid = st.builds(
    _near_valid,
    st.sampled_from(VALID),
    st.integers(0, 10**6),
    st.sampled_from(["name", "description", "value", "uri", "externalId", "acc"]),
    hostile,
    st.booleans(),
)
bodies = st.one_of(
    near_valid,
    st.dictionaries(
        st.sampled_from(FIELDS),
        st.one_of(values, st.dictionaries(text, metadata(), max_size=2)),
        max_size=5,
    ).map(lambda d: encode(d).encode()),
    values.map(lambda v: encode(v).encode()),
    st.integers(min_value=30, max_value=3000).map(lambda n: b"[" * n + b"]" * n),
    st.binary(max_size=60),
)
queries = st.dictionaries(
    st.sampled_from(["name", "pageSize", "nextPageToken", "orderBy", "parentResourceId"]),
    st.sampled_from(["1", "0", "-1", "9" * 30, "abc", "", "%ff", "NAME"]),
    max_size=3,
)
requests = st.tuples(
    st.sampled_from(["GET", "POST", "PATCH"]), st.sampled_from(ROUTES), queries, bodies
)


def strict(body: bytes) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"invalid JSON constant {name} in a response")

    return json.loads(body, parse_constant=refuse)


def fuzz(port: int, prefix: str, headers: dict[str, str]) -> None:
    """Seed one of each parent, then fire the generated requests; no 5xx, valid JSON."""
    from urllib.parse import urlencode

    def send(method: str, path: str, query: dict[str, str], body: bytes | None) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        url = f"{prefix}/{path}" + (f"?{urlencode(query)}" if query else "")
        conn.request(
            method,
            url,
            body=body if method != "GET" else None,
            headers={**headers, "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        raw = response.read()
        conn.close()
        assert response.status < 500, (method, url, body, response.status, raw[:300])
        if raw:
            strict(raw)
        return response.status

    seed = (
        ("registered_models", {"name": "seed"}),
        ("registered_models/1/versions", {"name": "v1", "registeredModelId": "1"}),
        ("model_versions/2/artifacts", {"artifactType": "model-artifact", "uri": "s3://b/m"}),
        ("serving_environments", {"name": "env"}),
    )
    for path, body in seed:
        assert send("POST", path, {}, json.dumps(body).encode()) in (200, 201, 409)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(requests)
    def check(request: tuple[str, str, dict[str, str], bytes]) -> None:
        send(*request)

    check()


def test_fuzz_standalone_registry(standalone: StandaloneRegistry) -> None:
    fuzz(standalone.port, "/api/model_registry/v1", {"Host": "localhost"})


async def test_fuzz_jupyter_mount(
    jp_fetch: Any, jp_serverapp: Any, jp_http_port: int, jp_base_url: str
) -> None:
    # jp_fetch: it is what makes the test server listen on jp_http_port
    token = jp_serverapp.identity_provider.token
    prefix = f"{jp_base_url.rstrip('/')}/kubeflow/registry/api/model_registry/v1"
    # Blocking HTTP from a thread; the server answers on this event loop.
    await asyncio.to_thread(fuzz, jp_http_port, prefix, {"Authorization": f"token {token}"})


FRONTEND = st.tuples(
    st.sampled_from(
        [
            ("POST", "registry/register"),
            ("PATCH", "registry/models/1"),
            ("PATCH", "registry/versions/2"),
            ("PATCH", "registry/artifacts/3"),
            ("POST", "registry/versions/2/deploy"),
        ]
    ),
    bodies,
)


async def test_fuzz_frontend_routes(
    jp_fetch: Any, jp_serverapp: Any, jp_http_port: int, jp_base_url: str
) -> None:
    token = jp_serverapp.identity_provider.token
    base = f"{jp_base_url.rstrip('/')}/kubeflow"
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}

    def run() -> None:
        fuzz(jp_http_port, f"{base}/registry/api/model_registry/v1", headers)

        @settings(
            max_examples=EXAMPLES // 2,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(FRONTEND)
        def check(request: tuple[tuple[str, str], bytes]) -> None:
            (method, path), body = request
            conn = http.client.HTTPConnection("127.0.0.1", jp_http_port, timeout=30)
            conn.request(method, f"{base}/api/{path}", body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            conn.close()
            assert response.status < 500, (method, path, body, response.status, raw[:300])
            if raw:
                strict(raw)

        check()

    await asyncio.to_thread(run)
