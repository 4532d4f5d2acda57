"""Incremental re-runs: which earlier step run can stand for a step of this run.

The cache is the run records themselves: each step of a local run records its ``key`` (a
content hash of what decides its outputs) and its output artifacts in ``progress.json``, so
deleting a run clears its entries and nothing else has to be kept in step with the runs.

A step's key hashes the compiled component (its cells, the imports and functions cells,
its interface: all inside the component's source and spec), the parameter values it gets,
and the bytes of its input artifacts, so a changed parameter changes the key of the steps
reading it, and a step whose outputs change changes the keys of the steps reading them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when what goes into a key changes


def tree_digest(path: str) -> str:
    """Content hash of an artifact (a file or a folder: relative names and bytes)."""
    digest = hashlib.sha256()
    root = Path(path)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for file in files:
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        with file.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def step_key(component: dict[str, Any], executor: dict[str, Any], arguments: dict[str, Any]) -> str:
    """The key of one task: its component and executor specs (as JSON dicts) and arguments
    (parameter values, or artifacts with a ``path`` and ``metadata``)."""
    from kfp import __version__ as kfp_version

    digest = hashlib.sha256()
    head = {
        "format": FORMAT,
        "python": sys.version,
        "kfp": kfp_version,
        "component": component,
        "executor": executor,
    }
    digest.update(json.dumps(head, sort_keys=True).encode())
    for name in sorted(arguments):
        value = arguments[name]
        path = getattr(value, "path", None)
        if path is not None:
            meta = json.dumps(getattr(value, "metadata", {}) or {}, sort_keys=True, default=str)
            part = f"artifact:{name}:{tree_digest(path)}:{meta}"
        else:
            part = f"parameter:{name}:{json.dumps(value, sort_keys=True, default=repr)}"
        digest.update(part.encode() + b"\n")
    return digest.hexdigest()


def _records(runs_root: Path, notebook_path: str, exclude: str) -> list[tuple[str, dict]]:
    """(run id, progress) of the notebook's earlier local runs, newest first."""
    found = []
    if not runs_root.is_dir():
        return []
    for run_dir in runs_root.iterdir():
        if run_dir.name == exclude:
            continue
        try:
            record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
            progress = json.loads((run_dir / "progress.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if record.get("notebook_path") != notebook_path or record.get("mode") != "local":
            continue
        found.append((record.get("created", 0), run_dir.name, progress))
    found.sort(key=lambda item: item[0], reverse=True)
    return [(run_id, progress) for _, run_id, progress in found]


def _usable(step: dict[str, Any]) -> bool:
    artifacts = step.get("artifacts")
    return isinstance(artifacts, dict) and all(
        isinstance(a, dict) and (not a.get("files") or os.path.exists(str(a.get("uri", ""))))
        for a in artifacts.values()
    )


def by_key(runs_root: Path, notebook_path: str, exclude: str) -> dict[str, dict[str, Any]]:
    """Key -> the newest step run that computed it (``run``, ``artifacts``). Only steps that
    ran count: a step that was itself served from the cache points at the run that ran it."""
    index: dict[str, dict[str, Any]] = {}
    for run_id, progress in _records(runs_root, notebook_path, exclude):
        for step in progress.get("steps", []):
            key = step.get("key")
            if step.get("status") == "SUCCEEDED" and key and key not in index and _usable(step):
                index[key] = {"run": run_id, "artifacts": step["artifacts"]}
    return index


def latest_outputs(runs_root: Path, notebook_path: str, exclude: str) -> dict[str, dict]:
    """Step name -> the newest run holding that step's outputs (ran or cached there), for
    "run from here"; ``run`` is the run that computed them."""
    latest: dict[str, dict[str, Any]] = {}
    for run_id, progress in _records(runs_root, notebook_path, exclude):
        for step in progress.get("steps", []):
            name = step.get("name")
            if name in latest or step.get("status") not in ("SUCCEEDED", "CACHED"):
                continue
            if _usable(step):
                origin = step.get("cachedFrom") or run_id
                latest[name] = {
                    "run": origin,
                    "artifacts": step["artifacts"],
                    "key": step.get("key"),
                }
    return latest


def artifact_record(artifact: Any) -> dict[str, Any]:
    """What is kept of an output artifact to restore it later (kfp's RuntimeArtifact JSON)."""
    return {
        "name": artifact.name,
        "type": {"schemaTitle": artifact.schema_title, "schemaVersion": artifact.schema_version},
        "uri": artifact.uri,
        "metadata": dict(artifact.metadata or {}),
        "files": os.path.exists(artifact.path),  # metrics live in the metadata only
    }


def restore(artifacts: dict[str, dict[str, Any]], task_root: str) -> dict[str, Any]:
    """Copy cached artifacts into this run's task folder (hard links where the file system
    allows: cheap, and later deleting the source run leaves this run whole), as kfp outputs."""
    from kfp.dsl import executor

    outputs: dict[str, Any] = {}
    for out_name, saved in artifacts.items():
        source = Path(saved["uri"])
        target = Path(task_root) / source.name
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, copy_function=_link_or_copy)
        elif source.exists():
            _link_or_copy(str(source), str(target))
        kfp_fields = {k: saved[k] for k in ("name", "type", "metadata")}
        outputs[out_name] = executor.create_artifact_instance({**kfp_fields, "uri": str(target)})
    return outputs


def _link_or_copy(source: str, target: str) -> str:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return target
