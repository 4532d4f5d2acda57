"""A first list of many workspaces (issue 23 item 2: first rows < 1 s after opening "All
namespaces" at 50,000): its pages are readable while the rest comes in, a window says what
is still loading, and the sidebar's connecting warms the cluster-wide watch for a user
allowed to list workspaces cluster-wide. Against make cluster's API server, its list paged
by two (the paging a LIST with ``limit`` and ``continue`` does at 500 for 50,000); the pages
after the first are held by the test until it has looked."""

from __future__ import annotations

import asyncio
import functools
import json
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import Unavailable
from jupyter_kubeflow.workspaces import cache as cache_module
from jupyter_kubeflow.workspaces.all_namespaces import loading_of
from jupyter_kubeflow.workspaces.cache import ALL, Loading, NamespaceCache, WorkspaceCache
from jupyter_kubeflow.workspaces.kube import ConnectionHolder

from .cluster import NAMESPACE, kubectl
from .sse import EventStream
from .test_all_namespaces import LISTER, lister_kubeconfig  # noqa: F401 (a fixture)
from .test_cache_units import item, next_event
from .waiting import eventually

COUNT = 6


@pytest.fixture(scope="module")
def namespace(cluster: Path) -> str:
    """A namespace of its own with COUNT workspaces (left behind, as test_views does)."""
    name = f"fill-{uuid.uuid4().hex[:8]}"
    kubectl("create", "namespace", name)
    items = []
    for number in range(COUNT):
        items.append(
            {
                "apiVersion": "kubeflow.org/v1beta1",
                "kind": "Workspace",
                "metadata": {"name": f"w-{number}", "namespace": name},
                "spec": {
                    "kind": "jupyterlab",
                    "podTemplate": {
                        "options": {"imageConfig": "jupyterlab_scipy_190", "podConfig": "tiny_cpu"},
                        "volumes": {"data": []},
                    },
                },
            }
        )
    kubectl(
        "create", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": items})
    )
    return name


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch):
    """Lists come in pages of two; every page after the first waits for the event."""
    monkeypatch.setattr(cache_module, "RELIST_PAGE", 2)
    monkeypatch.setattr(cache_module, "FILL_RESET_SECONDS", 0.0)  # each page tells the views
    gate = threading.Event()
    listed = NamespaceCache._list_call

    def list_call(self: NamespaceCache, api: Any) -> tuple[Any, tuple]:
        call, args = listed(self, api)

        @functools.wraps(call)  # the watch reads the call's docstring
        def gated(*a: Any, **kw: Any) -> Any:
            if kw.get("_continue"):
                gate.wait(30)
            return call(*a, **kw)

        return gated, args

    monkeypatch.setattr(NamespaceCache, "_list_call", list_call)
    yield gate
    gate.set()


@pytest.fixture
def connection(cluster: Path):
    holder = ConnectionHolder(str(cluster), "admin")
    yield holder
    holder.close()


async def test_a_first_list_is_readable_from_its_first_page(connection, held, namespace) -> None:
    cache = NamespaceCache(namespace, connection, item)
    try:
        rows = await asyncio.wait_for(cache.rows(), 10)  # not the whole list's wait
        assert [row.name for row in rows] == ["w-0", "w-1"]
        assert cache.loading() == Loading(remaining=COUNT - 2, last_namespace=namespace)
        assert not cache.synced
        assert loading_of(cache, [namespace]) == {"namespaces": 1, "workspaces": COUNT - 2}
        # the whole list's readers (GET workspaces) are still told it is loading
        with pytest.raises(Exception, match="still loading"):
            cache._check_connected()
        subscriber = cache.subscribe(rows=True)
        held.set()
        await next_event(subscriber, lambda name, data: name == "reset")
        await eventually(lambda: asyncio.sleep(0, cache.synced), bool)
        assert sorted(row.name for row in await cache.rows()) == [f"w-{n}" for n in range(COUNT)]
        assert cache.loading() is None and loading_of(cache, [namespace]) is None
        assert len(await cache.items()) == COUNT
    finally:
        cache.close()


async def test_all_namespaces_counts_the_namespaces_still_to_come(
    connection, held, namespace
) -> None:
    cache = NamespaceCache(ALL, connection, item)
    try:
        await asyncio.wait_for(cache.rows(), 10)
        progress = cache.loading()
        assert progress is not None and progress.remaining and progress.remaining > 0
        # a cluster-wide list comes in key order: namespaces after the last read are to come
        before, after = "0-before", "zzz-after"
        known = sorted([before, progress.last_namespace, after])
        assert loading_of(cache, known) == {"namespaces": 2, "workspaces": progress.remaining}
        held.set()
        await eventually(lambda: asyncio.sleep(0, cache.synced), bool)
        assert loading_of(cache, known) is None
        assert {i["name"] for i in await cache.items() if i["namespace"] == namespace} == {
            f"w-{n}" for n in range(COUNT)
        }
    finally:
        cache.close()


async def test_a_window_shows_the_rows_read_and_says_what_is_loading(
    held, namespace, http_server_client, jp_http_port, jp_base_url, jp_auth_header
) -> None:
    path = f"{jp_base_url}kubeflow/api/workspace-views?namespace={namespace}&limit=10"
    stream = await EventStream.open(jp_http_port, path, jp_auth_header)
    try:
        assert stream.status == 200
        name, _ = await stream.next_event()
        assert name == "view"
        _, first = await stream.wait_for(lambda n, d: n == "window")
        assert first["total"] == 2 and first["loading"] == {
            "namespaces": 1,
            "workspaces": COUNT - 2,
        }
        held.set()
        _, whole = await stream.wait_for(lambda n, d: n == "window" and "loading" not in d)
        assert whole["total"] == COUNT
        assert [key.split("/")[1] for key in whole["keys"]] == [f"w-{n}" for n in range(COUNT)]
    finally:
        stream.close()


async def test_a_warm_watch_stays_while_a_panel_is_open_and_goes_after(connection) -> None:
    watches = WorkspaceCache(connection, item, idle_seconds=0.0)  # idle at once
    try:
        panel = watches.namespace(NAMESPACE)
        subscriber = panel.subscribe()  # a panel's stream
        watches.keep_warm(ALL)
        await asyncio.sleep(0.05)  # a time to pass: longer than idle_seconds
        watches.namespace(NAMESPACE)  # each use reaps the idle watches
        assert ALL in watches.watched()  # kept: a panel is open
        panel.unsubscribe(subscriber)
        await asyncio.sleep(0.05)
        watches.namespace(NAMESPACE)
        assert ALL not in watches.watched()  # no panel open: idle like any watch
    finally:
        watches.close()
    with pytest.raises(Unavailable):  # a warm-up ending after close starts nothing
        watches.keep_warm(ALL)
    assert watches.watched() == []


async def test_connecting_warms_all_namespaces_for_a_user_who_may_list_them(
    api, jp_serverapp
) -> None:
    service = jp_serverapp.web_app.settings["kubeflow_services"]["workspaces"]
    assert ALL not in service.cache.watched()
    code, body = await api("namespaces")
    assert code == 200 and body["canList"] is True
    await eventually(lambda: asyncio.sleep(0, service.cache.watched()), lambda w: ALL in w)


class TestLimitedUser:
    """A user allowed to list namespaces, and workspaces in team-a and team-b only."""

    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, lister_kubeconfig: Path) -> dict[str, Any]:  # noqa: F811
        return {
            "data_dir": str(tmp_path / "kubeflow-data"),
            "kubeconfig": str(lister_kubeconfig),
            "kube_context": LISTER,
        }

    async def test_connecting_warms_nothing_for_a_user_who_may_not_list_all(
        self, api, jp_serverapp
    ) -> None:
        service = jp_serverapp.web_app.settings["kubeflow_services"]["workspaces"]
        code, body = await api("namespaces")
        assert code == 200 and body["canList"] is True
        await asyncio.to_thread(service._warm_all)  # after the one the request started
        assert ALL not in service.cache.watched()
