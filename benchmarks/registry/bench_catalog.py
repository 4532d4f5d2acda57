"""Search and filter latency of the embedded model catalog at 10,000 models (issue 22: under
50 ms each).

Writes a catalog of 10,000 models in Kubeflow Hub's format (two sources; each model with
a description, provider, licence, tasks, languages, custom properties, an OCI artifact,
one in five with performance figures), starts ``jupyter kubeflow registry serve
--catalog-sources`` as a subprocess, and times real HTTP requests over a keep-alive
connection: the default page, free-text search, each filter, filters combined with a
search, a label, sorts, a page deep in the list via its token, filter options, a model and
its artifacts. Prints median and p95 of each, and the load time.

    python benchmarks/registry/bench_catalog.py [--models 10000] [--repeat 100]
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
from urllib.parse import quote, urlencode

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.registry.standalone import StandaloneRegistry  # noqa: E402

PREFIX = "/api/model_catalog/v1"
TASKS = ["text-generation", "translation", "summarization", "text-embedding", "fill-mask"]
TASKS += ["question-answering", "image-to-text", "text-classification", "code-generation"]
LICENSES = ["apache-2.0", "mit", "llama3.1", "gemma", "cc-by-4.0", "bsd-3-clause"]
LANGUAGES = ["en", "de", "fr", "es", "ja", "zh", "ko", "pt", "it", "nl"]
WORDS = ["fast", "small", "large", "instruct", "chat", "base", "vision", "code", "tuned"]


def model(n: int, rng: random.Random) -> dict:
    provider = f"Provider {n % 40:02d}"
    tasks = rng.sample(TASKS, rng.randint(1, 3))
    entry = {
        "name": f"org-{n % 40:02d}/{rng.choice(WORDS)}-{rng.choice(WORDS)}-{n:05d}",
        "provider": provider,
        "description": " ".join(rng.choice(WORDS) for _ in range(40)) + f" model number {n}.",
        "readme": f"# Model {n}\n\n" + " ".join(rng.choice(WORDS) for _ in range(300)),
        "license": rng.choice(LICENSES),
        "libraryName": "transformers",
        "language": rng.sample(LANGUAGES, rng.randint(1, 4)),
        "tasks": tasks,
        "createTimeSinceEpoch": str(1_700_000_000_000 + n * 1000),
        "lastUpdateTimeSinceEpoch": str(1_700_000_000_000 + n * 1500),
        "customProperties": {
            "model_type": {
                "metadataType": "MetadataStringValue",
                "string_value": rng.choice(["generative", "embedding", "predictive"]),
            },
            "size_b": {"metadataType": "MetadataIntValue", "int_value": str(rng.randint(1, 70))},
        },
        "artifacts": [{"uri": f"oci://registry.example.com/org/model-{n:05d}:1.0"}],
    }
    if n % 5 == 0:
        for hardware in ("H100", "A100"):
            entry["artifacts"].append(
                {
                    "artifactType": "metrics-artifact",
                    "metricsType": "performance-metrics",
                    "customProperties": {
                        "hardware_type": {
                            "metadataType": "MetadataStringValue",
                            "string_value": hardware,
                        },
                        "hardware_count": {"metadataType": "MetadataIntValue", "int_value": "2"},
                        "ttft_p90": {
                            "metadataType": "MetadataDoubleValue",
                            "double_value": rng.uniform(20, 400),
                        },
                        "requests_per_second": {
                            "metadataType": "MetadataDoubleValue",
                            "double_value": rng.uniform(1, 50),
                        },
                    },
                }
            )
    return entry


def write_catalog(folder: Path, count: int) -> Path:
    rng = random.Random(22)
    models = [model(n, rng) for n in range(count)]
    half = count // 2
    entries = []
    for i, (label, chunk) in enumerate(
        (("Validated", models[:half]), ("Community", models[half:]))
    ):
        path = folder / f"catalog-{i}.yaml"
        path.write_text(yaml.safe_dump({"source": label, "models": chunk}, sort_keys=False))
        entries.append(
            {
                "id": f"source_{i}",
                "name": f"{label} models",
                "type": "yaml",
                "enabled": True,
                "labels": [label],
                "properties": {"yamlCatalogPath": path.name},
            }
        )
    sources = folder / "sources.yaml"
    sources.write_text(yaml.safe_dump({"model_catalogs": entries}))
    return sources


def timed(conn: http.client.HTTPConnection, path: str, repeat: int) -> tuple[list[float], dict]:
    samples, body = [], {}
    for _ in range(repeat):
        started = time.perf_counter()
        conn.request("GET", PREFIX + path)
        response = conn.getresponse()
        raw = response.read()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, raw[:300]
        body = json.loads(raw)
    return samples, body


def report(name: str, samples: list[float], body: dict) -> float:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    median = statistics.median(samples)
    found = f"{body.get('size', '')} items" if "size" in body else ""
    print(f"{name:<58} median {median:6.2f} ms   p95 {p95:6.2f} ms   {found}")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        sources = write_catalog(folder, args.models)
        print(
            f"wrote {args.models:,} models in Hub's format in {time.perf_counter() - started:.1f} s"
        )
        server = StandaloneRegistry(folder / "data", args=("--catalog-sources", str(sources)))
        started = time.perf_counter()
        server.start()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request("GET", PREFIX + "/sources")
        sources_answer = json.loads(conn.getresponse().read())
        print(
            f"server up with the catalog loaded in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{s['id']} {s['status']}" for s in sources_answer["items"])
        )
        try:
            first = timed(conn, "/models?pageSize=24", 1)[1]
            deep_token = ""
            for _ in range(40):  # the token of page 41 (models 961-984 by name)
                page = timed(conn, f"/models?pageSize=24&nextPageToken={deep_token}", 1)[1]
                deep_token = page["nextPageToken"]
            some = first["items"][0]
            queries = {
                "first page (24, by name)": {"pageSize": 24},
                "q=instruct (name, description, provider, tasks)": {
                    "q": "instruct",
                    "pageSize": 24,
                },
                "q=provider 07": {"q": "provider 07", "pageSize": 24},
                "q with no match": {"q": "nothing matches this", "pageSize": 24},
                "task filter": {"filterQuery": "tasks='translation'", "pageSize": 24},
                "two tasks (IN)": {
                    "filterQuery": "tasks IN ('translation','fill-mask')",
                    "pageSize": 24,
                },
                "licence + language + provider": {
                    "filterQuery": (
                        "license='Apache 2.0' AND language='ja' AND provider='Provider 03'"
                    ),
                    "pageSize": 24,
                },
                "q + task + licence": {
                    "q": "vision",
                    "filterQuery": "tasks='text-generation' AND license IN ('MIT','Gemma License')",
                    "pageSize": 24,
                },
                "source label": {"sourceLabel": "Validated", "pageSize": 24},
                "custom property (model_type)": {
                    "filterQuery": "model_type='embedding'",
                    "pageSize": 24,
                },
                "artifact filter (H100 and ttft_p90 < 100)": {
                    "filterQuery": "artifacts.hardware_type='H100' AND artifacts.ttft_p90 < 100",
                    "pageSize": 24,
                },
                "sort by update time, descending": {
                    "orderBy": "LAST_UPDATE_TIME",
                    "sortOrder": "DESC",
                    "pageSize": 24,
                },
                "sort by lowest ttft_p90 of artifacts": {
                    "orderBy": "artifacts.ttft_p90.double_value",
                    "pageSize": 24,
                },
                "page 41 via its token": {"pageSize": 24, "nextPageToken": deep_token},
            }
            worst = 0.0
            for name, query in queries.items():
                samples, body = timed(conn, "/models?" + urlencode(query), args.repeat)
                worst = max(worst, report(name, samples, body))
            path = f"/sources/{some['sourceId']}/models/{quote(some['name'], safe='')}"
            for name, route in (
                ("filter_options", "/models/filter_options"),
                ("one model", path),
                ("its artifacts", f"{path}/artifacts"),
                ("sources", "/sources"),
            ):
                samples, body = timed(conn, route, args.repeat)
                report(name, samples, body)
            print(f"slowest search/filter p95: {worst:.2f} ms (goal: under 50 ms)")
        finally:
            conn.close()
            server.stop()


if __name__ == "__main__":
    main()
