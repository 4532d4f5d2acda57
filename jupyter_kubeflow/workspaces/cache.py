"""A watch per namespace feeding an in-memory cache of workspace items, and subscribers.

Each namespace has one daemon thread: list, then watch from the list's resourceVersion.
When the watch breaks it reconnects with backoff; an expired resourceVersion (410 Gone)
or a reconnect relists and emits what changed meanwhile. Subscribers (the SSE streams)
are asyncio queues fed from the thread with ``call_soon_threadsafe``.

Watches are bounded: any valid namespace name can be asked about, so a watch nobody has
read or subscribed to for ``IDLE_SECONDS`` stops, and at most ``MAX_WATCHES`` run at once
(the least recently used idle one makes room). Stopping closes the watch's connection, so
its thread ends at once rather than when the server next ends the watch.

The namespace ``ALL`` ("") is one cluster-wide watch of every namespace's workspaces, for a
user allowed to list them cluster-wide; its items are keyed ``namespace/name``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from ..errors import KubeflowError, Unavailable
from .kube import GROUP, REQUEST_TIMEOUT, VERSION, WORKSPACES, ConnectionHolder, api_error

log = logging.getLogger(__name__)

WATCH_SECONDS = 50  # the server ends each watch after this; we then resume from the last rv
BACKOFF_FIRST, BACKOFF_MAX = 0.25, 5.0
IDLE_SECONDS = 300.0  # a watch nobody reads or subscribes to stops after this
MAX_WATCHES = 64  # namespaces watched at once; beyond, the least recently used idle one stops
Event = tuple[str, dict[str, Any]]  # (SSE event name, JSON payload)
ALL = ""  # the namespace of the cluster-wide watch (every namespace)


@dataclass(eq=False)
class Subscriber:
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event]

    def send(self, event: Event) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, event)


class NamespaceCache:
    """The workspaces of one namespace as the watch sees them."""

    def __init__(
        self,
        namespace: str,
        connection: ConnectionHolder,
        to_item: Callable[[dict[str, Any]], dict[str, Any]],
        retire_if_idle: Callable[[NamespaceCache], bool] = lambda cache: False,
    ) -> None:
        self.namespace = namespace
        self._retire_if_idle = retire_if_idle
        self._connection = connection
        self._to_item = to_item
        self._lock = threading.Lock()
        self._items: dict[str, dict[str, Any]] = {}
        # Each item's JSON, encoded once when the watch sees it: a list of thousands is
        # then sent by joining strings instead of encoding them all again.
        self._encoded: dict[str, str] = {}
        # The sorted JSON array, kept until the next change: listing again is then free.
        self._joined: str | None = None
        self._subscribers: set[Subscriber] = set()
        self._error: KubeflowError | None = None
        self._synced = False
        self._attempted = threading.Event()  # set once the first list succeeded or failed
        self._stop = threading.Event()
        self._watch: watch.Watch | None = None
        self._response: Any = None  # the open watch response, closed by close()
        self.last_used = time.monotonic()
        self._thread = threading.Thread(
            target=self._run, name=f"workspaces-watch-{namespace or '*'}", daemon=True
        )
        self._thread.start()

    # ---- reading (event loop side) ----------------------------------------------------
    async def items(self) -> list[dict[str, Any]]:
        """The cached items; raises the current error if the watch is not connected."""
        self.touch()
        await self._wait_first_list()
        with self._lock:
            self._check_connected()
            return list(self._items.values())

    async def items_json(self) -> str:
        """The cached items as a JSON array sorted by name, from the pre-encoded items."""
        self.touch()
        await self._wait_first_list()
        with self._lock:
            self._check_connected()
            if self._joined is None:
                ordered = (self._encoded[key] for key in sorted(self._encoded))
                self._joined = "[" + ",".join(ordered) + "]"
            return self._joined

    async def _wait_first_list(self, wait: float = 15.0) -> None:
        if not self._attempted.is_set():
            await asyncio.to_thread(self._attempted.wait, wait)

    def _check_connected(self) -> None:
        if self._error is not None:
            raise self._error
        if not self._synced:
            where = self.namespace or "all namespaces"
            raise Unavailable(f"The workspaces of {where} are still loading")

    def subscribe(self, subscriber: Subscriber | None = None) -> Subscriber:
        """A new subscriber, or ``subscriber`` (one queue fed by several namespaces)."""
        if subscriber is None:
            subscriber = Subscriber(asyncio.get_running_loop(), asyncio.Queue())
        with self._lock:
            self._subscribers.add(subscriber)
        self.touch()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)
        self.touch()  # idle from now on, not from when it subscribed

    def touch(self) -> None:
        self.last_used = time.monotonic()

    def idle_for(self, now: float) -> float | None:
        """Seconds since last use, or None while a stream is subscribed (never idle)."""
        with self._lock:
            if self._subscribers:
                return None
        return now - self.last_used

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def close(self) -> None:
        self._stop.set()
        if self._watch is not None:
            self._watch.stop()
        response = self._response
        if response is not None:
            # Unblocks the thread's read now (the watch would otherwise last until the
            # server ends it, up to WATCH_SECONDS).
            with contextlib.suppress(Exception):
                response.shutdown()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    # ---- the watch thread -------------------------------------------------------------
    def _run(self) -> None:
        backoff = BACKOFF_FIRST
        while not self._stop.is_set() and not self._retire_if_idle(self):
            try:
                api = client.CustomObjectsApi(self._connection.get().api)
                version = self._relist(api)
                backoff = BACKOFF_FIRST
                while not self._stop.is_set():
                    version = self._watch_from(api, version)
                    if self._retire_if_idle(self):  # between watch rounds
                        return
            except ApiException as e:
                if e.status == 410:  # resourceVersion expired: relist now
                    continue
                # 429: a just-started API server's storage is initializing; the first
                # reader keeps waiting (up to its limit) for the retry rather than failing.
                self._fail(api_error(e, "list", "workspaces", self.namespace), e.status != 429)
            except Exception as e:  # unreachable, bad kubeconfig, ...
                if self._stop.is_set():
                    break  # close() cut the connection: not an error to report
                self._fail(api_error(e, "list", "workspaces", self.namespace))
            self._stop.wait(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    def _key(self, metadata: dict[str, Any]) -> str:
        """An item's key: its name, or ``namespace/name`` in the cluster-wide cache."""
        if self.namespace:
            return metadata["name"]
        return f"{metadata.get('namespace', '')}/{metadata['name']}"

    def _list_call(self, api: client.CustomObjectsApi) -> tuple[Callable[..., Any], tuple]:
        """The list (and watch) call with its leading arguments, for one namespace or all."""
        if self.namespace:
            return api.list_namespaced_custom_object, (GROUP, VERSION, self.namespace, WORKSPACES)
        return api.list_cluster_custom_object, (GROUP, VERSION, WORKSPACES)

    def _relist(self, api: client.CustomObjectsApi) -> str:
        list_call, args = self._list_call(api)
        listing = list_call(*args, _request_timeout=REQUEST_TIMEOUT)
        fresh = {self._key(o["metadata"]): self._to_item(o) for o in (listing.get("items") or [])}
        encoded = {name: json.dumps(item) for name, item in fresh.items()}
        with self._lock:
            recovered = self._error is not None
            old, self._items, self._encoded = self._items, fresh, encoded
            self._joined = None
            self._error, self._synced = None, True
            subscribers = list(self._subscribers)
        self._attempted.set()
        if recovered:  # after an outage the panel gets everything again
            self._send(subscribers, ("snapshot", {"items": list(fresh.values())}))
        else:  # a resync (410): only what changed while we were not watching
            for name, item in fresh.items():
                previous = old.get(name)
                if previous is None:
                    self._send(subscribers, ("ADDED", {"item": item}))
                elif previous["resourceVersion"] != item["resourceVersion"]:
                    self._send(subscribers, ("MODIFIED", {"item": item}))
            for name in old.keys() - fresh.keys():
                self._send(subscribers, ("DELETED", {"item": old[name]}))
        return listing["metadata"]["resourceVersion"]

    def _watch_from(self, api: client.CustomObjectsApi, version: str) -> str:
        self._watch = watch.Watch()
        list_call, args = self._list_call(api)

        @wraps(list_call)  # the Watch reads the call's docstring
        def keep_response(*args: Any, **kwargs: Any) -> Any:
            self._response = list_call(*args, **kwargs)
            if self._stop.is_set():  # closed while connecting
                self._response.shutdown()
            return self._response

        stream = self._watch.stream(
            keep_response,
            *args,
            resource_version=version,
            allow_watch_bookmarks=True,
            timeout_seconds=WATCH_SECONDS,
            # a read timeout past the server's own end of the watch detects a dead link
            _request_timeout=(REQUEST_TIMEOUT[0], WATCH_SECONDS + 15),
        )
        for event in stream:
            kind, obj = event["type"], event["raw_object"]
            version = obj["metadata"]["resourceVersion"]
            if kind not in ("ADDED", "MODIFIED", "DELETED"):
                continue  # BOOKMARK: only the resourceVersion matters
            item = self._to_item(obj)
            key = self._key(obj["metadata"])
            with self._lock:
                if kind == "DELETED":
                    self._items.pop(key, None)
                    self._encoded.pop(key, None)
                    self._joined = None
                else:
                    self._items[key] = item
                    self._encoded[key] = json.dumps(item)
                    self._joined = None
                subscribers = list(self._subscribers)
            self._send(subscribers, (kind, {"item": item}))
        return version

    def _fail(self, error: KubeflowError, settled: bool = True) -> None:
        with self._lock:
            changed = self._error is None or self._error.message != error.message
            self._error = error
            subscribers = list(self._subscribers)
        if settled:
            self._attempted.set()
        if changed:
            log.info("workspaces watch in %s: %s", self.namespace, error.message)
            self._send(subscribers, ("error", {"message": error.message}))

    @staticmethod
    def _send(subscribers: list[Subscriber], event: Event) -> None:
        for subscriber in subscribers:
            # RuntimeError: its event loop is closed, the stream is gone
            with contextlib.suppress(RuntimeError):
                subscriber.send(event)


class WorkspaceCache:
    """One NamespaceCache per namespace asked for, started on first use; idle ones stop,
    and at most ``max_watches`` run at once."""

    def __init__(
        self,
        connection: ConnectionHolder,
        to_item: Callable[[dict[str, Any]], dict[str, Any]],
        idle_seconds: float | None = None,
        max_watches: int | None = None,
    ) -> None:
        self._connection = connection
        self._to_item = to_item
        self.idle_seconds = IDLE_SECONDS if idle_seconds is None else idle_seconds
        self.max_watches = MAX_WATCHES if max_watches is None else max_watches
        self._namespaces: dict[str, NamespaceCache] = {}
        self._lock = threading.Lock()

    def namespace(self, namespace: str) -> NamespaceCache:
        with self._lock:
            stopped = self._reap_idle()
            cache = self._namespaces.get(namespace)
            if cache is None:
                if len(self._namespaces) >= self.max_watches:
                    stopped.append(self._evict_least_recently_used())
                cache = NamespaceCache(
                    namespace, self._connection, self._to_item, self._retire_if_idle
                )
                self._namespaces[namespace] = cache
            cache.touch()
        for old in stopped:
            old.close()
        return cache

    def _retire_if_idle(self, cache: NamespaceCache) -> bool:
        """Called by a watch thread between rounds: True if it should end (unregistered)."""
        with self._lock:
            if self._namespaces.get(cache.namespace) is not cache:
                return True  # already replaced or evicted
            if (cache.idle_for(time.monotonic()) or 0.0) <= self.idle_seconds:
                return False
            del self._namespaces[cache.namespace]
        cache.close()
        return True

    def watched(self) -> list[str]:
        with self._lock:
            return sorted(self._namespaces)

    def _reap_idle(self) -> list[NamespaceCache]:
        now = time.monotonic()
        idle = [
            name
            for name, cache in self._namespaces.items()
            if (cache.idle_for(now) or 0.0) > self.idle_seconds
        ]
        return [self._namespaces.pop(name) for name in idle]

    def _evict_least_recently_used(self) -> NamespaceCache:
        now = time.monotonic()
        candidates = [
            (idle, name)
            for name, cache in self._namespaces.items()
            if (idle := cache.idle_for(now)) is not None
        ]
        if not candidates:
            raise Unavailable(
                f"{len(self._namespaces)} namespaces are being watched live, the most this "
                "server keeps; close a workspaces panel or stream and try again"
            )
        return self._namespaces.pop(max(candidates)[1])

    def close(self) -> None:
        with self._lock:
            caches, self._namespaces = list(self._namespaces.values()), {}
        for cache in caches:
            cache.close()
