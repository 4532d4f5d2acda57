"""Paths a user names (the file browser's, relative to Jupyter's root dir), made safe.

Pipelines and the registry both take such paths; neither may reach outside the root.
"""

from __future__ import annotations

from pathlib import Path


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it (both already resolved)."""
    return path == folder or folder in path.parents


def resolve_under(root: Path, given: str) -> Path | None:
    """``given`` resolved against ``root`` (a leading ``/`` means the root, as in the file
    browser), following symlinks; ``None`` when the result lies outside ``root``."""
    root = root.resolve()
    target = (root / given.lstrip("/")).resolve()
    return target if is_inside(target, root) else None
