"""Issue 16, item 10: the watch cache relists after an expired resourceVersion (410 Gone),
caused for real: etcd compacts the history the watch would resume from.

Upstream behaviour this stands for: the kube-apiserver answers a watch from a
resourceVersion older than etcd's compaction with an ERROR event, code 410 "Expired" ("The
resourceVersion for the provided watch is too old"); a client must relist (client-go's
reflector does: `isExpiredError` -> relist). The main API server of make cluster serves
watches from its watch cache, which does not expire on compaction within a test's time, so
this test starts its own kube-apiserver with ``--watch-cache=false`` (watches go to etcd)
on make cluster's etcd, and compacts etcd through its v3 JSON gateway.

Nothing is faked: the test only holds the watch thread between two watch rounds (through
the cache's between-rounds hook) while workspaces change and etcd compacts, so the watch
resumes from a resourceVersion etcd no longer has.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import subprocess
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from kubernetes.client.rest import ApiException

from jupyter_kubeflow.workspaces import cache as cache_module
from jupyter_kubeflow.workspaces.cache import NamespaceCache
from jupyter_kubeflow.workspaces.kube import ConnectionHolder

from .cluster import (
    CLUSTER,
    ENV,
    NAMESPACE,
    STATE,
    cluster_var,
    kubectl,
    kubectl_create,
    set_status,
    unique_name,
)

NAME = "relist-test-apiserver"
ETCD = f"http://127.0.0.1:{cluster_var('ETCD_PORT')}"


def free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


@pytest.fixture(scope="module")
def uncached_apiserver(cluster: Path):
    """A kube-apiserver whose watches are served by etcd itself (no watch cache)."""
    port = free_port()
    script = str(CLUSTER / "apiserver.sh")
    subprocess.run(
        [script, NAME, port, "start", "--watch-cache=false"], check=True, timeout=120, env=ENV
    )
    yield STATE / f"{NAME}.kubeconfig"
    subprocess.run([script, NAME, port, "stop"], check=True, timeout=60, env=ENV)


def etcd(path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(ETCD + path, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def compact_etcd() -> int:
    """Compacts etcd's history up to its current revision; returns that revision."""
    key = base64.b64encode(b"/registry/").decode()
    revision = int(etcd("/v3/kv/range", {"key": key, "count_only": True})["header"]["revision"])
    etcd("/v3/kv/compaction", {"revision": str(revision), "physical": True})
    return revision


async def test_an_expired_resource_version_relists_and_sends_what_changed(
    uncached_apiserver: Path, cleanup, monkeypatch
) -> None:
    kept, gone, added = unique_name("kept"), unique_name("gone"), unique_name("added")
    cleanup.extend([kept, gone, added])
    kubectl_create(kept)
    kubectl_create(gone)

    # Spies (the real methods run): how often the cache listed, what its watches raised.
    relists: list[str] = []
    watch_errors: list[int] = []
    real_relist, real_watch = NamespaceCache._relist, NamespaceCache._watch_from

    def counting_relist(self: NamespaceCache, api: Any) -> str:
        version = real_relist(self, api)
        relists.append(version)
        return version

    def watch_recording_errors(self: NamespaceCache, api: Any, version: str) -> str:
        try:
            return real_watch(self, api, version)
        except ApiException as e:
            watch_errors.append(e.status)
            raise

    monkeypatch.setattr(NamespaceCache, "_relist", counting_relist)
    monkeypatch.setattr(NamespaceCache, "_watch_from", watch_recording_errors)
    monkeypatch.setattr(cache_module, "WATCH_SECONDS", 1)  # the first round ends at once

    # The watch thread is held once, after its first round, while the world moves on.
    held, release = threading.Event(), threading.Event()

    def between_rounds(cache: NamespaceCache) -> bool:
        if relists and not held.is_set():
            held.set()
            if not release.wait(60):
                raise AssertionError("the test never released the watch thread")
        return False

    connection = ConnectionHolder(str(uncached_apiserver), "admin")
    cache = NamespaceCache(NAMESPACE, connection, _item, between_rounds)
    subscriber = cache.subscribe()
    try:
        first = {i["name"] for i in await cache.items()}
        assert {kept, gone} <= first
        if not await asyncio.to_thread(held.wait, 30):
            raise AssertionError("the watch's first round did not end within 30 s")

        # While nobody watches: one workspace added, one deleted, one changed; then etcd
        # forgets the history the watch would resume from.
        kubectl_create(added)
        kubectl("-n", NAMESPACE, "delete", "workspace", gone, "--wait=false")
        set_status(kept, "Running")
        compact_etcd()
        release.set()

        seen: list[tuple[str, str]] = []
        wanted = {("ADDED", added), ("DELETED", gone), ("MODIFIED", kept)}
        deadline = asyncio.get_running_loop().time() + 30
        while not wanted <= set(seen):
            left = deadline - asyncio.get_running_loop().time()
            try:
                name, data = await asyncio.wait_for(subscriber.queue.get(), max(left, 0.01))
            except asyncio.TimeoutError:
                raise AssertionError(f"the relist's changes did not all arrive: {seen}") from None
            seen.append((name, (data.get("item") or {}).get("name", "")))
            # An expired version is no outage: the panel must not be told of one, nor sent
            # everything again.
            assert name not in ("error", "snapshot"), f"{name} after a 410: {data}"

        # The apiserver really expired the watch, and the cache relisted at once: no
        # outage reported to the panel, no full snapshot, only the differences.
        assert 410 in watch_errors, f"the watch never got 410 Gone (errors: {watch_errors})"
        # The relist sends its events before it returns (and is counted): wait for that.
        counted_by = asyncio.get_running_loop().time() + 10
        while len(relists) < 2 and asyncio.get_running_loop().time() < counted_by:
            await asyncio.sleep(0.02)
        assert len(relists) == 2, f"expected the first list and one relist, got {relists}"
        assert int(relists[1]) > int(relists[0])
        names = {i["name"] for i in await cache.items()}
        assert added in names and kept in names and gone not in names
    finally:
        release.set()
        cache.unsubscribe(subscriber)
        cache.close()
        cache.join(10)
        connection.close()


def _item(obj: dict[str, Any]) -> dict[str, Any]:
    """What the cache needs of an item: its name and resourceVersion."""
    meta = obj["metadata"]
    return {"name": meta["name"], "resourceVersion": meta["resourceVersion"]}
