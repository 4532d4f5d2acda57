"""Registering a file or folder: validate, upload with progress, create the entities.

``POST register`` checks everything it can before any byte moves (names, path, version
not yet used) and answers 400/404/409/422 directly; then a background job copies the
files (in a worker thread, progress counted in bytes) and creates or reuses the
RegisteredModel, then the ModelVersion and its ModelArtifact.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Conflict, InvalidInput, KubeflowError, NotFound, Unprocessable
from ..redaction import redact
from .entities import INT32, URI, check_name, check_text
from .oci import OciStorage, skopeo_available
from .storage import (
    PATH_MAX,
    Cancelled,
    LocalStorage,
    S3Storage,
    SourceTree,
    Storage,
    free_bytes,
)

if TYPE_CHECKING:
    from .service import RegistryService

log = logging.getLogger(__name__)

LINEAGE_PROPERTIES = {
    "notebook": "kubeflow.notebook",
    "pipeline": "kubeflow.pipeline",
    "runId": "kubeflow.run_id",
}
# Where a model came from, as the spec's ModelArtifact fields: what other registry UIs (the
# Hub's) read to link back to the source. ``kind`` is required; "kfp" with class
# "pipelinerun" for a Kubeflow Pipelines run (group: its namespace, id and name: the
# run's), "catalog" for a model of the model catalog (class: the source's id).
MODEL_SOURCE_FIELDS = {
    "kind": "modelSourceKind",
    "class": "modelSourceClass",
    "group": "modelSourceGroup",
    "id": "modelSourceId",
    "name": "modelSourceName",
}
MAX_KEPT_JOBS = 200
# Free space an upload leaves on the server's disk (the server and the notebooks need some).
FREE_RESERVE = 256 * 1024 * 1024


@dataclass
class RegisterRequest:
    source: SourceTree | None  # None: register by reference (``uri``), nothing to upload
    model_name: str
    version_name: str
    storage: str
    artifact: dict[str, Any]
    model_fields: dict[str, Any]
    version_fields: dict[str, Any]
    size: int = 0  # bytes to upload


@dataclass
class Job:
    id: str
    total_bytes: int
    state: str = "RUNNING"
    bytes: int = 0
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)
    storage: str = ""
    # set by cancel(): the copy stops at its next read (shared with the request's source)
    stop: threading.Event = field(default_factory=threading.Event, repr=False)

    def to_dict(self) -> dict[str, Any]:
        progress = 1.0 if self.state == "SUCCEEDED" else 0.0
        if self.total_bytes and self.state != "SUCCEEDED":
            progress = min(self.bytes / self.total_bytes, 1.0)
        body: dict[str, Any] = {
            "id": self.id,
            "state": self.state,
            "progress": progress,
            "bytes": self.bytes,
            "totalBytes": self.total_bytes,
        }
        if self.result is not None:
            body["result"] = self.result
        if self.error is not None:
            body["error"] = self.error
        return body


LOCAL_URI_REASON = (
    "a file:// URI names a path on this Jupyter server only: the external model registry's "
    "other users and KServe in the cluster cannot read it"
)


def _slug(text: str) -> str:
    # At most 96 characters: a name the registry takes (255 characters) is always a folder
    # name local storage can hold, with the version's and the job's parts (255 bytes).
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:96].strip("-.") or "model"


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,} bytes" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return ""


def metadata_value(key: str, value: Any) -> dict[str, Any]:
    """A property as the registry's typed MetadataValue."""
    if isinstance(value, bool):
        return {"metadataType": "MetadataBoolValue", "bool_value": value}
    if isinstance(value, int) and INT32[0] <= value <= INT32[1]:
        return {"metadataType": "MetadataIntValue", "int_value": str(value)}
    if isinstance(value, (int, float)):
        return {"metadataType": "MetadataDoubleValue", "double_value": float(value)}
    if isinstance(value, str):
        return {"metadataType": "MetadataStringValue", "string_value": value}
    raise InvalidInput(
        f"property {key!r} must be a string, number or boolean", field=f"properties.{key}"
    )


def model_source(given: Any) -> dict[str, str]:
    """The register body's ``modelSource`` ({kind, class, group, id, name}) as the model
    artifact's ``modelSource*`` fields; {} when absent."""
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise InvalidInput("modelSource must be an object", field="modelSource")
    fields: dict[str, str] = {}
    for key, value in given.items():
        where = f"modelSource.{key}"
        if key not in MODEL_SOURCE_FIELDS:
            raise InvalidInput(
                f"{where} is unknown ({', '.join(MODEL_SOURCE_FIELDS)})", field=where
            )
        if not isinstance(value, str):
            raise InvalidInput(f"{where} must be a string", field=where)
        if value:
            fields[MODEL_SOURCE_FIELDS[key]] = check_text(where, value)
    if fields and "modelSourceKind" not in fields:
        raise InvalidInput("modelSource.kind is required", field="modelSource.kind")
    return fields


def _text(body: dict[str, Any], key: str, required: bool = False) -> str:
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise InvalidInput(f"{key} is required", field=key)
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string", field=key)
    if required and not value.strip():
        raise InvalidInput(f"{key} must not be blank", field=key)
    return value.strip() if required else value


class Registrar:
    def __init__(self, service: RegistryService) -> None:
        self.service = service
        self.jobs: dict[str, Job] = {}
        artifacts = Path(service.config.data_dir) / "registry" / "artifacts"
        self.storages: dict[str, Storage] = {"local": LocalStorage(artifacts)}
        s3 = service.config.storage.get("s3") or {}
        if s3.get("bucket"):
            self.storages["s3"] = S3Storage(**s3)
        oci = service.config.storage.get("oci") or {}
        if oci.get("repository") and skopeo_available():
            self.storages["oci"] = OciStorage(**oci)

    def storage_kinds(self) -> list[str]:
        return list(self.storages)

    def default_storage(self) -> str:
        """Where a file goes when the request names no storage: the local folder for the
        embedded registry; for an external one, the configured S3 or OCI storage first
        (a file:// URI exists only on this Jupyter server)."""
        if self.service.mode == "external":
            for kind in ("s3", "oci"):
                if kind in self.storages:
                    return kind
        return "local"

    def _check_reachable(self, storage: str, uri: str, allowed: bool) -> None:
        """In external mode a ``file://`` URI names a path on this Jupyter server only:
        the registry's other users and KServe in the cluster cannot read it. Refused unless
        the request says it knows (``allowLocalUri``)."""
        local = uri.lower().startswith("file:") if uri else storage == "local"
        if self.service.mode != "external" or not local or allowed:
            return
        remote = [kind for kind in ("s3", "oci") if kind in self.storages]
        instead = (
            f"choose storage {' or '.join(remote)} (configured here)"
            if remote
            else "configure S3 (registry_s3_bucket) or OCI (registry_oci_repository) storage"
        )
        raise Unprocessable(
            f"{LOCAL_URI_REASON}: {instead}, or send allowLocalUri: true to register it anyway",
            field="uri" if uri else "storage",
        )

    # -- validation -----------------------------------------------------------------------
    async def validate(self, body: dict[str, Any]) -> RegisterRequest:
        uri = _text(body, "uri")
        path = _text(body, "path", required=not uri)
        if uri and path:
            raise InvalidInput(
                "give path (to upload) or uri (already stored), not both", field="uri"
            )
        if uri and not URI.fullmatch(uri):
            raise InvalidInput("uri must be an absolute URI, e.g. s3://bucket/model", field="uri")
        model_name = check_name("modelName", _text(body, "modelName", required=True))
        version_name = check_name("versionName", _text(body, "versionName", required=True))
        storage = _text(body, "storage") or self.default_storage()
        if storage not in ("local", "s3", "oci"):
            raise InvalidInput("storage must be local, s3 or oci", field="storage")
        allow_local = body.get("allowLocalUri", False)
        if not isinstance(allow_local, bool):
            raise InvalidInput("allowLocalUri must be true or false", field="allowLocalUri")
        if storage not in self.storages:
            raise Unprocessable(
                f"{storage} storage is not configured on this server "
                f"(available: {', '.join(self.storages)})",
                field="storage",
            )
        self._check_reachable(storage, uri, allow_local)
        source: SourceTree | None = None
        size = 0
        if path:
            source = await asyncio.to_thread(self.service.resolve_source, path)
            # Before any byte moves: a link leaving the root is a 400 naming it.
            size = await asyncio.to_thread(source.check)
            self._check_room(storage, size, path, source.longest)
        custom: dict[str, Any] = {}
        properties = body.get("properties") or {}
        if not isinstance(properties, dict):
            raise InvalidInput("properties must be an object", field="properties")
        for key, value in properties.items():
            if not key:
                raise InvalidInput("property names must not be empty", field="properties")
            custom[key] = metadata_value(key, value)
        labels = body.get("labels") or []
        if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
            raise InvalidInput("labels must be a list of non-empty strings", field="labels")
        for label in labels:  # the Model Registry UI's convention: an empty string value
            custom[label] = {"metadataType": "MetadataStringValue", "string_value": ""}
        lineage = body.get("lineage") or {}
        if not isinstance(lineage, dict):
            raise InvalidInput("lineage must be an object", field="lineage")
        for key, value in lineage.items():
            if key not in LINEAGE_PROPERTIES:
                raise InvalidInput(
                    f"lineage.{key} is unknown (notebook, pipeline, runId)", field=f"lineage.{key}"
                )
            if not isinstance(value, str):
                raise InvalidInput(f"lineage.{key} must be a string", field=f"lineage.{key}")
            if value:
                custom[LINEAGE_PROPERTIES[key]] = {
                    "metadataType": "MetadataStringValue",
                    "string_value": value,
                }
        author = _text(body, "author")
        artifact: dict[str, Any] = {"artifactType": "model-artifact", "name": model_name}
        artifact.update(model_source(body.get("modelSource")))
        if uri:
            artifact["uri"] = uri
        for key in ("modelFormatName", "modelFormatVersion"):
            if text := _text(body, key):
                artifact[key] = text
        version_fields: dict[str, Any] = {"customProperties": custom}
        if text := _text(body, "versionDescription"):
            version_fields["description"] = text
        if author:
            version_fields["author"] = author
        model_fields: dict[str, Any] = {}
        if text := _text(body, "description"):
            model_fields["description"] = text
        if author:
            model_fields["owner"] = author
        # The version name must be free in that model (if the model exists).
        model = await self._find_model(model_name)
        if model is not None and await self._find_version(model["id"], version_name):
            raise Conflict(
                f"model {model_name!r} already has a version {version_name!r}",
                field="versionName",
            )
        return RegisterRequest(
            source, model_name, version_name, storage, artifact, model_fields, version_fields, size
        )

    async def _find_model(self, name: str) -> dict[str, Any] | None:
        try:
            return await self.service.client.request("GET", "registered_model", {"name": name})
        except NotFound:
            return None

    async def _find_version(self, model_id: str, name: str) -> dict[str, Any] | None:
        try:
            return await self.service.client.request(
                "GET", "model_version", {"name": name, "parentResourceId": model_id}
            )
        except NotFound:
            return None

    def _check_room(self, storage: str, size: int, path: str, longest: int = 0) -> None:
        """Refuse, before a byte is copied, a model over the configured cap, one that does
        not fit the free space of the disk the upload fills (less what the uploads still
        running there will write, and a reserve), or one whose paths the local copy
        cannot hold (``longest``: bytes of its longest path)."""
        cap = self.service.config.max_upload_bytes
        if cap and size > cap:
            raise KubeflowError(
                f"{path} holds {_size(size)}: this server registers at most {_size(cap)} "
                "(registry_max_upload_bytes)",
                field="path",
                status=413,
            )
        spool = self.storages[storage].spool
        if spool is None:
            return
        # <spool>/.staging/<32 hex>/<path>, then <spool>/<model>/<version>-<job>/<path>
        if len(os.fsencode(spool.absolute())) + 240 + longest >= PATH_MAX:
            raise InvalidInput(
                f"{path} holds a path of {longest} bytes: too long for this server's "
                "storage folder; register a flatter folder (or an archive of it)",
                field="path",
            )
        pending = sum(
            j.total_bytes - j.bytes
            for j in self.jobs.values()
            if j.state == "RUNNING" and self.storages[j.storage].spool == spool
        )
        free = free_bytes(spool) - pending - FREE_RESERVE
        if size > free:
            raise KubeflowError(
                f"{path} holds {_size(size)}, and the server's disk has {_size(max(free, 0))} "
                f"free for it ({_size(FREE_RESERVE)} kept in reserve): free some space or "
                "choose another storage",
                field="path",
                status=507,
            )

    # -- jobs -----------------------------------------------------------------------------
    async def start(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.launch(await self.validate(body))

    def launch(self, request: RegisterRequest) -> dict[str, Any]:
        """Run a validated registration as a background job (callers may add to the
        request, e.g. the model catalog records where a model came from)."""
        job = Job(id=uuid.uuid4().hex, total_bytes=request.size, storage=request.storage)
        if request.source is not None:
            job.stop = request.source.stop
        self._keep(job)
        job.task = asyncio.create_task(self._run(job, request))
        return job.to_dict()

    def get(self, job_id: str) -> dict[str, Any]:
        job = self.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no registration job {job_id!r}")
        return job.to_dict()

    def cancel(self, job_id: str) -> dict[str, Any]:
        """Stop a running registration: its copy stops at the next read and what it wrote is
        removed; nothing is registered. A finished job is answered as it is."""
        job = self.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no registration job {job_id!r}")
        if job.state == "RUNNING":
            job.stop.set()
        return job.to_dict()

    def _keep(self, job: Job) -> None:
        self.jobs[job.id] = job
        finished = [j for j in self.jobs.values() if j.state != "RUNNING"]
        for old in finished[: max(0, len(self.jobs) - MAX_KEPT_JOBS)]:
            self.jobs.pop(old.id, None)

    async def _run(self, job: Job, request: RegisterRequest) -> None:
        try:
            job.result = await self._register(job, request)
            job.state = "SUCCEEDED"
        except Cancelled:
            job.state = "CANCELLED"
        except KubeflowError as e:
            job.state = "FAILED"
            job.error = {
                "message": e.message,
                "status": e.status,  # what a synchronous request would have answered
                **({"field": e.field} if e.field else {}),
            }
        except Exception as e:  # the job must end in a state, whatever happened
            log.exception("registration %s failed", job.id)
            job.state = "FAILED"
            job.error = {"message": redact(f"registration failed: {type(e).__name__}: {e}")}

    async def _register(self, job: Job, request: RegisterRequest) -> dict[str, Any]:
        def progress(n: int) -> None:
            job.bytes += n

        storage = self.storages[request.storage]
        key = f"{_slug(request.model_name)}/{_slug(request.version_name)}-{job.id[:8]}"
        location: dict[str, Any] = {}
        if request.source is not None:
            location = await asyncio.to_thread(storage.upload, request.source, key, progress)
        try:
            if job.stop.is_set():  # cancelled once the copy was over: nothing registered
                raise Cancelled("registration cancelled")
            return await self._create_entities(request, location)
        except Exception as e:
            # Nothing half-written: files nobody's artifact points to are removed again.
            if location:
                note = await self._remove_upload(storage, location)
                if isinstance(e, KubeflowError):
                    e.message = f"{e.message}; {note}"
            raise

    async def _remove_upload(self, storage: Storage, location: dict[str, Any]) -> str:
        try:
            await asyncio.to_thread(storage.remove, location)
        except Exception as e:  # the registration's own error is the one to report
            log.warning("could not remove %s after a failed registration: %s", location, e)
            return f"the uploaded files at {location.get('uri')} could not be removed ({e})"
        return "the uploaded files were removed"

    async def _create_entities(
        self, request: RegisterRequest, location: dict[str, Any]
    ) -> dict[str, Any]:
        client = self.service.client
        model = await self._find_model(request.model_name)
        if model is None:
            try:
                model = await client.request(
                    "POST",
                    "registered_models",
                    body={"name": request.model_name, **request.model_fields},
                )
            except Conflict:  # registered meanwhile by someone else: use theirs
                model = await self._find_model(request.model_name)
                assert model is not None
        try:
            version = await client.request(
                "POST",
                f"registered_models/{model['id']}/versions",
                body={
                    "name": request.version_name,
                    "registeredModelId": model["id"],
                    **request.version_fields,
                },
            )
        except Conflict:  # checked free before the upload; registered meanwhile
            raise Conflict(
                f"model {request.model_name!r} already has a version {request.version_name!r} "
                "(registered while this upload ran)",
                field="versionName",
            ) from None
        artifact = await client.request(
            "POST",
            f"model_versions/{version['id']}/artifacts",
            body={**request.artifact, **location, "state": "LIVE"},
        )
        return {"model": model, "version": version, "artifact": artifact}

    async def aclose(self) -> None:
        tasks = [j.task for j in self.jobs.values() if j.task and not j.task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
