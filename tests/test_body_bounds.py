"""Every route of the extension bounds its request body in one place (issue 24, item 11).

The pipelines routes read 300 MB bodies into memory (Jupyter's server takes up to 512 MiB
before a handler runs); the registry routes stopped at 24 MiB only after reading them.
``handlers.base.BoundedBody`` now refuses a body announced larger than the bound with 413
before reading it, on every route (the embedded registry's mount included).
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from jupyter_kubeflow.registry.jsonio import MAX_BODY_BYTES

HUGE = 300 * 1024 * 1024


def route_paths(jp_serverapp: Any) -> list[str]:
    """Each route the extension registers, its groups filled with a plausible segment."""
    extension = jp_serverapp.extension_manager.extension_apps["jupyter_kubeflow"]
    app = next(iter(extension))
    paths = []
    for pattern in (handler[0] for handler in app.handlers):
        path = re.sub(r"\([^)]*\)\?", "", pattern)
        path = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "x", path).rstrip("$").lstrip("/")
        paths.append(path.replace("\\", ""))
    assert len(paths) > 20
    return paths


async def announce(port: int, head: str) -> bytes:
    """Send request headers only (the body they announce never comes) and read the
    answer: a server that waits for the body does not answer, and the read times out."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head.encode())
        await writer.drain()
        return await asyncio.wait_for(reader.read(65536), timeout=20)
    finally:
        writer.close()


async def test_every_route_refuses_a_huge_body_before_reading_it(
    jp_serverapp: Any,
    http_server_client: Any,  # the server listens on jp_http_port
    jp_http_port: int,
    jp_base_url: str,
    jp_auth_header: dict[str, str],
) -> None:
    for path in route_paths(jp_serverapp):
        for method in ("POST", "PATCH", "PUT"):
            head = (
                f"{method} {jp_base_url}{path} HTTP/1.1\r\nHost: 127.0.0.1:{jp_http_port}\r\n"
                f"Authorization: {jp_auth_header['Authorization']}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {HUGE}\r\n\r\n"
            )
            answer = await announce(jp_http_port, head)
            status = answer.split(b"\r\n", 1)[0]
            assert status.split()[1] in (b"413", b"405"), (method, path, status)
            if status.split()[1] == b"413":
                body = answer.split(b"\r\n\r\n", 1)[1]
                assert b"larger than 24 MiB" in body, (method, path, body[:200])


async def test_a_chunked_body_is_411(
    http_server_client: Any, jp_http_port: int, jp_base_url: str, jp_auth_header: dict[str, str]
) -> None:
    head = (
        f"POST {jp_base_url}kubeflow/api/pipelines/compile HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{jp_http_port}\r\nAuthorization: {jp_auth_header['Authorization']}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    answer = await announce(jp_http_port, head)
    assert answer.startswith(b"HTTP/1.1 411"), answer[:200]


async def test_bodies_up_to_the_bound_still_arrive(api: Any, jp_fetch: Any) -> None:
    """Just under the bound the route reads the body (and says what is wrong with it);
    one byte over, 413."""
    padding = MAX_BODY_BYTES - len('{"path": "", "pad": ""}')
    body = json.dumps({"path": "", "pad": "x" * padding})
    assert len(body) == MAX_BODY_BYTES
    response = await jp_fetch(
        "kubeflow", "api", "pipelines", "compile", method="POST", body=body, raise_error=False
    )
    assert response.code == 400 and b"path is required" in response.body, response.body[:200]
    response = await jp_fetch(
        "kubeflow", "api", "pipelines", "compile", method="POST", body=body + " ",
        raise_error=False,
    )  # fmt: skip
    assert response.code == 413, response.body[:200]
    code, out = await api("status")  # the server goes on serving
    assert code == 200, out
