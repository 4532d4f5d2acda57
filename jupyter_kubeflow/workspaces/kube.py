"""The Kubernetes API's errors, as the workspaces panel says them.

The client itself (the configured kubeconfig and context) comes from
``jupyter_kubeflow.kube_connection``, shared by every capability.

The ``kubernetes`` client is synchronous: everything here runs in worker threads
(``asyncio.to_thread``), never on the event loop.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import urllib3
from kubernetes.client.rest import ApiException

from ..errors import Conflict, Forbidden, KubeflowError, NotFound, Unavailable, Unprocessable
from ..kube_connection import (  # noqa: F401  (workspaces modules import them from here)
    CONNECT_HINT,
    Connection,
    ConnectionHolder,
    NotConfigured,
)

GROUP = "kubeflow.org"
VERSION = "v1beta1"
WORKSPACES = "workspaces"
WORKSPACEKINDS = "workspacekinds"
# (connect, read) seconds: an unreachable API server must fail a request quickly.
REQUEST_TIMEOUT = (3.0, 15.0)


VERB_WORDS = {"get": "read", "list": "list", "watch": "watch", "patch": "update"}
# The API server's words when an admission webhook does not answer (failurePolicy: Fail).
WEBHOOK_FAILED = re.compile(r'failed calling webhook "(?P<name>[^"]*)"')


class ControllerUnreachable(Unavailable):
    """The Notebooks controller's admission webhook did not answer: every create and update
    of a Workspace fails until it is back (upstream's webhooks use failurePolicy: Fail)."""

    def __init__(self, webhook: str, cause: str) -> None:
        super().__init__(
            "The Kubeflow Notebooks controller is unreachable: its admission webhook "
            f"({webhook}) did not answer, so the cluster refuses to create, change, pause or "
            "resume workspaces until it is back. Still working: listing workspaces, "
            "connecting to running ones, and deleting. The list may be out of date: "
            "without the controller, no workspace's state is being updated.",
            details={"controller": "unreachable", "webhook": webhook, "cause": cause},
        )


def api_error(error: Exception, verb: str, what: str, namespace: str | None) -> KubeflowError:
    """A KubeflowError for a failed API call: the status the user should see, clearly said."""
    if isinstance(error, KubeflowError):
        return error
    where = f" in {namespace}" if namespace else ""
    if not isinstance(error, ApiException):
        return unreachable(error)
    if error.status in (None, 0):
        return unreachable(error)
    body = _status_body(error)
    message = body.get("message") or error.reason or str(error)
    webhook = WEBHOOK_FAILED.search(message)
    if webhook and error.status >= 500:
        return ControllerUnreachable(webhook.group("name"), message)
    if error.status == 403:
        word = VERB_WORDS.get(verb, verb)
        return Forbidden(f"You may not {word} {what}{where}. The API server said: {message}")
    if error.status == 401:
        return Forbidden(f"The Kubernetes API server did not accept your credentials: {message}")
    if error.status == 404:
        return NotFound(message)
    if error.status == 409:
        return Conflict(message)
    if error.status in (400, 422):
        causes = (body.get("details") or {}).get("causes") or []
        field = next((c.get("field") for c in causes if c.get("field")), None)
        return Unprocessable(message, field=field)
    if error.status == 429:  # e.g. just started, its storage still initializing
        return Unavailable(f"The Kubernetes API server is busy, try again shortly: {message}")
    if error.status >= 500:
        return Unavailable(f"The Kubernetes API server failed: {message}")
    return KubeflowError(message, status=error.status)


def unreachable(error: Exception) -> Unavailable:
    reason = getattr(error, "reason", None) or error
    return Unavailable(f"Cannot reach the Kubernetes API server: {reason}")


def is_unreachable(error: Exception) -> bool:
    return isinstance(error, (urllib3.exceptions.HTTPError, OSError)) or (
        isinstance(error, ApiException) and error.status in (None, 0)
    )


def _status_body(error: ApiException) -> dict[str, Any]:
    try:
        body = json.loads(error.body or "{}")
    except (ValueError, TypeError):
        return {}
    return body if isinstance(body, dict) else {}


def current_workspace_from_env() -> tuple[str, str] | None:
    """(namespace, name) of the workspace this JupyterLab runs in, from NB_PREFIX.

    Notebooks 2.0 sets NB_PREFIX to the workspace's path prefix,
    ``/workspace/connect/<namespace>/<name>/<port>/`` (older: ``/workspace/<ns>/<name>/``).
    """
    prefix = os.environ.get("NB_PREFIX", "")
    parts = [p for p in prefix.split("/") if p]
    if len(parts) >= 3 and parts[0] == "workspace":
        rest = parts[2:] if parts[1] == "connect" else parts[1:]
        if len(rest) >= 2:
            return rest[0], rest[1]
    return None
