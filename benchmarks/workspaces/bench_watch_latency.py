"""Time from a status change (written through the status subresource, as the Notebooks
controller does) to the event reaching a subscriber of the SSE stream, against make cluster.

The subscriber is the queue the SSE handler reads; the handler then writes one line.
Run: python benchmarks/workspaces/bench_watch_latency.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from kubernetes import client

sys.path.insert(0, str(Path(__file__).parent))
import contextlib

from common import manifest, service, start_cluster  # noqa: E402

from jupyter_kubeflow.workspaces.kube import GROUP, VERSION, WORKSPACES  # noqa: E402

NAMESPACE, NAME, ROUNDS = "team-a", "bench-watch-latency", 30


def status(message: str) -> dict:
    return {
        "status": {
            "state": "Running",
            "stateMessage": message,
            "pendingRestart": False,
            "pauseTime": 0,
            "lastRunningTime": 0,
            "activity": {"lastActivity": 0, "lastUpdate": 0},
            "podTemplatePod": {"name": "pod", "nodeName": "node"},
            "podTemplateOptions": {
                "imageConfig": {"desired": "jupyter-scipy:v1.10.0", "redirectChain": []},
                "podConfig": {"desired": "tiny_cpu", "redirectChain": []},
            },
        }
    }


async def main() -> None:
    start_cluster()
    svc = service()
    custom = client.CustomObjectsApi(svc.connection.get().api)
    with contextlib.suppress(client.ApiException):
        custom.delete_namespaced_custom_object(GROUP, VERSION, NAMESPACE, WORKSPACES, NAME)
    custom.create_namespaced_custom_object(
        GROUP, VERSION, NAMESPACE, WORKSPACES, manifest(NAMESPACE, NAME)
    )
    cache, subscriber = svc.subscribe(NAMESPACE)
    await cache.items()
    latencies = []
    try:
        for i in range(ROUNDS):
            message = f"round {i}"
            t0 = time.perf_counter()
            await asyncio.to_thread(
                custom.patch_namespaced_custom_object_status,
                GROUP, VERSION, NAMESPACE, WORKSPACES, NAME, status(message),
            )  # fmt: skip
            while True:
                kind, data = await asyncio.wait_for(subscriber.queue.get(), 10)
                item = data.get("item") or {}
                if item.get("name") == NAME and item.get("stateMessage") == message:
                    break
            latencies.append((time.perf_counter() - t0) * 1000)
    finally:
        cache.unsubscribe(subscriber)
        custom.delete_namespaced_custom_object(GROUP, VERSION, NAMESPACE, WORKSPACES, NAME)
        await svc.aclose()
    latencies.sort()
    print(f"status change -> SSE subscriber, {ROUNDS} rounds (includes the PATCH round trip):")
    print(
        f"median {statistics.median(latencies):.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms, max {latencies[-1]:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
