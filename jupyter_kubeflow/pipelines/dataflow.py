"""Which names a step reads and defines, from the Python ``ast``.

A step *reads* a name when it loads it before (or without) binding it itself; it
*defines* a name when it binds it at top level (assignment, ``def``, ``class``, ``for``,
``with``, ``import``...). A value *mutated* in place (``xs.append(1)``, ``obj.a = 1``,
``d[k] = v``, ``x += 1``, ``model.fit(...)``) is read and defined again by that step, so a
later reader gets it in its mutated state.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

BUILTINS = frozenset(dir(builtins)) | {"display", "get_ipython", "__name__", "__file__"}

# Methods that change their receiver. A bare call statement ``x.m(...)`` whose result is
# thrown away also counts (why else call it?), unless ``m`` is known to be read-only.
MUTATING_METHODS = frozenset(
    [
        "append",
        "extend",
        "insert",
        "remove",
        "pop",
        "popitem",
        "clear",
        "sort",
        "reverse",
        "update",
        "setdefault",
        "add",
        "discard",
        "fit",
        "partial_fit",
        "fit_transform",
        "set_params",
        "train",
        "compile",
        "load_state_dict",
        "step",
        "zero_grad",
        "put",
        "write",
        "seek",
        "close",
    ]
)
READ_ONLY_METHODS = frozenset(
    [
        "head",
        "tail",
        "describe",
        "info",
        "show",
        "plot",
        "hist",
        "print",
        "summary",
        "count",
        "mean",
        "sum",
        "min",
        "max",
        "copy",
        "keys",
        "values",
        "items",
        "get",
        "format",
        "join",
    ]
)


@dataclass
class Usage:
    """Names one piece of code reads from outside and binds at top level."""

    reads: list[str] = field(default_factory=list)  # in first-read order
    defines: list[str] = field(default_factory=list)
    imports: dict[str, str] = field(default_factory=dict)  # name -> import statement
    modules: set[str] = field(default_factory=set)  # top-level modules imported
    # Names only changed in place here (never rebound): a module's ``np.random.seed(0)``
    # is such a "change" too, and modules are never passed between steps.
    mutated_only: set[str] = field(default_factory=set)

    def read(self, name: str) -> None:
        # Builtin names too: a parameter or an earlier step may have rebound ``type`` or
        # ``input``, as the kernel's later cells then see it (the analysis decides).
        if name not in self.reads and name not in self.defines:
            self.reads.append(name)

    def define(self, name: str) -> None:
        if name not in self.defines:
            self.defines.append(name)


def _target_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def _base_name(node: ast.AST) -> str | None:
    """``a`` for ``a.b[c].d``: the variable whose value an attribute/subscript touches."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class _FreeNames(ast.NodeVisitor):
    """Names loaded inside an expression or nested scope that are not bound there."""

    def __init__(self) -> None:
        self.loaded: list[str] = []
        self._bound: list[set[str]] = [set()]

    def _load(self, name: str) -> None:
        if not any(name in scope for scope in self._bound) and name not in self.loaded:
            self.loaded.append(name)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._load(node.id)
        elif len(self._bound) > 1:
            self._bound[-1].add(node.id)

    def _scope(self, bound: set[str], body: list[ast.AST]) -> None:
        inner = set(bound)
        for stmt in body:  # locals bound anywhere in the scope shadow outer names
            for n in ast.walk(stmt):
                if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
                    inner.add(n.id)
                elif isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    inner.add(n.name)
        self._bound.append(inner)
        for stmt in body:
            self.visit(stmt)
        self._bound.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        args = node.args
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                self.visit(default)
        if not isinstance(node, ast.Lambda):
            for deco in node.decorator_list:
                self.visit(deco)
        names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        self._scope(names, body)

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for n in [*node.bases, *node.keywords, *node.decorator_list]:
            self.visit(n)
        self._scope(set(), node.body)

    def _comprehension(self, node: ast.AST) -> None:
        gens: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        self.visit(gens[0].iter)
        bound: set[str] = set()
        for g in gens:
            bound |= set(_target_names(g.target))
        self._bound.append(bound)
        for i, g in enumerate(gens):
            if i:
                self.visit(g.iter)
            for cond in g.ifs:
                self.visit(cond)
        for attr in ("elt", "key", "value"):
            if hasattr(node, attr):
                self.visit(getattr(node, attr))
        self._bound.pop()

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_GeneratorExp = _comprehension
    visit_DictComp = _comprehension


def _loads(node: ast.AST) -> list[str]:
    v = _FreeNames()
    v.visit(node)
    return v.loaded


_NESTED = (
    ast.Lambda,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _stored(node: ast.AST) -> list[str]:
    """Names a target or an expression binds (assignment targets, ``:=``), outside scopes."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.append(n.id)
        elif isinstance(n, ast.NamedExpr):
            out += _target_names(n.target)
        if isinstance(n, _NESTED):
            continue  # their names are their own
        stack.extend(ast.iter_child_nodes(n))
    return out


def _pattern_names(pattern: ast.AST) -> list[str]:
    out: list[str] = []
    for n in ast.walk(pattern):
        if isinstance(n, ast.MatchAs | ast.MatchStar) and n.name:
            out.append(n.name)
        elif isinstance(n, ast.MatchMapping) and n.rest:
            out.append(n.rest)
    return out


class _InOrder:
    """Reads of one top-level statement in execution order: a name bound earlier in the
    statement (a ``for`` target, ``with ... as f``, an assignment inside an ``if`` or
    ``try`` body, a walrus) is not a read when used after that."""

    def __init__(self) -> None:
        self.bound: set[str] = set()
        self.reads: list[str] = []
        # loop variable -> the variable it iterates over: changing ``row`` in place in
        # ``for row in rows:`` changes what ``rows`` holds
        self.loop_sources: dict[str, str] = {}

    def expr(self, node: ast.AST | None) -> None:
        if node is None:
            return
        for name in _loads(node):
            if name not in self.bound and name not in self.reads:
                self.reads.append(name)
        self.bound.update(_stored(node))

    def bind(self, target: ast.AST | None) -> None:
        self.expr(target)  # ``obj.attr = ...`` reads obj; ``x, y = ...`` binds x and y

    def body(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            self.stmt(stmt)

    def stmt(self, s: ast.stmt) -> None:
        if isinstance(s, ast.For | ast.AsyncFor):
            self.expr(s.iter)
            self.bind(s.target)
            source = _base_name(s.iter)
            if source:
                for name in _stored(s.target):
                    self.loop_sources[name] = source
            self.body(s.body)
            self.body(s.orelse)
        elif isinstance(s, ast.With | ast.AsyncWith):
            for item in s.items:
                self.expr(item.context_expr)
                self.bind(item.optional_vars)
            self.body(s.body)
        elif isinstance(s, ast.If | ast.While):
            self.expr(s.test)
            self.body(s.body)
            self.body(s.orelse)
        elif isinstance(s, ast.Try | getattr(ast, "TryStar", ast.Try)):
            self.body(s.body)
            for handler in s.handlers:
                self.expr(handler.type)
                if handler.name:
                    self.bound.add(handler.name)
                self.body(handler.body)
            self.body(s.orelse)
            self.body(s.finalbody)
        elif isinstance(s, ast.Match):
            self.expr(s.subject)
            for case in s.cases:
                self.expr(case.pattern)
                self.bound.update(_pattern_names(case.pattern))
                self.expr(case.guard)
                self.body(case.body)
        elif isinstance(s, ast.Assign):
            self.expr(s.value)
            for target in s.targets:
                self.bind(target)
        elif isinstance(s, ast.AugAssign):  # x += 1 reads x first
            self.expr(s.value)
            if isinstance(s.target, ast.Name):
                self.expr(ast.Name(s.target.id, ast.Load()))
            self.bind(s.target)
        elif isinstance(s, ast.AnnAssign):
            self.expr(s.value)
            self.bind(s.target)
        elif isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.expr(s)  # decorators, defaults and the body's free names (read when called)
            self.bound.add(s.name)
        elif isinstance(s, ast.Import | ast.ImportFrom):
            for alias in s.names:
                if alias.name != "*":
                    self.bound.add((alias.asname or alias.name).split(".")[0])
        else:  # AugAssign reads its target; Expr, Return, Delete, Raise...: plain reads
            self.expr(s)


def ordered_reads(stmt: ast.stmt) -> _InOrder:
    """What one top-level statement reads from before it (``.reads``, in first-read
    order), the names it binds itself (``.bound``) and its loops' sources."""
    walker = _InOrder()
    walker.stmt(stmt)
    return walker


def global_reads(tree: ast.Module) -> dict[str, list[str]]:
    """For each top-level function or class: the outside names its body reads when called."""
    return {
        stmt.name: _loads(stmt)
        for stmt in tree.body
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }


def with_callees(reads: list[str], callees: dict[str, list[str]]) -> list[str]:
    """``reads`` plus what the functions among them read, transitively."""
    out = list(reads)
    for name in out:  # grows while iterating: a breadth-first closure
        for inner in callees.get(name, []):
            if inner not in out:
                out.append(inner)
    return out


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler)


def _scope_locals(node: ast.AST) -> tuple[set[str], set[str]]:
    """(names local to a function, class or comprehension scope, names it declares
    ``global``): its parameters and what its own body binds, nested scopes left out."""
    local: set[str] = set()
    declared: set[str] = set()
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        a = node.args
        local |= {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
        local |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
        body: list[ast.AST] = [node.body] if isinstance(node, ast.Lambda) else list(node.body)
    elif isinstance(node, ast.ClassDef):
        body = list(node.body)
    else:  # a comprehension: its targets
        for g in node.generators:  # type: ignore[attr-defined]
            local |= set(_target_names(g.target))
        return local, declared
    stack = body
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Global | ast.Nonlocal):
            declared |= set(n.names)
        elif isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            local.add(n.id)
        elif isinstance(n, _DEFINITIONS) and n.name:  # a def, a class, ``except E as n``
            local.add(n.name)
        elif isinstance(n, ast.Import | ast.ImportFrom):
            local |= {(a.asname or a.name).split(".")[0] for a in n.names if a.name != "*"}
        if isinstance(n, _NESTED):
            continue  # its names are its own
        stack.extend(ast.iter_child_nodes(n))
    return local - declared, declared


class _Scan(ast.NodeVisitor):
    """Names a top-level statement binds and changes in place at notebook level.

    A function's or class's own locals are its own: ``out = {}; out['k'] = 1`` inside a
    function body neither binds nor changes a notebook-level ``out`` (only names it
    declares ``global`` do, and in-place changes of free names, when it is called)."""

    def __init__(self) -> None:
        self.bound: list[str] = []
        self.mutated: list[str] = []
        self.modules: set[str] = set()
        self._scopes: list[tuple[set[str], set[str]]] = []  # (locals, declared global)

    def _notebook_level(self, name: str) -> bool:
        if not self._scopes:
            return True
        if name in self._scopes[-1][1]:
            return True  # declared global where it is used
        return not any(name in local for local, _ in self._scopes)

    def _enter(self, node: ast.AST, children: list[ast.AST]) -> None:
        self._scopes.append(_scope_locals(node))
        for child in children:
            self.visit(child)
        self._scopes.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        a = node.args
        for n in [*a.defaults, *a.kw_defaults, *getattr(node, "decorator_list", [])]:
            if n is not None:
                self.visit(n)
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        self._enter(node, list(body))

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for n in [*node.bases, *node.keywords, *node.decorator_list]:
            self.visit(n)
        self._enter(node, list(node.body))

    def _comprehension(self, node: ast.AST) -> None:
        gens: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        self.visit(gens[0].iter)
        rest: list[ast.AST] = [gens[0].target, *gens[0].ifs]
        for g in gens[1:]:
            rest += [g.target, g.iter, *g.ifs]
        rest += [getattr(node, a) for a in ("elt", "key", "value") if hasattr(node, a)]
        self._enter(node, rest)

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_GeneratorExp = _comprehension
    visit_DictComp = _comprehension

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store) and self._notebook_level(node.id):
            self.bound.append(node.id)

    def _changed(self, node: ast.AST) -> None:
        base = _base_name(node)
        if base and self._notebook_level(base):
            self.mutated.append(base)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del):
            self._changed(node)
        self.generic_visit(node)

    visit_Subscript = visit_Attribute  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in MUTATING_METHODS:
            self._changed(func.value)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.modules |= {a.name.split(".")[0] for a in node.names}

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self.modules.add(node.module.split(".")[0])

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name and self._notebook_level(node.name):
            self.bound.append(node.name)
        self.generic_visit(node)


def _scan(stmt: ast.stmt) -> tuple[list[str], list[str], set[str]]:
    """One walk over a top-level statement: (names bound, names mutated, modules imported)."""
    scan = _Scan()
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        scan.bound.append(stmt.name)
    scan.visit(stmt)
    bound, mutated, modules = scan.bound, scan.mutated, scan.modules
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
        mutated.append(stmt.target.id)
    if (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and stmt.value.func.attr not in READ_ONLY_METHODS
        and not stmt.value.func.attr.startswith("_")
        and (base := _base_name(stmt.value.func.value))
    ):
        mutated.append(base)  # a call whose result is thrown away changes its receiver
    return bound, mutated, modules


def _import_statements(stmt: ast.Import | ast.ImportFrom) -> dict[str, str]:
    out: dict[str, str] = {}
    for alias in stmt.names:
        if alias.name == "*":
            continue
        single = (
            ast.Import(names=[alias])
            if isinstance(stmt, ast.Import)
            else ast.ImportFrom(module=stmt.module, names=[alias], level=stmt.level)
        )
        name = (alias.asname or alias.name).split(".")[0]
        out[name] = (
            ast.unparse(single)
            if alias.asname or "." not in alias.name
            else (f"import {alias.name}")
        )
    return out


def analyse_code(tree: ast.Module) -> Usage:
    """What a step's code reads from earlier steps and what it leaves defined."""
    usage = Usage()
    for stmt in tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            if isinstance(stmt, ast.Import):
                usage.modules |= {a.name.split(".")[0] for a in stmt.names}
            elif stmt.module and not stmt.level:
                usage.modules.add(stmt.module.split(".")[0])
            for name, text in _import_statements(stmt).items():
                usage.define(name)
                usage.imports[name] = text
            continue
        order = ordered_reads(stmt)
        for name in order.reads:
            usage.read(name)
        bound, mutated, modules = _scan(stmt)
        usage.modules |= modules  # imports inside functions still need their packages
        mutated += [order.loop_sources[n] for n in mutated if n in order.loop_sources]
        for name in mutated:
            if name in usage.imports:
                continue  # a call on a module this step imported
            if name in order.bound and name not in order.reads:
                continue  # a loop variable or ``as`` name changed in place: its own value
            usage.read(name)
            if name not in usage.defines:
                usage.mutated_only.add(name)
            usage.define(name)
        for name in bound:
            usage.mutated_only.discard(name)
            usage.define(name)
            usage.imports.pop(name, None)
    return usage
