"""The table's queries and live windows (GET workspace-views, PUT workspace-views/{id}, and
GET workspaces?offset=&limit=...), against make cluster's API server through the Jupyter
server: the browser is sent only the rows it shows and the changes to them (issue 23)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from .cluster import kubectl, kubectl_create, set_status, workspace_manifest
from .sse import EventStream
from .waiting import eventually

COUNT = 30


def names(*numbers: int) -> list[str]:
    return [f"w-{n:02d}" for n in numbers]


@pytest.fixture(scope="module")
def namespace(cluster: Path):
    """A namespace of its own (no other test's workspaces in it) with w-00 .. w-29,
    made in one request; left behind (a bare API server never finishes deleting one)."""
    name = f"views-{uuid.uuid4().hex[:8]}"
    kubectl("create", "namespace", name)
    items = []
    for number in range(COUNT):
        manifest = workspace_manifest(f"w-{number:02d}")
        manifest.update(apiVersion="kubeflow.org/v1beta1", kind="Workspace")
        manifest["metadata"]["namespace"] = name
        manifest["metadata"]["labels"]["half"] = "low" if number < COUNT // 2 else "high"
        items.append(manifest)
    listing = {"apiVersion": "v1", "kind": "List", "items": items}
    kubectl("create", "-f", "-", input=json.dumps(listing))
    return name


@pytest.fixture
def views(http_server_client, jp_http_port, jp_base_url, jp_auth_header):
    opened: list[EventStream] = []

    async def open_view(query: str) -> tuple[EventStream, str]:
        path = f"{jp_base_url}kubeflow/api/workspace-views?{query}"
        stream = await EventStream.open(jp_http_port, path, jp_auth_header)
        opened.append(stream)
        assert stream.status == 200, stream.status
        name, data = await stream.next_event()
        assert name == "view"
        return stream, data["id"]

    yield open_view
    for stream in opened:
        stream.close()


async def next_window(stream: EventStream, seq: int | None = None) -> dict[str, Any]:
    """The next window (answering ``seq`` when given)."""
    _, data = await stream.wait_for(lambda n, d: n == "window" and (seq is None or d["seq"] == seq))
    return data


def shown(window: dict[str, Any]) -> list[str]:
    return [key.split("/", 1)[1] for key in window["keys"]]


def sent(window: dict[str, Any]) -> list[str]:
    return sorted(item["name"] for item in window["items"])


async def test_the_window_is_what_is_shown_and_changes_to_it(api, views, namespace) -> None:
    stream, view = await views(f"namespace={namespace}&limit=10")
    window = await next_window(stream)
    assert (window["total"], window["offset"], window["seq"]) == (COUNT, 0, 0)
    assert shown(window) == names(*range(10))
    assert sent(window) == names(*range(10))

    # Scrolled by five: only the five rows it did not have yet are sent.
    code, _ = await api(f"workspace-views/{view}", "PUT", {"offset": 5, "limit": 10, "seq": 1})
    assert code == 204
    window = await next_window(stream, 1)
    assert (window["offset"], shown(window)) == (5, names(*range(5, 15)))
    assert sent(window) == names(*range(10, 15))

    # A status change of a shown row: that row, nothing else.
    set_status("w-07", "Running", "Workspace is running", namespace=namespace)
    window = await next_window(stream)
    assert sent(window) == ["w-07"]
    assert window["items"][0]["phase"] == "Running"
    assert shown(window) == names(*range(5, 15))

    # A change of a row not shown sends nothing: the next window is the next shown change.
    set_status("w-25", "Running", "Workspace is running", namespace=namespace)
    set_status("w-08", "Error", "Image pull failed", namespace=namespace)
    window = await next_window(stream)
    assert sent(window) == ["w-08"]

    # Sorted by state: the rows move, those already held are not sent again.
    await api(f"workspace-views/{view}", "PUT", {"sort": "state", "limit": 10, "seq": 2})
    window = await next_window(stream, 2)
    assert shown(window)[:4] == ["w-08", "w-07", "w-25", "w-00"]  # Error, Running, ...
    assert "w-07" not in sent(window) and "w-25" in sent(window)

    # Searched and filtered by the server: the total is of what matches.
    query = {"search": "W-2", "state": "Running,Unknown", "limit": 5, "seq": 3}
    await api(f"workspace-views/{view}", "PUT", query)
    window = await next_window(stream, 3)
    assert window["total"] == 10
    assert shown(window) == names(*range(20, 25))
    query = {"labels": "half=high,!missing", "state": "Running", "seq": 4}
    await api(f"workspace-views/{view}", "PUT", query)
    window = await next_window(stream, 4)
    assert (window["total"], shown(window)) == (1, ["w-25"])

    # A workspace made that matches enters the window; one deleted leaves it.
    kubectl_create("w-29b", namespace=namespace)
    await api(f"workspace-views/{view}", "PUT", {"search": "w-29", "seq": 5})
    await stream.wait_for(  # at once, or when the watch has seen it
        lambda n, d: n == "window" and d["seq"] == 5 and shown(d) == ["w-29", "w-29b"]
    )
    kubectl("-n", namespace, "delete", "workspace", "w-29b", "--wait=false")
    window = await next_window(stream)
    assert (window["total"], shown(window)) == (1, ["w-29"])
    assert window["items"] == []  # nothing new to show


async def test_the_selected_row_is_sent_wherever_the_window_is(api, views, namespace) -> None:
    stream, view = await views(f"namespace={namespace}&offset=20&limit=5")
    window = await next_window(stream)
    assert sent(window) == names(*range(20, 25))
    await api(
        f"workspace-views/{view}",
        "PUT",
        {"offset": 20, "limit": 5, "selected": f"{namespace}/w-01", "seq": 1},
    )
    window = await next_window(stream, 1)
    assert window["selected"] == f"{namespace}/w-01"
    assert sent(window) == ["w-01"]  # its card's item; the rows were held already
    set_status("w-01", "Paused", "Workspace is paused", namespace=namespace)
    window = await next_window(stream)
    assert sent(window) == ["w-01"] and window["items"][0]["state"] == "Paused"


async def test_permissions_of_the_shown_namespaces_follow_the_window(views, namespace) -> None:
    stream, _ = await views(f"namespace={namespace}&limit=3")
    await next_window(stream)
    _, permissions = await stream.wait_for(lambda n, d: n == "permissions")
    assert permissions[namespace] == {"create": True, "update": True, "delete": True,
                                      "reasons": {}}  # fmt: skip


async def test_a_page_of_a_query_without_a_stream(api, namespace) -> None:
    params = {"offset": "10", "limit": "5", "order": "desc"}
    code, body = await api(f"workspaces/{namespace}", params=params)
    assert code == 200
    assert (body["total"], body["offset"]) == (COUNT, 10)
    assert [i["name"] for i in body["items"]] == names(*range(19, 14, -1))
    assert body["permissions"][namespace]["update"] is True
    # Across namespaces (one cluster-wide watch for the admin), narrowed to this one.
    params = {"namespaceFilter": namespace, "search": "w-0", "limit": "3"}
    code, body = await eventually(
        lambda: api("workspaces", params=params),
        lambda r: r[0] == 200 and r[1]["total"] == 10,
    )
    assert [(i["namespace"], i["name"]) for i in body["items"]] == [
        (namespace, name) for name in names(0, 1, 2)
    ]
    assert body["forbidden"] == []


async def test_jupyterlabs_cache_buster_is_not_a_query(api, namespace) -> None:
    """JupyterLab's requests add the time as a bare parameter (``?1796481937242``)."""
    code, body = await api(f"workspaces/{namespace}", params={"1796481937242": ""})
    assert code == 200 and "total" not in body and len(body["items"]) == COUNT  # the list
    params = {"limit": "2", "1796481937242": ""}
    code, body = await api(f"workspaces/{namespace}", params=params)
    assert (code, body["total"], len(body["items"])) == (200, COUNT, 2)  # a page


@pytest.mark.parametrize(
    ("param", "value"),
    [("sort", "size"), ("state", "Sleeping"), ("limit", "501"), ("labels", "a b"), ("page", "2")],
)
async def test_a_query_refused_names_the_parameter(api, namespace, param: str, value: str) -> None:
    code, body = await api(f"workspaces/{namespace}", params={param: value})
    assert (code, body["field"]) == (400, param)
    code, body = await api("workspace-views", params={"namespace": namespace, param: value})
    assert (code, body["field"]) == (400, param)


async def test_an_update_refused_or_for_no_view(api, views, namespace) -> None:
    stream, view = await views(f"namespace={namespace}")
    code, body = await api(f"workspace-views/{view}", "PUT", {"labels": "team in (a)", "seq": 1})
    assert (code, body["field"]) == (400, "labels")
    code, body = await api(f"workspace-views/{view}", "PUT", {"seq": -1})
    assert (code, body["field"]) == (400, "seq")
    code, body = await api(f"workspace-views/{view}", "PUT", {"offset": "x"})
    assert (code, body["field"]) == (400, "offset")
    code, body = await api("workspace-views/nosuchview", "PUT", {"seq": 1})
    assert code == 404 and "no open workspace table" in body["message"]
    stream.close()  # the view goes with its stream
    await eventually(
        lambda: api(f"workspace-views/{view}", "PUT", {"seq": 2}), lambda r: r[0] == 404
    )


async def test_the_stream_needs_jupyter_auth(
    http_server_client, jp_http_port, jp_base_url, namespace
) -> None:
    path = f"{jp_base_url}kubeflow/api/workspace-views?namespace={namespace}"
    stream = await EventStream.open(jp_http_port, path, {})
    try:
        assert stream.status == 403
    finally:
        stream.close()
