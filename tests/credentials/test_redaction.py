"""``redaction.py``: what is redacted, from any text, and from every log record.

A hypothesis property stands for "wherever an outside server puts the credential": a
remembered credential embedded anywhere in arbitrary text (also URL-encoded) never
survives; credential-shaped values (URL user-info, Bearer values, JWTs, token query
parameters) are hidden though nobody remembered them; ordinary messages pass unchanged.
"""

from __future__ import annotations

import logging
import string
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_kubeflow.errors import KubeflowError, Unavailable
from jupyter_kubeflow.redaction import (
    display_url,
    install_log_redaction,
    redact,
    redact_data,
    remember,
)

CREDENTIAL_CHARS = string.ascii_letters + string.digits + "-._~+/=!@#$%^&*:;,?"
# Remembered credentials stay remembered for the process: each starts with "Zq7" so that
# none is a word of another test's messages.
credentials = st.text(alphabet=CREDENTIAL_CHARS, min_size=1, max_size=40).map(lambda s: f"Zq7{s}")


@settings(max_examples=100, deadline=None)
@given(secret=credentials, before=st.text(max_size=40), after=st.text(max_size=40))
def test_a_remembered_credential_never_survives(secret: str, before: str, after: str) -> None:
    remember(secret)
    for form in (secret, quote(secret, safe="")):
        text = f"{before}{form}{after}"
        clean = redact(text)
        assert secret not in clean
        assert quote(secret, safe="") not in clean


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("GET https://alice:pa55word@kfp.example.com/apis", "pa55word"),
        ("http://user:p%40ss@host:8888/x failed", "p%40ss"),
        ("Authorization: Bearer abcdefgh12345678", "abcdefgh12345678"),
        ("{'Authorization': 'Basic dXNlcjpwYXNzd29yZA=='}", "dXNlcjpwYXNzd29yZA=="),
        ('"authorization": "token-xyz-123456"', "token-xyz-123456"),
        ("got bearer s3cr3t-t0k3n-value from the proxy", "s3cr3t-t0k3n-value"),
        ("see https://sso.example.com/login?token=abc123&next=/", "abc123"),
        ("redirect?access_token=zz9&state=1", "zz9"),
        ("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl in body", "eyJzdWIiOiJkZXYifQ"),
        ("X-Amz-Signature=deadbeef01&X-Amz-Credential=AKID%2F2024", "deadbeef01"),
    ],
)
def test_credential_shapes_are_hidden_though_nobody_remembered_them(text: str, hidden: str) -> None:
    clean = redact(text)
    assert hidden not in clean and "***" in clean, clean


@pytest.mark.parametrize(
    "text",
    [
        "a bearer token is required (Authorization: Bearer <token>)",
        "the model registry at http://127.0.0.1:8080 cannot be reached",
        "Namespace 'team-a' is not a Kubernetes namespace name",
        "KFP at https://kfp.example.com/pipeline answered 404 Not Found: no such run",
        "registered_models?pageSize=1&orderBy=NAME",
    ],
)
def test_ordinary_messages_are_left_alone(text: str) -> None:
    assert redact(text) == text


def test_short_values_are_not_credentials_worth_masking() -> None:
    remember("ab", "", None, "   ")
    assert redact("a tab, a cab") == "a tab, a cab"


def test_display_url_drops_user_info_and_remembers_the_password() -> None:
    assert display_url("https://me:hunter2-pw@kfp.example.com:8443/pipeline") == (
        "https://kfp.example.com:8443/pipeline"
    )
    assert display_url("http://kfp:8888") == "http://kfp:8888"
    assert "hunter2-pw" not in redact("the password was hunter2-pw")


def test_errors_redact_their_message_also_when_it_changes_and_their_details() -> None:
    remember("tok-in-error-1234")
    error = Unavailable("failed: tok-in-error-1234", details={"echo": ["tok-in-error-1234"]})
    assert error.message == "failed: ***" and str(error) == "failed: ***"
    error.message = f"{error.message}; cleanup said tok-in-error-1234"
    assert "tok-in-error-1234" not in error.message
    assert "tok-in-error-1234" not in repr(error.to_dict())
    assert redact_data({"tok-in-error-1234": 1}) == {"***": 1}
    assert KubeflowError("x", status=418).status == 418


def test_every_log_record_is_redacted_message_arguments_and_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_log_redaction()
    install_log_redaction()  # idempotent: one factory, not two stacked
    remember("tok-in-log-987654")
    log = logging.getLogger("any.library")
    with caplog.at_level(logging.DEBUG, logger="any.library"):
        log.debug("sent %s to %s", "Bearer tok-in-log-987654", "https://u:pw-in-url@h/")
        try:
            raise RuntimeError("server said tok-in-log-987654")
        except RuntimeError:
            log.exception("failed")
        log.info("nothing secret here: %d", 42)
    formatter = logging.Formatter("%(message)s")
    lines = [formatter.format(r) for r in caplog.records]
    assert len(lines) == 3
    assert all("tok-in-log-987654" not in line and "pw-in-url" not in line for line in lines)
    assert "server said ***" in lines[1]  # the traceback is kept, redacted
    assert lines[2] == "nothing secret here: 42"
    assert caplog.records[2].args == (42,)  # records without credentials are left as they are
