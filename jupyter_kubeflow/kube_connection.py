"""The one place a Kubernetes API client is built: the configured kubeconfig and context.

Every Kubernetes call of the extension (workspaces, their logs and watches, deploying an
InferenceService, the KFP profile namespace the status shows) goes through one
:class:`ConnectionHolder` made from ``KubeflowExtension.kubeconfig`` and ``kube_context``,
so none can act as the kubeconfig's current context when another one is configured. The
client follows redirects only within the API server's origin (``outbound``), and the
credentials it loaded are remembered for redaction.

The ``kubernetes`` client is synchronous: callers run it in worker threads.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubernetes import client, config
from kubernetes.config.config_exception import ConfigException

from .errors import Unavailable
from .outbound import retry_policy
from .redaction import remember

SERVICE_ACCOUNT_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")
CONNECT_HINT = (
    "Point JupyterLab at a cluster with a kubeconfig: ~/.kube/config, the KUBECONFIG "
    "environment variable, or c.KubeflowExtension.kubeconfig = '/path/to/kubeconfig' "
    "(and optionally c.KubeflowExtension.kube_context); inside a cluster the pod's "
    "service account is used."
)


class NotConfigured(Unavailable):
    """No usable kubeconfig and not in a cluster; the message says how to connect."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason}. {CONNECT_HINT}")
        self.reason = self.message.removesuffix(f". {CONNECT_HINT}")  # redacted


@dataclass(frozen=True)
class KubeContext:
    """Which credentials: the kubeconfig file(s) and context, or the in-cluster account."""

    kubeconfig: str  # os.pathsep-separated files as KUBECONFIG; "" for in-cluster
    name: str | None  # the context's name; None in-cluster
    namespace: str  # the context's namespace (the pod's in-cluster); "" when it names none


@dataclass(frozen=True)
class Connection:
    """An API client for one kubeconfig context (or the in-cluster service account)."""

    api: client.ApiClient
    server: str
    context: str | None
    namespace: str


def find_context(kubeconfig: str, context: str) -> KubeContext:
    """The context to use: ``context`` (else the current one) of ``kubeconfig`` (else
    $KUBECONFIG, else ~/.kube/config; several files as KUBECONFIG lists them), else the
    in-cluster service account. Reads files only; raises :class:`NotConfigured`."""
    given = kubeconfig or os.environ.get("KUBECONFIG", "")
    paths = [str(Path(p).expanduser()) for p in (given or "~/.kube/config").split(os.pathsep) if p]
    found = os.pathsep.join(p for p in paths if Path(p).is_file())
    if found:
        try:
            contexts, active = config.list_kube_config_contexts(config_file=found)
        except Exception as e:  # ConfigException, YAML errors, a file that is no mapping
            raise NotConfigured(f"The kubeconfig {found} cannot be used: {e}") from None
        chosen = next((c for c in contexts if c["name"] == context), None) if context else active
        if chosen is None:
            what = f"Context {context!r}" if context else "No current context"
            raise NotConfigured(f"{what} is not in the kubeconfig {found}")
        namespace = (chosen.get("context") or {}).get("namespace") or ""
        return KubeContext(found, chosen["name"], namespace)
    if given:
        raise NotConfigured(f"The kubeconfig {given} does not exist")
    if not os.environ.get("KUBERNETES_SERVICE_HOST"):
        raise NotConfigured("Not connected to a Kubernetes cluster: no kubeconfig found")
    try:
        namespace = SERVICE_ACCOUNT_NAMESPACE.read_text().strip()
    except OSError:
        namespace = ""
    return KubeContext("", None, namespace)


def load_connection(kubeconfig: str, context: str) -> Connection:
    """A client with the user's credentials (see :func:`find_context`)."""
    chosen = find_context(kubeconfig, context)
    configuration = client.Configuration()
    try:
        if chosen.kubeconfig:
            config.load_kube_config(
                config_file=chosen.kubeconfig,
                context=chosen.name,
                client_configuration=configuration,
            )
        else:
            config.load_incluster_config(client_configuration=configuration)
    except (ConfigException, OSError) as e:
        where = f"The kubeconfig {chosen.kubeconfig}" if chosen.kubeconfig else "In-cluster config"
        raise NotConfigured(f"{where} cannot be used: {e}") from None
    _remember_credentials(configuration)
    hook = configuration.refresh_api_key_hook
    if hook is not None:  # exec plugins and token files: remember each new token too

        def refresh(conf: Any) -> None:
            hook(conf)
            _remember_credentials(conf)

        configuration.refresh_api_key_hook = refresh
    # One quick retry at most: a stopped API server must surface as an error within
    # seconds; redirects only within the API server's origin.
    configuration.retries = retry_policy(total=1, backoff_factor=0.2, raise_on_status=False)
    return Connection(
        client.ApiClient(configuration),
        configuration.host,
        chosen.name,
        chosen.namespace or "default",
    )


def _remember_credentials(configuration: client.Configuration) -> None:
    for value in (configuration.api_key or {}).values():
        remember(str(value).removeprefix("Bearer ").strip())
    remember(configuration.password)


class ConnectionHolder:
    """The configured kubeconfig and context; loads the client lazily and keeps it."""

    def __init__(self, kubeconfig: str = "", context: str = "") -> None:
        self.kubeconfig = kubeconfig
        self.context = context
        self._lock = threading.Lock()
        self._connection: Connection | None = None

    def get(self) -> Connection:
        with self._lock:
            if self._connection is None:
                self._connection = load_connection(self.kubeconfig, self.context)
            return self._connection

    def find_context(self) -> KubeContext:
        """The configured context, without building a client (raises NotConfigured)."""
        return find_context(self.kubeconfig, self.context)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.api.close()
                self._connection = None
