"""The watch: changes made outside (kubectl, the status subresource) reach the cache and
the panel's event stream."""

from __future__ import annotations

import asyncio
import time

import pytest

from jupyter_kubeflow.handlers import workspaces as workspaces_handlers

from .cluster import NAMESPACE, kubectl, kubectl_create, set_status, unique_name
from .sse import EventStream
from .waiting import eventually


@pytest.fixture
def events(http_server_client, jp_http_port, jp_base_url, jp_auth_header):
    # http_server_client: makes pytest-jupyter start serving on jp_http_port
    streams: list[EventStream] = []

    async def open_stream(namespace: str = NAMESPACE) -> EventStream:
        path = f"{jp_base_url}kubeflow/api/workspaces/{namespace}?watch=1"
        stream = await EventStream.open(jp_http_port, path, jp_auth_header)
        streams.append(stream)
        return stream

    yield open_stream
    for stream in streams:
        stream.close()


@pytest.fixture
def events_unauthenticated(http_server_client, jp_http_port, jp_base_url):
    streams: list[EventStream] = []

    async def open_stream() -> EventStream:
        path = f"{jp_base_url}kubeflow/api/workspaces/{NAMESPACE}?watch=1"
        stream = await EventStream.open(jp_http_port, path, {})
        streams.append(stream)
        return stream

    yield open_stream
    for stream in streams:
        stream.close()


async def test_stream_sends_snapshot_then_added_modified_deleted(events, cleanup) -> None:
    before = unique_name()
    cleanup.append(before)
    kubectl_create(before)
    stream = await events()
    assert stream.status == 200
    assert stream.headers["content-type"].startswith("text/event-stream")
    name, data = await stream.next_event()
    assert name == "snapshot"
    assert before in {i["name"] for i in data["items"]}

    created = unique_name()
    cleanup.append(created)
    kubectl_create(created)
    name, data = await stream.wait_for(lambda n, d: d.get("item", {}).get("name") == created)
    assert name == "ADDED" and data["item"]["state"] == "Unknown"

    # What the Notebooks controller does when the pod runs: write status.
    set_status(created, "Running", "Workspace is running")
    name, data = await stream.wait_for(
        lambda n, d: n == "MODIFIED" and d["item"]["name"] == created
    )
    assert (data["item"]["state"], data["item"]["stateMessage"]) == (
        "Running",
        "Workspace is running",
    )

    kubectl("-n", NAMESPACE, "delete", "workspace", created, "--wait=false")
    name, data = await stream.wait_for(lambda n, d: n == "DELETED" and d["item"]["name"] == created)
    assert data["item"]["name"] == created


async def test_list_reflects_a_status_change_from_the_cache(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name for i in r[1]["items"]),
    )
    set_status(name, "Error", "Image pull failed")
    code, body = await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and i["state"] == "Error" for i in r[1]["items"]),
    )
    item = next(i for i in body["items"] if i["name"] == name)
    assert item["stateMessage"] == "Image pull failed"


async def test_stream_needs_jupyter_auth(events_unauthenticated) -> None:
    stream = await events_unauthenticated()
    assert stream.status == 403


async def test_stream_sends_heartbeat_comments(events, monkeypatch) -> None:
    monkeypatch.setattr(workspaces_handlers, "HEARTBEAT_SECONDS", 0.2)
    stream = await events()
    assert (await stream.next_event())[0] == "snapshot"
    lines = []  # other events may come first (others use team-a too)
    deadline = time.monotonic() + 10  # 50 heartbeat periods
    while b": heartbeat\n" not in lines:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no heartbeat within 10 s; read {lines[-20:]}")
        lines.append(await asyncio.wait_for(stream.reader.readline(), left))
