"""Listing 5,000 workspaces from the watch cache (goal: under 100 ms), against make cluster.

Measures what GET /kubeflow/api/workspaces/{ns} does after its first call: the service's
list (cache + cached access review) up to the JSON body the handler sends as is.
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
    rounds_ms = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        body = await svc.list_workspaces_json(NAMESPACE)  # what the route sends, as is
        rounds_ms.append((time.perf_counter() - t0) * 1000)
    await svc.aclose()
    count = len(json.loads(body)["items"])
    print(f"workspaces listed: {count} ({len(body) / 1e6:.1f} MB of JSON)")
    print(f"first list (LIST from the API server + access review): {cold * 1000:.0f} ms")
    print(
        f"cached list, JSON ready to send: median {statistics.median(rounds_ms):.1f} ms, "
        f"max {max(rounds_ms):.1f} ms over {ROUNDS} rounds (goal < 100 ms)"
    )


if __name__ == "__main__":
    asyncio.run(main())
