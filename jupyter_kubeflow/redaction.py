"""One redaction for every text that comes back from another server, and every log record.

Credentials are remembered where they are read (:func:`remember`: the KFP and registry
tokens, S3 keys, Kubernetes tokens, passwords in configured URLs), so any text can be
redacted without the credential at hand. Besides the remembered values, :func:`redact`
hides what has the shape of a credential whatever it holds: a URL's user-info
(``https://***@host``), ``Bearer``/``Authorization`` values, JWTs, and token-like query
parameters (``?token=***``).

It is applied where outside text enters: every :class:`~jupyter_kubeflow.errors.KubeflowError`
(the only way an error of KFP, the registry, S3 or Kubernetes reaches a response or the
log) redacts its message and details, handlers redact the body of an unexpected error, and
:func:`install_log_redaction` redacts every log record of the process.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

MASK = "***"
# Shorter values are not credentials worth the name, and masking them everywhere (a
# one-letter token) would garble every message.
MIN_SECRET_LENGTH = 4
MAX_REMEMBERED = 256  # rotated tokens: the newest are kept

_remembered: dict[str, None] = {}  # insertion-ordered set
_lock = threading.Lock()
_longest_first: tuple[str, ...] = ()  # the remembered forms, a longer one before its parts

# scheme://user:password@host -> scheme://***@host (the user-info may hold '@' and ':')
_USERINFO = re.compile(r"://[^/\s?#\"'<>]*@")
# Authorization: Bearer x / Basic x, also quoted as in a JSON or repr of headers
_AUTH_HEADER = re.compile(
    r"(?i)((?:proxy-)?authorization['\"]?\s*[:=]\s*['\"]?)(?:[a-z]+\s+)?[^\s'\",;}<>()]{8,}"
)
# at least 8 characters: "a bearer token is required" is no credential
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}")
_QUERY_KEYS = (
    "token", "access_token", "id_token", "refresh_token", "auth", "api_key", "api-key",
    "apikey", "password", "passwd", "secret", "client_secret", "x-amz-signature",
    "x-amz-credential", "x-amz-security-token", "signature",
)  # fmt: skip
_QUERY_SECRET = re.compile(
    r"(?i)([?&;\s\"']|^)(" + "|".join(map(re.escape, _QUERY_KEYS)) + r")=([^&\s#\"']+)"
)


def remember(*secrets: str | None) -> None:
    """Credentials to redact from now on wherever they appear (also URL-encoded)."""
    global _longest_first
    with _lock:
        for secret in secrets:
            secret = (secret or "").strip()
            if len(secret) < MIN_SECRET_LENGTH:
                continue
            for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
                _remembered.pop(form, None)  # seen again: kept as one of the newest
                _remembered[form] = None
        while len(_remembered) > MAX_REMEMBERED:
            _remembered.pop(next(iter(_remembered)))
        _longest_first = tuple(sorted(_remembered, key=len, reverse=True))


def remember_url(url: str | None) -> None:
    """Remember the user and password a URL carries (``https://user:pass@host``)."""
    if not url:
        return
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return
    if parts.password:
        remember(unquote(parts.password), parts.password)


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every remembered credential (and ``secrets``) and every credential-shaped
    value replaced by ``***``."""
    if not text:
        return text
    if any(secrets):
        remember(*secrets)
    for form in _longest_first:  # substring tests: fast however many are remembered
        if form in text:
            text = text.replace(form, MASK)
    # Each shape only where its marker is, so an ordinary log line costs a few lookups.
    lower = text.lower()
    if "@" in text and "://" in text:
        text = _USERINFO.sub(f"://{MASK}@", text)
    if "authorization" in lower:
        text = _AUTH_HEADER.sub(rf"\1{MASK}", text)
    if "bearer" in lower:
        text = _BEARER.sub(rf"\1{MASK}", text)
    if "eyJ" in text:
        text = _JWT.sub(MASK, text)
    if "=" in text and any(f"{key}=" in lower for key in _QUERY_KEYS):
        text = _QUERY_SECRET.sub(rf"\1\2={MASK}", text)
    return text


def redact_data(value: Any) -> Any:
    """``redact`` applied to every string in a JSON-like value (keys too)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_data(k): redact_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_data(v) for v in value]
    return value


def display_url(url: str) -> str:
    """A URL to show or write down: without its user-info (remembered for redaction)."""
    remember_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host))


# -- log records --------------------------------------------------------------------------
def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: logging reports it when the record is emitted
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, ()
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        clean = redact(text)
        if clean != text:
            # Formatters print exc_text when set; the exception object itself would carry
            # the credential to any handler that formats it again, so it is dropped.
            record.exc_text, record.exc_info = clean, None


def install_log_redaction() -> None:
    """Redact every log record this process creates, whatever logger it goes to (the
    Jupyter server's, tornado's, kfp's and urllib3's own). Idempotent."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_credentials", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        _redact_record(record)
        return record

    factory.redacts_credentials = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
