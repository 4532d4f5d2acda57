"""Generated pipeline source -> KFP v2 IR YAML, with ``kfp.compiler``; files written atomically."""

from __future__ import annotations

import itertools
import linecache
import os
import re
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..errors import Unprocessable
from ..paths import current_umask
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


def import_kfp_for_compiling() -> None:
    """Import kfp without its REST client (for the CLI, where it is half the start-up time).

    ``kfp/__init__`` imports ``kfp.client`` (and with it ``kubernetes``) unless
    ``_KFP_RUNTIME`` is set; compiling needs neither. Only the top-level package is
    imported under that flag, so ``kfp.dsl`` and ``kfp.compiler`` load in full afterwards.
    Not for the server: the flag briefly changes this process's environment.
    """
    if "kfp" in sys.modules:
        return
    previous = os.environ.get("_KFP_RUNTIME")
    os.environ["_KFP_RUNTIME"] = "true"
    try:
        import kfp  # noqa: F401
    finally:
        if previous is None:
            del os.environ["_KFP_RUNTIME"]
        else:
            os.environ["_KFP_RUNTIME"] = previous


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once; the file gets the mode a plain ``open`` would
    give it (0666 less the umask, as Jupyter's own files), or keeps the one it had."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~current_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# kfp builds pipelines in a process-wide context: one at a time (the server compiles in threads).
_kfp_lock = threading.Lock()


def compile_yaml(analysis: Analysis, base_image: str, local: bool = False) -> tuple[str, str]:
    """(IR YAML text, the DSL source it was compiled from)."""
    source = pipeline_source(analysis, base_image, local=local)
    with _kfp_lock:
        try:
            return spec_yaml(load_pipeline(source)), source
        except (ValueError, TypeError) as e:  # kfp's own checks, e.g. of names or limits
            raise Unprocessable(f"kfp refused the pipeline: {e}", where=analysis.name) from None


# What YAML accepts in a comment line: tab and the printable characters (YAML 1.1 reads
# \x85, \u2028 and \u2029 as line breaks, and refuses C0/C1 controls even in comments).
_NOT_IN_COMMENT = re.compile(
    r"[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _yaml_comment_safe(text: str) -> str:
    """``text`` with every character a YAML comment cannot hold written as an escape."""

    def escape(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_IN_COMMENT.sub(escape, text)


def spec_yaml(pipeline: Any) -> str:
    """The pipeline's IR as YAML, what ``kfp.compiler.Compiler().compile`` writes, except:

    - libyaml's emitter when present: kfp's pure-Python ``yaml.dump`` takes seconds on a
      100-step pipeline (every component's source is a long quoted string);
    - the ``#`` header keeps every line commented: kfp writes parameter defaults into it
      as they are, so a default holding a newline breaks kfp's file (kfp 2.17);
    - and the header holds no character YAML refuses even in a comment (a control
      character in a default made the file unreadable) nor one it reads as a line break.
    """
    import yaml
    from google.protobuf import json_format
    from kfp.compiler import pipeline_spec_builder

    spec = json_format.MessageToDict(pipeline.pipeline_spec)
    header = pipeline_spec_builder.extract_comments_from_pipeline_spec(spec, pipeline.description)
    header = "".join(
        line if line.startswith("#") else "#    " + line
        for line in _yaml_comment_safe(header).splitlines(True)
    )
    documents = [spec]
    if len(pipeline.platform_spec.platforms) > 0:
        documents.append(json_format.MessageToDict(pipeline.platform_spec))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return header + yaml.dump_all(documents, Dumper=dumper, sort_keys=True)
