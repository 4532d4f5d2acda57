"""What the user may do with a kind of object (PVCs, Secrets) in a namespace, asked of the
API server (SelfSubjectAccessReview) as access.py does for workspaces, cached briefly."""

from __future__ import annotations

import threading
import time
from typing import Any

from kubernetes import client

from .kube import REQUEST_TIMEOUT, ConnectionHolder, api_error

VERBS = ("create", "update", "delete")
TTL_SECONDS = 30.0


class ResourceAccess:
    """``permissions(ns)`` -> ``{"create", "update", "delete": bool, "reasons": {verb: why}}``
    for ``resource`` (core group unless ``group``); ``what`` names it in the reasons."""

    def __init__(
        self,
        connection: ConnectionHolder,
        resource: str,
        what: str,
        group: str = "",
        ttl: float = TTL_SECONDS,
    ) -> None:
        self._connection = connection
        self._resource = resource
        self._group = group
        self._what = what
        self._ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, dict[str, Any]]] = {}

    def permissions(self, namespace: str) -> dict[str, Any]:
        """Blocking (API calls): run it in a thread."""
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
                result["reasons"][verb] = f"You may not {verb} {self._what} in {namespace}" + (
                    f" ({why})" if why else ""
                )
        with self._lock:
            self._cache[namespace] = (time.monotonic(), result)
        return result
