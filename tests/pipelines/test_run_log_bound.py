"""A local run's log on disk is bounded (issue 24, item 11): a step printing without end
filled the disk (3 GB seen). The log keeps its first and last bytes, at most
``pipeline_log_max_bytes``, and says how much was cut between them."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_kubeflow.pipelines import log_cap

from .test_handlers import wait_for

LIMIT = 256 * 1024
PRINTED = 16 * 1024 * 1024  # 64 times the bound


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data"), "pipeline_log_max_bytes": LIMIT}


@pytest.fixture
def chatty(jp_root_dir: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import sys\n"
            "print('FIRST-LINE', flush=True)\n"
            f"for i in range({PRINTED // 1024}):\n"
            "    sys.stdout.write(f'{i:09d} ' + 'x' * 1013 + '\\n')\n"
            "print('LAST-LINE', flush=True)",
            metadata={"tags": ["step:talk"]},
        ),
        nbformat.v4.new_code_cell("after = 1", metadata={"tags": ["step:after", "prev:talk"]}),
    ]
    nbformat.write(nb, jp_root_dir / "chatty.ipynb")
    return "chatty.ipynb"


@pytest.mark.parametrize("runner", ["warm", "kfp-local"])
async def test_a_chatty_step_leaves_a_bounded_log(
    api: Any, chatty: str, tmp_path: Path, runner: str
) -> None:
    code, run = await api(
        "pipelines/runs", "POST", {"path": chatty, "mode": "local", "runner": runner}
    )
    assert code == 202, run
    done = await wait_for(api, run["id"])
    assert done["status"] == "SUCCEEDED", done["log_tail"][-3000:]
    log = (tmp_path / "kubeflow-data" / "runs" / run["id"] / "log.txt").read_bytes()
    assert len(log) <= LIMIT + len(log_cap.marker(PRINTED, LIMIT)) + log_cap.READ
    assert b"FIRST-LINE" in log[: LIMIT // 2]  # the head stays
    cut = re.search(rb"\[jupyter-kubeflow: ([\d,]+) bytes of this log were cut here", log)
    assert cut is not None and int(cut.group(1).replace(b",", b"")) >= PRINTED - LIMIT
    assert b"LAST-LINE" in log[cut.end() :]  # and the newest output
    assert "step after: SUCCEEDED" in done["log_tail"], done["log_tail"][-3000:]


@settings(max_examples=60, deadline=None)
@given(
    chunks=st.lists(st.binary(min_size=0, max_size=3000), max_size=60),
    existing=st.binary(max_size=500),
)
def test_the_capped_log_keeps_the_head_and_the_newest_bytes(
    tmp_path_factory: pytest.TempPathFactory, chunks: list[bytes], existing: bytes
) -> None:
    """Whatever is written, in whatever pieces: the file is the stream's first half-limit,
    the marker (with the exact count cut) and the stream's last bytes; or the whole stream
    while it fits."""
    limit = 4096
    path = tmp_path_factory.mktemp("log") / "log.txt"
    path.write_bytes(existing)
    fd = os.open(path, os.O_RDWR)
    try:
        log = log_cap._CappedLog(fd, limit)
        for chunk in chunks:
            log.add(chunk)
    finally:
        os.close(fd)
    stream = existing + b"".join(chunks)
    written = path.read_bytes()
    if len(stream) <= limit:
        assert written == stream
        return
    head = limit // 2
    assert written[:head] == stream[:head]
    mark = log_cap.marker(log.cut, limit)
    assert written[head : head + len(mark)] == mark
    kept = written[head + len(mark) :]
    assert head + log.cut + len(kept) == len(stream)
    assert stream.endswith(kept) and len(kept) <= limit - head + 3000
