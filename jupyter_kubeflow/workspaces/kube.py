"""Connecting to the Kubernetes API with the user's own credentials, and its errors.

The ``kubernetes`` client is synchronous: everything here runs in worker threads
(``asyncio.to_thread``), never on the event loop.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import urllib3
from kubernetes import client, config
from kubernetes.client.rest import ApiException
from kubernetes.config.config_exception import ConfigException

from ..errors import Conflict, Forbidden, KubeflowError, NotFound, Unavailable, Unprocessable

GROUP = "kubeflow.org"
VERSION = "v1beta1"
WORKSPACES = "workspaces"
WORKSPACEKINDS = "workspacekinds"
SERVICE_ACCOUNT_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")

CONNECT_HINT = (
    "Point JupyterLab at a cluster with a kubeconfig: ~/.kube/config, the KUBECONFIG "
    "environment variable, or c.KubeflowExtension.kubeconfig = '/path/to/kubeconfig' "
    "(and optionally c.KubeflowExtension.kube_context); inside a cluster the pod's "
    "service account is used."
)
# (connect, read) seconds: an unreachable API server must fail a request quickly.
REQUEST_TIMEOUT = (3.0, 15.0)


@dataclass(frozen=True)
class Connection:
    """An API client for one kubeconfig context (or the in-cluster service account)."""

    api: client.ApiClient
    server: str
    context: str | None
    namespace: str


class NotConfigured(Unavailable):
    """No usable kubeconfig and not in a cluster; the message says how to connect."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason}. {CONNECT_HINT}")
        self.reason = reason


def load_connection(kubeconfig: str, context: str) -> Connection:
    """The user's credentials: the kubeconfig given, ~/.kube/config, then in-cluster."""
    path = kubeconfig or str(Path("~/.kube/config").expanduser())
    if Path(path).is_file():
        try:
            contexts, active = config.list_kube_config_contexts(config_file=path)
            chosen = (
                next((c for c in contexts if c["name"] == context), None) if context else active
            )
            if chosen is None:
                raise NotConfigured(f"Context {context!r} is not in the kubeconfig {path}")
            configuration = client.Configuration()
            config.load_kube_config(
                config_file=path, context=chosen["name"], client_configuration=configuration
            )
        except ConfigException as e:
            raise NotConfigured(f"The kubeconfig {path} cannot be used: {e}") from None
        namespace = chosen.get("context", {}).get("namespace") or "default"
        return _connection(configuration, chosen["name"], namespace)
    if kubeconfig:
        raise NotConfigured(f"The kubeconfig {kubeconfig} does not exist")
    try:
        configuration = client.Configuration()
        config.load_incluster_config(client_configuration=configuration)
    except ConfigException:
        raise NotConfigured("Not connected to a Kubernetes cluster: no kubeconfig found") from None
    namespace = SERVICE_ACCOUNT_NAMESPACE.read_text().strip() or "default"
    return _connection(configuration, None, namespace)


def _connection(configuration: client.Configuration, context: str | None, ns: str) -> Connection:
    # One quick retry at most: a stopped API server must surface as an error within seconds.
    configuration.retries = urllib3.Retry(total=1, backoff_factor=0.2, raise_on_status=False)
    return Connection(client.ApiClient(configuration), configuration.host, context, ns)


class ConnectionHolder:
    """Loads the connection lazily and keeps it; ``reset`` forgets it (new kubeconfig)."""

    def __init__(self, kubeconfig: str, context: str) -> None:
        self.kubeconfig = kubeconfig
        self.context = context
        self._lock = threading.Lock()
        self._connection: Connection | None = None

    def get(self) -> Connection:
        with self._lock:
            if self._connection is None:
                self._connection = load_connection(self.kubeconfig, self.context)
            return self._connection

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.api.close()
                self._connection = None


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
