"""Run arguments checked against the pipeline's parameters (types from their defaults)."""

from __future__ import annotations

import json
from typing import Any

from ..errors import InvalidInput
from .steps import Parameter, value_problem

_BOOL_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _type_error(p: Parameter, value: Any) -> InvalidInput:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    return InvalidInput(
        f"Parameter {p.name!r} takes a {p.type}, not {shown}", field=p.name, where=p.name
    )


def check_value(p: Parameter, value: Any) -> Any:
    """A JSON value for parameter ``p``, as the HTTP API receives it: of its type, and one
    KFP and the YAML carry exactly (finite, integers within 2**53, valid Unicode)."""
    if problem := value_problem(value):
        raise InvalidInput(
            f"Parameter {p.name!r} cannot take {problem}", field=p.name, where=p.name
        )
    if p.type == "bool" and isinstance(value, bool):
        return value
    if p.type == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if p.type == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if p.type == "str" and isinstance(value, str):
        return value
    if p.type == "list" and isinstance(value, list):
        return value
    if p.type == "dict" and isinstance(value, dict):
        return value
    raise _type_error(p, value)


def parse_text(p: Parameter, text: str) -> Any:
    """A command-line ``NAME=VALUE`` value for parameter ``p``; strings are taken as they are."""
    if p.type == "str":
        return text
    if p.type == "bool":
        if text.strip().lower() not in _BOOL_WORDS:
            raise _type_error(p, text)
        return _BOOL_WORDS[text.strip().lower()]
    try:
        if p.type == "int":
            value: Any = int(text)
        elif p.type == "float":
            value = float(text)
        else:
            value = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise _type_error(p, text) from None
    return check_value(p, value)


def arguments(
    parameters: list[Parameter], given: dict[str, Any], from_text: bool
) -> dict[str, Any]:
    """Checked arguments; unknown names are refused with the names that exist."""
    by_name = {p.name: p for p in parameters}
    out: dict[str, Any] = {}
    for name, value in given.items():
        p = by_name.get(name)
        if p is None:
            known = ", ".join(by_name) or "none"
            raise InvalidInput(
                f"Unknown parameter {name!r} (the pipeline's parameters: {known})",
                field=name,
                where=name,
            )
        out[name] = parse_text(p, value) if from_text else check_value(p, value)
    return out
