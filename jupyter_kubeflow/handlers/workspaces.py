"""Routes of the workspaces sidebar (contract in docs/workspaces.md); thin over the service."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import tornado.web
from tornado.iostream import StreamClosedError

from ..errors import KubeflowError
from .base import KubeflowHandler, route

HEARTBEAT_SECONDS = 15.0
NS = r"(?P<namespace>[^/]+)"
NAME = r"(?P<name>[^/]+)"


class WorkspacesHandlerBase(KubeflowHandler):
    @property
    def workspaces(self) -> Any:
        return self.service("workspaces")

    def query_params(self) -> dict[str, str]:
        """The URL's query parameters (the last of each), for a workspaces query. JupyterLab
        adds the time to its GETs as a bare parameter (``?...&1796481937242``) so that no
        cache answers them: that one is not a parameter of ours."""
        return {
            name: self.get_query_argument(name)
            for name in self.request.query_arguments
            if not (name.isdigit() and self.get_query_argument(name) == "")
        }


class NamespacesHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.send_json(await self.workspaces.namespaces())


class WorkspaceKindsHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def get(self) -> None:
        if self.get_query_argument("usage", "") in ("1", "true"):  # the kinds view
            self.send_json(await self.workspaces.kinds_overview())
            return
        namespace = self.get_query_argument("namespace", "") or None
        self.send_json({"items": await self.workspaces.workspace_kinds(namespace)})

    @tornado.web.authenticated
    async def post(self) -> None:
        dry_run = self.get_query_argument("dryRun", "") in ("1", "true")
        answer = await self.workspaces.create_kind(self.json_body(), dry_run)
        self.send_json(answer, 200 if dry_run else 201)


class WorkspaceKindHandler(WorkspacesHandlerBase):
    """One kind as YAML: read, replace (``?dryRun=1``: only checked), delete."""

    @tornado.web.authenticated
    async def get(self, name: str) -> None:
        self.send_json(await self.workspaces.workspace_kind(name))

    @tornado.web.authenticated
    async def put(self, name: str) -> None:
        dry_run = self.get_query_argument("dryRun", "") in ("1", "true")
        self.send_json(await self.workspaces.replace_kind(name, self.json_body(), dry_run))

    @tornado.web.authenticated
    async def delete(self, name: str) -> None:
        await self.workspaces.delete_kind(name)
        self.set_status(204)
        self.finish()


class PvcsHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def get(self, namespace: str) -> None:
        self.send_json({"items": await self.workspaces.pvcs(namespace)})


class SecretsHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def get(self, namespace: str) -> None:
        self.send_json({"items": await self.workspaces.secrets(namespace)})


class WorkspaceHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def get(self, namespace: str, name: str) -> None:
        self.send_json(await self.workspaces.get_workspace(namespace, name))

    @tornado.web.authenticated
    async def patch(self, namespace: str, name: str) -> None:
        self.send_json(await self.workspaces.update_workspace(namespace, name, self.json_body()))

    @tornado.web.authenticated
    async def delete(self, namespace: str, name: str) -> None:
        self.send_json(await self.workspaces.delete_workspace(namespace, name))


class PauseHandler(WorkspacesHandlerBase):
    paused = True

    @tornado.web.authenticated
    async def post(self, namespace: str, name: str) -> None:
        body = self.json_body()
        self.send_json(await self.workspaces.set_paused(namespace, name, self.paused, body))


class ResumeHandler(PauseHandler):
    paused = False


class RestartHandler(WorkspacesHandlerBase):
    """Pause, then resume once paused (the server waits for the controller)."""

    @tornado.web.authenticated
    async def post(self, namespace: str, name: str) -> None:
        self.send_json(await self.workspaces.restart_workspace(namespace, name, self.json_body()))


class WorkspaceEventStream(WorkspacesHandlerBase):
    """Server-sent events: a snapshot, then the watch's ADDED/MODIFIED/DELETED, an
    ``error`` when the cluster is unreachable (the stream stays open), heartbeats."""

    _closed: asyncio.Event

    def on_connection_close(self) -> None:
        if hasattr(self, "_closed"):
            self._closed.set()

    async def send_event(self, name: str, payload: Any) -> None:
        self.write(f"event: {name}\ndata: {json.dumps(payload, default=str)}\n\n")
        await self.flush()

    async def stream(self, namespace: str | None) -> None:
        self._closed = asyncio.Event()
        cache, subscriber = await self.workspaces.open_stream(namespace)
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Accel-Buffering", "no")  # proxies must not buffer the stream
        try:
            try:
                await self.send_event("snapshot", {"items": await cache.items()})
            except KubeflowError as e:
                await self.send_event("error", {"message": e.message})
            closed = asyncio.ensure_future(self._closed.wait())
            while not self._closed.is_set():
                receive = asyncio.ensure_future(subscriber.queue.get())
                done, _ = await asyncio.wait(
                    {receive, closed},
                    timeout=HEARTBEAT_SECONDS,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if receive in done:
                    await self.send_event(*receive.result())
                    continue
                receive.cancel()
                if not done:
                    self.write(": heartbeat\n\n")
                    await self.flush()
            closed.cancel()
        except StreamClosedError:
            pass
        finally:
            cache.unsubscribe(subscriber)
        if not self._finished:
            self.finish()


class WorkspaceListHandler(WorkspaceEventStream):
    @tornado.web.authenticated
    async def get(self, namespace: str) -> None:
        # ?watch=1 (as in the Kubernetes API) turns the list into the live stream; a
        # route of its own under workspaces/{ns}/ would shadow a workspace of that name.
        if self.get_query_argument("watch", "") in ("1", "true"):
            await self.stream(namespace)
            return
        # Already JSON: the cache keeps each item encoded (fast for thousands).
        self.set_header("Content-Type", "application/json")
        if params := self.query_params():  # a query: one page of what it selects
            self.finish(await self.workspaces.query_json(namespace, params))
            return
        self.finish(await self.workspaces.list_workspaces_json(namespace))

    @tornado.web.authenticated
    async def post(self, namespace: str) -> None:
        item = await self.workspaces.create_workspace(namespace, self.json_body())
        self.send_json(item, 201)


class WorkspaceLogsHandler(WorkspacesHandlerBase):
    """The last lines of a container's log (JSON), or with ``follow=1`` server-sent events
    ``lines`` and a final ``end`` (bounded by bytes and time; see workspaces/logs.py)."""

    _closed: asyncio.Event

    def on_connection_close(self) -> None:
        if hasattr(self, "_closed"):
            self._closed.set()

    @tornado.web.authenticated
    async def get(self, namespace: str, name: str) -> None:
        self._closed = asyncio.Event()
        arg = self.get_query_argument
        result = await self.workspaces.workspace_logs(
            namespace,
            name,
            arg("container", ""),
            arg("tailLines", ""),
            arg("follow", ""),
            arg("sinceSeconds", ""),
            arg("previous", ""),
        )
        if isinstance(result, dict):
            self.send_json(result)
            return
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Accel-Buffering", "no")
        closed = asyncio.ensure_future(self._closed.wait())
        try:
            while True:
                step = asyncio.ensure_future(result.__anext__())
                await asyncio.wait({step, closed}, return_when=asyncio.FIRST_COMPLETED)
                if not step.done():  # the browser went away: stop reading the log
                    step.cancel()
                    with contextlib.suppress(BaseException):
                        await step
                    break
                try:
                    event = step.result()
                except StopAsyncIteration:
                    break
                self.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            closed.cancel()
            await result.aclose()
        if not self._finished:
            self.finish()


class WorkspaceDetailsHandler(WorkspacesHandlerBase):
    @tornado.web.authenticated
    async def get(self, namespace: str, name: str) -> None:
        self.send_json(await self.workspaces.workspace_details(namespace, name))


class AllWorkspacesHandler(WorkspaceEventStream):
    """Every namespace the user may list workspaces in (``?watch=1``: the live stream)."""

    @tornado.web.authenticated
    async def get(self) -> None:
        if self.get_query_argument("watch", "") in ("1", "true"):
            await self.stream(None)
            return
        self.set_header("Content-Type", "application/json")
        if params := self.query_params():
            self.finish(await self.workspaces.query_json(None, params))
            return
        self.finish(await self.workspaces.list_all_workspaces_json())


def routes() -> list[tuple[str, type]]:
    return [
        (route("namespaces"), NamespacesHandler),
        (route(f"namespaces/{NS}/pvcs"), PvcsHandler),
        (route(f"namespaces/{NS}/secrets"), SecretsHandler),
        (route("workspacekinds"), WorkspaceKindsHandler),
        (route(f"workspacekinds/{NAME}"), WorkspaceKindHandler),
        (route("workspaces"), AllWorkspacesHandler),
        (route(f"workspaces/{NS}"), WorkspaceListHandler),
        (route(f"workspaces/{NS}/{NAME}/logs"), WorkspaceLogsHandler),
        (route(f"workspaces/{NS}/{NAME}/details"), WorkspaceDetailsHandler),
        (route(f"workspaces/{NS}/{NAME}/pause"), PauseHandler),
        (route(f"workspaces/{NS}/{NAME}/resume"), ResumeHandler),
        (route(f"workspaces/{NS}/{NAME}/restart"), RestartHandler),
        (route(f"workspaces/{NS}/{NAME}"), WorkspaceHandler),
    ]
