"""``filterQuery``: the Model Registry's SQL-like filter language, compiled to parameterised SQL.

Grammar (keywords case-insensitive)::

    expr       := and_expr ("OR" and_expr)*
    and_expr   := primary ("AND" primary)*
    primary    := "(" expr ")" | property op literal
                | property ("LIKE" | "ILIKE") literal
                | property "IN" "(" literal ("," literal)* ")"
    op         := "=" | "!=" | "<>" | ">" | "<" | ">=" | "<="
    property   := name ("." name)* | `escaped name` ("." type_suffix)?
    literal    := 'str' | "str" | number | TRUE | FALSE

User input only ever becomes bound parameters; SQL text is built from fixed fragments
and the column expressions the caller's resolver returns for known field names.

String literals are decoded as the real Model Registry server decodes them (kubeflow/hub,
``internal/db/filter/parser.go``): ``\\'``, ``\\"`` and ``\\\\`` stand for the character, any
other backslash stays. A LIKE/ILIKE pattern then has ``\\`` as its escape character (the
default of PostgreSQL and MySQL, ``ESCAPE '\\'`` here): ``\\%``, ``\\_`` and ``\\\\`` in the
decoded pattern match a literal ``%``, ``_`` and backslash. String literals may hold any
unicode text; everything outside them is ASCII.

Sizes are bounded so that no query reaches Python's recursion limit or SQLite's expression
depth limit (1000): see ``MAX_*`` below; integers must fit in 64 bits, numbers be finite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInput

TYPE_SUFFIXES = ("string_value", "int_value", "double_value", "bool_value")
COMPARISONS = {"=": "=", "!=": "!=", "<>": "!=", ">": ">", "<": "<", ">=": ">=", "<=": "<="}
KEYWORDS = {"AND", "OR", "LIKE", "ILIKE", "IN", "TRUE", "FALSE"}

# Bounds on one filterQuery. Each comparison adds a few levels to SQLite's expression tree
# and each parenthesis a few Python frames: these keep both far below their limits.
MAX_LENGTH = 10_000  # characters
MAX_COMPARISONS = 200  # comparisons (AND/OR terms)
MAX_NESTING = 32  # parentheses inside each other
MAX_IN_VALUES = 1000  # values of one IN (...)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_ID = re.compile(r"[0-9]{1,18}")  # an id given as a string: digits that fit in 64 bits

# SQLite's LOWER() folds only ASCII: an ILIKE whose pattern is not ASCII folds both sides
# with this function instead (registered on each connection by the store).
UNICODE_LOWER = "unicode_lower"

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")
    | (?P<number>-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)
    | (?P<backtick>`[^`]*`)
    | (?P<op>!=|<>|>=|<=|=|>|<)
    | (?P<punct>[(),])
    | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)
    | (?P<dot>\.)
    )""",
    re.VERBOSE | re.ASCII,  # digits, names and spaces are ASCII ones
)


@dataclass(frozen=True)
class Token:
    kind: str  # string | number | name | op | punct | keyword | dot | end
    value: Any
    pos: int


def like_literal(text: str) -> str:
    """``text`` as a LIKE pattern that matches exactly it: ``\\``, ``%`` and ``_`` escaped.

    Quote the result as a string literal afterwards (backslashes doubled), as for any text.
    """
    return re.sub(r"([\\%_])", r"\\\1", text)


def _decode_string(body: str) -> str:
    """A string literal's text: ``\\'``, ``\\"``, ``\\\\`` unescaped, other backslashes kept."""
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in "'\"\\" else m.group(0), body)


def _check_text(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise InvalidInput(
            f"invalid filterQuery: longer than {MAX_LENGTH} characters", field="filterQuery"
        )
    for pos, char in enumerate(text):
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000:
            raise _error(f"control or invalid character U+{code:04X}", pos)


def _number(raw: str, pos: int) -> int | float:
    if any(c in raw for c in ".eE"):
        value = float(raw)
        if not math.isfinite(value):
            raise _error(f"number {raw[:30]!r} is out of range", pos)
        return value
    # check the length first: int() of thousands of digits is refused by Python itself
    if len(raw.lstrip("-")) > 19 or not INT64_MIN <= int(raw) <= INT64_MAX:
        raise _error(f"integer {raw[:30]!r} does not fit in 64 bits", pos)
    return int(raw)


def tokenize(text: str) -> list[Token]:
    _check_text(text)
    tokens: list[Token] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            where = "outside a string literal " if not text[pos].isascii() else ""
            raise _error(f"unexpected character {text[pos]!r} {where}".rstrip(), pos)
        start = m.start(m.lastgroup or 0)
        kind = m.lastgroup or ""
        raw = m.group(kind)
        pos = m.end()
        if kind == "string":
            quote = raw[0]
            body = raw[1:-1].replace(quote * 2, quote)
            tokens.append(Token("string", _decode_string(body), start))
        elif kind == "number":
            tokens.append(Token("number", _number(raw, start), start))
        elif kind == "backtick":
            tokens.append(Token("name", raw[1:-1], start))
        elif kind == "word":
            if raw.upper() in KEYWORDS:
                tokens.append(Token("keyword", raw.upper(), start))
            else:
                tokens.append(Token("name", raw, start))
        else:
            tokens.append(Token(kind, raw, start))
    tokens.append(Token("end", None, len(text)))
    return tokens


def _error(message: str, pos: int) -> InvalidInput:
    return InvalidInput(
        f"invalid filterQuery: {message} at position {pos}", field="filterQuery", where=str(pos)
    )


# A resolver maps a standard field name to a SQL expression (fixed text), or None when the
# name is not a standard field (then it is a custom property).
Resolver = Callable[[str], "str | None"]

# The kinds of typed custom-property values a comparison can read.
STRING, INT, DOUBLE, BOOL = TYPE_SUFFIXES
NUMBER = (INT, DOUBLE)  # a number without a type suffix compares with either


@dataclass(frozen=True)
class Target:
    """Where a filter reads its properties. SQL text only ever comes from here (fixed text);
    user values only ever become parameters.

    - ``resolve(name)``: a standard field's SQL expression, or None for a custom property.
    - ``custom(key, kinds, predicate, params)``: (SQL, parameters) of a condition that holds
      for the entities having custom property ``key`` in one of ``kinds`` whose value
      satisfies ``predicate`` (SQL over ``{value}`` with ``?`` for ``params``).
    - ``substring_index(column, query)``: (SQL, parameters) selecting a superset of the rows
      whose ``column`` contains every phrase of the FTS5 trigram ``query``, or None when
      that column has no such index (or when it would not help)."""

    resolve: Resolver
    custom: Callable[[str, tuple[str, ...], str, list[Any]], tuple[str, list[Any]]]
    substring_index: Callable[[str, str], tuple[str, list[Any]] | None] = lambda column, query: None


@dataclass
class Compiled:
    sql: str
    params: list[Any]


@dataclass(frozen=True)
class Comparison:
    """``name op value``, ``name LIKE|ILIKE pattern`` or ``name IN (values)``: ``op`` as
    written (``<>`` stays ``<>``), ``name`` with its type suffix if one was given."""

    name: str
    op: str
    values: tuple[Any, ...]
    pos: int


@dataclass(frozen=True)
class BoolOp:
    """Two or more terms joined by ``AND`` or ``OR`` (parentheses make no node)."""

    op: str
    parts: tuple[Node, ...]


Node = Comparison | BoolOp


class _Parser:
    """The grammar above, to a tree of :class:`Comparison` and :class:`BoolOp`."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.comparisons = 0
        self.nesting = 0

    # -- token helpers ------------------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept_keyword(self, word: str) -> bool:
        tok = self.peek()
        if tok.kind == "keyword" and tok.value == word:
            self.i += 1
            return True
        return False

    def expect_punct(self, value: str) -> None:
        tok = self.take()
        if tok.kind != "punct" or tok.value != value:
            raise _error(f"expected {value!r}", tok.pos)

    # -- grammar ------------------------------------------------------------------------
    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise _error("empty expression", 0)
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise _error(f"unexpected {tok.value!r}", tok.pos)
        return node

    def expr(self) -> Node:
        parts = [self.and_expr()]
        while self.accept_keyword("OR"):
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else BoolOp("OR", tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.primary()]
        while self.accept_keyword("AND"):
            parts.append(self.primary())
        return parts[0] if len(parts) == 1 else BoolOp("AND", tuple(parts))

    def primary(self) -> Node:
        tok = self.peek()
        if tok.kind == "punct" and tok.value == "(":
            self.take()
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise _error(f"more than {MAX_NESTING} nested parentheses", tok.pos)
            inner = self.expr()
            self.expect_punct(")")
            self.nesting -= 1
            return inner
        self.comparisons += 1
        if self.comparisons > MAX_COMPARISONS:
            raise _error(f"more than {MAX_COMPARISONS} comparisons", tok.pos)
        return self.comparison()

    def comparison(self) -> Comparison:
        prop = self.take()
        if prop.kind != "name":
            raise _error("expected a property name", prop.pos)
        name = prop.value
        # `escaped`.string_value arrives as a name then a dot-prefixed word
        if self.peek().kind == "dot":
            self.take()
            suffix = self.take()
            if suffix.kind != "name":
                raise _error("expected a property type after '.'", suffix.pos)
            name += "." + suffix.value
        op_tok = self.take()
        if op_tok.kind == "op":
            return Comparison(name, op_tok.value, (self.literal_value(),), prop.pos)
        if op_tok.kind == "keyword" and op_tok.value in ("LIKE", "ILIKE"):
            pattern = self.literal_value()
            if not isinstance(pattern, str):
                raise _error(f"{op_tok.value} needs a string pattern", op_tok.pos)
            if re.search(r"(?<!\\)(?:\\\\)*\\$", pattern):
                raise _error(
                    "a LIKE pattern must not end with its escape character "
                    "(\\\\\\\\ in the query stands for one literal backslash)",
                    op_tok.pos,
                )
            return Comparison(name, op_tok.value, (pattern,), prop.pos)
        if op_tok.kind == "keyword" and op_tok.value == "IN":
            return Comparison(name, "IN", tuple(self.in_list()), prop.pos)
        raise _error("expected a comparison operator, LIKE, ILIKE or IN", op_tok.pos)

    def in_list(self) -> list[Any]:
        self.expect_punct("(")
        values = [self.literal_value()]
        while self.peek().kind == "punct" and self.peek().value == ",":
            comma = self.take()
            if len(values) >= MAX_IN_VALUES:
                raise _error(f"more than {MAX_IN_VALUES} values in IN (...)", comma.pos)
            values.append(self.literal_value())
        self.expect_punct(")")
        return values

    def literal_value(self) -> Any:
        tok = self.take()
        if tok.kind in ("string", "number"):
            return tok.value
        if tok.kind == "keyword" and tok.value in ("TRUE", "FALSE"):
            return tok.value == "TRUE"
        raise _error("expected a value (string, number, true or false)", tok.pos)


def parse_filter(text: str) -> Node:
    """Parse ``text`` (checked and bounded as described above) into a tree."""
    return _Parser(tokenize(text)).parse()


def split_type(name: str) -> tuple[str, tuple[str, ...]]:
    """``accuracy.double_value`` -> (``accuracy``, (double_value,)); no suffix: (name, ())."""
    base, _, last = name.rpartition(".")
    if base and last in TYPE_SUFFIXES:
        return base, (last,)
    return name, ()


def literal_kinds(literal: Any) -> tuple[str, ...]:
    """The value kinds a literal without a type suffix compares with."""
    if isinstance(literal, bool):
        return (BOOL,)
    if isinstance(literal, (int, float)):
        return NUMBER
    return (STRING,)


def predicate_of(node: Comparison) -> tuple[str, list[Any]]:
    """The SQL predicate over ``{value}`` of a comparison, with its parameters (LIKE and
    ILIKE with their escape character; ILIKE folds both sides)."""
    if node.op in ("LIKE", "ILIKE"):
        pattern = node.values[0]
        value = "{value}"
        if node.op == "ILIKE":
            value = ("LOWER" if pattern.isascii() else UNICODE_LOWER) + "({value})"
            pattern = pattern.lower()
        return f"{value} LIKE ? ESCAPE '\\'", [pattern]
    if node.op == "IN":
        return f"{{value}} IN ({', '.join('?' for _ in node.values)})", list(node.values)
    return f"{{value}} {COMPARISONS[node.op]} ?", list(node.values)


class _Compiler:
    """A tree to SQL for the registry's store (see :class:`Target`)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.params: list[Any] = []

    def node(self, node: Node) -> str:
        if isinstance(node, BoolOp):
            return "(" + f" {node.op} ".join(self.node(p) for p in node.parts) + ")"
        predicate, values = predicate_of(node)
        standard = self.target.resolve(node.name)
        if standard is None:
            return self.custom(node, predicate, values)
        if node.op in ("LIKE", "ILIKE"):
            return self.like(standard, predicate, values[0])
        if node.name == "id" and isinstance(values[0], str) and _ID.fullmatch(values[0]):
            values[0] = int(values[0])
        self.params.extend(_coerce(v) for v in values)
        return predicate.format(value=standard)

    def like(self, standard: str, predicate: str, pattern: str) -> str:
        sql = predicate.format(value=standard)
        runs = [run for run in _literal_runs(pattern) if len(run) >= TRIGRAM]
        index = None
        if runs:
            index = self.target.substring_index(standard, " AND ".join(map(_fts_phrase, runs)))
        if index is None:
            self.params.append(pattern)
            return sql
        # The index narrows the rows to those holding every literal run of the pattern
        # (case-insensitively, a superset); the LIKE itself still decides.
        self.params.extend([*index[1], pattern])
        return f"({index[0]} AND {sql})"

    def custom(self, node: Comparison, predicate: str, values: list[Any]) -> str:
        """A custom property: its type from the suffix, else from the literal."""
        key, kinds = split_type(node.name)
        if not key:
            raise _error(f"invalid property name {node.name!r}", node.pos)
        kinds = kinds or literal_kinds(node.values[0])
        sql, params = self.target.custom(key, kinds, predicate, [_coerce(v) for v in values])
        self.params.extend(params)
        return sql


TRIGRAM = 3  # the trigram index finds substrings of at least this many characters


def _coerce(value: Any) -> Any:
    if isinstance(value, bool):
        return 1 if value else 0
    return value


def _literal_runs(pattern: str) -> list[str]:
    """The text between the wildcards of a LIKE pattern (escape character \\), unescaped."""
    runs, current, chars = [], [], iter(pattern)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char in "%_":
            runs.append("".join(current))
            current = []
        else:
            current.append(char)
    runs.append("".join(current))
    return [run for run in runs if run]


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def compile_filter(text: str, target: Target) -> Compiled:
    """Compile ``text`` to a SQL boolean expression and its parameters."""
    compiler = _Compiler(target)
    sql = compiler.node(parse_filter(text))
    return Compiled(sql, compiler.params)
