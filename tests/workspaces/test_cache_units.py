"""``workspaces/cache.py`` without a Jupyter server, against make cluster's real API server:
what the watch caches and sends, errors and recovery, and the bounds (LRU eviction, idle
retirement, close). Written to kill the mutants ``make mutation`` found surviving
(docs/testing.md); fast, so mutation testing can afford them per mutant."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any, TypeVar

import pytest

from jupyter_kubeflow.errors import Forbidden, KubeflowError, Unavailable
from jupyter_kubeflow.workspaces import cache as cache_module
from jupyter_kubeflow.workspaces.cache import ALL, NamespaceCache, Subscriber, WorkspaceCache
from jupyter_kubeflow.workspaces.kube import ConnectionHolder

from .cluster import NAMESPACE, kubectl, kubectl_create, set_status, unique_name
from .waiting import eventually

OTHER = "team-b"  # made by make cluster
E = TypeVar("E", bound=KubeflowError)


def item(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj["metadata"]
    return {
        "name": meta["name"],
        "namespace": meta["namespace"],
        "resourceVersion": meta["resourceVersion"],
        "state": (obj.get("status") or {}).get("state", ""),
    }


@pytest.fixture
def connection(cluster: Path):
    holder = ConnectionHolder(str(cluster), "admin")
    yield holder
    holder.close()


@pytest.fixture
def caches():
    """NamespaceCaches to close after the test."""
    made: list[NamespaceCache] = []
    yield made
    for cache in made:
        cache.close()
    for cache in made:
        cache.join(5)


async def next_event(subscriber: Subscriber, match, timeout: float = 15.0):  # noqa: ANN001
    """The next event ``match(name, data)`` accepts; fails at the deadline with the others."""
    deadline = time.monotonic() + timeout
    seen = []
    while True:
        left = deadline - time.monotonic()
        try:
            name, data = await asyncio.wait_for(subscriber.queue.get(), max(left, 0.01))
        except asyncio.TimeoutError:
            raise AssertionError(f"no matching event within {timeout} s; saw {seen}") from None
        if match(name, data):
            return name, data
        seen.append((name, data))


async def first_error_at_once(cache: NamespaceCache, kind: type[E]) -> E:
    """The error the first reader gets, which must come at once: a failed first list settles
    the readers' wait (their limit is 15 s); only a 429 keeps them waiting for a retry."""
    started = time.monotonic()
    with pytest.raises(kind) as caught:
        await cache.items()
    assert time.monotonic() - started < 10
    return caught.value


def named(kind: str, name: str):  # noqa: ANN201
    return lambda n, d: n == kind and (d.get("item") or {}).get("name") == name


async def test_the_cache_follows_adds_changes_and_deletes(connection, caches, cleanup) -> None:
    cache = NamespaceCache(NAMESPACE, connection, item)
    caches.append(cache)
    subscriber = cache.subscribe()
    b, a = unique_name("b"), unique_name("a")
    cleanup.extend([a, b])
    kubectl_create(b)
    kubectl_create(a)
    await next_event(subscriber, named("ADDED", b))
    await next_event(subscriber, named("ADDED", a))

    items = {i["name"]: i for i in await cache.items()}
    assert items[a]["namespace"] == NAMESPACE and items[b]["state"] == ""
    listed = json.loads(await cache.items_json())
    assert [i["name"] for i in listed] == sorted(i["name"] for i in listed)  # sorted by name
    assert {i["name"]: i for i in listed} == items  # the same items, encoded once each

    set_status(a, "Running")
    _, data = await next_event(subscriber, named("MODIFIED", a))
    assert data["item"]["state"] == "Running"
    assert {i["name"]: i for i in await cache.items()}[a]["state"] == "Running"
    assert {i["name"]: i for i in json.loads(await cache.items_json())}[a]["state"] == "Running"

    kubectl("-n", NAMESPACE, "delete", "workspace", b, "--wait=false")
    _, data = await next_event(subscriber, named("DELETED", b))
    assert data["item"]["name"] == b
    assert b not in {i["name"] for i in await cache.items()}
    assert b not in {i["name"] for i in json.loads(await cache.items_json())}


async def test_each_watch_round_resumes_where_the_last_ended(
    connection, caches, cleanup, monkeypatch
) -> None:
    """Rounds of 1 s instead of 50: each resumes from the last resourceVersion seen, so a
    workspace that did not change is never announced again (a watch from no version would
    replay every existing object as ADDED, as the API server does)."""
    monkeypatch.setattr(cache_module, "WATCH_SECONDS", 1)
    old, new = unique_name("old"), unique_name("new")
    cleanup.extend([old, new])
    kubectl_create(old)
    cache = NamespaceCache(NAMESPACE, connection, item)
    caches.append(cache)
    subscriber = cache.subscribe()
    assert old in {i["name"] for i in await cache.items()}
    kubectl_create(new)
    await next_event(subscriber, named("ADDED", new))
    await asyncio.sleep(3.0)  # a time to pass (rounds ending and resuming), not a condition
    replayed = []  # of these two (other tests' workspaces may come and go meanwhile)
    while not subscriber.queue.empty():
        name, data = subscriber.queue.get_nowait()
        if (data.get("item") or {}).get("name") in (old, new):
            replayed.append((name, data))
    assert replayed == []


async def test_the_all_namespaces_cache_keeps_one_name_in_two_namespaces(
    connection, caches, cleanup
) -> None:
    name = unique_name("twin")
    cleanup.append(name)
    kubectl_create(name)
    kubectl_create(name, namespace=OTHER)
    try:
        cache = NamespaceCache(ALL, connection, item)
        caches.append(cache)
        assert cache._thread.name == "workspaces-watch-*"
        twins = [i for i in await cache.items() if i["name"] == name]
        assert sorted(i["namespace"] for i in twins) == [NAMESPACE, OTHER]
        listed = [i for i in json.loads(await cache.items_json()) if i["name"] == name]
        assert [i["namespace"] for i in listed] == [NAMESPACE, OTHER]  # "ns/name" order
        subscriber = cache.subscribe()
        kubectl("-n", OTHER, "delete", "workspace", name, "--wait=false")
        await next_event(subscriber, lambda n, d: n == "DELETED" and d["item"]["name"] == name)
        left = [i["namespace"] for i in await cache.items() if i["name"] == name]
        assert left == [NAMESPACE]
    finally:
        kubectl("-n", OTHER, "delete", "workspace", name, "--ignore-not-found", "--wait=false")


async def test_an_outage_is_one_error_event_then_a_snapshot(
    connection, caches, tmp_path: Path, cluster: Path
) -> None:
    # A kubeconfig naming a port nobody listens on: the watch cannot list.
    broken = json.loads(kubectl("config", "view", "--raw", "-o", "json").stdout)
    for c in broken["clusters"]:
        c["cluster"]["server"] = "https://127.0.0.1:9"
    (tmp_path / "broken").write_text(json.dumps(broken))
    holder = ConnectionHolder(str(tmp_path / "broken"), "admin")
    cache = NamespaceCache(NAMESPACE, holder, item)
    caches.append(cache)
    subscriber = cache.subscribe()
    error = await first_error_at_once(cache, Unavailable)
    assert "Cannot reach the Kubernetes API server" in error.message
    with pytest.raises(Unavailable):
        await cache.items_json()
    name, data = await next_event(subscriber, lambda n, d: True)
    assert name == "error" and data == {"message": error.message}
    # Retries (0.25 s, 0.5 s, 1 s ...) fail alike: the panel is not told again.
    await asyncio.sleep(1.0)  # a time to pass (two retries), not a condition
    assert subscriber.queue.empty()

    # The server is back (the connection is re-read): everything again, as a snapshot.
    holder.kubeconfig = str(cluster)
    holder.close()
    name, data = await next_event(subscriber, lambda n, d: True)
    assert name == "snapshot"
    assert {i["name"] for i in data["items"]} == {i["name"] for i in await cache.items()}
    holder.close()


async def test_a_user_who_may_not_list_is_told_so_at_once(cluster: Path, caches) -> None:
    """The API server's 403 (make cluster's "dev" has no role in team-b, none cluster-wide)
    becomes our Forbidden with the verb, the resource and where, and reaches the first
    reader at once (only a 429 keeps it waiting for a retry)."""
    holder = ConnectionHolder(str(cluster), "dev")
    try:
        for namespace, where, scope in (
            (OTHER, f" in {OTHER}", f'in the namespace "{OTHER}"'),
            (ALL, "", "at the cluster scope"),
        ):
            cache = NamespaceCache(namespace, holder, item)
            caches.append(cache)
            subscriber = cache.subscribe()
            error = await first_error_at_once(cache, Forbidden)
            assert error.message == (
                f"You may not list workspaces{where}. The API server said: "
                'workspaces.kubeflow.org is forbidden: User "dev" cannot list resource '
                f'"workspaces" in API group "kubeflow.org" {scope}'
            )
            name, data = await next_event(subscriber, lambda n, d: True)
            assert (name, data) == ("error", {"message": error.message})
            # A stream that comes after the failure is told at once too.
            late = cache.subscribe()
            assert await next_event(late, lambda n, d: True, timeout=1) == (
                "error",
                {"message": error.message},
            )
    finally:
        holder.close()


async def test_before_the_first_list_the_cache_says_still_loading(connection, caches) -> None:
    for namespace, where in ((NAMESPACE, NAMESPACE), (ALL, "all namespaces")):
        release = threading.Event()
        # held before its first list (the hook runs first), released once checked
        cache = NamespaceCache(namespace, connection, item, lambda c, r=release: not r.wait(10))
        caches.append(cache)
        with pytest.raises(Unavailable) as e:
            cache._check_connected()
        assert e.value.message == f"The workspaces of {where} are still loading"
        release.set()
        await cache.items()  # then it lists


async def test_a_subscriber_whose_loop_closed_does_not_stop_the_others(
    connection, caches, cleanup
) -> None:
    cache = NamespaceCache(NAMESPACE, connection, item)
    caches.append(cache)
    await cache.items()
    gone_loop = asyncio.new_event_loop()
    gone_loop.close()
    cache.subscribe(Subscriber(gone_loop, asyncio.Queue()))
    live = cache.subscribe()
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    await next_event(live, named("ADDED", name))
    # The same subscriber may follow several caches (one queue for all namespaces).
    other = NamespaceCache(OTHER, connection, item)
    caches.append(other)
    assert other.subscribe(live) is live


async def test_subscribed_is_never_idle_and_unsubscribing_starts_the_clock(
    connection, caches
) -> None:
    cache = NamespaceCache(NAMESPACE, connection, item)
    caches.append(cache)
    subscriber = cache.subscribe()
    assert cache.idle_for(time.monotonic() + 1000) is None
    cache.unsubscribe(subscriber)
    now = time.monotonic()
    assert 0 <= cache.idle_for(now) < 1.0
    assert cache.idle_for(now + 10) == pytest.approx(now + 10 - cache.last_used)
    before = cache.last_used
    cache.touch()
    assert cache.last_used > before


async def test_close_ends_the_watch_thread_at_once(connection, caches) -> None:
    cache = NamespaceCache(NAMESPACE, connection, item)
    caches.append(cache)
    await cache.items()
    await eventually(lambda: asyncio.sleep(0, cache._response), lambda r: r is not None, 10)
    assert cache.running
    started = time.monotonic()
    cache.close()
    await asyncio.to_thread(cache.join, 10)
    assert not cache.running
    assert time.monotonic() - started < 5  # not WATCH_SECONDS (50 s)


async def test_workspace_cache_reuses_evicts_the_least_recently_used_and_refuses_when_full(
    connection,
) -> None:
    watches = WorkspaceCache(connection, item, max_watches=2)
    assert watches.idle_seconds == cache_module.IDLE_SECONDS
    assert WorkspaceCache(connection, item).max_watches == cache_module.MAX_WATCHES
    try:
        first = watches.namespace(NAMESPACE)
        assert watches.namespace(NAMESPACE) is first
        second = watches.namespace(OTHER)
        assert watches.watched() == sorted([NAMESPACE, OTHER])
        time.sleep(0.01)
        second.touch()  # team-a is now the least recently used
        third = watches.namespace("default")
        assert watches.watched() == sorted([OTHER, "default"])
        await asyncio.to_thread(first.join, 10)
        assert not first.running and second.running and third.running

        # Every watch subscribed: none may be evicted, a new one is refused.
        subscribers = [second.subscribe(), third.subscribe()]
        with pytest.raises(Unavailable) as e:
            watches.namespace("kube-system")
        assert e.value.message.startswith("2 namespaces are being watched live, the most")
        for s, c in zip(subscribers, (second, third), strict=True):
            c.unsubscribe(s)
        assert watches.namespace("kube-system").namespace == "kube-system"
    finally:
        watches.close()
    assert watches.watched() == []


async def test_idle_watches_are_reaped_on_use_and_retire_between_rounds(
    connection, monkeypatch
) -> None:
    monkeypatch.setattr(cache_module, "WATCH_SECONDS", 1)  # rounds end every second
    watches = WorkspaceCache(connection, item, idle_seconds=0.3)
    try:
        idle = watches.namespace(OTHER)
        await idle.items()
        # Unused for longer than idle_seconds, it ends by itself between two rounds.
        await asyncio.to_thread(idle.join, 15)
        assert not idle.running and watches.watched() == []

        # Rounds of 50 s: now only the next use of the cache can end an idle watch.
        monkeypatch.setattr(cache_module, "WATCH_SECONDS", 50)
        busy = watches.namespace(NAMESPACE)
        await busy.items()
        await asyncio.sleep(0.5)  # a time to pass: idle for longer than 0.3 s
        assert watches.watched() == [NAMESPACE] and busy.running
        fresh = watches.namespace("default")
        assert watches.watched() == ["default"]
        await asyncio.to_thread(busy.join, 10)
        assert not busy.running and fresh.running
    finally:
        watches.close()


async def test_a_subscribed_watch_is_neither_reaped_nor_retired(connection, monkeypatch) -> None:
    monkeypatch.setattr(cache_module, "WATCH_SECONDS", 1)  # rounds end every second
    watches = WorkspaceCache(connection, item, idle_seconds=0.0, max_watches=1)
    try:
        streamed = watches.namespace(NAMESPACE)
        subscriber = streamed.subscribe()
        await streamed.items()
        await asyncio.sleep(1.5)  # a time to pass: at least one round ends meanwhile
        assert streamed.running and watches.watched() == [NAMESPACE]
        with pytest.raises(Unavailable) as e:
            watches.namespace(OTHER)  # not reaped for idleness, and not evicted
        assert e.value.message == (
            "1 namespaces are being watched live, the most this server keeps; close a "
            "workspaces panel or stream and try again"
        )
        assert streamed.running
        streamed.unsubscribe(subscriber)
    finally:
        watches.close()
