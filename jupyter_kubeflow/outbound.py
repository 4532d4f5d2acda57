"""Requests to other servers: a credential never leaves the origin it was configured for.

One rule for every client of the extension: a redirect is followed only within the origin
(scheme, host, port) the request went to; a redirect to another origin is not followed at
all (:class:`CrossOriginRedirect`, a 503 naming where it pointed), so nothing, credential
or not, is sent there. A proxy in front of KFP or a registry that sends an unauthenticated
request to its login host therefore shows as that error, not as a token handed to the
login host.

- urllib3-based clients (the Kubernetes client, kfp.Client's ``kfp_server_api``, the KFP
  health check) take :func:`retry_policy` as their ``retries``;
- tornado-based ones (the registry client, other HTTP clients) call :func:`fetch`;
- boto3 follows no redirect (botocore sends with ``Retry(False)``; its S3 region redirect
  re-signs for the same endpoint).
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from tornado.httpclient import AsyncHTTPClient, HTTPRequest, HTTPResponse

from .errors import Unavailable
from .redaction import display_url

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number: no origin to match
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def same_origin(a: str, b: str) -> bool:
    return origin(a) == origin(b)


def _origin_text(url: str) -> str:
    scheme, host, port = origin(url)
    return f"{scheme}://{host}" + (f":{port}" if port != _DEFAULT_PORTS.get(scheme) else "")


class CrossOriginRedirect(Unavailable):
    """A server redirected to another origin: not followed, nothing was sent there."""

    def __init__(self, url: str, location: str) -> None:
        target = _origin_text(location)
        super().__init__(
            f"{display_url(url.split('?')[0])} redirects to another origin ({target}); it is "
            "not followed, so no credential goes there. A login page there means the "
            "credentials were not accepted; otherwise configure the address it redirects to.",
            details={"redirect": target},
        )


class SameOriginRetry(urllib3.Retry):
    """urllib3's retry policy, refusing redirects that leave the request's origin.

    urllib3 itself would follow them with ``Authorization`` and ``Cookie`` stripped, but any
    other credential header (a client's custom one) along, and would let a login page
    answer for the API."""

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> urllib3.Retry:
        location = response.get_redirect_location() if response is not None else None
        if location and _pool is not None:
            host = f"[{_pool.host}]" if ":" in _pool.host else _pool.host
            base = f"{_pool.scheme}://{host}:{_pool.port}"
            target = urljoin(urljoin(base, url or "/"), location)
            if not _pool.is_same_host(target):
                response.drain_conn()
                raise CrossOriginRedirect(urljoin(base, url or "/"), target)
        return super().increment(method, url, response, error, _pool, _stacktrace)


def retry_policy(total: int = 3, **kwargs: Any) -> SameOriginRetry:
    """The ``retries`` for a urllib3-based client (Configuration.retries)."""
    kwargs.setdefault("redirect", MAX_REDIRECTS)
    return SameOriginRetry(total=total, **kwargs)


_pool: urllib3.PoolManager | None = None
_pool_lock = threading.Lock()


def pool() -> urllib3.PoolManager:
    """A shared urllib3 pool with :func:`retry_policy`, for the extension's own requests
    from worker threads (the KFP health check)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # redirects only: an unreachable server fails at once
            _pool = urllib3.PoolManager(
                retries=retry_policy(MAX_REDIRECTS, connect=0, read=0, status=0, other=0)
            )
        return _pool


async def fetch(request: HTTPRequest) -> HTTPResponse:
    """tornado's ``AsyncHTTPClient().fetch(request, raise_error=False)``, following redirects
    only within the request's origin (a 303, and a 301/302 after a POST, become a GET
    without body, as browsers do)."""
    request.follow_redirects = False
    for _ in range(MAX_REDIRECTS + 1):
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        location = response.headers.get("Location") if response.code in REDIRECTS else None
        if not location:
            return response
        target = urljoin(request.url, location)
        if not same_origin(request.url, target):
            raise CrossOriginRedirect(request.url, target)
        request.url = target
        if response.code == 303 or (response.code in (301, 302) and request.method == "POST"):
            request.method, request.body = "GET", None
            for header in ("Content-Type", "Content-Length"):
                request.headers.pop(header, None)
    raise Unavailable(f"{display_url(request.url)} redirects more than {MAX_REDIRECTS} times")


def s3_client(
    endpoint: str,
    region: str,
    access_key: str | None,
    secret_key: str | None,
    default_chain: bool = True,
) -> Any:
    """A boto3 S3 client (path-style, for MinIO and other S3-compatible stores) whose
    credentials are remembered for redaction and which follows no redirect to another
    endpoint. Without keys it uses boto3's own chain (AWS_* variables, ~/.aws, instance
    roles), or with ``default_chain`` False sends unsigned requests, so no credential meant
    for another store reaches this one. Raises Unavailable when boto3 is not installed."""
    from .redaction import remember, remember_url

    try:
        import boto3
        from botocore import UNSIGNED
        from botocore.config import Config
    except ImportError:  # pragma: no cover - depends on the install
        raise Unavailable("S3 storage needs boto3: pip install boto3") from None
    remember(access_key, secret_key)  # redacted wherever an error might echo them
    remember_url(endpoint)
    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3})
    if not (access_key and secret_key) and not default_chain:
        config = config.merge(Config(signature_version=UNSIGNED))
    client = boto3.client(
        "s3",
        endpoint_url=endpoint or None,
        region_name=region or "us-east-1",
        aws_access_key_id=access_key or None,
        aws_secret_access_key=secret_key or None,
        config=config,
    )
    if endpoint:
        # The configured endpoint is the one origin: no region redirect. botocore follows
        # none of HTTP's, but its S3 region redirector answers a 3xx without a region by
        # asking HEAD bucket again, without end.
        client.meta.events.register("before-call.s3", _no_region_redirect)
    return client


def _no_region_redirect(context: dict[str, Any], **kwargs: Any) -> None:
    # botocore's S3RegionRedirectorv2 leaves a request marked "redirected" alone.
    context.setdefault("s3_redirect", {})["redirected"] = True
