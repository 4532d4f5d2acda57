"""Deeply nested notebooks and expressions are a 4xx naming where, not a 500 (issue 24,
item 10): Python's JSON parser, its own parser and every recursive pass after it give up
(RecursionError, MemoryError) on nesting a file can easily hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def notebook(source: str) -> dict[str, Any]:
    cell = {"cell_type": "code", "source": source, "metadata": {}, "outputs": []}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}


CASES = {
    # a notebook whose JSON nests 100,000 levels (json's parser recurses)
    "json.ipynb": (
        '{"nbformat": 4, "metadata": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}",
        400,
    ),
    # Python's parser: MemoryError / RecursionError
    "unary.ipynb": (json.dumps(notebook("x = " + "-" * 100_000 + "1")), 422),
    "sum.ipynb": (json.dumps(notebook("x = " + "+".join(["1"] * 100_000))), 422),
    # parsed, but deeper than the analysis can follow
    "attributes.ipynb": (json.dumps(notebook("x = a" + ".b" * 900)), 422),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_deep_nesting_is_a_4xx_naming_where(api: Any, jp_root_dir: Path, name: str) -> None:
    text, status = CASES[name]
    (jp_root_dir / name).write_text(text)
    for route in ("pipelines/analyse", "pipelines/compile"):
        code, out = await api(route, "POST", {"path": name})
        assert code == status, (route, out)
        where = name if status == 400 else "cell 1"
        assert out["where"] == where and "nested" in out["message"], out


async def test_nesting_within_the_bound_still_converts(api: Any, jp_root_dir: Path) -> None:
    (jp_root_dir / "fine.ipynb").write_text(json.dumps(notebook("a = 1\nx = a" + ".real" * 150)))
    code, out = await api("pipelines/compile", "POST", {"path": "fine.ipynb"})
    assert code == 200, out
