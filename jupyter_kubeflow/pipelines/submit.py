"""Submitting a compiled pipeline to a KFP endpoint with ``kfp.Client``."""

from __future__ import annotations

import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, Unavailable


@dataclass
class Submitted:
    run_id: str
    url: str


def read_token(env_name: str, token_file: str) -> str | None:
    """The bearer token: the file wins (it may be rotated), then the environment variable."""
    if token_file:
        try:
            return Path(token_file).read_text(encoding="utf-8").strip() or None
        except OSError as e:
            raise Unavailable(
                f"Cannot read the KFP token file {token_file}: {e.strerror}"
            ) from None
    return os.environ.get(env_name) or None


def same_endpoint(a: str, b: str) -> bool:
    """Whether two KFP URLs name one endpoint (scheme and host case, a trailing '/' aside)."""
    from urllib.parse import urlsplit

    def key(url: str) -> tuple[str, str, str]:
        u = urlsplit(url.strip())
        return (u.scheme.lower(), u.netloc.lower(), u.path.rstrip("/"))

    return bool(a and b) and key(a) == key(b)


def healthz(host: str, token: str | None, timeout: float = 3.0) -> bool:
    """Whether the KFP API answers its health check (kfp.Client would retry for 25 s)."""
    request = urllib.request.Request(f"{host.rstrip('/')}/apis/v2beta1/healthz")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (OSError, ValueError):
        return False


def run_url(host: str, run_id: str) -> str:
    return f"{host.rstrip('/')}/#/runs/details/{run_id}"


def submit(
    package: Path,
    host: str,
    token: str | None,
    arguments: dict[str, Any],
    experiment: str | None,
    run_name: str,
) -> Submitted:
    """Create the experiment if needed and start a run; errors never carry the token."""
    if not host:
        raise InvalidInput(
            "No KFP endpoint: pass --host, or set KubeflowExtension.kfp_host "
            "(env KF_PIPELINES_ENDPOINT)",
            field="host",
        )
    if not host.startswith(("http://", "https://")):
        raise InvalidInput(f"KFP host must be an http(s) URL, not {host!r}", field="host")
    if not healthz(host, token):
        # Checked first: kfp.Client retries a failing health check for about 25 seconds.
        raise Unavailable(f"KFP at {host} does not answer its health check (/apis/v2beta1/healthz)")
    import kfp

    try:
        client = kfp.Client(host=host, existing_token=token)
        result = client.create_run_from_pipeline_package(
            str(package),
            arguments=arguments,
            run_name=run_name,
            experiment_name=experiment or "Default",
        )
    except Exception as e:  # kfp_server_api and urllib3 raise many kinds
        message = str(e).splitlines()[0] if str(e) else type(e).__name__
        if token:
            message = message.replace(token, "***")
        raise Unavailable(f"KFP at {host} refused or could not be reached: {message}") from None
    return Submitted(run_id=result.run_id, url=run_url(host, result.run_id))


def kfp_run_state(host: str, token: str | None, run_id: str) -> str | None:
    """The KFP run's state mapped to ours, or None when it cannot be read."""
    if not healthz(host, token):
        return None
    import kfp

    try:
        run = kfp.Client(host=host, existing_token=token).get_run(run_id)
    except Exception:
        return None
    state = str(getattr(run, "state", "") or "").upper()
    return {
        "PENDING": "PENDING",
        "RUNNING": "RUNNING",
        "SUCCEEDED": "SUCCEEDED",
        "FAILED": "FAILED",
        "CANCELED": "CANCELLED",
        "CANCELING": "RUNNING",
        "SKIPPED": "SUCCEEDED",
        "PAUSED": "RUNNING",
    }.get(state)
