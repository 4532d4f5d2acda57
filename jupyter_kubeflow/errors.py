"""Errors every capability raises for a user's mistake or an unreachable peer.

Services raise these; handlers turn them into an HTTP status and a JSON body
``{"message": ..., "field": ..., "where": ...}``; the CLI prints the message and exits
non-zero without a traceback. Anything else that escapes a service is a bug (500).

Every error of another server (KFP, the registry, S3, Kubernetes) reaches a response or the
log as one of these, so this is where its text is redacted (``redaction.redact``): the
message, also when changed later, and the details.
"""

from __future__ import annotations

from typing import Any

from .redaction import redact, redact_data


class KubeflowError(Exception):
    """Base class: a message for a person, an HTTP status, and where it went wrong."""

    status: int = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        where: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.where = where
        self.details = details or {}
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return self._message

    @message.setter
    def message(self, text: str) -> None:
        self._message = redact(text)
        self.args = (self._message,)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.field:
            body["field"] = self.field
        if self.where:
            body["where"] = self.where
        if self.details:
            body["details"] = redact_data(self.details)
        return body


class InvalidInput(KubeflowError):
    """The request or file is malformed (400)."""

    status = 400


class NotFound(KubeflowError):
    status = 404


class Conflict(KubeflowError):
    status = 409


class Unprocessable(KubeflowError):
    """Well-formed but refused by validation (422)."""

    status = 422


class Forbidden(KubeflowError):
    status = 403


class Unavailable(KubeflowError):
    """A peer (cluster, registry, KFP) cannot be reached (503)."""

    status = 503


class BadAnswer(KubeflowError):
    """A peer answered, but not in a shape this server can use (502)."""

    status = 502
