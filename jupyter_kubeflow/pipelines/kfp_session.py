"""One conversation with a KFP endpoint: its health (and multi-user mode) checked first, then
``kfp.Client``'s own methods, KFP's refusals turned into our errors with the token redacted.
The client is ``submit.connect()``'s: it follows redirects only within KFP's origin
(``outbound.py``).

Every KFP call of this package (submit, follow, act on runs, upload, schedule) goes through
``open_session``, so all of them check the host the same way, need the profile namespace on
a multi-user KFP and say KFP's whole reason when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ..errors import Forbidden, InvalidInput, KubeflowError, NotFound, Unavailable
from ..redaction import display_url
from .submit import connect, kfp_error, probe

T = TypeVar("T")

# KFP serves at most 200 items a page (its list.go's maxPageSize), however many are asked
PAGE_SIZE = 200

NO_ENDPOINT = (
    "No KFP endpoint: pass --host, or set KubeflowExtension.kfp_host (env KF_PIPELINES_ENDPOINT)"
)


def value(item: Any, name: str) -> Any:
    """A field of what kfp.Client answers (a kfp_server_api model, or a dict)."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def check_host(host: str) -> str:
    """The KFP URL with its scheme and host in lower case (``HTTP://K`` is ``http://k``, as
    URLs compare) and without a ``user:password@`` (never sent; remembered for redaction); a
    clear 400 naming ``host`` when it is none."""
    host = display_url(host)
    if not host:
        raise InvalidInput(NO_ENDPOINT, field="host")
    parts = urlsplit(host.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidInput(f"KFP host must be an http(s) URL, not {host!r}", field="host")
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


def kfp_exception(
    e: Exception, host: str, token: str | None, client_error: type[KubeflowError] = InvalidInput
) -> KubeflowError:
    """KFP's refusal as our error: 401/403 Forbidden, 404 NotFound, other 4xx
    ``client_error``, anything else (5xx, unreachable) Unavailable; KFP's whole text."""
    status = getattr(e, "status", None)
    error: type[KubeflowError] = Unavailable
    if status in (401, 403):
        error = Forbidden  # KFP refused the credentials or the namespace
    elif status == 404 and client_error is NotFound:
        error = NotFound
    elif isinstance(status, int) and 400 <= status < 500:
        error = client_error
    return error(kfp_error(e, host, token), details={"status": status})


@dataclass
class KfpSession:
    host: str
    token: str | None
    # the profile namespace on a multi-user KFP; None on a single-user one (it takes none)
    namespace: str | None
    multi_user: bool
    client: Any  # kfp.Client

    def call(
        self,
        method: Callable[..., T],
        *args: Any,
        client_error: type[KubeflowError] = InvalidInput,
        **kwargs: Any,
    ) -> T:
        """``method`` (a kfp.Client method), KFP's refusal raised as our error."""
        try:
            return method(*args, **kwargs)
        except KubeflowError:
            raise
        except Exception as e:  # kfp_server_api and urllib3 raise many kinds
            raise kfp_exception(e, self.host, self.token, client_error) from None

    def each(
        self,
        method: Callable[..., Any],
        field: str,
        limit: int,
        *args: Any,
        page_size: int = PAGE_SIZE,
        **kwargs: Any,
    ) -> Iterator[Any]:
        """The items (``field`` of each answer) of a KFP list (``method``, a kfp.Client
        ``list_*``) over every page, ``limit`` at most: KFP answers a page of at most 200
        and a ``next_page_token`` while more are left, which carries the sort and filter
        (sent again on every page, as KFP checks they match)."""
        token, seen = "", 0
        while True:
            size = min(page_size, limit - seen)
            page = self.call(method, *args, page_token=token, page_size=size, **kwargs)
            for item in value(page, field) or []:
                yield item
                seen += 1
                if seen >= limit:
                    return
            token = value(page, "next_page_token") or ""
            if not token:
                return

    def url(self, fragment: str) -> str:
        """A page of KFP's UI (``runs/details/ID``...)."""
        return f"{self.host.rstrip('/')}/#/{fragment}"


def open_session(
    host: str, token: str | None, namespace: str | None, needs_namespace: str
) -> KfpSession:
    """Check the host and KFP's health, then a ``kfp.Client``. On a multi-user KFP a missing
    namespace is a 400 ending with ``needs_namespace`` (what the caller wants to do)."""
    host = check_host(host)
    # Checked first: kfp.Client retries a failing health check for about 25 seconds.
    answer = probe(host, token)
    multi_user = bool(answer.get("multi_user"))
    if multi_user and not namespace:
        raise InvalidInput(f"KFP at {host} is multi-user: {needs_namespace}", field="namespace")
    try:
        client = connect(host, token)
    except KubeflowError:  # a redirect to another origin
        raise
    except Exception as e:
        raise kfp_exception(e, host, token) from None
    return KfpSession(host, token, namespace if multi_user else None, multi_user, client)
