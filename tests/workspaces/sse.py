"""A minimal server-sent-events reader over a plain socket (HTTP/1.0: no chunking), so a
test can open the panel's stream, read events as they come, and close it."""

from __future__ import annotations

import asyncio
import json
from typing import Any


class EventStream:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.status = 0
        self.headers: dict[str, str] = {}

    @classmethod
    async def open(cls, port: int, path: str, headers: dict[str, str]) -> EventStream:
        return await asyncio.wait_for(cls._open(port, path, headers), 20)

    @classmethod
    async def _open(cls, port: int, path: str, headers: dict[str, str]) -> EventStream:
        # A snapshot is one line: all of a namespace's (or the cluster's) workspaces.
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**26)
        lines = [f"GET {path} HTTP/1.0", "Host: 127.0.0.1", "Accept: text/event-stream"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        stream = cls(reader, writer)
        status_line = (await reader.readline()).decode()
        stream.status = int(status_line.split()[1])
        while (line := (await reader.readline()).decode().strip()) != "":
            key, _, value = line.partition(":")
            stream.headers[key.strip().lower()] = value.strip()
        return stream

    async def next_event(self, timeout: float = 20.0) -> tuple[str, Any]:
        """The next ``(event, data)``; comments (heartbeats) are skipped, within ``timeout``
        in all (a heartbeat does not restart it)."""
        name, data = "message", ""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = max(deadline - asyncio.get_running_loop().time(), 0.001)
            raw = await asyncio.wait_for(self.reader.readline(), left)
            if not raw:
                raise EOFError("the event stream closed")
            line = raw.decode().rstrip("\n")
            if line == "" and data:
                return name, json.loads(data)
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()

    async def wait_for(self, match, timeout: float = 20.0) -> tuple[str, Any]:  # noqa: ANN001
        """Skips events until ``match(name, data)``."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError("no matching event in time")
            name, data = await self.next_event(left)
            if match(name, data):
                return name, data

    def close(self) -> None:
        self.writer.close()
