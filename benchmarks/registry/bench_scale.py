"""The embedded registry at scale: each query the UI and clients issue, at 10,000 and 100,000
registered models, medians side by side (issue 15's table).

Each model has two custom properties, a string ``team`` (t0..t9) and a double ``acc``
(uniform in [0, 1)). Filling is fast: the bodies go through the same validation as a REST
create, then ``RegistryStore.create_many`` inserts them in ONE transaction (one fsync),
instead of one durable transaction per model (~320/s). The derived tables (custom
properties, name trigrams) are kept by the same triggers as a single create.

Then ``jupyter kubeflow registry serve`` runs as a subprocess on the filled data dir and
each query is timed as real HTTP requests on one keep-alive connection (median of
``--repeat``, pageSize 100). The machine is shared, so each query's CPU time is printed too:
the median thread CPU time of the same request handled in this process by ``RegistryAPI``
(no HTTP), which waiting for a busy core does not inflate.

    python benchmarks/registry/bench_scale.py [--sizes 10000,100000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jupyter_kubeflow.registry.entities import REGISTERED_MODEL, validate_body  # noqa: E402
from jupyter_kubeflow.registry.rest_api import RegistryAPI  # noqa: E402
from jupyter_kubeflow.registry.server import open_store  # noqa: E402
from tests.registry.standalone import StandaloneRegistry  # noqa: E402

PREFIX = "/api/model_registry/v1/registered_models"


def body(n: int, rng: random.Random) -> dict:
    return {
        "name": f"model-{n:06d}",
        "description": f"benchmark model {n}",
        "customProperties": {
            "team": {"metadataType": "MetadataStringValue", "string_value": f"t{n % 10}"},
            "acc": {"metadataType": "MetadataDoubleValue", "double_value": rng.random()},
        },
    }


def fill(data_dir: Path, count: int) -> float:
    store = open_store(data_dir)
    rng = random.Random(count)
    rows = (validate_body(REGISTERED_MODEL, body(n, rng), creating=True) for n in range(count))
    started = time.perf_counter()
    store.create_many(REGISTERED_MODEL.kind, rows)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def queries(count: int) -> list[tuple[str, str]]:
    """(label, query string) pairs; the first six are issue 15's table."""

    def fq(text: str) -> str:
        return "&filterQuery=" + quote(text)

    return [
        ("a page, default order (by id)", ""),
        ("a page, newest first (CREATE_TIME DESC)", "&orderBy=CREATE_TIME&sortOrder=DESC"),
        ("name LIKE '%12345%'", fq("name LIKE '%12345%'")),
        ("team = 't3' (custom string)", fq("team = 't3'")),
        ("acc.double_value > 0.995 (custom double)", fq("acc.double_value > 0.995")),
        ("both, with AND", fq("team = 't3' AND acc.double_value > 0.995")),
        # beyond the table
        ("search box: ILIKE '%2345%' AND state", fq("name ILIKE '%2345%' AND state = 'LIVE'")),
        ("name LIKE '%model%' (matches every row)", fq("name LIKE '%model%'")),
        ("name ILIKE '%12%' (too short for trigrams)", fq("name ILIKE '%12%'")),
        ("acc > 0.5 (custom number, no type suffix)", fq("acc > 0.5")),
        ("a page by NAME", "&orderBy=NAME"),
    ]


def timed(conn: http.client.HTTPConnection, path: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        raw = response.read()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, raw[:300]
    return statistics.median(samples)


def cpu_time(api: RegistryAPI, query: str, repeat: int) -> float:
    params = dict(pair.split("=", 1) for pair in query.split("&") if pair)
    params = {key: unquote(value) for key, value in params.items()}
    samples = []
    for _ in range(repeat):
        started = time.thread_time()
        status, body = api.handle("GET", "registered_models", params, None)
        samples.append((time.thread_time() - started) * 1000)
        assert status == 200, body
    return statistics.median(samples)


def middle_token(conn: http.client.HTTPConnection, count: int) -> str:
    conn.request("GET", f"{PREFIX}?pageSize=1&nextPageToken=")
    conn.getresponse().read()
    # walk to the middle with big pages (1000 is the maximum page size)
    token = ""
    for _ in range(count // 2000):
        conn.request("GET", f"{PREFIX}?pageSize=1000&nextPageToken={token}")
        token = json.loads(conn.getresponse().read())["nextPageToken"]
    return token


Figures = dict[str, tuple[float, float]]  # query -> (HTTP median ms, CPU median ms)


def measure(count: int, repeat: int) -> tuple[float, Figures, dict[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        fill_seconds = fill(data_dir, count)
        server = StandaloneRegistry(data_dir).start()
        store = open_store(data_dir)
        api = RegistryAPI(store)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            results: Figures = {}
            sizes: dict[str, int] = {}
            token = middle_token(conn, count)
            cases = [
                *queries(count),
                ("a page half way through (token)", f"&nextPageToken={token}"),
            ]
            for label, query in cases:
                path = f"{PREFIX}?pageSize=100{query}"
                conn.request("GET", path)
                sizes[label] = json.loads(conn.getresponse().read())["size"]
                http_ms = timed(conn, path, repeat)
                results[label] = (http_ms, cpu_time(api, f"pageSize=100{query}", repeat))
        finally:
            store.close()
            server.stop()
    return fill_seconds, results, sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    counts = [int(s) for s in args.sizes.split(",")]
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared)")
    runs = {}
    for count in counts:
        fill_seconds, results, sizes = measure(count, args.repeat)
        runs[count] = results
        print(f"filled {count} models in {fill_seconds:.1f} s (create_many, one transaction)")
    header = "".join(f"{f'{c:,} models: HTTP (CPU)':>30}" for c in counts)
    print(f"\nmedian of {args.repeat} requests, pageSize 100\n{'query':<46}{header}   rows")
    for label in runs[counts[0]]:
        cells = "".join(
            f"{runs[c][label][0]:15.2f} ms ({runs[c][label][1]:6.2f} ms)" for c in counts
        )
        print(f"{label:<46}{cells}   {sizes[label]}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
