"""An external registry that only speaks the older v1alpha3 API is reported as such.

FAKE: no v1alpha3-only Model Registry server can be installed here, so this is a tiny
tornado server that answers only under /api/model_registry/v1alpha3 (and 404 for v1),
which is all the probe looks at.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tornado.web

from .standalone import free_port


class V1Alpha3Only(tornado.web.RequestHandler):
    def get(self, _path: str) -> None:
        self.finish({"items": [], "size": 0, "pageSize": 1, "nextPageToken": ""})


@pytest.fixture
def fake_v1alpha3_registry() -> Iterator[str]:
    port = free_port()
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        app = tornado.web.Application([(r"/api/model_registry/v1alpha3/(.*)", V1Alpha3Only)])
        app.listen(port, address="127.0.0.1")
        loop.call_soon(ready.set)
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    yield f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture
def kubeflow_config(tmp_path: Path, fake_v1alpha3_registry: str) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "d"), "registry_url": fake_v1alpha3_registry}


async def test_status_says_only_v1alpha3(api: Any) -> None:
    code, status = await api("status")
    assert code == 200
    registry = status["registry"]
    assert registry["mode"] == "external" and registry["connected"] is False
    assert "v1alpha3" in registry["error"]
    code, body = await api("registry/models")
    assert code == 503 and "v1alpha3" in body["message"]
