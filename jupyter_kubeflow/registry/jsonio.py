"""JSON in and out of the registry, strict both ways.

In: a request body is UTF-8 JSON of bounded size and depth whose numbers are finite and
whose strings are Unicode text (no lone surrogates). Python's ``json`` accepts ``NaN``,
``Infinity`` and ``1e999`` (as a float infinity) and lone ``\\ud800`` escapes, and fails
with a ``ValueError`` on a 5000-digit integer; each of those is a 400 here, naming the
field (``customProperties.accuracy.double_value``).

Out: every response is valid JSON (``allow_nan=False``). A row stored before these checks
may still hold an infinity or NaN; it is served as text instead of poisoning every list
(see :func:`finite`).

Answers: what a registry answers (an external one over HTTP, or a struct property's JSON
text) is read by :func:`loads_answer` and :func:`is_json`, bounded in size and depth so
that no stored value, however odd, fails the reading of the others (see there).
"""

from __future__ import annotations

import json
import logging
import math
import re
from typing import Any

from ..errors import InvalidInput, KubeflowError

log = logging.getLogger(__name__)

# The largest body the registry reads. Descriptions and string properties may hold up to
# 16 MiB (the real registry's MEDIUMTEXT), and JSON escapes can make text longer.
MAX_BODY_BYTES = 24 * 1024 * 1024
# Registry bodies are shallow (customProperties.<name>.<value> is the deepest part).
MAX_DEPTH = 32
# An integer literal longer than int64's 19 digits is read as a double (as a Go server
# reads a JSON number into a float64); past float range it becomes inf and is refused.
_INT64_DIGITS = 19


class PayloadTooLarge(KubeflowError):
    status = 413


def _int(text: str) -> int | float:
    digits = text.lstrip("-")
    return int(text) if len(digits) <= _INT64_DIGITS else float(text)


def _constant(name: str) -> float:
    # NaN / Infinity / -Infinity: not JSON; read them so the check below names the field.
    return float(name.replace("Infinity", "inf"))


def loads(body: bytes | str | None, *, what: str = "request body") -> Any:
    """Parse a request body; every problem is a 400 (413 for size) that says what."""
    if not body:
        raise InvalidInput(f"{what} is required (a JSON object)")
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"{what} is too large: at most {MAX_BODY_BYTES // (1024 * 1024)} MiB")
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{what} is not UTF-8 text") from None
    try:
        value = json.loads(body, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as e:
        raise InvalidInput(f"{what} is not JSON: {e}") from None
    except RecursionError:
        raise InvalidInput(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)") from None
    check(value)
    return value


def _where(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "request body"


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check(value: Any) -> None:
    """Refuse non-finite numbers, lone surrogates and deep nesting, naming where."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise InvalidInput(
                f"request body is nested too deeply (at most {MAX_DEPTH} levels)",
                field=_where(path[:MAX_DEPTH]),
            )
        if isinstance(item, float) and not math.isfinite(item):
            where = _where(path)
            raise InvalidInput(
                f"{where} must be a finite number (NaN, Infinity and numbers beyond "
                "±1.8e308 are not allowed)",
                field=where,
            )
        if isinstance(item, str) and not _is_text(item):
            where = _where(path)
            raise InvalidInput(
                f"{where} is not Unicode text (it holds a lone surrogate such as \\ud800)",
                field=where,
            )
        if isinstance(item, dict):
            for key, child in item.items():
                if not _is_text(key):
                    where = _where(path)
                    raise InvalidInput(
                        f"a key in {where} is not Unicode text (a lone surrogate)", field=where
                    )
                stack.append((child, (*path, key)))
        elif isinstance(item, list):
            stack.extend((child, (*path, i)) for i, child in enumerate(item))


def finite(value: Any) -> Any:
    """``value`` with any non-finite float replaced (only rows stored before the input
    checks can hold one): a MetadataDoubleValue becomes a MetadataStringValue with the
    number as text, so the value stays visible; any other such number becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        double = value.get("double_value")
        if (
            value.get("metadataType") == "MetadataDoubleValue"
            and isinstance(double, float)
            and not math.isfinite(double)
        ):
            log.warning("serving a stored non-finite double_value as a string")
            return {"metadataType": "MetadataStringValue", "string_value": str(double)}
        changed = {k: finite(v) for k, v in value.items()}
        return value if all(changed[k] is value[k] for k in value) else changed
    if isinstance(value, list):
        items = [finite(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def dumps(value: Any) -> str:
    """A response body: always valid JSON. The walk of :func:`finite` runs only when a
    non-finite number is there (rare), not on every response."""
    try:
        return json.dumps(value, allow_nan=False)
    except ValueError:
        return json.dumps(finite(value), allow_nan=False)


# -- answers of a registry ---------------------------------------------------------------
# The largest answer read (tornado's own default bound on a response body).
MAX_ANSWER_BYTES = 100 * 1024 * 1024
# An answer's own shape is shallow (a page, an entity, its properties: 6 levels); only a
# struct property holds deeper JSON. Python's parser fails on ~1000 levels with a
# RecursionError, and every recursive step after it (encoding the response) would too.
MAX_ANSWER_DEPTH = 64
# Strings (skipped whole) and the characters that open, close or key a JSON value.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:]')
_STRUCT_KEY = '"struct_value"'


class AnswerTooLarge(KubeflowError):
    status = 502


def _too_deep(text: str, limit: int) -> list[tuple[int, int, bool]]:
    """(start, end, is a struct_value) of each value to set aside so that what remains is
    nested at most ``limit`` levels: the outermost ``struct_value`` holding the too-deep
    part, else the value at depth ``limit + 1``. One pass, no recursion; text that is not
    JSON yields what it yields (the parser then says what is wrong)."""
    spans: list[tuple[int, int, bool]] = []
    stack: list[tuple[int, bool]] = []  # open values: (offset, is a struct_value)
    key = ""
    after_colon = False
    cut_at: int | None = None  # the stack height of the value being set aside
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == ":":
            after_colon = True
            continue
        if token[0] == '"':
            key, after_colon = token, False
            continue
        if token in "[{":
            stack.append((match.start(), after_colon and key == _STRUCT_KEY))
            after_colon = False
            if cut_at is None and len(stack) > limit:
                structs = [i for i, (_, is_struct) in enumerate(stack) if is_struct]
                cut_at = structs[0] if structs else len(stack) - 1
            continue
        if not stack:  # a close with nothing open: not JSON
            return spans
        start, is_struct = stack.pop()
        if cut_at is not None and len(stack) == cut_at:
            spans.append((start, match.end(), is_struct))
            cut_at = None
    return spans


def _parse_bounded(text: str, limit: int) -> tuple[Any, int]:
    """``json.loads`` of ``text`` with every value nested deeper than ``limit`` set aside:
    a struct_value keeps its JSON text as a string (nothing is lost: written back, it is
    the same JSON), anything else becomes a note that it is unreadable; and how many were
    set aside. Raises ValueError when ``text`` is not JSON, never RecursionError."""
    spans = _too_deep(text, limit)
    if spans:
        note = json.dumps(f"(unreadable: nested deeper than {limit} levels)")
        parts: list[str] = []
        at = 0
        for start, end, is_struct in spans:
            parts += [text[at:start], json.dumps(text[start:end]) if is_struct else note]
            at = end
        parts.append(text[at:])
        text = "".join(parts)
    try:
        return json.loads(text, parse_constant=_constant), len(spans)
    except RecursionError:  # not JSON the scanner could follow (it is not JSON, then)
        raise ValueError("nested too deeply") from None


def loads_answer(body: bytes | str, what: str = "the model registry") -> Any:
    """A registry's answer, read so that no stored value breaks the reading of the rest:
    bounded in size (:data:`MAX_ANSWER_BYTES`, else 502), and a value nested deeper than
    :data:`MAX_ANSWER_DEPTH` levels set aside (see :func:`_parse_bounded`) instead of a
    RecursionError for the whole page. Raises ValueError when it is not JSON."""
    if len(body) > MAX_ANSWER_BYTES:
        raise AnswerTooLarge(
            f"{what} answered more than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB; not read"
        )
    text = body.decode(errors="replace") if isinstance(body, bytes) else body
    value, set_aside = _parse_bounded(text, MAX_ANSWER_DEPTH)
    if set_aside:
        log.warning("%s answered %d value(s) nested too deeply: set aside", what, set_aside)
    return value


def is_json(text: bytes | str) -> bool:
    """Whether ``text`` is JSON (of any depth; a struct property's text), never raising."""
    try:
        if isinstance(text, bytes):
            text = text.decode()
        _parse_bounded(text, MAX_ANSWER_DEPTH)
    except ValueError:  # UnicodeDecodeError too
        return False
    return True
