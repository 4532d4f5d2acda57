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
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from ..errors import KubeflowError, Unavailable
from .kube import (
    GROUP,
    REQUEST_TIMEOUT,
    VERSION,
    WORKSPACEKINDS,
    WORKSPACES,
    ConnectionHolder,
    api_error,
)
from .query import Row, row_of

if TYPE_CHECKING:
    from .kinds import KindIndex

log = logging.getLogger(__name__)

WATCH_SECONDS = 50  # the server ends each watch after this; we then resume from the last rv
BACKOFF_FIRST, BACKOFF_MAX = 0.25, 5.0
IDLE_SECONDS = 300.0  # a watch nobody reads or subscribes to stops after this
MAX_WATCHES = 64  # namespaces watched at once; beyond, the least recently used idle one stops
RELIST_PAGE = 500  # objects per page of a (re)list
RESET_ABOVE = 500  # more changes at once: a view reads the rows again (one "reset")
FILL_RESET_SECONDS = 1.0  # a first list in progress tells the views at most this often
STAMPS = itertools.count(1)  # each stored item's row gets the next (Row.stamp)
Event = tuple[str, dict[str, Any]]  # (SSE event name, JSON payload)
ALL = ""  # the namespace of the cluster-wide watch (every namespace)


@dataclass(frozen=True)
class Loading:
    """A first list still coming in (the pages read so far are readable as rows)."""

    remaining: int | None  # workspaces still to come (the API server's remainingItemCount)
    last_namespace: str  # the namespace of the last workspace read (lists come in key order)


@dataclass(eq=False)
class Subscriber:
    """A stream's queue. ``rows``: it gets ``("row", {"old", "new"})`` per change (the
    changed workspace's query rows, None when absent) and ``("reset", {})`` after an outage,
    rather than the items (the windowed views of views.py read the items they show)."""

    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event]
    rows: bool = False

    def send(self, event: Event) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, event)


# One change seen by the watch: (legacy event name, item or None, old row, new row).
Change = tuple[str, "dict[str, Any] | None", "Row | None", "Row | None"]


class NamespaceCache:
    """The workspaces of one namespace as the watch sees them (or, with ``plural``, other
    objects of the Notebooks API: the WorkspaceKinds' watch is one of these too).

    Each object is kept as its item's JSON, encoded once when the watch sees it (a list of
    thousands is then sent by joining strings, and JSON is several times smaller than the
    decoded item), and, with ``to_row``, as the Row a query reads (query.py)."""

    def __init__(
        self,
        namespace: str,
        connection: ConnectionHolder,
        to_item: Callable[[dict[str, Any]], dict[str, Any]],
        retire_if_idle: Callable[[NamespaceCache], bool] = lambda cache: False,
        *,
        describe: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        to_row: Callable[[dict[str, Any], int], Row] | None = row_of,
        on_change: Callable[[NamespaceCache], None] | None = None,
        plural: str = WORKSPACES,
        what: str = "workspaces",
    ) -> None:
        self.namespace = namespace
        self._retire_if_idle = retire_if_idle
        self._connection = connection
        self._to_item = to_item
        self._describe = describe
        self._to_row = to_row
        self._on_change = on_change
        self._plural, self._what = plural, what
        self._lock = threading.Lock()
        self._encoded: dict[str, str] = {}  # namespace/name -> the item's JSON
        self._rows: dict[str, Row] = {}
        # The sorted JSON array, kept until the next change: listing again is then free.
        self._joined: str | None = None
        self._subscribers: set[Subscriber] = set()
        self._error: KubeflowError | None = None
        self._synced = False
        self._redescribed = 0  # kind changes applied: a relist meanwhile applies them again
        self._attempted = threading.Event()  # set once the first list succeeded or failed
        # set once rows can be read: the first list's first page, or the list settled
        self._readable = threading.Event()
        self._loading: Loading | None = None  # a first list in progress, pages read so far
        self._stop = threading.Event()
        self._watch: watch.Watch | None = None
        self._response: Any = None  # the open watch response, closed by close()
        self.last_used = time.monotonic()
        self._thread = threading.Thread(
            target=self._run, name=f"{plural}-watch-{namespace or '*'}", daemon=True
        )
        self._thread.start()

    # ---- reading (event loop side) ----------------------------------------------------
    async def items(self) -> list[dict[str, Any]]:
        """The cached items; raises the current error if the watch is not connected."""
        self.touch()
        await self._wait_first_list()
        with self._lock:
            self._check_connected()
            encoded = list(self._encoded.values())
        return [json.loads(text) for text in encoded]

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

    async def rows(self) -> list[Row]:
        """The query rows of the cached workspaces; raises like ``items``, except that
        during the first list the pages read so far are answered (see ``loading``)."""
        self.touch()
        if not self._readable.is_set():
            await asyncio.to_thread(self._readable.wait, 15.0)
        with self._lock:
            if self._loading is None or self._error is not None:
                self._check_connected()
            return list(self._rows.values())

    def loading(self) -> Loading | None:
        """The first list's progress while it comes in, else None."""
        with self._lock:
            return self._loading if not self._synced else None

    @property
    def synced(self) -> bool:
        """The first list is whole (the watch may have failed since)."""
        with self._lock:
            return self._synced

    def encoded(self, keys: list[str]) -> dict[str, str]:
        """The items' JSON of those ``namespace/name`` keys still cached."""
        with self._lock:
            return {key: self._encoded[key] for key in keys if key in self._encoded}

    def snapshot(self) -> list[dict[str, Any]]:
        """The items as cached now, connected or not (no waiting)."""
        with self._lock:
            encoded = list(self._encoded.values())
        return [json.loads(text) for text in encoded]

    @property
    def healthy(self) -> bool:
        """Listed and watching, no error since."""
        with self._lock:
            return self._synced and self._error is None and self.running

    async def _wait_first_list(self, wait: float = 15.0) -> None:
        if not self._attempted.is_set():
            await asyncio.to_thread(self._attempted.wait, wait)

    def _check_connected(self) -> None:
        if self._error is not None:
            raise self._error
        if not self._synced:
            where = self.namespace or "all namespaces"
            raise Unavailable(f"The {self._what} of {where} are still loading")

    def subscribe(self, subscriber: Subscriber | None = None, rows: bool = False) -> Subscriber:
        """A new subscriber, or ``subscriber`` (one queue fed by several namespaces).
        While the watch is failing it is told so at once (the error came before it)."""
        if subscriber is None:
            subscriber = Subscriber(asyncio.get_running_loop(), asyncio.Queue(), rows)
        with self._lock:
            self._subscribers.add(subscriber)
            error = self._error
        if error is not None:
            self._send([subscriber], ("error", {"message": error.message}))
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

    # ---- a kind changed (the kinds' watch thread) ---------------------------------------
    def redescribe(self, kinds: set[str]) -> None:
        """Describe the cached workspaces of ``kinds`` again with those kinds as known now,
        and send what changed (MODIFIED), as if the workspaces themselves had changed."""
        if self._describe is None:
            return
        with self._lock:
            self._redescribed += 1
            chosen = [
                (key, self._encoded[key]) for key, row in self._rows.items() if row.kind in kinds
            ]
        fresh: list[tuple[str, str, dict[str, Any]]] = []
        for key, text in chosen:
            item = json.loads(text)
            described = self._describe(item)
            if described != item:
                fresh.append((key, text, described))
        changes: list[Change] = []
        with self._lock:
            for key, text, item in fresh:
                if self._encoded.get(key) != text:
                    continue  # the watch replaced it meanwhile, described as the kind is now
                changes.append(("MODIFIED", item, *self._store(key, item)))
            subscribers = list(self._subscribers)
        self._publish(subscribers, changes)

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
                self._fail(api_error(e, "list", self._what, self.namespace), e.status != 429)
            except Exception as e:  # unreachable, bad kubeconfig, ...
                if self._stop.is_set():
                    break  # close() cut the connection: not an error to report
                self._fail(api_error(e, "list", self._what, self.namespace))
            self._stop.wait(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    @staticmethod
    def _key(metadata: dict[str, Any]) -> str:
        """An object's key: ``namespace/name`` (``/name`` for cluster-scoped objects)."""
        return f"{metadata.get('namespace', '')}/{metadata['name']}"

    def _list_call(self, api: client.CustomObjectsApi) -> tuple[Callable[..., Any], tuple]:
        """The list (and watch) call with its leading arguments, for one namespace or all."""
        if self.namespace:
            return api.list_namespaced_custom_object, (GROUP, VERSION, self.namespace, self._plural)
        return api.list_cluster_custom_object, (GROUP, VERSION, self._plural)

    def _relist(self, api: client.CustomObjectsApi) -> str:
        """List everything (in pages, so that a big list never sits in memory whole as
        objects), replace the cache with it, and send what changed."""
        list_call, args = self._list_call(api)
        encoded: dict[str, str] = {}
        rows: dict[str, Row] = {}
        redescribed = self._redescribed
        token = ""
        told = 0.0  # when the views were last told of the pages read (a first list)
        while True:
            listing = list_call(
                *args, limit=RELIST_PAGE, _continue=token or None, _request_timeout=REQUEST_TIMEOUT
            )
            page: dict[str, str] = {}
            page_rows: dict[str, Row] = {}
            for obj in listing.get("items") or []:
                item = self._to_item(obj)
                key = self._key(obj["metadata"])
                page[key] = json.dumps(item)
                if self._to_row is not None:
                    page_rows[key] = self._to_row(item, next(STAMPS))
            encoded.update(page)
            rows.update(page_rows)
            metadata = listing.get("metadata") or {}
            token = metadata.get("continue") or ""
            if not token:
                break
            told = self._read_so_far(page, page_rows, metadata, told)
        with self._lock:
            recovered = self._error is not None
            first = not self._synced
            old_encoded, old_rows = self._encoded, self._rows
            if first:  # the pages shown while it came in were never sent as changes
                old_encoded, old_rows = {}, {}
            self._encoded, self._rows = encoded, rows
            self._joined = None
            self._error, self._synced, self._loading = None, True, None
            subscribers = list(self._subscribers)
            described_since = self._redescribed != redescribed
        self._attempted.set()
        self._readable.set()
        if recovered:  # after an outage the panel gets everything again
            if any(not s.rows for s in subscribers):
                items = [json.loads(text) for text in encoded.values()]
                self._send([s for s in subscribers if not s.rows], ("snapshot", {"items": items}))
            self._send([s for s in subscribers if s.rows], ("reset", {}))
        elif subscribers:  # a resync (410): only what changed while we were not watching
            # (items decoded only for the streams that send them)
            decode = json.loads if any(not s.rows for s in subscribers) else lambda text: None
            changes: list[Change] = []
            for key, text in encoded.items():
                previous = old_encoded.get(key)
                if previous != text:
                    kind = "ADDED" if previous is None else "MODIFIED"
                    changes.append((kind, decode(text), old_rows.get(key), rows.get(key)))
            for key in old_encoded.keys() - encoded.keys():
                changes.append(("DELETED", decode(old_encoded[key]), old_rows.get(key), None))
            # Views read the rows again rather than thousands of changes one by one.
            whole = first or len(changes) > RESET_ABOVE
            self._publish(subscribers, changes, reset_rows=whole)
        if described_since:  # a kind changed while listing: its items may be described as before
            self.redescribe({row.kind for row in rows.values()})
        if self._on_change is not None:
            self._on_change(self)
        return metadata["resourceVersion"]

    def _read_so_far(
        self,
        page: dict[str, str],
        page_rows: dict[str, Row],
        metadata: dict[str, Any],
        told: float,
    ) -> float:
        """A first list not finished: its page is readable at once (a view of 50,000 shows
        its first rows while the rest comes in), and the views are told (one ``reset``) at
        most every ``FILL_RESET_SECONDS``. Returns when they were last told."""
        if self._to_row is None or not page:
            return told
        last = next(reversed(page)).split("/", 1)[0]
        with self._lock:
            if self._synced:
                return told  # a relist: the cache stays as it was until the list is whole
            self._encoded.update(page)
            self._rows.update(page_rows)
            self._joined = None
            self._loading = Loading(metadata.get("remainingItemCount"), last)
            subscribers = [s for s in self._subscribers if s.rows]
        self._readable.set()
        now = time.monotonic()
        if now - told < FILL_RESET_SECONDS:
            return told
        self._send(subscribers, ("reset", {}))
        return now

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
                    self._encoded.pop(key, None)
                    self._joined = None
                    change: Change = (kind, item, self._rows.pop(key, None), None)
                else:
                    if self._describe is not None:  # with the kind as known now
                        item = self._describe(item)
                    change = (kind, item, *self._store(key, item))
                subscribers = list(self._subscribers)
            self._publish(subscribers, [change])
            if self._on_change is not None:
                self._on_change(self)
        return version

    def _store(self, key: str, item: dict[str, Any]) -> tuple[Row | None, Row | None]:
        """Keep ``item`` (under the lock); its old and new rows."""
        self._encoded[key] = json.dumps(item)
        self._joined = None
        old = self._rows.get(key)
        if self._to_row is None:
            return old, None
        self._rows[key] = new = self._to_row(item, next(STAMPS))
        return old, new

    def _publish(
        self, subscribers: list[Subscriber], changes: list[Change], reset_rows: bool = False
    ) -> None:
        """Each change to each subscriber: the item, or for row subscribers the rows (with
        ``reset_rows``, one ``reset`` instead)."""
        legacy = [s for s in subscribers if not s.rows]
        by_rows = [s for s in subscribers if s.rows]
        if reset_rows:
            self._send(by_rows, ("reset", {}))
            by_rows = []
        for kind, item, old, new in changes:
            if legacy:
                self._send(legacy, (kind, {"item": item}))
            if by_rows:
                self._send(by_rows, ("row", {"old": old, "new": new}))

    def _fail(self, error: KubeflowError, settled: bool = True) -> None:
        with self._lock:
            changed = self._error is None or self._error.message != error.message
            self._error = error
            subscribers = list(self._subscribers)
        if settled:
            self._attempted.set()
            self._readable.set()
        if changed:
            log.info("%s watch in %s: %s", self._what, self.namespace, error.message)
            self._send(subscribers, ("error", {"message": error.message}))

    @staticmethod
    def _send(subscribers: list[Subscriber], event: Event) -> None:
        for subscriber in subscribers:
            # RuntimeError: its event loop is closed, the stream is gone
            with contextlib.suppress(RuntimeError):
                subscriber.send(event)


class WorkspaceCache:
    """One NamespaceCache per namespace asked for, started on first use; idle ones stop,
    and at most ``max_watches`` run at once.

    With ``kinds``, a watch of the WorkspaceKinds runs beside them (from the first
    namespace watched until ``close``) and keeps the index current; when a kind's spec
    changes, the cached workspaces of that kind are described again (``describe``) and
    their streams get the change."""

    def __init__(
        self,
        connection: ConnectionHolder,
        to_item: Callable[[dict[str, Any]], dict[str, Any]],
        idle_seconds: float | None = None,
        max_watches: int | None = None,
        *,
        describe: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        kinds: KindIndex | None = None,
    ) -> None:
        self._connection = connection
        self._to_item = to_item
        self._describe = describe
        self._kinds = kinds
        self._kind_watch: NamespaceCache | None = None
        self.idle_seconds = IDLE_SECONDS if idle_seconds is None else idle_seconds
        self.max_watches = MAX_WATCHES if max_watches is None else max_watches
        self._namespaces: dict[str, NamespaceCache] = {}
        self._warm: set[str] = set()  # kept watching while a stream reads another
        self._closed = False  # a warm-up finishing after close starts nothing
        self._lock = threading.Lock()
        if kinds is not None:
            kinds.listen(self._kinds_changed)

    def namespace(self, namespace: str) -> NamespaceCache:
        with self._lock:
            if self._closed:
                raise Unavailable("The workspaces service is shutting down")
            stopped = self._reap_idle()
            cache = self._namespaces.get(namespace)
            if cache is None:
                if len(self._namespaces) >= self.max_watches:
                    stopped.append(self._evict_least_recently_used())
                cache = NamespaceCache(
                    namespace,
                    self._connection,
                    self._to_item,
                    self._retire_if_idle,
                    describe=self._describe,
                )
                self._namespaces[namespace] = cache
                self._watch_kinds()
            cache.touch()
        for old in stopped:
            old.close()
        return cache

    def keep_warm(self, namespace: str) -> None:
        """Start ``namespace``'s watch and keep it while any other watch has a stream (a
        panel is open), not only while it is read itself: "All namespaces" then opens on
        a filled cache, and its memory goes once no panel is open for ``idle_seconds``."""
        with self._lock:  # before it starts: its thread asks at once whether it is idle
            self._warm.add(namespace)
        self.namespace(namespace)

    def _idle_for(self, cache: NamespaceCache, now: float) -> float | None:
        """``cache.idle_for``, except that a cache kept warm is not idle while another
        has a stream (under the lock)."""
        idle = cache.idle_for(now)
        if idle is None or cache.namespace not in self._warm:
            return idle
        others = (other for other in self._namespaces.values() if other is not cache)
        if any(other.idle_for(now) is None for other in others):
            return None
        return idle

    def _watch_kinds(self) -> None:
        """Start the kinds' watch (under the lock) if there is an index and none runs."""
        kinds = self._kinds
        if kinds is None or (self._kind_watch is not None and self._kind_watch.running):
            return
        self._kind_watch = watcher = NamespaceCache(
            ALL,
            self._connection,
            _without_managed_fields,
            to_row=None,
            on_change=lambda cache: kinds.set(cache.snapshot()),
            plural=WORKSPACEKINDS,
            what="workspace kinds",
        )
        kinds.follow(lambda: watcher.healthy)

    def _kinds_changed(self, names: set[str]) -> None:
        with self._lock:
            caches = list(self._namespaces.values())
        for cache in caches:
            cache.redescribe(names)

    def _retire_if_idle(self, cache: NamespaceCache) -> bool:
        """Called by a watch thread between rounds: True if it should end (unregistered)."""
        with self._lock:
            if self._namespaces.get(cache.namespace) is not cache:
                return True  # already replaced or evicted
            if (self._idle_for(cache, time.monotonic()) or 0.0) <= self.idle_seconds:
                return False
            del self._namespaces[cache.namespace]
            self._warm.discard(cache.namespace)
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
            if (self._idle_for(cache, now) or 0.0) > self.idle_seconds
        ]
        self._warm.difference_update(idle)
        return [self._namespaces.pop(name) for name in idle]

    def _evict_least_recently_used(self) -> NamespaceCache:
        now = time.monotonic()
        candidates = [
            (idle, name)
            for name, cache in self._namespaces.items()
            if (idle := self._idle_for(cache, now)) is not None
        ]
        if not candidates:
            raise Unavailable(
                f"{len(self._namespaces)} namespaces are being watched live, the most this "
                "server keeps; close a workspaces panel or stream and try again"
            )
        name = max(candidates)[1]
        self._warm.discard(name)
        return self._namespaces.pop(name)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            caches, self._namespaces = list(self._namespaces.values()), {}
            if self._kind_watch is not None:
                caches.append(self._kind_watch)
                self._kind_watch = None
        for cache in caches:
            cache.close()


def _without_managed_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """A kind as the index keeps it: managedFields say who wrote what, nothing it needs."""
    metadata = {k: v for k, v in (obj.get("metadata") or {}).items() if k != "managedFields"}
    return {**obj, "metadata": metadata}
