"""IPython magics and shell lines, found where IPython finds them and nowhere else.

A cell is first transformed by IPython's own ``TransformerManager``: the Python a kernel
runs for it. Its magics and shell lines are then calls IPython wrote
(``get_ipython().run_line_magic(...)``, ``.system(...)``, ``.getoutput(...)``,
``.run_cell_magic(...)``), and Python's own parser finds them: text inside a string or a
comment is never one, whatever characters break its lines. Each such statement becomes
``pass`` in place (indentation and line numbers hold); the rest is exactly the kernel's
code. ``pip install`` lines become the step's packages and index options
(:mod:`.pip_args`); a cell magic whose body is Python (``%%time``, ``%%capture``...) keeps
its body, itself transformed as IPython would; any other cell magic drops its cell.
"""

from __future__ import annotations

import ast
import re
import shlex
import warnings
from dataclasses import dataclass, field

from IPython.core.inputtransformer2 import TransformerManager

from ..errors import Unprocessable
from .pip_args import PipRequest, ReadFile, parse_install_args

# IPython warns when a cell's lines break at U+2028 and the like (str.splitlines does);
# its transformation is still the kernel's, which is what is wanted here.
warnings.filterwarnings("ignore", "`make_tokens_by_line` received", UserWarning)

# Cell magics whose body is ordinary Python: the magic line goes, the body stays.
PYTHON_BODY_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
# The methods IPython's transformers call for magics, shell lines and help (``obj?``).
MAGIC_METHODS = {"run_line_magic", "run_cell_magic", "system", "getoutput"}
ARG_COUNTS = {"run_line_magic": 2, "run_cell_magic": 3, "system": 1, "getoutput": 1}
# What ``%pip``/``!pip`` run: ``pip``, ``pip3``, ``python -m pip``, a path to either.
_PIP = re.compile(
    r"^(?:(?:\S*/)?python3?(?:\.\d+)?\s+-m\s+pip3?|\"?\{sys\.executable\}\"?\s+-m\s+pip3?"
    r"|(?:\S*/)?pip3?(?:\.\d+)?)\s+install(?=\s|$)"
)
# Shell metacharacters that end a command (``&&``, ``;``, ``|``, redirections).
_SHELL_OPERATOR = re.compile(r"^[;&|<>()]+$")


@dataclass
class CleanedSource:
    source: str
    pip: PipRequest = field(default_factory=PipRequest)
    warnings: list[str] = field(default_factory=list)
    tree: ast.Module | None = None  # ``source`` parsed, when it was (saves a second parse)

    @property
    def packages(self) -> list[str]:
        return self.pip.packages


@dataclass
class _Magic:
    stmt: ast.stmt
    method: str
    args: list[str] | None  # the call's string arguments; None: not all literal

    @property
    def shown(self) -> str:
        """The line as the user wrote it (``files = !ls``), for warnings."""
        if self.args is None:
            text = f"get_ipython().{self.method}(...)"
        elif self.method == "run_line_magic":
            text = f"%{self.args[0]} {self.args[1]}".strip()
        elif self.method == "run_cell_magic":
            text = f"%%{self.args[0]} {self.args[1]}".strip()
        else:
            text = f"!{self.args[0]}"
        if isinstance(self.stmt, ast.Assign):
            text = " = ".join(ast.unparse(t) for t in self.stmt.targets) + " = " + text
        return text


def ipython_transform(cell: str, where: str = "this cell") -> str:
    """The Python code IPython runs for ``cell``, its lines where the cell has them."""
    try:
        code = TransformerManager().transform_cell(cell)
    except (RecursionError, MemoryError):
        raise Unprocessable(f"{where} is nested too deeply to read", where=where) from None
    except Exception as e:  # IPython's tokenizer on input it cannot read
        raise Unprocessable(f"IPython cannot read {where}: {e}", where=where) from None
    # IPython drops leading blank lines; put them back so line numbers are the cell's.
    blank = 0
    for line in cell.splitlines(keepends=True):
        if line and not line.isspace():
            break
        blank += line.count("\n") + line.count("\r") - line.count("\r\n")
    if not cell.endswith(("\n", "\r")) and code.endswith("\n") and code[:-1] == cell:
        code = cell  # unchanged: keep the cell's text as it is
    return "\n" * blank + code if blank and not code.startswith("\n" * blank) else code


def _magic_call(node: ast.AST | None) -> tuple[str, list[str] | None] | None:
    """(method, literal args) when ``node`` is ``get_ipython().<magic method>(...)``."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in MAGIC_METHODS
        and isinstance(node.func.value, ast.Call)
        and isinstance(node.func.value.func, ast.Name)
        and node.func.value.func.id == "get_ipython"
    ):
        return None
    args = node.args
    if (
        node.keywords
        or len(args) != ARG_COUNTS[node.func.attr]  # as IPython writes them, else user code
        or not all(isinstance(a, ast.Constant) and type(a.value) is str for a in args)
    ):
        return node.func.attr, None
    return node.func.attr, [a.value for a in args]  # type: ignore[union-attr]


def _find_magics(tree: ast.Module) -> tuple[list[_Magic], bool]:
    """The statements that are magic calls, at any depth; and whether ``get_ipython`` is
    used anywhere else (user code a step cannot run)."""
    found: list[_Magic] = []
    names: list[ast.Name] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr | ast.Assign) and (call := _magic_call(node.value)):
            found.append(_Magic(node, call[0], call[1]))
        elif isinstance(node, ast.Name) and node.id == "get_ipython":
            names.append(node)
    # The ``get_ipython`` name inside each magic call found is accounted for.
    ours = {id(m.stmt.value.func.value.func) for m in found}  # type: ignore[attr-defined]
    found.sort(key=lambda m: (m.stmt.lineno, m.stmt.col_offset))
    return found, any(id(n) not in ours for n in names)


def _line_starts(code: str) -> list[int]:
    """Offsets where each line starts, with Python's line breaks (\\n, \\r\\n, \\r) only."""
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", code):
        starts.append(m.end())
    return starts


def _offset(code: str, starts: list[int], lineno: int, col: int) -> int:
    """A character offset from the ast's (line, UTF-8 byte column)."""
    start = starts[lineno - 1]
    end = starts[lineno] if lineno < len(starts) else len(code)
    return start + len(code[start:end].encode("utf-8")[:col].decode("utf-8"))


def _without(code: str, tree: ast.Module, magics: list[_Magic]) -> tuple[str, ast.Module]:
    """``code`` with each magic statement replaced by ``pass`` in place, checked to parse
    to the same tree as replacing them in the ast (else that tree, unparsed)."""
    starts = _line_starts(code)
    pieces: list[str] = []
    last = 0
    for m in magics:
        s = m.stmt
        begin = _offset(code, starts, s.lineno, s.col_offset)
        end = _offset(code, starts, s.end_lineno or s.lineno, s.end_col_offset or 0)
        pieces += [code[last:begin], "pass" + "\\\n" * ((s.end_lineno or s.lineno) - s.lineno)]
        last = end
    pieces.append(code[last:])
    text = "".join(pieces)
    replaced = {id(m.stmt) for m in magics}

    class _Passes(ast.NodeTransformer):
        def visit(self, node: ast.AST) -> ast.AST:
            if id(node) in replaced:
                return ast.copy_location(ast.Pass(), node)
            return self.generic_visit(node)

    expected = _Passes().visit(tree)
    try:
        edited = ast.parse(text)
        if ast.dump(edited) == ast.dump(expected):
            return text, edited
    except SyntaxError:
        pass
    # A layout the in-place edit cannot keep (none known): the same code, reformatted.
    text = ast.unparse(expected)
    return text, ast.parse(text)


def _shell_words(command: str) -> tuple[list[str], str]:
    """A shell command's words up to its first operator, and what follows it."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words: list[str] = []
    try:
        for word in lexer:
            if _SHELL_OPERATOR.match(word):
                rest = word + lexer.instream.read()  # type: ignore[union-attr]
                if words and words[-1].isdigit() and word.startswith((">", "<")):
                    words.pop()  # ``2>&1``: a file descriptor, not a package
                return words, rest
            words.append(word)
    except ValueError:  # unbalanced quotes: the shell would refuse it too
        return [], command
    return words, ""


def _pip(command: str, where: str, read_file: ReadFile | None) -> PipRequest | None:
    """The request of a ``pip install`` shell command, or None if it is not one."""
    match = _PIP.match(command.strip())
    if not match:
        return None
    words, rest = _shell_words(command.strip()[match.end() :])
    request = parse_install_args(words, where, read_file)
    if rest.strip():
        request.warnings.append(f"the shell commands after pip install ({rest.strip()!r}) left out")
    return request


def clean_source(
    source: str, where: str = "this cell", read_file: ReadFile | None = None
) -> CleanedSource:
    """The step code of one cell (the kernel's code less its magics), and what was done.

    ``where`` names the cell in messages; ``read_file`` reads a file beside the notebook
    (for ``pip install -r``). A cell IPython or Python cannot read is returned transformed,
    for the caller's syntax check to name its line.
    """
    out = CleanedSource(source)
    code = out.source = ipython_transform(source, where)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return out  # the caller's syntax check names the line
    except (RecursionError, MemoryError):
        raise Unprocessable(f"{where} is nested too deeply to read", where=where) from None
    out.tree = tree
    if "get_ipython" not in code:
        return out  # IPython made no call of its own here, nor did the cell
    magics, other_uses = _find_magics(tree)
    if other_uses:
        out.warnings.append(
            "uses get_ipython(), which a pipeline step does not have: it fails there"
        )
    if not magics:
        return out
    first = magics[0]
    if first.method == "run_cell_magic" and first.args is not None and first.stmt in tree.body[:1]:
        out.tree = None
        return _cell_magic(out, first, where, read_file)
    for magic in magics:
        request = None
        if magic.args is not None and magic.method == "run_line_magic" and magic.args[0] == "pip":
            request = _pip("pip " + magic.args[1], where, read_file)
        elif magic.args is not None and magic.method == "system":
            request = _pip(magic.args[0], where, read_file)
        if request is not None:
            out.pip.merge(request, where)
            out.warnings += request.warnings
            out.warnings.append(
                f"{magic.shown!r} becomes packages to install: "
                f"{', '.join(request.packages) or 'none'}"
            )
        else:
            out.warnings.append(f"{magic.shown!r} dropped (IPython magic or shell line)")
    out.source, out.tree = _without(code, tree, magics)
    return out


def _cell_magic(
    out: CleanedSource, magic: _Magic, where: str, read_file: ReadFile | None
) -> CleanedSource:
    name = magic.args[0] if magic.args else "?"
    if magic.args is None or name not in PYTHON_BODY_CELL_MAGICS:
        out.warnings.append(f"cell magic %%{name} is not Python: cell dropped")
        out.source = ""
        return out
    # IPython runs the body through its transformers again (shell.transform_cell).
    body = clean_source(magic.args[2], where, read_file)
    out.warnings.append(f"cell magic %%{name} dropped, its Python body kept")
    out.warnings += body.warnings
    out.pip = body.pip
    # The body starts on the line after the magic's (blank lines above it kept too).
    out.source = "\n" * (magic.stmt.lineno - 1) + "pass\n" + body.source
    return out
