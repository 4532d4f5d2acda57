"""Routes of the Volumes and Secrets pages (contract in docs/workspaces.md); thin over
workspaces/volumes.py and workspaces/secrets.py, whose calls block (run in a thread)."""

from __future__ import annotations

import asyncio
from typing import Any

import tornado.web

from .base import KubeflowHandler, route

NS = r"(?P<namespace>[^/]+)"
NAME = r"(?P<name>[^/]+)"


class StorageHandler(KubeflowHandler):
    @property
    def volumes(self) -> Any:
        return self.service("workspaces").volume_service

    @property
    def secrets(self) -> Any:
        return self.service("workspaces").secret_service

    def no_content(self) -> None:
        self.set_status(204)
        self.finish()


class VolumesHandler(StorageHandler):
    @tornado.web.authenticated
    async def get(self, namespace: str) -> None:
        self.send_json(await asyncio.to_thread(self.volumes.list, namespace))

    @tornado.web.authenticated
    async def post(self, namespace: str) -> None:
        body = self.json_body()
        self.send_json(await asyncio.to_thread(self.volumes.create, namespace, body), 201)


class VolumeHandler(StorageHandler):
    @tornado.web.authenticated
    async def delete(self, namespace: str, name: str) -> None:
        await asyncio.to_thread(self.volumes.delete, namespace, name)
        self.no_content()


class SecretsHandler(StorageHandler):
    @tornado.web.authenticated
    async def get(self, namespace: str) -> None:
        self.send_json(await asyncio.to_thread(self.secrets.list, namespace))

    @tornado.web.authenticated
    async def post(self, namespace: str) -> None:
        body = self.json_body()
        self.send_json(await asyncio.to_thread(self.secrets.create, namespace, body), 201)


class SecretHandler(StorageHandler):
    @tornado.web.authenticated
    async def put(self, namespace: str, name: str) -> None:
        body = self.json_body()
        self.send_json(await asyncio.to_thread(self.secrets.update, namespace, name, body))

    @tornado.web.authenticated
    async def delete(self, namespace: str, name: str) -> None:
        await asyncio.to_thread(self.secrets.delete, namespace, name)
        self.no_content()


def routes() -> list[tuple[str, type]]:
    return [
        (route(f"volumes/{NS}"), VolumesHandler),
        (route(f"volumes/{NS}/{NAME}"), VolumeHandler),
        (route(f"secrets/{NS}"), SecretsHandler),
        (route(f"secrets/{NS}/{NAME}"), SecretHandler),
    ]
