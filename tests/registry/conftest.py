"""Fixtures of the registry tests: the standalone server as a real subprocess."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .standalone import StandaloneRegistry


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    server = StandaloneRegistry(tmp_path / "registry-data").start()
    yield server
    server.stop()
