"""Two edits of one model at once (archive it, and change its description) both land.

An update reads the entity and sends back the fields the real server resets when left
out (its state among them, see client.RESET_ON_PATCH). Two edits in flight at once
would both read LIVE, and the description edit, landing second, would bring back the
state the archive had just changed: a lost update. The recording proxy makes that
interleaving certain when it can happen: it holds each read of the model until both
edits have read it (for at most half a second) and the description's write until the
archive's was answered (for at most a second: the archive may be waiting for it). The
server runs one update of an entity at a time, so the second read sees the archive;
without that, this test sees the model LIVE again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .recorder import Recorded, RegistryRecorder
from .standalone import StandaloneRegistry
from .test_register_races import Gate


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(tmp_path / "upstream").start()
    yield server
    server.stop()


@pytest.fixture
def recorder(upstream: StandaloneRegistry) -> Iterator[RegistryRecorder]:
    rec = RegistryRecorder(upstream.url)  # with the real server's PATCH reset of state
    yield rec
    rec.stop()


@pytest.fixture
def kubeflow_config(tmp_path: Path, recorder: RegistryRecorder) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "kubeflow-data"), "registry_url": recorder.url}


async def test_archive_and_description_edit_at_once_both_land(
    api: Any, recorder: RegistryRecorder
) -> None:
    recorder.start()
    from .jobs import register

    job = await register(api, {"uri": "s3://b/m", "modelName": "edited", "versionName": "1"})
    model_id = job["result"]["model"]["id"]
    path = f"registered_models/{model_id}"
    reads = Gate(lambda r: r.method == "GET" and r.path == path, count=2, deadline=0.5)

    async def hold(recorded: Recorded) -> None:
        await reads(recorded)
        if recorded.method == "PATCH" and "description" in (recorded.body or {}):
            # after the archive's write when that can happen; when the description edit
            # runs first (the archive waiting for it), its write goes after a second
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 1
            while loop.time() < deadline and not any(
                r.method == "PATCH" and r.body.get("state") == "ARCHIVED" and r.status
                for r in recorder.requests
            ):
                await asyncio.sleep(0.01)

    recorder.hold = hold
    route = f"registry/models/{model_id}"
    results = await asyncio.gather(
        api(route, "PATCH", {"state": "ARCHIVED"}),
        api(route, "PATCH", {"description": "edited at once"}),
    )
    assert [code for code, _ in results] == [200, 200], results
    code, detail = await api(route)
    assert detail["model"]["state"] == "ARCHIVED", "the description edit undid the archive"
    assert detail["model"]["description"] == "edited at once"
    patches = [r for r in recorder.requests if r.method == "PATCH"]
    assert len(patches) == 2
    if "description" in patches[1].body:  # the edit written second carried the first's state
        assert patches[1].body["state"] == "ARCHIVED", patches[1].body
