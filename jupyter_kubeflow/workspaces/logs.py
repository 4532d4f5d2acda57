"""Container logs of a workspace's pod: the last lines (bounded), or followed (bounded).

As upstream's backend (kubeflow/notebooks notebooks-v2, ``podtemplate/logs/batch``): the pod
is the one the controller names in ``status.podTemplatePod``; the container defaults to
the controller's primary container ``main``; before reading, the live Pod says whether the
container has started, so the answer is a precise 409 ("no pod yet", "waiting to start")
rather than the log API's opaque one. Everything is bounded: lines asked (``tailLines``),
bytes sent (cut at a line boundary), and how long a follow stays open.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, InvalidInput, NotFound, Unavailable
from .kube import REQUEST_TIMEOUT, ConnectionHolder, _status_body, api_error

PRIMARY_CONTAINER = "main"  # the controller's name for the workspace's own container
WORKSPACE_LABEL = "notebooks.kubeflow.org/workspace-name"  # the controller labels its pods
DEFAULT_TAIL_LINES, MAX_TAIL_LINES = 200, 5000
MAX_BYTES = 1024 * 1024  # sent at most, per answer and per follow
READ_LIMIT_BYTES = 4 * MAX_BYTES  # asked of the API server (the newest MAX_BYTES are kept)
FOLLOW_SECONDS = 300.0  # a follow ends after this; the panel may reopen it
MAX_LINE_BYTES = 64 * 1024  # a longer "line" is sent in pieces rather than held back
CONTAINER_NAME_MAX = 253
MAX_SINCE_SECONDS = 366 * 86400  # sinceSeconds: at most a year back


@dataclass(frozen=True)
class LogQuery:
    container: str | None
    tail_lines: int
    follow: bool
    since_seconds: int | None = None  # only lines newer than this many seconds
    previous: bool = False  # the container's previous instance (before its last restart)


def _whole(text: str, field: str, low: int, high: int) -> int:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number != int(number) or not low <= number <= high:
        raise InvalidInput(f"{field} must be a whole number from {low} to {high}", field=field)
    return int(number)


def _flag(text: str, field: str) -> bool:
    if text not in ("", "0", "1", "false", "true"):
        raise InvalidInput(f"{field} must be 0 or 1", field=field)
    return text in ("1", "true")


def parse_log_query(
    container: str, tail_lines: str, follow: str, since_seconds: str = "", previous: str = ""
) -> LogQuery:
    """The route's query, checked: a clear 400 naming the parameter, never a 500."""
    if len(container) > CONTAINER_NAME_MAX:
        raise InvalidInput("container is not a container name", field="container")
    lines = DEFAULT_TAIL_LINES
    if tail_lines != "":
        lines = _whole(tail_lines, "tailLines", 1, MAX_TAIL_LINES)
    since = _whole(since_seconds, "sinceSeconds", 1, MAX_SINCE_SECONDS) if since_seconds else None
    return LogQuery(
        container or None, lines, _flag(follow, "follow"), since, _flag(previous, "previous")
    )


def last_bytes(data: bytes, limit: int = MAX_BYTES) -> tuple[str, bool]:
    """The newest ``limit`` bytes of ``data``, starting at a line boundary; and whether cut."""
    if len(data) <= limit:
        return data.decode("utf-8", errors="replace"), False
    tail = data[-limit:]
    newline = tail.find(b"\n")
    if 0 <= newline < len(tail) - 1:
        tail = tail[newline + 1 :]
    return tail.decode("utf-8", errors="replace"), True


class LogBound:
    """Turns a followed log's byte chunks into ``lines`` events of whole lines, and ends it
    (an ``end`` event, said why) once ``max_bytes`` would be passed."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.sent = 0
        self.done = False
        self._pending = b""

    def feed(self, chunk: bytes) -> list[dict[str, Any]]:
        if self.done:
            return []
        self._pending += chunk
        cut = self._pending.rfind(b"\n")
        if cut < 0 and len(self._pending) < MAX_LINE_BYTES:
            return []  # wait for the end of the line
        end = cut + 1 if cut >= 0 else len(self._pending)
        ready, self._pending = self._pending[:end], self._pending[end:]
        return self._send(ready)

    def _send(self, ready: bytes) -> list[dict[str, Any]]:
        if self.sent + len(ready) <= self.max_bytes:
            self.sent += len(ready)
            return [{"type": "lines", "text": ready.decode("utf-8", errors="replace")}]
        room = ready[: self.max_bytes - self.sent]
        room = room[: room.rfind(b"\n") + 1]  # whole lines only
        events = []
        if room:
            self.sent += len(room)
            events.append({"type": "lines", "text": room.decode("utf-8", errors="replace")})
        return events + self.end(
            f"Stopped after {self.max_bytes // 1024} KiB of log; reopen to follow on"
        )

    def end(self, reason: str) -> list[dict[str, Any]]:
        if self.done:
            return []
        self.done = True
        events = []
        if self._pending:  # a last line without its newline
            rest, self._pending = self._pending, b""
            if self.sent + len(rest) <= self.max_bytes:
                self.sent += len(rest)
                events.append({"type": "lines", "text": rest.decode("utf-8", errors="replace")})
        return [*events, {"type": "end", "reason": reason}]


async def bounded_follow(
    chunks: AsyncIterator[bytes],
    max_bytes: int = MAX_BYTES,
    max_seconds: float = FOLLOW_SECONDS,
) -> AsyncIterator[dict[str, Any]]:
    """``lines`` events from ``chunks``, then one ``end`` event: when the log ends, after
    ``max_bytes``, or after ``max_seconds`` even if the log is silent."""
    bound = LogBound(max_bytes)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_seconds
    iterator = chunks.__aiter__()
    while not bound.done:
        left = deadline - loop.time()
        try:
            if left <= 0:
                raise asyncio.TimeoutError
            chunk = await asyncio.wait_for(iterator.__anext__(), left)
        except StopAsyncIteration:
            events = bound.end("The log ended (the container stopped or its pod went away)")
        except asyncio.TimeoutError:
            events = bound.end(f"Stopped after {max_seconds:g} s; reopen to follow on")
        else:
            events = bound.feed(chunk)
        for event in events:
            yield event


async def thread_chunks(response: Any, chunk_size: int = 8192) -> AsyncIterator[bytes]:
    """A blocking HTTP response's body as async chunks (read in a thread); closing the
    iterator closes the response, which ends the thread's read."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | BaseException | None] = asyncio.Queue(maxsize=64)
    stop = threading.Event()

    def put(item: bytes | BaseException | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody reads
            asyncio.run_coroutine_threadsafe(queue.put(item), loop).result()

    def read() -> None:
        try:
            for chunk in response.stream(chunk_size, decode_content=False):
                if stop.is_set():
                    return
                put(chunk)
        except Exception as e:  # the connection was shut down under us, or broke
            if not stop.is_set():
                put(e)
            return
        finally:
            with contextlib.suppress(Exception):
                response.close()  # here, not on the event loop: it may wait for the read
        put(None)

    thread = threading.Thread(target=read, name="workspace-log-follow", daemon=True)
    thread.start()
    try:
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                return  # the stream broke: the log "ended" for the reader
            yield item
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            # Unblocks the thread's read at once without waiting (close() would wait for
            # the read to return: up to the next log line, on the event loop).
            response.shutdown()
        # unblock a put() waiting for room
        while not queue.empty():
            queue.get_nowait()


# ---- finding the pod and container (blocking: worker threads) ----------------------------
@dataclass(frozen=True)
class LogTarget:
    namespace: str
    pod: str
    container: str
    containers: list[str]
    node: str = ""


def find_target(
    core: client.CoreV1Api,
    workspace: dict[str, Any],
    container: str | None,
    previous: bool = False,
) -> LogTarget:
    meta, spec = workspace.get("metadata") or {}, workspace.get("spec") or {}
    status = workspace.get("status") or {}
    namespace, name = meta.get("namespace", ""), meta.get("name", "")
    pod_name = (status.get("podTemplatePod") or {}).get("name") or _pod_by_label(
        core, namespace, name
    )
    if not pod_name:
        phase = "Paused" if spec.get("paused") else "Pending"
        raise Conflict(
            f"Workspace {namespace}/{name} has no pod yet ({phase}): there are no logs to "
            + ("show while it is paused; resume it first" if spec.get("paused") else "show yet")
        )
    try:
        pod = core.read_namespaced_pod(pod_name, namespace, _request_timeout=REQUEST_TIMEOUT)
    except ApiException as e:
        if e.status == 404:
            raise NotFound(
                f"The pod {pod_name} of workspace {namespace}/{name} was not found "
                "(it may be starting again or just deleted)"
            ) from None
        raise api_error(e, "get", "pods", namespace) from None
    except Exception as e:
        raise api_error(e, "get", "pods", namespace) from None
    containers = [c.name for c in pod.spec.containers or []]
    init_containers = [c.name for c in pod.spec.init_containers or []]
    if container is None:
        chosen = PRIMARY_CONTAINER if PRIMARY_CONTAINER in containers else containers[0]
    elif container in containers or container in init_containers:
        chosen = container
    else:
        raise InvalidInput(
            f"Pod {pod_name} has no container {container!r} "
            f"(it has: {', '.join(containers + init_containers)})",
            field="container",
        )
    if previous:
        _check_restarted(pod, pod_name, chosen)
    else:
        _check_started(pod, pod_name, chosen)
    return LogTarget(
        namespace, pod_name, chosen, containers + init_containers, pod.spec.node_name or ""
    )


def _pod_by_label(core: client.CoreV1Api, namespace: str, name: str) -> str | None:
    """The pod the controller made for the workspace, by its label (when the status does
    not name it yet)."""
    try:
        pods = core.list_namespaced_pod(
            namespace,
            label_selector=f"{WORKSPACE_LABEL}={name}",
            limit=1,
            _request_timeout=REQUEST_TIMEOUT,
        )
    except Exception as e:
        raise api_error(e, "list", "pods", namespace) from None
    return pods.items[0].metadata.name if pods.items else None


def _check_started(pod: Any, pod_name: str, container: str) -> None:
    """409 while the container has no logs: not scheduled on a node, or waiting to start."""
    phase = (pod.status and pod.status.phase) or "Pending"
    if not pod.spec.node_name:
        raise Conflict(
            f"Pod {pod_name} is not running on a node yet ({phase}): container "
            f"{container} has not started, so there are no logs yet"
        )
    found = _container_status(pod, container)
    state = found.state if found is not None else None
    if state is None or (state.waiting and not (state.running or state.terminated)):
        why = state and state.waiting and state.waiting.reason
        raise Conflict(
            f"Container {container} of pod {pod_name} is waiting to start ({why or phase}): "
            "no logs yet"
        )


def _container_status(pod: Any, container: str) -> Any:
    status = pod.status
    statuses = [
        *((status and status.container_statuses) or []),
        *((status and status.init_container_statuses) or []),
    ]
    return next((s for s in statuses if s.name == container), None)


def _check_restarted(pod: Any, pod_name: str, container: str) -> None:
    """409 when the container has no previous instance to read (it never restarted); the
    log API would answer an opaque 400 ("previous terminated container ... not found")."""
    status = _container_status(pod, container)
    last = status and status.last_state
    if not (status and (status.restart_count or (last and last.terminated))):
        raise Conflict(
            f"Container {container} of pod {pod_name} has not restarted: there is no "
            "previous container's log (the current one is shown without 'previous')"
        )


def _since(query: LogQuery) -> dict[str, Any]:
    """The log API's optional arguments a query asks for."""
    extra: dict[str, Any] = {}
    if query.since_seconds:
        extra["since_seconds"] = query.since_seconds
    if query.previous:
        extra["previous"] = True
    return extra


def read_tail(core: client.CoreV1Api, target: LogTarget, query: LogQuery) -> dict[str, Any]:
    """The last ``tailLines`` lines, at most ``MAX_BYTES`` of them (newest kept)."""
    try:
        response = core.read_namespaced_pod_log(
            target.pod,
            target.namespace,
            container=target.container,
            tail_lines=query.tail_lines,
            **_since(query),
            limit_bytes=READ_LIMIT_BYTES,
            _preload_content=False,
            _request_timeout=REQUEST_TIMEOUT,
        )
        data = response.read(READ_LIMIT_BYTES + 1)
        response.release_conn()
    except ApiException as e:
        raise log_error(e, target) from None
    except Exception as e:
        raise api_error(e, "get", "pod logs", target.namespace) from None
    text, truncated = last_bytes(data)
    return {
        "pod": target.pod,
        "container": target.container,
        "containers": target.containers,
        "text": text,
        "truncated": truncated or len(data) >= READ_LIMIT_BYTES,
        "previous": query.previous,
        "sinceSeconds": query.since_seconds,
    }


def open_follow(core: client.CoreV1Api, target: LogTarget, query: LogQuery) -> Any:
    """The open HTTP response of a followed log (read it with ``thread_chunks``)."""
    try:
        return core.read_namespaced_pod_log(
            target.pod,
            target.namespace,
            container=target.container,
            tail_lines=query.tail_lines,
            **_since(query),
            follow=True,
            _preload_content=False,
            # no read timeout: a quiet log is not a dead one (the follow has its own bound)
            _request_timeout=(REQUEST_TIMEOUT[0], None),
        )
    except ApiException as e:
        raise log_error(e, target) from None
    except Exception as e:
        raise api_error(e, "get", "pod logs", target.namespace) from None


def log_error(error: ApiException, target: LogTarget) -> Exception:
    """The log API's 400s ("... is waiting to start", no node) are a state, not a mistake;
    its 404 naming the pod's node (the API server looks the node up to reach its kubelet,
    and says "pods <node> not found") means the node is gone, not the pod."""
    body = _status_body(error)
    missing = (body.get("details") or {}).get("name")
    if error.status == 404 and target.node and missing == target.node:
        return Unavailable(
            f"The logs of pod {target.pod} cannot be read: its node {target.node} is not "
            "known to the API server (the node's kubelet serves the logs)"
        )
    if error.status == 404:
        return NotFound(f"The pod {target.pod} was not found (it may have just been deleted)")
    if error.status == 400:
        return Conflict(
            f"The logs of container {target.container} of pod {target.pod} cannot be read "
            f"yet: {api_error(error, 'get', 'pod logs', target.namespace).message}"
        )
    return api_error(error, "get", "pod logs", target.namespace)


class LogReader:
    """What the logs route calls: finds the pod and container, then reads or follows."""

    def __init__(
        self,
        connection: ConnectionHolder,
        get_workspace: Callable[[str, str], dict[str, Any]],
    ) -> None:
        self._connection = connection
        self._get_workspace = get_workspace

    def _core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self._connection.get().api)

    def _target(self, namespace: str, name: str, query: LogQuery) -> LogTarget:
        try:
            workspace = self._get_workspace(namespace, name)
        except NotFound:
            raise NotFound(f"Workspace {namespace}/{name} not found") from None
        return find_target(self._core(), workspace, query.container, query.previous)

    async def tail(self, namespace: str, name: str, query: LogQuery) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            target = self._target(namespace, name, query)
            return read_tail(self._core(), target, query)

        return await asyncio.to_thread(read)

    async def follow(
        self, namespace: str, name: str, query: LogQuery
    ) -> AsyncIterator[dict[str, Any]]:
        """Resolves the pod first (so a 404/409 comes before any event), then the events."""

        def open_response() -> Any:
            target = self._target(namespace, name, query)
            return open_follow(self._core(), target, query)

        response = await asyncio.to_thread(open_response)
        return bounded_follow(thread_chunks(response), MAX_BYTES, FOLLOW_SECONDS)
