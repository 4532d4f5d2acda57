"""What the user may do with workspaces (or PVCs, secrets) in a namespace: asked of the API
server (SelfSubjectAccessReview), cached briefly so that listing stays cheap."""

from __future__ import annotations

import threading
import time
from typing import Any

from kubernetes import client

from .kube import GROUP, REQUEST_TIMEOUT, WORKSPACES, ConnectionHolder, api_error

VERBS = ("create", "update", "delete")
TTL_SECONDS = 30.0


class AccessReviewer:
    """``permissions(ns)`` for one kind of object: workspaces unless ``resource`` (with its
    ``group``) says otherwise; ``what`` names it in the reasons ("volumes", "secrets")."""

    def __init__(
        self,
        connection: ConnectionHolder,
        ttl: float = TTL_SECONDS,
        *,
        resource: str = WORKSPACES,
        group: str = GROUP,
        what: str = "workspaces",
    ) -> None:
        self._connection = connection
        self._ttl = ttl
        self._resource = resource
        self._group = group
        self._what = what
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, dict[str, Any]]] = {}

    def permissions(self, namespace: str) -> dict[str, Any]:
        """``{"create": bool, "update": bool, "delete": bool, "reasons": {verb: why not}}``.

        Blocking (API calls): run it in a thread.
        """
        with self._lock:
            cached = self._cache.get(namespace)
            if cached and time.monotonic() - cached[0] < self._ttl:
                return cached[1]
        api = client.AuthorizationV1Api(self._connection.get().api)
        result: dict[str, Any] = {"reasons": {}}
        for verb in VERBS:
            review = {
                "apiVersion": "authorization.k8s.io/v1",
                "kind": "SelfSubjectAccessReview",
                "spec": {
                    "resourceAttributes": {
                        "group": self._group,
                        "resource": self._resource,
                        "verb": verb,
                        "namespace": namespace,
                    }
                },
            }
            try:
                answer = api.create_self_subject_access_review(
                    review, _request_timeout=REQUEST_TIMEOUT
                )
            except Exception as e:
                raise api_error(e, "create", "access reviews", namespace) from None
            allowed = bool(answer.status.allowed)
            result[verb] = allowed
            if not allowed:
                why = answer.status.reason or answer.status.evaluation_error or ""
                where = f" in {namespace}" if namespace else ""  # "": cluster-scoped
                result["reasons"][verb] = f"You may not {verb} {self._what}{where}" + (
                    f" ({why})" if why else ""
                )
        with self._lock:
            self._cache[namespace] = (time.monotonic(), result)
        return result

    def cached(self, namespace: str) -> dict[str, Any] | None:
        """The permissions in ``namespace`` if known and fresh (no API call), else None."""
        with self._lock:
            cached = self._cache.get(namespace)
            if cached and time.monotonic() - cached[0] < self._ttl:
                return cached[1]
        return None

    def may(self, verb: str, namespace: str | None, resource: str = WORKSPACES) -> bool:
        """Whether the user may ``verb`` ``resource`` in ``namespace`` (None: cluster-wide,
        every namespace at once). Cached like ``permissions``; blocking."""
        key = f"{verb} {resource} {namespace or '*'}"
        with self._lock:
            cached = self._cache.get(key)
            if cached and time.monotonic() - cached[0] < self._ttl:
                return bool(cached[1]["allowed"])
        api = client.AuthorizationV1Api(self._connection.get().api)
        attributes = {"group": GROUP if resource == WORKSPACES else "", "resource": resource}
        attributes["verb"] = verb
        if namespace:
            attributes["namespace"] = namespace
        review = {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": attributes},
        }
        try:
            answer = api.create_self_subject_access_review(review, _request_timeout=REQUEST_TIMEOUT)
        except Exception as e:
            raise api_error(e, "create", "access reviews", namespace) from None
        allowed = bool(answer.status.allowed)
        with self._lock:
            self._cache[key] = (time.monotonic(), {"allowed": allowed})
        return allowed

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()
