"""Fuzzing the pipelines routes of a real Jupyter server: no request a client can send gets a
5xx (issue 7 item 8). Bounded: about 200 requests, a few seconds.

Hypothesis drives the requests from a worker thread; each request runs on the server's own
event loop (``run_coroutine_threadsafe``), so the server is the real one pytest-jupyter
starts, with Jupyter's auth.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import NOTEBOOKS

ROUTES = ["analyse", "compile", "runs"]
PATHS = st.one_of(
    st.sampled_from(["k.ipynb", "bad.ipynb", "", "/", "..", "../x.ipynb", "k.pipeline.yaml"]),
    st.text(max_size=30),
    st.text(max_size=3).map(lambda s: s + "x" * 300),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(max_size=20),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
BODY = st.fixed_dictionaries(
    {},
    optional={
        "path": st.one_of(PATHS, JSON),
        "split": st.one_of(st.sampled_from(["tags", "headings", "single"]), JSON),
        "name": st.one_of(st.text(max_size=20), JSON),
        "dsl": st.one_of(st.booleans(), JSON),
        # not "local" with a valid notebook: that starts real runs (tested elsewhere)
        "mode": st.one_of(st.just("kfp"), st.text(max_size=6)),
        "parameters": st.one_of(st.dictionaries(st.sampled_from(["n", "rate", "x"]), JSON), JSON),
        "experiment": JSON,
        "host": st.one_of(st.just("http://127.0.0.1:9"), st.text(max_size=10), JSON),
    },
)
RAW = st.one_of(
    BODY.map(lambda b: json.dumps(b).encode()),
    st.binary(max_size=40),
    st.integers(1, 3000).map(lambda n: b'{"path": ' + b"[" * n + b"]" * n + b"}"),
)


async def test_no_request_to_the_pipelines_routes_gets_a_5xx(
    jp_fetch: Any, jp_root_dir: Path
) -> None:
    (jp_root_dir / "k.ipynb").write_bytes((NOTEBOOKS / "kale_tagged.ipynb").read_bytes())
    (jp_root_dir / "bad.ipynb").write_bytes((NOTEBOOKS / "bad_cycle.ipynb").read_bytes())
    loop = asyncio.get_running_loop()
    seen: list[tuple[str, int]] = []

    def call(method: str, parts: list[str], body: bytes | None) -> int:
        async def fetch() -> int:
            response = await jp_fetch(
                "kubeflow", "api", "pipelines", *parts, method=method, body=body, raise_error=False
            )
            return response.code

        code = asyncio.run_coroutine_threadsafe(fetch(), loop).result(timeout=60)
        seen.append(("/".join(parts), code))
        return code

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        route=st.sampled_from(ROUTES),
        raw=RAW,
        run_id=st.one_of(
            st.text(max_size=12), st.from_regex(r"[A-Za-z0-9_-]{1,40}", fullmatch=True)
        ),
    )
    def fuzz(route: str, raw: bytes, run_id: str) -> None:
        code = call("POST", [route], raw)
        assert code < 500, (route, raw[:200], code)
        if run_id:
            quoted = quote(run_id, safe="")
            assert call("GET", ["runs", quoted], None) < 500, run_id
            assert call("POST", ["runs", quoted, "cancel"], b"") < 500, run_id

    started = time.monotonic()
    await asyncio.to_thread(fuzz)
    print(f"{len(seen)} requests in {time.monotonic() - started:.1f}s")
    codes = {code for _, code in seen}
    assert codes <= {200, 202, 400, 403, 404, 409, 422, 503}, codes
    assert len(seen) >= 80


CELL = st.fixed_dictionaries(
    {},
    optional={
        "cell_type": st.one_of(st.sampled_from(["code", "markdown", "raw"]), JSON),
        "source": st.one_of(
            st.sampled_from(["x = 1", "print(x)", "# Title", "%pip install a", "y = x +"]),
            st.lists(st.text(max_size=10), max_size=3),
            JSON,
        ),
        "metadata": st.one_of(
            st.fixed_dictionaries(
                {"tags": st.lists(st.one_of(st.sampled_from(["step:a", "skip"]), JSON), max_size=3)}
            ),
            JSON,
        ),
    },
)
NOTEBOOK = st.fixed_dictionaries(
    {},
    optional={
        "cells": st.one_of(st.lists(CELL, max_size=4), JSON),
        "metadata": JSON,
        "nbformat": JSON,
    },
)


@settings(max_examples=100, deadline=None, database=None)
@given(notebook=NOTEBOOK)
def test_any_notebook_json_is_analysed_or_refused_with_a_4xx(notebook: dict[str, Any]) -> None:
    from jupyter_kubeflow.errors import KubeflowError
    from jupyter_kubeflow.pipelines.analysis import analyse_notebook
    from jupyter_kubeflow.pipelines.notebook import parse_notebook

    try:
        analyse_notebook(parse_notebook(json.dumps(notebook), Path("n.ipynb")))
    except KubeflowError as e:
        assert 400 <= e.status < 500 and e.message
