"""Submitting a compiled pipeline to a KFP endpoint with ``kfp.Client``."""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import urllib3

from .. import outbound
from ..errors import InvalidInput, KubeflowError, Unavailable
from ..kube_connection import ConnectionHolder, NotConfigured
from ..redaction import display_url, redact, remember

# Where kfp.Client() looks inside a pod (kfp/client/client.py and kfp/client/__init__.py):
# the ml-pipeline service of the "kubeflow" namespace, and the projected service-account
# token whose path KF_PIPELINES_SA_TOKEN_PATH names.
IN_CLUSTER_URL = "http://ml-pipeline.kubeflow.svc.cluster.local:8888"
SA_TOKEN_ENV = "KF_PIPELINES_SA_TOKEN_PATH"
SA_TOKEN_PATH = "/var/run/secrets/kubeflow/pipelines/token"
POD_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


@dataclass
class Submitted:
    run_id: str
    url: str


@dataclass
class Endpoint:
    """The KFP endpoint the configured token may go to, and how it was found."""

    host: str
    how: str  # "configured" or "in-cluster"
    token_file: str = ""  # the projected token found in a pod, when no token is configured


def discover_endpoint(configured: str) -> Endpoint | None:
    """The configured endpoint, else the in-cluster service when running in a pod. A
    ``user:password@`` in the URL is dropped (no client here sends URL credentials) and
    remembered for redaction."""
    if configured:
        return Endpoint(display_url(configured), "configured")
    if not os.environ.get("KUBERNETES_SERVICE_HOST"):
        return None
    token_path = os.environ.get(SA_TOKEN_ENV) or SA_TOKEN_PATH
    return Endpoint(IN_CLUSTER_URL, "in-cluster", token_path if Path(token_path).is_file() else "")


# A Kubernetes namespace is a DNS-1123 label.
_NAMESPACE = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")


def check_namespace(namespace: str) -> str:
    if not _NAMESPACE.fullmatch(namespace):
        raise InvalidInput(
            f"Namespace {namespace!r} is not a Kubernetes namespace name: at most 63 "
            "lowercase letters, digits or '-', starting and ending with a letter or digit",
            field="namespace",
        )
    return namespace


def default_namespace(kube: ConnectionHolder) -> tuple[str, str]:
    """(namespace, how it was found): the pod's own namespace (a workspace runs in its
    profile's namespace), else the namespace of the configured kubeconfig context (the
    server's one Kubernetes connection); ("", "") when neither says."""
    try:
        namespace = Path(POD_NAMESPACE_FILE).read_text(encoding="utf-8").strip()
        if namespace:
            return namespace, "the namespace of this pod's service account"
    except OSError:
        pass
    try:
        context = kube.find_context()
    except NotConfigured:  # no kubeconfig, or one the client cannot read: no default
        return "", ""
    if context.namespace and context.name:
        return context.namespace, f"kubeconfig context {context.name!r}"
    return "", ""


def kfp_error(e: Exception, host: str, token: str | None) -> str:
    """KFP's whole message (its JSON body's ``message``/``error``), never headers or token."""
    status = getattr(e, "status", None)
    body = getattr(e, "body", None)
    message = ""
    if body:
        try:
            data = json.loads(body)
            # grpc-gateway's {message, error}; the upload endpoints' own {error_message}
            message = (
                str(data.get("message") or data.get("error") or data.get("error_message") or "")
                if isinstance(data, dict)
                else ""
            )
        except (ValueError, TypeError):
            message = str(body)
    if not message:
        message = str(e).split("\nHTTP response headers")[0].strip() or type(e).__name__
    reason = getattr(e, "reason", "") or ""
    host = display_url(host)
    prefix = (
        f"KFP at {host} answered {status} {reason}".rstrip()
        if status
        else (f"KFP at {host} could not be reached")
    )
    return redact(f"{prefix}: {message}", token)


def read_token(env_name: str, token_file: str) -> str | None:
    """The bearer token: the file wins (it may be rotated), then the environment variable."""
    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip() or None
        except OSError as e:
            raise Unavailable(
                f"Cannot read the KFP token file {token_file}: {e.strerror}"
            ) from None
    else:
        token = os.environ.get(env_name) or None
    remember(token)
    return token


def same_endpoint(a: str, b: str) -> bool:
    """Whether two KFP URLs name one endpoint (scheme and host case, a trailing '/' aside)."""
    from urllib.parse import urlsplit

    def key(url: str) -> tuple[str, str, str]:
        u = urlsplit(display_url(url.strip()))  # a user:password@ is never sent
        return (u.scheme.lower(), u.netloc.lower(), u.path.rstrip("/"))

    return bool(a and b) and key(a) == key(b)


HEALTHZ = "/apis/v2beta1/healthz"


def probe(host: str, token: str | None, timeout: float = 3.0) -> dict[str, Any]:
    """KFP's health answer (it says ``multi_user``); Unavailable saying why when none."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    prefix = f"KFP at {display_url(host)} does not answer its health check ({HEALTHZ})"
    try:
        response = outbound.pool().request(
            "GET",
            f"{host.rstrip('/')}{HEALTHZ}",
            headers=headers,
            timeout=timeout,
            preload_content=False,
        )
        try:
            status, body = response.status, response.read(65536)
        finally:
            response.close()  # maybe read in part: the connection is not reused
    except KubeflowError as e:  # a redirect to another origin
        raise Unavailable(f"{prefix}: {e.message}", details=e.details) from None
    except (urllib3.exceptions.HTTPError, OSError, ValueError):
        raise Unavailable(prefix) from None
    if not 200 <= status < 300:
        raise Unavailable(f"{prefix}: it answered {status}", details={"status": status})
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def health(host: str, token: str | None, timeout: float = 3.0) -> dict[str, Any] | None:
    """KFP's health answer, or None when it does not answer."""
    try:
        return probe(host, token, timeout)
    except Unavailable:
        return None


def healthz(host: str, token: str | None, timeout: float = 3.0) -> bool:
    """Whether the KFP API answers its health check (kfp.Client would retry for 25 s)."""
    return health(host, token, timeout) is not None


def connect(host: str, token: str | None) -> Any:
    """A ``kfp.Client`` for ``host``: every KFP API call of the extension goes through one,
    so it follows redirects only within KFP's origin (``outbound.retry_policy``). Wrap its
    calls' errors with :func:`kfp_error` (KFP's message, redacted)."""
    return _client_class()(host=host, existing_token=token)


@functools.cache
def _client_class() -> type:
    import kfp

    class SameOriginClient(kfp.Client):  # type: ignore[misc]
        def _load_config(self, *args: Any, **kwargs: Any) -> Any:
            configuration = super()._load_config(*args, **kwargs)
            configuration.retries = outbound.retry_policy()
            return configuration

    return SameOriginClient


def run_url(host: str, run_id: str) -> str:
    return f"{host.rstrip('/')}/#/runs/details/{run_id}"


def submit(
    package: Path,
    host: str,
    token: str | None,
    arguments: dict[str, Any],
    experiment: str | None,
    run_name: str,
    namespace: str | None = None,
    cache: bool = True,
) -> Submitted:
    """Create the experiment if needed and start a run; errors never carry the token.

    A multi-user KFP (its health check says so) needs the profile namespace the experiment
    lives in; a single-user one takes none.
    """
    from .kfp_session import open_session

    session = open_session(
        host,
        token,
        namespace,
        "runs go into your profile namespace. Pass --namespace, fill in the namespace, "
        "or set KubeflowExtension.kfp_namespace",
    )
    result = session.call(
        session.client.create_run_from_pipeline_package,
        str(package),
        arguments=arguments,
        run_name=run_name,
        experiment_name=experiment or "Default",
        namespace=session.namespace,
        # None keeps each task's own setting (KFP's default: cached, unless a cache:
        # tag said otherwise); False turns caching off for the whole run.
        enable_caching=None if cache else False,
    )
    return Submitted(run_id=result.run_id, url=run_url(session.host, result.run_id))
