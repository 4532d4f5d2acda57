"""Routes of the registry capability.

- ``/kubeflow/api/registry/...``: what the frontend needs (browse, update, register,
  deploy), thin over :class:`~jupyter_kubeflow.registry.service.RegistryService`.
- ``/kubeflow/registry/api/model_registry/v1/...``: the embedded registry's REST API
  behind Jupyter's auth (the official client reaches it with ``user_token`` = a Jupyter
  token), present when no external registry is configured.
"""

from __future__ import annotations

from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin

from ..errors import InvalidInput
from ..registry import jsonio
from ..registry.rest_api import API_PREFIX, check_query, error_body
from ..registry.server import call_api, query_of
from ..registry.service import EMBEDDED_MOUNT, RegistryService
from .base import BoundedBody, KubeflowHandler, route


class RegistryHandler(KubeflowHandler):
    @property
    def registry(self) -> RegistryService:
        return self.service("registry")

    def query(self) -> dict[str, str]:
        query = query_of(self)
        check_query(query)
        return query

    def json_body(self) -> dict[str, Any]:
        # The registry's strict reading: finite numbers, Unicode text, bounded size/depth.
        body = jsonio.loads(self.request.body) if self.request.body else {}
        if not isinstance(body, dict):
            raise InvalidInput("Request body must be a JSON object")
        return body

    def send_json(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(jsonio.dumps(payload))


class ModelsHandler(RegistryHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.send_json(await self.registry.list_models(self.query()))


class ModelHandler(RegistryHandler):
    @tornado.web.authenticated
    async def get(self, model_id: str) -> None:
        self.send_json(await self.registry.get_model(model_id))

    @tornado.web.authenticated
    async def patch(self, model_id: str) -> None:
        self.send_json(await self.registry.patch_model(model_id, self.json_body()))


class VersionHandler(RegistryHandler):
    @tornado.web.authenticated
    async def get(self, version_id: str) -> None:
        self.send_json(await self.registry.get_version(version_id))

    @tornado.web.authenticated
    async def patch(self, version_id: str) -> None:
        self.send_json(await self.registry.patch_version(version_id, self.json_body()))


class DeployHandler(RegistryHandler):
    @tornado.web.authenticated
    async def post(self, version_id: str) -> None:
        body = self.json_body()
        self.send_json(await self.registry.deployer.deploy(version_id, body))


class ArtifactHandler(RegistryHandler):
    @tornado.web.authenticated
    async def patch(self, artifact_id: str) -> None:
        self.send_json(await self.registry.patch_artifact(artifact_id, self.json_body()))


class RegisterHandler(RegistryHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        self.send_json(await self.registry.registrar.start(self.json_body()), status=202)


class RegisterJobHandler(RegistryHandler):
    @tornado.web.authenticated
    async def get(self, job_id: str) -> None:
        self.send_json(self.registry.registrar.get(job_id))


class RegisterCancelHandler(RegistryHandler):
    @tornado.web.authenticated
    async def post(self, job_id: str) -> None:
        self.send_json(self.registry.registrar.cancel(job_id))


class FormatsHandler(RegistryHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        self.send_json(self.registry.formats())


class EmbeddedRegistryHandler(BoundedBody, ExtensionHandlerMixin, APIHandler):
    """The Model Registry v1 REST API of the embedded registry, inside Jupyter."""

    async def _serve(self, path: str | None) -> None:
        registry: RegistryService = self.settings["kubeflow_services"]["registry"]
        self.set_header("Content-Type", "application/json")
        if registry.embedded_api is None:
            self.set_status(404)
            message = "the embedded registry is off: an external registry is configured"
            self.finish(jsonio.dumps(error_body(404, message)))
            return
        status, body = await call_api(
            registry.embedded_api,
            self.request.method or "GET",
            path or "",
            query_of(self),
            self.request.body,
        )
        self.set_status(status)
        self.finish(jsonio.dumps(body))

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        await self._serve(path)

    @tornado.web.authenticated
    async def post(self, path: str | None = None) -> None:
        await self._serve(path)

    @tornado.web.authenticated
    async def patch(self, path: str | None = None) -> None:
        await self._serve(path)


def routes() -> list[tuple[str, type]]:
    return [
        (route("registry/models"), ModelsHandler),
        (route(r"registry/models/([^/]+)"), ModelHandler),
        (route(r"registry/versions/([^/]+)"), VersionHandler),
        (route(r"registry/versions/([^/]+)/deploy"), DeployHandler),
        (route(r"registry/artifacts/([^/]+)"), ArtifactHandler),
        (route("registry/register"), RegisterHandler),
        (route(r"registry/register/([^/]+)"), RegisterJobHandler),
        (route(r"registry/register/([^/]+)/cancel"), RegisterCancelHandler),
        (route("registry/formats"), FormatsHandler),
        (rf"{EMBEDDED_MOUNT}{API_PREFIX}(/.*)?", EmbeddedRegistryHandler),
    ]
