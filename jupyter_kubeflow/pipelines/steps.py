"""Cells -> steps: by Kale tags, by top-level markdown headings, or one single step.

Untagged code cells join the step above them; ``imports`` and ``functions`` cells form a
prelude run at the start of every step; ``pipeline-parameters`` cells give the pipeline's
parameters, ``pipeline-metrics`` cells its metrics; ``skip`` cells are left out.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInput, Unprocessable
from .magics import clean_source
from .notebook import Notebook
from .pip_args import PipRequest
from .tags import CellTags, check_step_name, is_kale_tag, parse_tags

SPLITS = ("tags", "headings", "single")
# Names the generated pipeline source uses next to the parameters (see components.py).
# ``exec``: each component body calls it, so a parameter of that name would shadow it.
RESERVED = {"kfp_metrics", "dsl", "kubernetes", "Artifact", "Input", "Output", "Metrics", "exec"}
RESERVED_PREFIXES = ("in__", "out__", "_", "step_")
PARAMETER_TYPES = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}


@dataclass
class ConvertWarning:
    message: str
    cell: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "cell": self.cell}


@dataclass
class Parameter:
    name: str
    type: str
    default: Any

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "default": self.default}


@dataclass
class Step:
    name: str
    cells: list[int] = field(default_factory=list)
    sources: list[tuple[int, str]] = field(default_factory=list)  # (cell index, cleaned code)
    prev: list[str] = field(default_factory=list)
    image: str | None = None
    limits: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    pip: PipRequest = field(default_factory=PipRequest)  # from %pip install lines
    cache: bool | None = None  # None: the pipeline's default (KFP's: cached)
    image_as_is: bool = False  # packages:none: no installs at pod start
    statements: list[ast.stmt] = field(default_factory=list)  # the cells' parsed code

    @property
    def source(self) -> str:
        return "\n\n".join(code for _, code in self.sources if code.strip())

    @property
    def packages(self) -> list[str]:
        return self.pip.packages

    def take(self, tags: CellTags) -> None:
        for p in tags.prev:
            if p not in self.prev:
                self.prev.append(p)
        self.image = tags.image or self.image
        self.limits.update(tags.limits)
        self.annotations.update(tags.annotations)
        self.labels.update(tags.labels)
        self.cache = tags.cache if tags.cache is not None else self.cache
        self.image_as_is = self.image_as_is or tags.image_as_is


@dataclass
class Split:
    """The notebook cut into steps, before data-flow analysis."""

    steps: list[Step]
    prelude: list[tuple[int, str]]  # imports + functions cells
    parameters: list[Parameter]
    metrics: list[tuple[str, int]]  # (name, cell)
    warnings: list[ConvertWarning]
    split: str
    prelude_pip: PipRequest = field(default_factory=PipRequest)  # imports/functions cells

    @property
    def prelude_packages(self) -> list[str]:
        return self.prelude_pip.packages


def slug(text: str, fallback: str = "step") -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:63].strip("-")
    if not s or not s[0].isalpha():
        s = f"{fallback}-{s}".strip("-")[:63]
    return s


def _parse(code: str, cell: int) -> ast.Module:
    try:
        return ast.parse(code)
    except SyntaxError as e:
        raise Unprocessable(
            f"Syntax error in cell {cell + 1}, line {e.lineno}: {e.msg}", where=f"cell {cell + 1}"
        ) from None
    except (RecursionError, MemoryError):  # Python's parser gives up on deep nesting
        raise Unprocessable(
            f"cell {cell + 1} is nested too deeply to read", where=f"cell {cell + 1}"
        ) from None


# Every later pass over a cell's syntax tree (the analysis, the code generation) recurses,
# up to three frames a level: a tree Python parsed may still be deeper than they can follow
# (``a.b.b.b...`` 445 times fails in the analysis).
MAX_TREE_DEPTH = 200


def check_depth(tree: ast.Module, cell: int) -> ast.Module:
    """``tree``, refused (422 naming the cell) when nested deeper than MAX_TREE_DEPTH."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            line = getattr(node, "lineno", None)
            at = f", line {line}" if line else ""
            raise Unprocessable(
                f"cell {cell + 1}{at} is nested more than {MAX_TREE_DEPTH} levels deep: "
                "split the expression",
                where=f"cell {cell + 1}",
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


# KFP carries every number as a protobuf double: larger integers would not arrive intact.
MAX_EXACT_INT = 2**53


def value_problem(value: Any, depth: int = 0) -> str | None:
    """Why ``value`` cannot be a pipeline parameter's value, or None.

    Allowed: what both Python literals and JSON hold exactly (so a default survives the
    generated source, the YAML and KFP unchanged): bool, int within 2**53, finite float,
    str (UTF-8 encodable: no lone surrogates), and lists/dicts (str keys) of these or None.
    """
    if depth > 32:
        return "a value nested more than 32 levels deep"
    kind = type(value)
    if (value is None and depth) or kind is bool:
        return None
    if kind is int:
        if abs(value) > MAX_EXACT_INT:
            return "an integer beyond 2**53 (KFP passes numbers as 64-bit floats)"
        return None
    if kind is float:
        return None if math.isfinite(value) else f"a number that is not finite ({value!r})"
    if kind is str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text with a lone surrogate (not UTF-8)"
        return None
    if kind is list:
        items = value
    elif kind is dict:
        if any(type(k) is not str for k in value):
            return "a dict with keys that are not strings"
        items = [*value, *value.values()]
    else:
        return f"a value of type {kind.__name__}"
    for item in items:
        if problem := value_problem(item, depth + 1):
            return problem
    return None


def _parameters(code: str, cell: int) -> list[Parameter]:
    out: list[Parameter] = []
    where = f"cell {cell + 1}"
    for stmt in _parse(code, cell).body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            raise Unprocessable(
                f"pipeline-parameters {where}, line {stmt.lineno}: only NAME = VALUE "
                "assignments of literal values are allowed",
                where=where,
            )
        name = stmt.targets[0].id
        try:
            value = ast.literal_eval(stmt.value)
        except (ValueError, TypeError, RecursionError, MemoryError):
            raise Unprocessable(
                f"Parameter {name!r} ({where}) must have a literal default "
                "(a string, number, bool, list or dict)",
                where=where,
                field=name,
            ) from None
        kind = PARAMETER_TYPES.get(type(value))
        problem = value_problem(value) if kind else f"a default of type {type(value).__name__}"
        if problem:
            raise Unprocessable(
                f"Parameter {name!r} ({where}) has {problem}; use a str, int, float (finite), "
                "bool, or a JSON-like list or dict",
                where=where,
                field=name,
            )
        if name.startswith(RESERVED_PREFIXES) or name.endswith("_task") or name in RESERVED:
            raise Unprocessable(
                f"Parameter name {name!r} ({where}) is reserved; rename it", where=where, field=name
            )
        out = [p for p in out if p.name != name] + [Parameter(name, kind, value)]  # type: ignore[arg-type]
    return out


def _metrics(code: str, cell: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for stmt in _parse(code, cell).body:
        node = stmt.value if isinstance(stmt, ast.Expr) else None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
            and len(node.args) == 1
            and not node.keywords
        ):
            node = node.args[0]
        if not isinstance(node, ast.Name):
            raise Unprocessable(
                f"pipeline-metrics cell {cell + 1}, line {stmt.lineno}: each line must be "
                "print(NAME) or NAME",
                where=f"cell {cell + 1}",
            )
        out.append((node.id, cell))
    return out


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def _headings(markdown: str) -> list[tuple[int, str]]:
    """(level, title) of the ATX headings in a markdown cell, outside code fences."""
    out: list[tuple[int, str]] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            out.append((len(m.group(1)), m.group(2)))
    return out


def _top_heading_level(nb: Notebook) -> int:
    """The highest heading level used (``#`` = 1): the notebook's "top-level" headings."""
    levels = [lv for c in nb.cells if c.cell_type == "markdown" for lv, _ in _headings(c.source)]
    return min(levels, default=0)


def has_kale_tags(nb: Notebook) -> bool:
    return any(is_kale_tag(t) for c in nb.cells for t in c.tags)


def split_notebook(nb: Notebook, split: str | None = None) -> Split:
    if split is None:
        split = "tags" if has_kale_tags(nb) else "single"
    if split not in SPLITS:
        raise InvalidInput(
            f"split must be one of {', '.join(SPLITS)}, not {split!r}", field="split"
        )
    result = Split([], [], [], [], [], split)
    current: Step | None = None
    seen: dict[str, int] = {}  # step name -> first cell, for duplicate detection

    def open_step(name: str, cell: int) -> Step:
        nonlocal current
        key = name.lower().replace("-", "_")
        if key in seen:
            raise Unprocessable(
                f"Duplicate step name {name!r}: cell {cell + 1} and cell {seen[key] + 1} "
                "(a step's cells must be next to each other)",
                where=f"cell {cell + 1}",
            )
        seen[key] = cell
        current = Step(name)
        result.steps.append(current)
        return current

    heading_names: dict[str, int] = {}
    top = _top_heading_level(nb) if split == "headings" else 0
    for cell in nb.cells:
        where = f"cell {cell.index + 1}"
        if cell.cell_type == "markdown" and top:
            title = next((t for level, t in _headings(cell.source) if level == top), None)
            if title is not None:
                name = slug(title)
                heading_names[name] = heading_names.get(name, 0) + 1
                if heading_names[name] > 1:
                    name = f"{name[:58]}-{heading_names[name]}"
                open_step(name, cell.index)
            continue
        if cell.cell_type != "code":
            continue
        tags = parse_tags(cell.tags, where) if split == "tags" else CellTags()
        if tags.kind == "skip":
            continue
        cleaned = clean_source(cell.source, where, nb.read_beside)
        result.warnings += [ConvertWarning(f"{where}: {w}", cell.index) for w in cleaned.warnings]
        code = cleaned.source
        # a syntax error names its cell, whatever its role
        tree = check_depth(cleaned.tree or _parse(code, cell.index), cell.index)
        if tags.kind in ("imports", "functions"):
            result.prelude.append((cell.index, code))
            result.prelude_pip.merge(cleaned.pip, where)
            continue
        if tags.kind == "pipeline-parameters":
            result.parameters = [
                p
                for p in result.parameters
                if p.name not in {q.name for q in _parameters(code, cell.index)}
            ] + _parameters(code, cell.index)
            continue
        if tags.kind == "pipeline-metrics":
            result.metrics += _metrics(code, cell.index)
            continue
        if not code.strip() and tags.empty:
            continue  # a blank cell belongs to no step
        if (
            current is None
            and tags.empty
            and cleaned.pip.packages
            and all(isinstance(stmt, ast.Pass) for stmt in tree.body)
        ):
            # Only pip installs above the first step (Kale's examples start so): what the
            # whole notebook needs, so every step installs it.
            result.prelude_pip.merge(cleaned.pip, where)
            result.warnings.append(
                ConvertWarning(f"{where}: its packages are installed in every step", cell.index)
            )
            continue
        if tags.step and (current is None or current.name != tags.step):
            open_step(tags.step, cell.index)
        elif current is None:
            name = slug(nb.stem) if split == "single" else "start"
            if split == "tags":
                result.warnings.append(
                    ConvertWarning(
                        f"{where} has no step tag and no step above it: step 'start'", cell.index
                    )
                )
            open_step(check_step_name(name, where), cell.index)
        assert current is not None
        current.take(tags)
        current.cells.append(cell.index)
        current.sources.append((cell.index, code))
        current.statements += tree.body
        current.pip.merge(cleaned.pip, where)
    for step in result.steps:
        if step.cells and not step.source.strip():
            result.warnings.append(
                ConvertWarning(f"step {step.name!r} has no code: left out", step.cells[0])
            )
    result.steps = [s for s in result.steps if s.source.strip()]
    if not result.steps:
        raise Unprocessable(
            f"{nb.path.name} has no code to turn into a pipeline step", where=nb.path.name
        )
    return result
