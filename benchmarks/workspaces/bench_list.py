"""Listing 5,000 workspaces from the watch cache (goal: under 100 ms), against make cluster.

Measures what GET /kubeflow/api/workspaces/{ns} does after its first call: the service's
list (cache + cached access review) and the JSON encoding the handler sends.
Run: python benchmarks/workspaces/bench_list.py
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ensure_workspaces, service, start_cluster  # noqa: E402

NAMESPACE, COUNT, ROUNDS = "bench-5000", 5000, 30


async def main() -> None:
    start_cluster()
    svc = service()
    ensure_workspaces(svc, NAMESPACE, COUNT)
    started = time.perf_counter()
    first = await svc.list_workspaces(NAMESPACE)
    cold = time.perf_counter() - started
    assert len(first["items"]) >= COUNT, len(first["items"])
    service_ms, total_ms = [], []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        body = await svc.list_workspaces(NAMESPACE)
        t1 = time.perf_counter()
        json.dumps(body, default=str)
        t2 = time.perf_counter()
        service_ms.append((t1 - t0) * 1000)
        total_ms.append((t2 - t0) * 1000)
    await svc.aclose()
    print(f"workspaces listed: {len(body['items'])}")
    print(f"first list (LIST from the API server + access review): {cold * 1000:.0f} ms")
    print(
        f"cached list: median {statistics.median(service_ms):.1f} ms, "
        f"max {max(service_ms):.1f} ms ({ROUNDS} rounds)"
    )
    print(
        f"cached list + JSON encoding: median {statistics.median(total_ms):.1f} ms, "
        f"max {max(total_ms):.1f} ms (goal < 100 ms)"
    )


if __name__ == "__main__":
    asyncio.run(main())
