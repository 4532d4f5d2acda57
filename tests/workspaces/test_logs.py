"""Container logs of a workspace: GET workspaces/{ns}/{name}/logs (JSON, or SSE with follow).

Upstream: kubeflow/notebooks notebooks-v2 ``GET /workspaces/{ns}/{name}/podtemplate/logs/batch``
(podlogs repository: the pod named in ``status.podTemplatePod``, the primary container
``main`` by default, the live Pod checked first so that "not running" / "container not
started" are precise errors; tailLines bounded).

The test API server has no kubelet, so no log can actually be read: the routes are tested
for real up to that point ("no pod yet", "pod not found", not scheduled, waiting to start,
the node's kubelet unknown, bad parameters), and the follow's bounds (bytes, time, whole
lines) on streams constructed in the test.
"""

from __future__ import annotations

import asyncio
import http.server
import threading
import time

import pytest
import urllib3

from jupyter_kubeflow.workspaces.logs import (
    MAX_TAIL_LINES,
    LogBound,
    bounded_follow,
    last_bytes,
    thread_chunks,
)

from .cluster import NAMESPACE, kubectl_create, set_status, unique_name
from .pods import create_pod, delete_pod, set_pod_running


@pytest.fixture
def pods():
    names: list[str] = []
    yield names
    for name in names:
        delete_pod(name)


def logs(name: str) -> str:
    return f"workspaces/{NAMESPACE}/{name}/logs"


# ---- against the API server -----------------------------------------------------------------
async def test_workspace_that_does_not_exist_is_404(api) -> None:
    """Upstream: 404 "Workspace not found"."""
    code, body = await api(logs("no-such-workspace"))
    assert code == 404
    assert body["message"] == f"Workspace {NAMESPACE}/no-such-workspace not found"


async def test_no_pod_yet_is_409_saying_paused_or_pending(api, cleanup) -> None:
    """Upstream: ErrPodNotRunning when status.podTemplatePod names no pod (and no pod carries
    the workspace's label)."""
    paused, pending = unique_name(), unique_name()
    cleanup += [paused, pending]
    kubectl_create(paused, paused=True)
    kubectl_create(pending)
    code, body = await api(logs(paused))
    assert code == 409
    assert body["message"].startswith(f"Workspace {NAMESPACE}/{paused} has no pod yet (Paused)")
    code, body = await api(
        logs(pending), params={"follow": "1"}
    )  # refused before any event is sent
    assert code == 409
    assert f"{pending} has no pod yet (Pending)" in body["message"]


async def test_pod_named_in_status_but_missing_is_404(api, cleanup) -> None:
    """Upstream: the Workspace status references a pod that no longer exists."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    set_status(name, "Running", "up")  # names pod ws-<name>-0, which does not exist
    code, body = await api(logs(name))
    assert code == 404
    assert body["message"].startswith(f"The pod ws-{name}-0 of workspace {NAMESPACE}/{name}")
    assert "not found" in body["message"]


async def test_pending_pod_without_a_node_is_409(api, cleanup, pods) -> None:
    """A Pod object with the workspace's label (found by label: no status yet) stays
    Pending with no node here; the log API would answer an empty 204, so the route says
    why there is nothing instead (upstream: ErrContainerNotRunning)."""
    name = unique_name()
    cleanup.append(name)
    pods.append(f"{name}-pod")
    kubectl_create(name)
    create_pod(f"{name}-pod", name)
    code, body = await api(logs(name))
    assert code == 409, body
    assert body["message"].startswith(f"Pod {name}-pod is not running on a node yet (Pending)")


async def test_container_waiting_to_start_is_409(api, cleanup, pods) -> None:
    """Scheduled on a node, but no container has started (upstream: the live Pod's
    container status is Waiting -> ErrContainerNotRunning)."""
    name = unique_name()
    cleanup.append(name)
    pods.append(f"ws-{name}-0")
    kubectl_create(name)
    set_status(name, "Pending", "starting")
    create_pod(f"ws-{name}-0", name, node="node-1")
    code, body = await api(logs(name))
    assert code == 409, body
    assert body["message"].startswith(f"Container main of pod ws-{name}-0 is waiting to start")


async def test_running_pod_on_an_unknown_node_is_503_not_a_missing_pod(api, cleanup, pods) -> None:
    """The API server reads logs from the node's kubelet; with the node unknown it answers
    404 naming the node ("pods \\"node-1\\" not found"): that is no missing pod."""
    name = unique_name()
    cleanup.append(name)
    pods.append(f"ws-{name}-0")
    kubectl_create(name)
    set_status(name, "Running", "up")
    create_pod(f"ws-{name}-0", name, node="node-1", containers=("main", "sidecar"))
    set_pod_running(f"ws-{name}-0")
    code, body = await api(logs(name))
    assert code == 503, body
    assert "node node-1 is not known" in body["message"]
    code, body = await api(logs(name), params={"container": "nope"})
    assert code == 400
    assert body["field"] == "container"
    assert "has no container 'nope' (it has: main, sidecar)" in body["message"]


async def test_previous_container_needs_a_restart_and_since_reaches_the_log_read(
    api, cleanup, pods
) -> None:
    """Item 5. The log API's ``previous`` reads the container's instance before its last
    restart and answers an opaque 400 when there is none: the route says so first (409).
    ``sinceSeconds`` and ``previous`` are passed on: with a restarted container the read
    goes as far as the API server (here: the node's kubelet is unknown, 503)."""
    name = unique_name()
    cleanup.append(name)
    pods.append(f"ws-{name}-0")
    kubectl_create(name)
    set_status(name, "Running", "up")
    create_pod(f"ws-{name}-0", name, node="node-1", containers=("main", "sidecar"))
    set_pod_running(f"ws-{name}-0")  # main: restartCount 2
    code, body = await api(logs(name), params={"previous": "1", "sinceSeconds": "600"})
    assert code == 503, body
    assert "node node-1 is not known" in body["message"]
    code, body = await api(logs(name), params={"previous": "1", "container": "sidecar"})
    assert code == 409, body
    assert body["message"].startswith(f"Container sidecar of pod ws-{name}-0 has not restarted")


BAD_PARAMETERS = [
    ({"tailLines": "abc"}, "tailLines"),
    ({"tailLines": "0"}, "tailLines"),
    ({"tailLines": str(MAX_TAIL_LINES + 1)}, "tailLines"),
    ({"tailLines": "1e999"}, "tailLines"),
    ({"tailLines": "nan"}, "tailLines"),
    ({"tailLines": "2.5"}, "tailLines"),
    ({"follow": "maybe"}, "follow"),
    ({"container": "c" * 300}, "container"),
    ({"sinceSeconds": "0"}, "sinceSeconds"),
    ({"sinceSeconds": "-5"}, "sinceSeconds"),
    ({"sinceSeconds": "1e999"}, "sinceSeconds"),
    ({"sinceSeconds": "3.5"}, "sinceSeconds"),
    ({"sinceSeconds": str(366 * 86400 + 1)}, "sinceSeconds"),
    ({"previous": "yes"}, "previous"),
]


async def test_bad_parameters_are_400_naming_them(api) -> None:
    """Numbers from outside are bounded and finite (upstream bounds tailLines too)."""
    for query, field in BAD_PARAMETERS:
        code, body = await api(logs("any-name"), params=query)
        assert (code, body.get("field")) == (400, field), (query, body)


# ---- the follow's bounds, on constructed streams --------------------------------------------
async def chunks(parts: list[bytes], pause: float = 0.0):
    """A constructed log stream (no kubelet here): these chunks, ``pause`` s apart."""
    for part in parts:
        if pause:
            await asyncio.sleep(pause)
        yield part


async def collect(stream) -> list[dict]:
    return [event async for event in stream]


async def test_follow_sends_whole_lines_and_says_when_the_log_ended() -> None:
    """Constructed stream: lines split across chunks arrive whole; the end is said."""
    events = await collect(bounded_follow(chunks([b"one\ntw", b"o\nthr", b"ee"]), 1000, 5))
    assert [e.get("text") for e in events] == ["one\n", "two\n", "three", None]
    assert events[-1]["type"] == "end"
    assert events[-1]["reason"].startswith("The log ended")


async def test_follow_stops_at_the_byte_bound_at_a_line_boundary() -> None:
    """Constructed stream: 10 lines of 10 bytes, bound 35 bytes -> 3 whole lines, then end."""
    stream = chunks([b"line-%04d\n" % i for i in range(10)])
    events = await collect(bounded_follow(stream, max_bytes=35, max_seconds=5))
    text = "".join(e.get("text", "") for e in events)
    assert text == "line-0000\nline-0001\nline-0002\n"
    assert events[-1]["type"] == "end" and "KiB of log" in events[-1]["reason"]


async def test_follow_stops_at_the_time_bound_even_when_the_log_is_silent() -> None:
    """Constructed stream that never sends anything after its first line."""

    async def silent():
        yield b"started\n"
        await asyncio.sleep(3600)
        yield b"never\n"

    loop = asyncio.get_running_loop()
    started = loop.time()
    events = await collect(bounded_follow(silent(), 1000, max_seconds=0.3))
    assert loop.time() - started < 2
    assert events[0] == {"type": "lines", "text": "started\n"}
    assert events[-1]["type"] == "end" and events[-1]["reason"].startswith("Stopped after 0.3 s")


def test_a_line_longer_than_the_hold_limit_is_sent_in_pieces() -> None:
    bound = LogBound(max_bytes=10**7)
    assert bound.feed(b"x" * 1000) == []  # waits for the newline
    events = bound.feed(b"x" * 70_000)  # past 64 KiB without a newline: sent
    assert sum(len(e["text"]) for e in events) == 71_000


def test_tail_keeps_the_newest_bytes_from_a_line_start() -> None:
    data = b"".join(b"line-%04d\n" % i for i in range(100))  # 1000 bytes
    text, cut = last_bytes(data, 35)
    assert cut is True
    assert text == "line-0097\nline-0098\nline-0099\n"
    assert last_bytes(b"short\n", 35) == ("short\n", False)


class SlowLog(http.server.BaseHTTPRequestHandler):
    """A real HTTP server standing in for the kubelet's log stream (none here): one line,
    then silence until the client goes away (what a quiet followed log looks like)."""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        line = b"hello\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
        self.wfile.flush()
        time.sleep(10)  # silence (the test ends long before)

    def log_message(self, *args) -> None:
        pass


async def test_follow_over_a_real_http_stream_ends_at_the_time_bound_and_closes_it() -> None:
    """thread_chunks: a blocking HTTP response read in a thread as async chunks; when the
    follow ends (time bound), the response is closed and the thread's read ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowLog)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        pool = urllib3.PoolManager()
        url = f"http://127.0.0.1:{server.server_address[1]}/log"
        response = await asyncio.to_thread(pool.request, "GET", url, preload_content=False)
        started = time.monotonic()
        events = await collect(bounded_follow(thread_chunks(response), 1000, max_seconds=0.5))
        assert time.monotonic() - started < 3
        assert events[0] == {"type": "lines", "text": "hello\n"}
        assert events[-1]["type"] == "end" and "0.5 s" in events[-1]["reason"]
        await asyncio.sleep(0.3)  # the reader thread ends once its read is cut
        assert not [t for t in threading.enumerate() if t.name == "workspace-log-follow"]
    finally:
        server.shutdown()
        server.server_close()
