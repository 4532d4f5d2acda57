"""IPython magics and shell lines: kept out of the pipeline's Python, never crashing it.

``%pip install X`` / ``!pip install X`` become packages to install in the step; every
other ``%``/``!`` line is replaced by ``pass`` (so indentation and line numbers hold) with
a warning naming the cell; a ``%%`` cell magic drops its cell, except ``%%time``/
``%%capture``-like magics whose body is plain Python.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

# Cell magics whose body is ordinary Python: the magic line goes, the body stays.
PYTHON_BODY_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
_LINE_MAGIC = re.compile(r"^(\s*)(%|!)(.*)$")
_ASSIGNED_SHELL = re.compile(r"^(\s*)[A-Za-z_][\w.]*\s*=\s*[!%]")
_PIP = re.compile(r"^\s*(?:%|!)\s*(?:python3?\s+-m\s+)?pip3?\s+install\s+(.*)$")
# A requirement (name, extras, version specifiers, a URL): KFP writes each one into the
# step's shell script inside quotes, so no quote, backslash, '$', backtick or brace.
_REQUIREMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-\[\],<>=!~+*:/@#%&?]*")


@dataclass
class CleanedSource:
    source: str
    packages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _pip_packages(args: str) -> list[str]:
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    return [w for w in words if not w.startswith("-")]


def clean_source(source: str) -> CleanedSource:
    """Strip magics from one cell's source; say what was done."""
    out = CleanedSource(source)
    lines = source.splitlines()
    if not any(ln.lstrip().startswith(("%", "!")) or _ASSIGNED_SHELL.match(ln) for ln in lines):
        return out
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
        if magic in PYTHON_BODY_CELL_MAGICS:
            out.warnings.append(f"cell magic %%{magic} dropped, its Python body kept")
            lines = ["pass", *lines[1:]]
        else:
            out.warnings.append(f"cell magic %%{magic} is not Python: cell dropped")
            out.source = ""
            return out
    kept: list[str] = []
    for line in lines:
        m = _LINE_MAGIC.match(line) or _ASSIGNED_SHELL.match(line)
        if not m:
            kept.append(line)
            continue
        pip = _PIP.match(line)
        if pip:
            words = _pip_packages(pip.group(1))
            pkgs = [w for w in words if _REQUIREMENT.fullmatch(w)]
            out.packages.extend(pkgs)
            for word in words:
                if word not in pkgs:
                    out.warnings.append(f"{word!r} is not a package requirement: left out")
            out.warnings.append(
                f"{line.strip()!r} becomes packages to install: {', '.join(pkgs) or 'none'}"
            )
        else:
            out.warnings.append(f"{line.strip()!r} dropped (IPython magic or shell line)")
        kept.append(f"{m.group(1)}pass")
    out.source = "\n".join(kept)
    return out
