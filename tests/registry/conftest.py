"""Fixtures of the registry tests: the standalone server as a real subprocess."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from .kube import cluster  # noqa: F401 - the session fixture of the deploy tests
from .peers import OciRegistry, S3Server
from .standalone import StandaloneRegistry


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(tmp_path / "registry-data").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = S3Server(tmp_path_factory.mktemp("s3")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oci_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OciRegistry]:
    server = OciRegistry(tmp_path_factory.mktemp("oci")).start()
    yield server
    server.stop()


@pytest.fixture
def api(api: Any, jp_serverapp: Any) -> Any:
    """The shared ``api`` fixture, also taking a query string in the path; ``api.serverapp``
    is the Jupyter server it calls (jobs.py awaits registration tasks through it)."""

    async def call(path: str, method: str = "GET", body: Any = None, **kwargs: Any) -> Any:
        if "?" in path:
            path, query = path.split("?", 1)
            kwargs["params"] = dict(parse_qsl(query, keep_blank_values=True))
        return await api(path, method, body, **kwargs)

    call.serverapp = jp_serverapp  # type: ignore[attr-defined]
    return call
