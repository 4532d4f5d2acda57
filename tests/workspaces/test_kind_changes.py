"""A WorkspaceKind changed after its workspaces were listed (issue 23, item 11), against
make cluster's API server: the list, the live stream and the table's window describe the
workspaces with the kind as it is now, not as it was when each workspace last changed.

The Notebooks controller's order of events is what made the bug: an admin adds a redirect
to a kind; the controller then writes the redirect chain into each workspace's status. The
sidebar built the item from that status change with the kind it had cached (no redirect
yet: an empty Info message) and kept it until the workspace changed again, while a single
workspace's GET (which reads the kind afresh) already said Danger.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from jupyter_kubeflow.workspaces.kinds import KindIndex

from .cluster import (
    KIND,
    NAMESPACE,
    kubectl,
    kubectl_apply_json,
    kubectl_create,
    kubectl_json,
    set_status,
    unique_name,
)
from .sse import EventStream
from .waiting import eventually

OLD, NEW = "jupyter-scipy:v1.9.2", "jupyter-scipy:v1.10.0"
DANGER = {"text": "CVE-2026-0001: update now", "level": "Danger"}
CHAIN = [{"source": OLD, "target": NEW}]


def kind_without_redirect(name: str) -> dict[str, Any]:
    """The sample kind, renamed, with no redirect from OLD (none added yet)."""
    kind = kubectl_json("get", "workspacekind", KIND)
    kind["metadata"] = {"name": name, "labels": {"test": "pytest"}}
    kind.pop("status", None)
    for value in kind["spec"]["podTemplate"]["options"]["imageConfig"]["values"]:
        if value["id"] == OLD:
            value.pop("redirect", None)
    return kind


def add_danger_redirect(name: str) -> None:
    """What the admin does: OLD now redirects to NEW, with a Danger message."""
    kind = kubectl_json("get", "workspacekind", name)
    values = kind["spec"]["podTemplate"]["options"]["imageConfig"]["values"]
    index = next(i for i, value in enumerate(values) if value["id"] == OLD)
    patch = [
        {
            "op": "add",
            "path": f"/spec/podTemplate/options/imageConfig/values/{index}/redirect",
            "value": {"to": NEW, "message": DANGER},
        }
    ]
    kubectl("patch", "workspacekind", name, "--type=json", "-p", json.dumps(patch))


def message_of(item: dict[str, Any]) -> dict[str, str] | None:
    chain = item["imageConfig"]["redirectChain"]
    return chain[0].get("message") if chain else None


@pytest.fixture
def kind_name(cluster):
    name = unique_name("jk-kind")
    kubectl_apply_json(kind_without_redirect(name))
    yield name
    kubectl("delete", "workspacekind", name, "--ignore-not-found", "--wait=false")


@pytest.fixture
def streams(http_server_client, jp_http_port, jp_base_url, jp_auth_header):
    opened: list[EventStream] = []

    async def open_stream(path: str) -> EventStream:
        stream = await EventStream.open(jp_http_port, f"{jp_base_url}{path}", jp_auth_header)
        opened.append(stream)
        return stream

    yield open_stream
    for stream in opened:
        stream.close()


async def test_a_redirect_added_to_a_kind_reaches_the_list_and_the_stream(
    api, streams, kind_name, cleanup
) -> None:
    running, paused = unique_name(), unique_name()
    cleanup.extend([running, paused])
    options = {"imageConfig": OLD, "podConfig": "tiny_cpu"}
    template = {"options": options, "volumes": {"home": "workspace-home-pvc", "data": []}}
    kubectl_create(running, kind=kind_name, podTemplate=template)
    kubectl_create(paused, kind=kind_name, podTemplate=template, paused=True)
    # The paused one was redirected earlier (its status has the chain, the kind's message
    # was not there yet); nothing about it changes later.
    set_status(paused, "Paused", "Workspace is paused", image_desired=NEW, image_chain=CHAIN)
    await eventually(  # the server knows the kind and has both workspaces listed
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: (
            {running, paused} <= {i["name"] for i in r[1]["items"]}
            and any(message_of(i) == {"text": "", "level": "Info"} for i in r[1]["items"])
        ),
    )
    stream = await streams(f"kubeflow/api/workspaces/{NAMESPACE}?watch=1")
    assert (await stream.next_event())[0] == "snapshot"
    view = await streams(
        f"kubeflow/api/workspace-views?namespace={NAMESPACE}&selected={NAMESPACE}/{paused}"
    )
    assert (await view.next_event())[0] == "view"

    add_danger_redirect(kind_name)
    # ... and the controller then writes the chain into the running one's status.
    set_status(running, "Running", "Workspace is running", image_desired=NEW, image_chain=CHAIN)

    def items_of(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {i["name"]: i for i in body["items"] if i["name"] in (running, paused)}

    code, body = await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: (
            all(message_of(i) == DANGER for i in items_of(r[1]).values())
            and len(items_of(r[1])) == 2
        ),
        timeout=20,  # well under the 30 s the kind index once waited before reading again
    )
    assert code == 200
    # The live stream says so for each of them, the paused one included.
    told: set[str] = set()
    while told != {running, paused}:
        _, data = await stream.wait_for(
            lambda n, d: (
                n == "MODIFIED"
                and d["item"]["name"] in {running, paused} - told
                and message_of(d["item"]) == DANGER
            )
        )
        told.add(data["item"]["name"])
    # The table's window: the selected (paused) row's card gets it too.
    await view.wait_for(
        lambda n, d: (
            n == "window"
            and any(i["name"] == paused and message_of(i) == DANGER for i in d["items"])
        )
    )
    # The same as a single workspace's GET, which reads the kind afresh.
    code, single = await api(f"workspaces/{NAMESPACE}/{paused}")
    assert message_of(single["item"]) == DANGER


async def test_a_kind_deleted_and_made_again_is_reflected(api, kind_name, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name, kind=kind_name)
    set_status(name, "Running", "Workspace is running")
    code, body = await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and i["services"] for i in r[1]["items"]),
    )
    kubectl("delete", "workspacekind", kind_name, "--wait=true")
    # Without its kind nothing says which ports it serves: nowhere to connect.
    await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and not i["services"] for i in r[1]["items"]),
    )
    kubectl_apply_json(kind_without_redirect(kind_name))
    await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and i["services"] for i in r[1]["items"]),
    )


def test_only_a_change_of_the_spec_describes_workspaces_again() -> None:
    """The controller rewrites a kind's status (usage counts) whenever a workspace comes
    or goes: that must not describe thousands of workspaces again each time."""
    index = KindIndex(lambda: [])
    heard: list[set[str]] = []
    index.listen(heard.append)
    kind = {"metadata": {"name": "k", "generation": 1}, "spec": {"a": 1}, "status": {"n": 1}}
    index.set([kind])
    assert heard == [{"k"}]
    index.set([{**kind, "status": {"n": 2}, "metadata": {"name": "k", "resourceVersion": "9"}}])
    assert heard == [{"k"}]
    index.set([{**kind, "spec": {"a": 2}}, {"metadata": {"name": "other"}, "spec": {}}])
    assert heard == [{"k"}, {"k", "other"}]
    index.set([])
    assert heard[-1] == {"k", "other"}
