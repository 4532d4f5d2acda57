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


@dataclass(frozen=True)
class LogQuery:
    container: str | None
    tail_lines: int
    follow: bool


def parse_log_query(container: str, tail_lines: str, follow: str) -> LogQuery:
    """The route's query, checked: a clear 400 naming the parameter, never a 500."""
    if len(container) > CONTAINER_NAME_MAX:
        raise InvalidInput("container is not a container name", field="container")
    lines = DEFAULT_TAIL_LINES
    if tail_lines != "":
        try:
            number = float(tail_lines)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number != int(number):
            raise InvalidInput(
                f"tailLines must be a whole number (1 to {MAX_TAIL_LINES})", field="tailLines"
            )
        lines = int(number)
        if not 1 <= lines <= MAX_TAIL_LINES:
            raise InvalidInput(f"tailLines must be 1 to {MAX_TAIL_LINES}", field="tailLines")
    if follow not in ("", "0", "1", "false", "true"):
        raise InvalidInput("follow must be 0 or 1", field="follow")
    return LogQuery(container or None, lines, follow in ("1", "true"))


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
    core: client.CoreV1Api, workspace: dict[str, Any], container: str | None
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
    status = pod.status
    statuses = [
        *((status and status.container_statuses) or []),
        *((status and status.init_container_statuses) or []),
    ]
    state = next((s.state for s in statuses if s.name == container), None)
    if state is None or (state.waiting and not (state.running or state.terminated)):
        why = state and state.waiting and state.waiting.reason
        raise Conflict(
            f"Container {container} of pod {pod_name} is waiting to start ({why or phase}): "
            "no logs yet"
        )


def read_tail(core: client.CoreV1Api, target: LogTarget, tail_lines: int) -> dict[str, Any]:
    """The last ``tail_lines`` lines, at most ``MAX_BYTES`` of them (newest kept)."""
    try:
        response = core.read_namespaced_pod_log(
            target.pod,
            target.namespace,
            container=target.container,
            tail_lines=tail_lines,
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
    }


def open_follow(core: client.CoreV1Api, target: LogTarget, tail_lines: int) -> Any:
    """The open HTTP response of a followed log (read it with ``thread_chunks``)."""
    try:
        return core.read_namespaced_pod_log(
            target.pod,
            target.namespace,
            container=target.container,
            tail_lines=tail_lines,
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

    def _target(self, namespace: str, name: str, container: str | None) -> LogTarget:
        try:
            workspace = self._get_workspace(namespace, name)
        except NotFound:
            raise NotFound(f"Workspace {namespace}/{name} not found") from None
        return find_target(self._core(), workspace, container)

    async def tail(self, namespace: str, name: str, query: LogQuery) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            target = self._target(namespace, name, query.container)
            return read_tail(self._core(), target, query.tail_lines)

        return await asyncio.to_thread(read)

    async def follow(
        self, namespace: str, name: str, query: LogQuery
    ) -> AsyncIterator[dict[str, Any]]:
        """Resolves the pod first (so a 404/409 comes before any event), then the events."""

        def open_response() -> Any:
            target = self._target(namespace, name, query.container)
            return open_follow(self._core(), target, query.tail_lines)

        response = await asyncio.to_thread(open_response)
        return bounded_follow(thread_chunks(response), MAX_BYTES, FOLLOW_SECONDS)
