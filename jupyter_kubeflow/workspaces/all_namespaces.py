"""One list of workspaces across every namespace the user may list them in.

Who may see what is the API server's answer (SelfSubjectAccessReview with the user's own
credentials): allowed to list and watch workspaces cluster-wide, one cluster-wide watch
serves the list (``cache.ALL``); otherwise each namespace the user may list them in gets
its own watch (the same per-namespace caches the panel uses), and those it may not are
named in ``forbidden``. The namespaces themselves come from listing namespaces, or, when
the user may not list them, the kubeconfig context's namespace (as ``GET namespaces``).

The answer about scope is cached for ``SCOPE_TTL`` seconds, so that a list served from the
watch cache costs no API round trip.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import threading
import time
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Forbidden
from .access import VERBS, AccessReviewer
from .cache import ALL, NamespaceCache, Subscriber, WorkspaceCache
from .kube import REQUEST_TIMEOUT, ConnectionHolder, api_error
from .query import Row

log = logging.getLogger(__name__)
T = TypeVar("T")
SCOPE_TTL = 30.0
REVIEW_THREADS = 8  # access reviews asked at once when checking many namespaces
EVERYWHERE = {"create": True, "update": True, "delete": True, "reasons": {}}


@dataclass
class Scope:
    """What the all-namespaces list covers."""

    cluster_wide: bool
    namespaces: list[str]  # listed (cluster-wide: every namespace known)
    forbidden: list[str] = field(default_factory=list)  # may not list workspaces there
    omitted: list[str] = field(default_factory=list)  # allowed, beyond the watch limit
    namespaces_known: bool = True  # False: the user may not list namespaces


class MultiNamespaceView:
    """Several namespace caches read as one (the per-namespace case of the stream)."""

    def __init__(self, caches: list[NamespaceCache]) -> None:
        self.caches = caches

    async def items(self) -> list[dict[str, Any]]:
        """Every cached item; a namespace whose watch fails is left out unless all fail."""
        return await self._gather([c.items() for c in self.caches])

    async def rows(self) -> list[Row]:
        """Every cached query row, left out as ``items`` leaves them out."""
        return await self._gather([c.rows() for c in self.caches])

    @staticmethod
    async def _gather(reads: list[Awaitable[list[T]]]) -> list[T]:
        results = await asyncio.gather(*reads, return_exceptions=True)
        found: list[T] = []
        errors: list[BaseException] = []
        for result in results:
            if isinstance(result, BaseException):
                errors.append(result)
            else:
                found.extend(result)
        if errors and len(errors) == len(results):
            raise errors[0]
        return found

    def encoded(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for cache in self.caches:
            found.update(cache.encoded([k for k in keys if k.startswith(cache.namespace + "/")]))
        return found

    def subscribe(self, rows: bool = False) -> Subscriber:
        subscriber = self.caches[0].subscribe(rows=rows)
        for cache in self.caches[1:]:
            cache.subscribe(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        for cache in self.caches:
            cache.unsubscribe(subscriber)


def loading_of(
    source: NamespaceCache | MultiNamespaceView, namespaces: list[str]
) -> dict[str, int | None] | None:
    """What the rows a view reads still lack while first lists come in, else None:
    ``{"namespaces": how many are not (wholly) read, "workspaces": how many are still to
    come (the API server's estimate; None when unknown)}``. A cluster-wide list comes in
    key order (namespace, name): the namespaces after the last one read are still to come."""
    if isinstance(source, MultiNamespaceView):
        pending = [cache for cache in source.caches if not cache.synced]
        if not pending:
            return None
        remaining = [cache.loading() for cache in pending]
        known = [p.remaining for p in remaining if p is not None and p.remaining is not None]
        return {"namespaces": len(pending), "workspaces": sum(known) if known else None}
    if source.synced:
        return None
    progress = source.loading()
    if source.namespace != ALL:
        return {"namespaces": 1, "workspaces": progress.remaining if progress else None}
    ordered = sorted(namespaces)
    if progress is None:
        return {"namespaces": len(ordered) or None, "workspaces": None}
    left = len(ordered) - bisect.bisect_left(ordered, progress.last_namespace)
    return {"namespaces": max(1, left), "workspaces": progress.remaining}


class AllNamespaces:
    def __init__(
        self, connection: ConnectionHolder, access: AccessReviewer, cache: WorkspaceCache
    ) -> None:
        self._connection = connection
        self._access = access
        self._cache = cache
        self._lock = threading.Lock()
        self._scope: tuple[float, Scope] | None = None

    # ---- scope (blocking: API calls, run in a thread) ------------------------------------
    def scope(self) -> Scope:
        with self._lock:
            if self._scope and time.monotonic() - self._scope[0] < SCOPE_TTL:
                return self._scope[1]
        scope = self._resolve()
        with self._lock:
            self._scope = (time.monotonic(), scope)
        return scope

    def _fresh_scope(self) -> Scope | None:
        """The cached scope if fresh (no API call, no thread hop), else None."""
        with self._lock:
            if self._scope and time.monotonic() - self._scope[0] < SCOPE_TTL:
                return self._scope[1]
        return None

    def _resolve(self) -> Scope:
        names, known = self._namespace_names()
        if self._access.may("list", None) and self._access.may("watch", None):
            return Scope(True, names, namespaces_known=known)
        with ThreadPoolExecutor(min(REVIEW_THREADS, max(1, len(names)))) as pool:
            allowed = list(pool.map(self._may_watch, names))
        listed = [n for n, ok in zip(names, allowed, strict=True) if ok]
        forbidden = [n for n, ok in zip(names, allowed, strict=True) if not ok]
        # Each listed namespace is one watch: keep room for the panel's own namespace.
        limit = max(1, self._cache.max_watches - 1)
        return Scope(False, listed[:limit], forbidden, listed[limit:], known)

    def _may_watch(self, namespace: str) -> bool:
        return self._access.may("list", namespace) and self._access.may("watch", namespace)

    def _namespace_names(self) -> tuple[list[str], bool]:
        conn = self._connection.get()
        try:
            listing = client.CoreV1Api(conn.api).list_namespace(_request_timeout=REQUEST_TIMEOUT)
        except ApiException as e:
            if e.status == 403:  # may not list namespaces: the context's own one
                return [conn.namespace], False
            raise api_error(e, "list", "namespaces", None) from None
        except Exception as e:
            raise api_error(e, "list", "namespaces", None) from None
        return sorted(ns.metadata.name for ns in listing.items), True

    def permissions(self, namespaces: list[str]) -> dict[str, Any]:
        """IPermissions per namespace (cached access reviews, asked in parallel)."""
        known = {ns: self._access.cached(ns) for ns in namespaces}
        missing = [ns for ns, answer in known.items() if answer is None]
        if missing and all(self._access.may(verb, None) for verb in VERBS):
            # Allowed everything cluster-wide (three reviews): so in each namespace.
            known.update(dict.fromkeys(missing, EVERYWHERE))
        elif missing:  # only these are asked (a warm list asks nothing)
            with ThreadPoolExecutor(min(REVIEW_THREADS, len(missing))) as pool:
                answers = list(pool.map(self._access.permissions, missing))
            known.update(zip(missing, answers, strict=True))
        return known

    # ---- reading (event loop side) -------------------------------------------------------
    def _caches(self, scope: Scope) -> list[NamespaceCache]:
        if scope.cluster_wide:
            return [self._cache.namespace(ALL)]
        if not scope.namespaces:
            raise Forbidden(
                "You may not list workspaces in any namespace"
                + (f" (asked: {', '.join(scope.forbidden)})" if scope.forbidden else "")
            )
        return [self._cache.namespace(n) for n in scope.namespaces]

    async def list_json(self) -> str:
        """``{"items", "namespaces", "forbidden", "permissions"}`` as JSON, from the caches."""
        scope = self._fresh_scope() or await asyncio.to_thread(self.scope)
        caches = self._caches(scope)
        forbidden = list(scope.forbidden)
        parts: list[str] = []
        namespaces = list(scope.namespaces)
        for cache in caches:
            try:
                text = await cache.items_json()
            except Forbidden:  # its RBAC changed since the scope was asked
                if cache.namespace == ALL:
                    self.forget()  # ask again next time: per namespace, perhaps
                    raise
                forbidden.append(cache.namespace)
                namespaces.remove(cache.namespace)
                continue
            parts.append(text)
        if scope.cluster_wide and not scope.namespaces_known:
            # Not allowed to list namespaces: those the workspaces are in, and our own.
            seen = {i["namespace"] for i in await caches[0].items()}
            namespaces = sorted(seen | set(scope.namespaces))
        known = {ns: self._access.cached(ns) for ns in namespaces}
        if all(answer is not None for answer in known.values()):
            permissions = known  # warm: no thread hop
        else:
            permissions = await asyncio.to_thread(self.permissions, namespaces)
        body = {
            "namespaces": namespaces,
            "forbidden": sorted(forbidden),
            "permissions": permissions,
        }
        if scope.omitted:
            body["omitted"] = scope.omitted
        head = json.dumps(body)[:-1]  # the object without its closing brace
        if len(parts) == 1:  # one cache (cluster-wide): its array as it is, not copied
            return head + ', "items": ' + parts[0] + "}"
        inner = ",".join(part[1:-1] for part in parts if part != "[]")
        return head + ', "items": [' + inner + "]}"

    async def subscribe(self) -> tuple[NamespaceCache | MultiNamespaceView, Subscriber]:
        source, _ = await self.source()
        return source, source.subscribe()

    async def source(self) -> tuple[NamespaceCache | MultiNamespaceView, dict[str, Any]]:
        """The cache(s) of every namespace listed, and what was left out (``forbidden``,
        ``omitted``)."""
        scope = self._fresh_scope() or await asyncio.to_thread(self.scope)
        caches = self._caches(scope)
        left_out = {"forbidden": list(scope.forbidden), "omitted": list(scope.omitted)}
        return (caches[0] if len(caches) == 1 else MultiNamespaceView(caches)), left_out

    def loading(self, source: NamespaceCache | MultiNamespaceView) -> dict[str, Any] | None:
        """``loading_of`` for what ``source`` returned (the namespaces of its scope)."""
        scope = self._fresh_scope()
        return loading_of(source, scope.namespaces if scope else [])

    def warm(self) -> bool:
        """Start the cluster-wide watch if the user may list and watch workspaces
        cluster-wide (two access reviews), so that "All namespaces" opens on a filled
        cache. Blocking; never raises (a cluster that cannot say leaves it cold)."""
        try:
            if not self.scope().cluster_wide:
                return False
            self._cache.keep_warm(ALL)
        except Exception as e:  # unreachable, 403 on reviews, watch limit: stays cold
            log.info("all namespaces not warmed: %s", e)
            return False
        return True

    def forget(self) -> None:
        with self._lock:
            self._scope = None
