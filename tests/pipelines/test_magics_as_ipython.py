"""A step's code is what IPython runs for its cell, less the magics (issue 24, item 1).

IPython's kernel runs a cell through ``TransformerManager`` (IPython's own input
transformers) and then Python. The converter must find magics and shell lines exactly as
that does: text inside a string or a comment is never one, whatever characters break its
lines (form feed, vertical tab, the file/group/record separators, NEL, U+2028, U+2029 are
line breaks to ``str.splitlines`` but not to Python). Checked by properties over random
cells built from code, strings, comments, magics and every line-break character.
"""

from __future__ import annotations

import ast
import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from IPython.core.inputtransformer2 import TransformerManager

from jupyter_kubeflow.errors import Unprocessable
from jupyter_kubeflow.pipelines.magics import MAGIC_METHODS, clean_source

# Line breaks to str.splitlines; only the first three are line breaks to Python.
PYTHON_BREAKS = ["\n", "\r\n", "\r"]
OTHER_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
CODE = [
    "x = 1",
    "y = 2",
    "print(x)",
    "z = [x,\n     y]",
    "if x:\n    w = 3",
    "def f():\n    return x",
]
MAGICS = [
    "%pip install okpkg",
    "!pip install okpkg2==1.0",
    "%matplotlib inline",
    "%time t = 1",
    "!ls -l",
    "files = !ls",
    "env = %env",
    "x?",
    "if x:\n    %time u = 1",
]
# What must never run: found only inside strings and comments of the generated cells.
PAYLOADS = [
    "EVIL()",
    "import os; EVIL()",
    "%pip install evilpkg",
    "!pip install evilpkg",
    "!EVIL",
    "%%bash",
    "x = EVIL()",
]


def kernel_less_magics(cell: str) -> ast.Module:
    """What a kernel runs for ``cell`` (IPython's transformation), each statement IPython
    made of a magic or shell line replaced by ``pass``: the converter's specification."""
    tree = ast.parse(TransformerManager().transform_cell(cell))

    class Passes(ast.NodeTransformer):
        def visit(self, node: ast.AST) -> ast.AST:
            value = getattr(node, "value", None)
            if (
                isinstance(node, ast.Expr | ast.Assign)
                and isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in MAGIC_METHODS
                and ast.unparse(value.func.value) == "get_ipython()"
            ):
                return ast.Pass()
            return self.generic_visit(node)

    return Passes().visit(tree)


def evil_in(code: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "EVIL" for n in ast.walk(ast.parse(code)))


@st.composite
def inert_text(draw: st.DrawFn) -> str:
    """A comment or a string literal whose text holds payloads, broken by any line break
    that keeps it a comment or a string for Python."""
    payload = draw(st.sampled_from(PAYLOADS))
    other = draw(st.sampled_from(OTHER_BREAKS))
    kind = draw(st.sampled_from(["comment", "triple", "single", "fstring"]))
    if kind == "comment":
        return "# note" + other + payload
    if kind == "triple":
        breaks = draw(st.lists(st.sampled_from(PYTHON_BREAKS + OTHER_BREAKS), min_size=1))
        body = "".join(b + p for b, p in zip(breaks, [payload] * len(breaks), strict=True))
        quote = draw(st.sampled_from(['"""', "'''"]))
        return f"s = {quote}{body}{draw(st.sampled_from(PYTHON_BREAKS))}{quote}"
    if kind == "single":
        return f"s = 'a{other}{payload}'"
    return f"s = f'{{x}}{other}{payload}'"


@st.composite
def cells(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(CODE), st.sampled_from(MAGICS), inert_text()),
            min_size=1,
            max_size=8,
        )
    )
    breaks = draw(
        st.lists(st.sampled_from(PYTHON_BREAKS), min_size=len(parts), max_size=len(parts))
    )
    return "".join(p + b for p, b in zip(parts, breaks, strict=True))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells())
def test_the_step_is_the_kernels_code_less_its_magics(cell: str) -> None:
    cleaned = clean_source(cell, "cell 1")
    try:
        expected = kernel_less_magics(cell)
    except SyntaxError:  # the kernel cannot run it either (``x?`` before a \r\n)
        with pytest.raises(SyntaxError):
            ast.parse(cleaned.source)
        return
    assert ast.dump(ast.parse(cleaned.source)) == ast.dump(expected)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells())
def test_nothing_in_a_string_or_comment_becomes_code_or_a_package(cell: str) -> None:
    cleaned = clean_source(cell, "cell 1")
    # not Python: the conversion stops at its syntax error, nothing runs
    with contextlib.suppress(SyntaxError):
        assert not evil_in(cleaned.source)
    assert "evilpkg" not in cleaned.packages
    assert set(cleaned.packages) <= {"okpkg", "okpkg2==1.0"}


@pytest.mark.parametrize("brk", OTHER_BREAKS)
def test_a_comment_stays_a_comment_whatever_breaks_its_line(brk: str) -> None:
    """Attack (b) of the issue: ``str.splitlines`` cut a comment at ``brk`` and the rest
    became a line of code in the pipeline, while the kernel ignores it."""
    cell = f"%matplotlib inline\n# note{brk}import os; EVIL()\nvalue = 1\n"
    cleaned = clean_source(cell, "cell 1")
    assert not evil_in(cleaned.source)
    namespace: dict[str, object] = {"EVIL": lambda: pytest.fail("comment text ran")}
    exec(compile(cleaned.source, "<step>", "exec"), namespace)
    assert namespace["value"] == 1


def test_a_string_keeps_its_lines_that_look_like_magics() -> None:
    """Attack (a): a line in a multi-line string that starts with % or ! was taken for a
    magic and replaced, changing the string's data (and installing what it named)."""
    cell = 's = """\n%pip install evilpkg\n!rm -rf /\n"""\n%pip install okpkg\nn = len(s)\n'
    cleaned = clean_source(cell, "cell 1")
    namespace: dict[str, object] = {}
    exec(compile(cleaned.source, "<step>", "exec"), namespace)
    assert namespace["s"] == "\n%pip install evilpkg\n!rm -rf /\n"
    assert cleaned.packages == ["okpkg"]


def test_a_python_cell_magic_keeps_its_body_transformed_again() -> None:
    cell = "\n%%time\nx = 1\n!pip install okpkg\ny = x + 1\n"
    cleaned = clean_source(cell, "cell 1")
    assert cleaned.packages == ["okpkg"]
    # the body keeps the cell's line numbers: y is on line 5 of the cell
    tree = ast.parse(cleaned.source)
    assert [(type(s).__name__, s.lineno) for s in tree.body] == [
        ("Pass", 2),
        ("Assign", 3),
        ("Pass", 4),
        ("Assign", 5),
    ]


def test_another_cell_magic_drops_its_cell() -> None:
    cleaned = clean_source("%%bash\nEVIL\n", "cell 1")
    assert cleaned.source == "" and "not Python" in cleaned.warnings[0]


def test_magics_keep_line_numbers_and_indentation() -> None:
    cell = "a = 1\nif a:\n    !echo hi\n    b = 2\nfiles = !ls\nc = 3"
    cleaned = clean_source(cell, "cell 1")
    tree = ast.parse(cleaned.source)
    lines = {type(s).__name__ + str(s.lineno) for s in ast.walk(tree) if isinstance(s, ast.stmt)}
    assert {"Assign1", "If2", "Pass3", "Assign4", "Pass5", "Assign6"} <= lines
    assert any("files = !ls" in w for w in cleaned.warnings)


def test_a_cell_ipython_cannot_read_is_a_clear_error() -> None:
    """A cell whose syntax is wrong comes back as IPython's code, for the syntax check
    that names its line; one nested too deep for the parser is a 422 naming the cell."""
    broken = clean_source("def f(:\n  pass", "cell 4")
    with pytest.raises(SyntaxError):
        ast.parse(broken.source)
    for deep in ("-" * 100_000 + "1", "1" + "+1" * 100_000):  # MemoryError, RecursionError
        with pytest.raises(Unprocessable, match="cell 4 is nested too deeply"):
            clean_source("%ls\nx = " + deep, "cell 4")


@pytest.mark.parametrize(
    "cell",
    [
        "get_ipython().run_cell_magic('time', '')\nx = 1",
        "get_ipython().run_line_magic('ls')",
        "get_ipython().system()",
        "y = get_ipython().getoutput('a', 'b')",
    ],
)
def test_calls_written_by_hand_with_other_arguments_are_dropped_not_a_500(cell: str) -> None:
    """The user's own ``get_ipython()`` calls, not in the shape IPython writes: dropped with
    a warning like any magic, never an IndexError."""
    cleaned = clean_source(cell, "cell 2")
    assert any("get_ipython()." in w and "dropped" in w for w in cleaned.warnings)
    assert not cleaned.packages
