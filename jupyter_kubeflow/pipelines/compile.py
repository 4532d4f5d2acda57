"""Generated pipeline source -> KFP v2 IR YAML, with ``kfp.compiler``; files written atomically."""

from __future__ import annotations

import itertools
import linecache
import os
import tempfile
from pathlib import Path
from typing import Any

from .analysis import Analysis
from .components import pipeline_source

_counter = itertools.count()


def load_pipeline(source: str) -> Any:
    """The ``pipeline`` object the generated source defines.

    The source is ours: component bodies hold the notebook's code only as string
    literals and parameter defaults only as ``repr`` literals, so defining it runs no
    notebook code. ``linecache`` lets kfp read the functions' source with ``inspect``.
    """
    filename = f"<jupyter-kubeflow pipeline {next(_counter)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"__name__": "jupyter_kubeflow_generated"}
    # dont_inherit: this module's ``from __future__ import annotations`` would turn the
    # components' annotations into strings, which kfp cannot read.
    exec(compile(source, filename, "exec", dont_inherit=True), namespace)
    return namespace["pipeline"]


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def compile_yaml(analysis: Analysis, base_image: str, local: bool = False) -> tuple[str, str]:
    """(IR YAML text, the DSL source it was compiled from)."""
    from kfp import compiler  # imported late: kfp's import costs about a second

    source = pipeline_source(analysis, base_image, local=local)
    pipeline = load_pipeline(source)
    with tempfile.TemporaryDirectory(prefix="jupyter-kubeflow-") as tmp:
        out = Path(tmp) / "pipeline.yaml"
        compiler.Compiler().compile(pipeline, str(out))
        return _safe_header(out.read_text(encoding="utf-8"), pipeline), source


def _safe_header(text: str, pipeline: Any) -> str:
    """Keep kfp's comment header from breaking the YAML.

    kfp writes parameter defaults into a ``#`` comment header as they are, so a default
    holding a newline ends the comment and the file no longer parses (kfp 2.17). Rebuild
    the same header with every line commented.
    """
    from google.protobuf import json_format
    from kfp.compiler import pipeline_spec_builder

    header = pipeline_spec_builder.extract_comments_from_pipeline_spec(
        json_format.MessageToDict(pipeline.pipeline_spec), pipeline.description
    )
    if not text.startswith(header):
        return text
    fixed = "".join(
        line if line.startswith("#") else "#    " + line for line in header.splitlines(True)
    )
    return fixed + text[len(header) :]
