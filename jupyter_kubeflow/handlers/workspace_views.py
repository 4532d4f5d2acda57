"""Routes of the workspaces table: a live window of a query (workspaces/views.py).

``GET workspace-views?namespace=&search=&state=&kind=&image=&namespaceFilter=&labels=&sort=
&order=&offset=&limit=&selected=`` is a stream of server-sent events: ``view`` (its id, and
what all namespaces left out), then ``window`` and ``permissions`` whenever what the window
shows changes, ``error`` while the cluster cannot be read, and heartbeats. ``PUT
workspace-views/{id}`` with the same parameters (and ``seq``) moves the window or changes the
query; the answer comes on the stream.
"""

from __future__ import annotations

import asyncio
import json

import tornado.web
from tornado.iostream import StreamClosedError

from .base import route
from .workspaces import HEARTBEAT_SECONDS, WorkspacesHandlerBase

VIEW_ID = r"(?P<view_id>[A-Za-z0-9_-]{1,64})"


class WorkspaceViewStream(WorkspacesHandlerBase):
    _closed: asyncio.Event

    def on_connection_close(self) -> None:
        if hasattr(self, "_closed"):
            self._closed.set()

    async def write_event(self, name: str, data: str) -> None:
        self.write(f"event: {name}\ndata: {data}\n\n")
        await self.flush()

    @tornado.web.authenticated
    async def get(self) -> None:
        self._closed = asyncio.Event()
        params = self.query_params()
        namespace = params.pop("namespace", "") or None
        view = await self.workspaces.open_view(namespace, params)
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Accel-Buffering", "no")  # proxies must not buffer the stream
        closed = asyncio.ensure_future(self._closed.wait())
        try:
            await self.write_event("view", json.dumps({"id": view.id, **view.scope}))
            while not self._closed.is_set():
                step = asyncio.ensure_future(view.next_events(HEARTBEAT_SECONDS))
                await asyncio.wait({step, closed}, return_when=asyncio.FIRST_COMPLETED)
                if not step.done():  # the browser went away
                    step.cancel()
                    break
                events = step.result()
                for name, data in events:
                    await self.write_event(name, data)
                if not events:
                    self.write(": heartbeat\n\n")
                    await self.flush()
        except StreamClosedError:
            pass
        finally:
            closed.cancel()
            self.workspaces.close_view(view)
        if not self._finished:
            self.finish()


class WorkspaceViewHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def put(self, view_id: str) -> None:
        self.workspaces.update_view(view_id, self.json_body())
        self.set_status(204)
        self.finish()


def routes() -> list[tuple[str, type]]:
    return [
        (route("workspace-views"), WorkspaceViewStream),
        (route(f"workspace-views/{VIEW_ID}"), WorkspaceViewHandler),
    ]
