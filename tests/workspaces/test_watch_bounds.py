"""Issue 7, item 10: watches are bounded (idle ones stop, a maximum count), and names and
namespaces are checked whole (a trailing newline is refused), against the real API server."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest

from .cluster import NAMESPACE, kubectl, workspace_manifest
from .waiting import eventually


@pytest.fixture
def workspaces_service(jp_serverapp):
    return jp_serverapp.web_app.settings["kubeflow_services"]["workspaces"]


def watch_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith("workspaces-watch-")}


async def no_more_than(limit: int, timeout: float = 10.0) -> set[str]:
    """The live watch threads, once they are at most ``limit`` (stopped ones end at once);
    fails at the deadline with the threads still running."""
    deadline = time.monotonic() + timeout
    while len(threads := watch_threads()) > limit:
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(threads)} watch threads after {timeout} s: {threads}")
        await asyncio.sleep(0.05)
    return threads


async def test_watch_threads_stay_bounded_however_many_namespaces(api, workspaces_service) -> None:
    # Any valid namespace name may be asked about, existing or not: 40 distinct ones.
    cache = workspaces_service.cache
    cache.max_watches = 5
    before = watch_threads()
    asked = [f"bounds-{uuid.uuid4().hex[:6]}-{i}" for i in range(40)]
    for namespace in asked:
        code, body = await api(f"workspaces/{namespace}")
        assert code == 200, body
        assert body["items"] == []
        assert len(cache.watched()) <= 5
    threads = await no_more_than(len(before | {f"workspaces-watch-{ns}" for ns in asked[-5:]}))
    assert len(threads - before) <= 5, sorted(threads - before)
    assert set(cache.watched()) == set(asked[-5:])  # the most recently used ones


async def test_an_idle_watch_stops_and_a_new_request_starts_it_again(
    api, workspaces_service
) -> None:
    cache = workspaces_service.cache
    namespace = f"idle-{uuid.uuid4().hex[:6]}"
    assert (await api(f"workspaces/{namespace}"))[0] == 200
    assert f"workspaces-watch-{namespace}" in watch_threads()
    cache.idle_seconds = 0.3
    await asyncio.sleep(0.5)  # a time to pass, not a condition: idle for longer than 0.3 s
    # Any later use of the cache retires the idle watch (and its thread ends at once).
    assert (await api(f"workspaces/{NAMESPACE}"))[0] == 200
    threads = await eventually(
        lambda: asyncio.sleep(0, watch_threads()),
        lambda names: f"workspaces-watch-{namespace}" not in names,
        timeout=5,
    )
    assert namespace not in cache.watched()
    assert f"workspaces-watch-{namespace}" not in threads
    cache.idle_seconds = 300.0
    assert (await api(f"workspaces/{namespace}"))[0] == 200  # watched again on demand
    assert namespace in cache.watched()


async def test_a_subscribed_watch_is_never_retired_or_evicted(workspaces_service) -> None:
    cache = workspaces_service.cache
    cache.max_watches, cache.idle_seconds = 2, 0.0
    streamed = cache.namespace(NAMESPACE)
    subscriber = streamed.subscribe()
    try:
        for i in range(4):
            cache.namespace(f"other-{uuid.uuid4().hex[:6]}-{i}")
            await asyncio.sleep(0.05)
        assert NAMESPACE in cache.watched()
        assert streamed.running
    finally:
        streamed.unsubscribe(subscriber)


async def test_names_and_namespaces_with_a_trailing_newline_are_refused(api) -> None:
    # Python's `$` matches before a final "\n": only full matches keep these out.
    # (the api helper URL-encodes each path part: these arrive as "team-a\n", "name\n")
    code, body = await api("workspaces/team-a\n")
    assert code == 400 and body["field"] == "namespace", body
    code, body = await api("workspaces/team-a\n/x")
    assert code == 400 and body["field"] == "namespace", body
    for method in ("GET", "DELETE"):
        code, body = await api(f"workspaces/{NAMESPACE}/name\n", method)
        assert code == 400 and body["field"] == "name", body
    code, body = await api(f"workspaces/{NAMESPACE}/name\n/pause", "POST")
    assert code == 400 and body["field"] == "name", body

    name = f"nl-{uuid.uuid4().hex[:6]}"
    manifest = workspace_manifest(name + "\n")
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 422 and body["field"] == "metadata.name", body
    manifest = workspace_manifest(name)
    manifest["spec"]["podTemplate"]["volumes"]["data"][0]["mountPath"] = "/data/x\n"
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 422, body
    assert body["field"] == "spec.podTemplate.volumes.data[0].mountPath", body
    manifest = workspace_manifest(name)
    manifest["spec"]["podTemplate"]["volumes"]["home"] = "workspace-home-pvc\n"
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 422 and body["field"] == "spec.podTemplate.volumes.home", body
    # Nothing was created.
    assert kubectl("-n", NAMESPACE, "get", "workspace", name, check=False).returncode != 0
