"""A recording proxy in front of a registry: records exactly what the extension sends.

``RegistryRecorder`` forwards every request to an upstream registry (the embedded one,
run standalone) and keeps (method, path, query, body). With ``real_server_quirks`` it also
stands in for behaviours of the real Kubeflow Model Registry server (kubeflow/hub) that
this machine cannot run (it needs PostgreSQL/MySQL and the Go server), as measured against
it (issue 10):

- a PATCH that leaves out ``state`` (``desiredState``, ``parameterType``,
  ``lastKnownState``) resets it to the Update schema's default;
- ``filterQuery`` and ``name`` are ignored on artifacts, serving environments, inference
  services and serves lists;
- MetadataStructValue comes back decoded (here: the JSON object, spliced into the answer
  as text, so a struct of any depth is answered as the server writes it), and a PATCH
  carrying such a decoded value is refused;
- once an entity holds a struct property, a PATCH without ``customProperties`` is refused
  with 400 "unable to decode illegal base64 data ... for key K" (issue 22 item 5): the
  server stores structs decoded and, merging the PATCH with what it stored, decodes them
  again as base64 (kubeflow/hub ``MapOpenAPICustomPropertiesEmbedMD``);
- ``orderBy=NAME`` is ignored: the list comes in id order, with no error (issue 22
  item 6; its ``Paginate`` scope knows only CREATE_TIME and LAST_UPDATE_TIME, else id).

It is a recorder with named stand-ins for those quirks, not a registry of its own: every
answer comes from the upstream registry. It keeps each request's headers (what the
extension sends, the token included) and the upstream's status.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import tornado.web
from tornado.httpclient import AsyncHTTPClient, HTTPRequest

from jupyter_kubeflow.registry.rest_api import API_PREFIX

from .standalone import free_port

PATCH_DEFAULTS = {
    "registered_models": {"state": "LIVE"},
    "model_versions": {"state": "LIVE"},
    "artifacts": {"state": "UNKNOWN"},
    "model_artifacts": {"state": "UNKNOWN"},
    "inference_services": {"desiredState": "DEPLOYED"},
}
FILTERS_IGNORED_ON = ("artifacts", "serving_environments", "inference_services", "serves")


@dataclass
class Recorded:
    method: str
    path: str  # after /api/model_registry/v1/
    query: dict[str, str]
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    status: int | None = None  # the upstream's answer, once forwarded


def _decode_structs(payload: bytes) -> bytes:
    """The answer with each struct_value's base64 replaced by the JSON text it encodes."""
    texts: list[str] = []

    def mark(value: Any) -> Any:  # the upstream's answer holds base64: it is shallow
        if isinstance(value, dict):
            if value.get("metadataType") == "MetadataStructValue" and isinstance(
                value.get("struct_value"), str
            ):
                texts.append(base64.b64decode(value["struct_value"]).decode())
                return {**value, "struct_value": f"@struct-{len(texts) - 1}@"}
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    answer = json.dumps(mark(json.loads(payload)))
    for i, text in enumerate(texts):
        answer = answer.replace(f'"@struct-{i}@"', text, 1)
    return answer.encode()


def _has_decoded_struct(value: Any) -> bool:
    if isinstance(value, dict):
        if value.get("metadataType") == "MetadataStructValue":
            return not isinstance(value.get("struct_value"), str)
        return any(_has_decoded_struct(v) for v in value.values())
    return False


def _struct_keys(entity: Any) -> list[str]:
    props = entity.get("customProperties") if isinstance(entity, dict) else None
    return [
        key
        for key, prop in (props or {}).items()
        if isinstance(prop, dict) and prop.get("metadataType") == "MetadataStructValue"
    ]


class _Forward(tornado.web.RequestHandler):
    def initialize(self, recorder: RegistryRecorder) -> None:
        self.recorder = recorder

    async def _handle(self, path: str) -> None:
        rec = self.recorder
        query = dict(parse_qsl(self.request.query, keep_blank_values=True))
        body = json.loads(self.request.body) if self.request.body else None
        recorded = Recorded(
            self.request.method or "GET", path, dict(query), body, dict(self.request.headers)
        )
        rec.requests.append(recorded)
        if rec.hold is not None:  # a test orders concurrent requests (see register races)
            await rec.hold(recorded)
        parts = path.strip("/").split("/")
        if rec.real_server_quirks:
            if self.request.method == "PATCH" and isinstance(body, dict):
                if _has_decoded_struct(body):
                    self.set_status(400)
                    self.finish({"code": "Bad Request", "message": "invalid struct_value"})
                    return
                if "customProperties" not in body:
                    structs = _struct_keys(await self._upstream_entity(path))
                    if structs:
                        self.set_status(400)
                        self.finish(
                            {
                                "code": "Bad Request",
                                "message": "bad request: unable to decode illegal base64 "
                                f"data at input byte 0 for key {structs[0]}",
                            }
                        )
                        return
                body = {**PATCH_DEFAULTS.get(parts[0], {}), **body}
            if self.request.method == "GET" and parts[-1] in FILTERS_IGNORED_ON:
                query.pop("filterQuery", None)
                query.pop("name", None)
            if self.request.method == "GET" and query.get("orderBy") == "NAME":
                query.pop("orderBy")  # the upstream's default: id
        url = f"{rec.upstream}{API_PREFIX}/{path}" + (f"?{urlencode(query)}" if query else "")
        headers = {k: v for k, v in self.request.headers.items() if k.lower() != "host"}
        response = await AsyncHTTPClient().fetch(
            HTTPRequest(
                url,
                method=self.request.method or "GET",
                headers=headers,
                body=json.dumps(body).encode() if body is not None else None,
                allow_nonstandard_methods=True,
            ),
            raise_error=False,
        )
        recorded.status = response.code
        payload = response.body
        if rec.real_server_quirks and payload:
            payload = _decode_structs(payload)
        if rec.rewrite is not None:
            payload = rec.rewrite(recorded, payload)
        self.set_status(response.code)
        self.set_header("Content-Type", "application/json")
        self.finish(payload)

    async def _upstream_entity(self, path: str) -> Any:
        """The entity at ``path`` as the upstream stores it (None if it has none)."""
        headers = {k: v for k, v in self.request.headers.items() if k.lower() == "authorization"}
        response = await AsyncHTTPClient().fetch(
            f"{self.recorder.upstream}{API_PREFIX}/{path}", headers=headers, raise_error=False
        )
        return json.loads(response.body) if response.code == 200 else None

    async def get(self, path: str) -> None:
        await self._handle(path)

    async def post(self, path: str) -> None:
        await self._handle(path)

    async def patch(self, path: str) -> None:
        await self._handle(path)


class RegistryRecorder:
    """A free loopback port, chosen at once (to configure the extension with); it listens
    from :meth:`start`, called on the running event loop."""

    def __init__(self, upstream: str, real_server_quirks: bool = True) -> None:
        self.upstream = upstream.rstrip("/")
        self.real_server_quirks = real_server_quirks
        self.requests: list[Recorded] = []
        # awaited before a request is forwarded: lets a test hold requests until others
        # arrive, so a race happens for certain (every answer still comes from upstream)
        self.hold: Callable[[Recorded], Awaitable[None]] | None = None
        # applied to each answer before it is sent: a test makes the registry answer oddly
        self.rewrite: Callable[[Recorded, bytes], bytes] | None = None
        self.port = free_port()
        self.server: Any = None

    def start(self) -> RegistryRecorder:
        app = tornado.web.Application([(rf"{API_PREFIX}/(.*)", _Forward, {"recorder": self})])
        self.server = app.listen(self.port, address="127.0.0.1")
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def sent(self, method: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method]
