"""Fixtures of the credential tests: the Jupyter server's log, captured whole."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
from registry.kube import cluster  # noqa: F401 - make cluster's API server (test_kube_context)


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        """Every record as a handler prints it (its traceback included)."""
        return [self.format(r) for r in self.records]


@pytest.fixture
def server_log(jp_serverapp: Any) -> Iterator[Captured]:
    """Every log record of the process while the test runs, at every level: the Jupyter
    server's own logger (it does not propagate), tornado's, the extension's, and the
    libraries' (kfp, urllib3, botocore, kubernetes), through the root logger."""
    captured = Captured()
    loggers = [logging.getLogger(), jp_serverapp.log]
    loggers += [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in {id(lg): lg for lg in loggers}.values():
        logger.addHandler(captured)
        logger.setLevel(logging.DEBUG)
    yield captured
    for logger, level in levels:
        logger.removeHandler(captured)
        logger.setLevel(level)


@pytest.fixture
def api(api: Any, jp_serverapp: Any) -> Any:
    """The shared ``api`` fixture, keeping every answer (``api.answers``: route, status,
    body text) and the server (``api.serverapp``, for registry.jobs)."""
    answers: list[tuple[str, int, str]] = []

    async def call(path: str, method: str = "GET", body: Any = None, **kwargs: Any) -> Any:
        route = path
        if "?" in path:
            path, query = path.split("?", 1)
            kwargs["params"] = dict(parse_qsl(query, keep_blank_values=True))
        code, payload = await api(path, method, body, **kwargs)
        answers.append((f"{method} {route}", code, json.dumps(payload, ensure_ascii=False)))
        return code, payload

    call.answers = answers  # type: ignore[attr-defined]
    call.serverapp = jp_serverapp  # type: ignore[attr-defined]
    return call
