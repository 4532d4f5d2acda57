"""List and get latency of the embedded registry at 10,000 registered models.

Seeds 10,000 models (with typed custom properties) through the REST API into a fresh data
dir, then starts ``jupyter kubeflow registry serve`` as a subprocess and times real HTTP
requests (keep-alive connection, as a client would use): a page of 100 in several orders
and deep pages, a filterQuery page, get by id and find by name. Prints median and p95.

    python benchmarks/registry/bench_list_get.py [--models 10000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jupyter_kubeflow.registry.rest_api import RegistryAPI  # noqa: E402
from jupyter_kubeflow.registry.server import open_store  # noqa: E402
from tests.registry.standalone import StandaloneRegistry  # noqa: E402

PREFIX = "/api/model_registry/v1"


def seed(data_dir: Path, count: int) -> float:
    store = open_store(data_dir)
    api = RegistryAPI(store)
    started = time.perf_counter()
    for n in range(count):
        body = {
            "name": f"model-{n:05d}",
            "description": f"benchmark model {n}",
            "customProperties": {
                "accuracy": {"metadataType": "MetadataDoubleValue", "double_value": n / count},
                "framework": {
                    "metadataType": "MetadataStringValue",
                    "string_value": random.choice(["pytorch", "sklearn", "onnx"]),
                },
            },
        }
        status, out = api.handle("POST", "registered_models", {}, json.dumps(body).encode())
        assert status == 201, out
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def timed(conn: http.client.HTTPConnection, path: str, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        conn.request("GET", PREFIX + path)
        response = conn.getresponse()
        body = response.read()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, body[:200]
    return samples


def report(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{name:<46} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        elapsed = seed(data_dir, args.models)
        print(
            f"seeded {args.models} models in {elapsed:.1f} s "
            f"({args.models / elapsed:.0f} durable writes/s, synchronous=FULL)"
        )
        server = StandaloneRegistry(data_dir).start()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request("GET", f"{PREFIX}/registered_models?pageSize=100&orderBy=NAME")
            first = json.loads(conn.getresponse().read())
            token = first["nextPageToken"]
            # a token ~half way through
            conn.request("GET", f"{PREFIX}/registered_models?pageSize={args.models // 2}")
            middle = json.loads(conn.getresponse().read())["nextPageToken"]
            r = args.repeat
            report("list 100, ORDER BY ID", timed(conn, "/registered_models?pageSize=100", r))
            report(
                "list 100, ORDER BY NAME DESC",
                timed(conn, "/registered_models?pageSize=100&orderBy=NAME&sortOrder=DESC", r),
            )
            report(
                "list 100, LAST_UPDATE_TIME",
                timed(conn, "/registered_models?pageSize=100&orderBy=LAST_UPDATE_TIME", r),
            )
            report(
                "list 100, page 2 by NAME (token)",
                timed(
                    conn, f"/registered_models?pageSize=100&orderBy=NAME&nextPageToken={token}", r
                ),
            )
            report(
                "list 100, middle page (token)",
                timed(conn, f"/registered_models?pageSize=100&nextPageToken={middle}", r),
            )
            fq = "framework%20%3D%20%27onnx%27%20AND%20accuracy%20%3E%200.5"
            report(
                "list 100, filterQuery on custom properties",
                timed(conn, f"/registered_models?pageSize=100&filterQuery={fq}", r),
            )
            report(
                "list 100, name ILIKE '%model-0%'",
                timed(
                    conn,
                    "/registered_models?pageSize=100&filterQuery=name%20ILIKE%20%27%25model-0%25%27",
                    r,
                ),
            )
            ids = [random.randint(1, args.models) for _ in range(r)]
            samples = []
            for id_ in ids:
                samples += timed(conn, f"/registered_models/{id_}", 1)
            report("get by id", samples)
            samples = []
            for id_ in ids:
                samples += timed(conn, f"/registered_model?name=model-{id_ - 1:05d}", 1)
            report("find by name", samples)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
