"""``GET /kubeflow/api/status``: what is connected, for the frontend's first look."""

from __future__ import annotations

import asyncio
from typing import Any

import tornado.web

from ..redaction import redact
from .base import KubeflowHandler, route


class StatusHandler(KubeflowHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        services: dict[str, Any] = self.settings["kubeflow_services"]
        names = list(services)
        results = await asyncio.gather(
            *(services[n].status() for n in names), return_exceptions=True
        )
        body: dict[str, Any] = {"version": self.settings["kubeflow_version"]}
        for name, result in zip(names, results, strict=True):
            if isinstance(result, BaseException):
                body[name] = {"connected": False, "error": redact(str(result))}
            else:
                body[name] = result
        self.send_json(body)


def routes() -> list[tuple[str, type]]:
    return [(route("status"), StatusHandler)]
