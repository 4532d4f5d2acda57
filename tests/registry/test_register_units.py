"""``registry/register.py`` piece by piece, written to kill the mutants ``make mutation
MODULES=register`` found surviving (docs/testing.md): the job's JSON, the storage key's slug,
property types at the int32 edges, job retention, the failed job's error and the note a
failed registration's cleanup adds, and what a registration asks the registry.

The registry is the real embedded one (``RegistryService`` without a URL); its transport is
wrapped to record the calls, then passed on unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import Conflict, InvalidInput, KubeflowError, NotFound
from jupyter_kubeflow.registry.register import (
    MAX_KEPT_JOBS,
    Job,
    RegisterRequest,
    _slug,
    metadata_value,
)
from jupyter_kubeflow.registry.service import RegistryConfig, RegistryService
from jupyter_kubeflow.registry.storage import LocalStorage


class Recording:
    """The service's own transport, with each (method, path, query) it was sent recorded."""

    def __init__(self, transport: Any) -> None:
        self.transport = transport
        self.sent: list[tuple[str, str, dict[str, str]]] = []

    async def send(self, method: str, path: str, query: dict[str, str], body: bytes | None):
        self.sent.append((method, path, dict(query)))
        return await self.transport.send(method, path, query, body)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[RegistryService]:
    service = RegistryService(RegistryConfig(data_dir=str(tmp_path), root_dir=str(tmp_path)))
    service.client.transport = Recording(service.client.transport)
    yield service
    assert service.store is not None
    service.store.close()  # the tests await their jobs themselves


# ---- the job's JSON -----------------------------------------------------------------------


def test_a_running_job_reports_its_bytes_and_progress() -> None:
    job = Job(id="j1", total_bytes=200, bytes=50)
    assert job.to_dict() == {
        "id": "j1",
        "state": "RUNNING",
        "progress": 0.25,
        "bytes": 50,
        "totalBytes": 200,
    }
    job.bytes = 300  # more than announced (a file grew): never past 1
    assert job.to_dict()["progress"] == 1.0
    assert Job(id="j", total_bytes=0).to_dict()["progress"] == 0.0  # by reference: no bytes


def test_a_finished_job_carries_its_result_or_its_error() -> None:
    done = Job(id="j", total_bytes=200, bytes=10, state="SUCCEEDED", result={"model": {}})
    assert done.to_dict()["progress"] == 1.0 and done.to_dict()["result"] == {"model": {}}
    assert "error" not in done.to_dict()
    failed = Job(id="j", total_bytes=200, bytes=100, state="FAILED", error={"message": "x"})
    assert failed.to_dict()["progress"] == 0.5 and failed.to_dict()["error"] == {"message": "x"}
    assert "result" not in failed.to_dict()
    assert Job(id="j", total_bytes=0, state="FAILED").to_dict()["progress"] == 0.0


# ---- names and values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("My Model v1!", "My-Model-v1"),
        ("-a-", "a"),
        (".a.", "a"),
        ("XmodelX", "XmodelX"),
        ("a/../b", "a-..-b"),
        ("\u00e9\u00e9", "model"),  # nothing left: a name still
        ("", "model"),
    ],
)
def test_storage_keys_are_slugs_of_the_names(name: str, slug: str) -> None:
    assert _slug(name) == slug


@pytest.mark.parametrize(
    ("value", "typed"),
    [
        (-(2**31), {"metadataType": "MetadataIntValue", "int_value": str(-(2**31))}),
        (2**31 - 1, {"metadataType": "MetadataIntValue", "int_value": str(2**31 - 1)}),
        (2**31, {"metadataType": "MetadataDoubleValue", "double_value": float(2**31)}),
        (-(2**31) - 1, {"metadataType": "MetadataDoubleValue", "double_value": -(2.0**31) - 1}),
    ],
)
def test_integers_beyond_int32_are_stored_as_doubles(value: int, typed: dict[str, Any]) -> None:
    assert metadata_value("k", value) == typed


def test_a_property_of_another_type_names_its_key() -> None:
    with pytest.raises(InvalidInput) as e:
        metadata_value("k", [1])
    assert (e.value.message, e.value.field) == (
        "property 'k' must be a string, number or boolean",
        "properties.k",
    )


# ---- jobs ------------------------------------------------------------------------------


async def test_finished_jobs_are_kept_up_to_the_limit_running_ones_always(service) -> None:
    registrar = service.registrar
    with pytest.raises(NotFound) as e:
        registrar.get("nope")
    assert e.value.message == "no registration job 'nope'"
    for i in range(3):
        registrar._keep(Job(id=f"done-{i}", total_bytes=0, state="SUCCEEDED"))
    assert list(registrar.jobs) == ["done-0", "done-1", "done-2"]  # under the limit: all
    running = [Job(id=f"run-{i}", total_bytes=0) for i in range(MAX_KEPT_JOBS)]
    for job in running:
        registrar._keep(job)
    # 203 jobs: the 3 finished ones go, oldest first; no running job is ever dropped
    assert set(registrar.jobs) == {job.id for job in running}
    running[7].state = "FAILED"  # one ends; the next start makes room by dropping it
    registrar._keep(Job(id="late", total_bytes=0))
    assert len(registrar.jobs) == MAX_KEPT_JOBS and "run-7" not in registrar.jobs
    assert registrar.get("late")["state"] == "RUNNING"


async def test_a_failed_jobs_error_has_a_field_only_when_the_error_names_one(service) -> None:
    registrar = service.registrar

    async def fail_with(error: Exception) -> dict[str, Any]:
        async def register(job: Job, request: RegisterRequest) -> dict[str, Any]:
            raise error

        registrar._register = register  # type: ignore[method-assign]
        job = Job(id="j", total_bytes=0)
        await registrar._run(job, None)  # type: ignore[arg-type]
        assert job.state == "FAILED"
        return job.error or {}

    assert await fail_with(KubeflowError("no field", status=409)) == {
        "message": "no field",
        "status": 409,
    }
    assert await fail_with(InvalidInput("bad", field="modelName")) == {
        "message": "bad",
        "status": 400,
        "field": "modelName",
    }
    assert await fail_with(RuntimeError("boom")) == {
        "message": "registration failed: RuntimeError: boom"
    }


# ---- a failed registration's cleanup note -----------------------------------------------------


async def test_the_cleanup_note_says_what_became_of_the_upload(service, tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "artifacts")
    folder = tmp_path / "artifacts" / "m" / "1-abc"
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"x")
    removed = await service.registrar._remove_upload(
        storage, {"storagePath": str(folder / "model.bin"), "uri": folder.as_uri()}
    )
    assert removed == "the uploaded files were removed" and not folder.exists()
    outside = {"storagePath": "/etc/hostname", "uri": "file:///etc/hostname"}
    kept = await service.registrar._remove_upload(storage, outside)
    assert kept == (
        "the uploaded files at file:///etc/hostname could not be removed "
        "(/etc is not an upload of this storage)"
    )
    assert Path("/etc").is_dir()


# ---- what a registration asks the registry --------------------------------------------------


async def test_a_new_version_of_a_known_model_reuses_it(service) -> None:
    body = {"uri": "s3://bucket/m", "modelName": "known", "versionName": "1"}
    first = await service.registrar.start(body)
    await service.registrar.jobs[first["id"]].task
    recording = service.client.transport
    recording.sent.clear()
    second = await service.registrar.start({**body, "versionName": "2"})
    await asyncio.wait_for(service.registrar.jobs[second["id"]].task, 60)
    assert service.registrar.get(second["id"])["state"] == "SUCCEEDED"
    model_id = service.registrar.get(first["id"])["result"]["model"]["id"]
    assert ("GET", "model_version", {"name": "2", "parentResourceId": model_id}) in recording.sent
    # the model was found, not created again (no POST refused with a 409 first)
    assert ("POST", "registered_models", {}) not in recording.sent


# ---- what validate takes, and the words it refuses with ---------------------------------

BASE = {"uri": "s3://bucket/m", "modelName": "m", "versionName": "v"}


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"modelName": ""}, "modelName", "modelName is required"),
        ({"modelName": 3}, "modelName", "modelName must be a string"),
        ({"modelName": "   "}, "modelName", "modelName must not be blank"),
        ({"properties": [1]}, "properties", "properties must be an object"),
        ({"properties": {"": 1}}, "properties", "property names must not be empty"),
        ({"labels": "x"}, "labels", "labels must be a list of non-empty strings"),
        ({"labels": ["a", ""]}, "labels", "labels must be a list of non-empty strings"),
        ({"labels": [1]}, "labels", "labels must be a list of non-empty strings"),
        ({"lineage": ["x"]}, "lineage", "lineage must be an object"),
        (
            {"lineage": {"foo": "x"}},
            "lineage.foo",
            "lineage.foo is unknown (notebook, pipeline, runId)",
        ),
        ({"lineage": {"notebook": 3}}, "lineage.notebook", "lineage.notebook must be a string"),
    ],
)
async def test_validate_names_the_field_and_says_why(
    service, extra: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as e:
        await service.registrar.validate({**BASE, **extra})
    assert (e.value.field, e.value.message) == (field, message)


async def test_validate_puts_each_field_where_the_registry_keeps_it(service) -> None:
    request = await service.registrar.validate(
        {
            **BASE,
            "modelName": "  m  ",  # required names are trimmed
            "description": "the model",
            "versionDescription": " the version ",  # free text: kept as written
            "author": "me",
            "modelFormatName": "onnx",
            "modelFormatVersion": "1",
            "properties": {"k": 1, "s": "x"},
            "labels": ["prod"],
            "lineage": {"notebook": "n.ipynb", "runId": ""},
        }
    )
    assert (request.model_name, request.version_name, request.storage) == ("m", "v", "local")
    assert request.source is None and request.size == 0
    assert request.model_fields == {"description": "the model", "owner": "me"}
    assert request.version_fields == {
        "description": " the version ",
        "author": "me",
        "customProperties": {
            "k": {"metadataType": "MetadataIntValue", "int_value": "1"},
            "s": {"metadataType": "MetadataStringValue", "string_value": "x"},
            "prod": {"metadataType": "MetadataStringValue", "string_value": ""},
            "kubeflow.notebook": {"metadataType": "MetadataStringValue", "string_value": "n.ipynb"},
        },
    }
    assert request.artifact == {
        "artifactType": "model-artifact",
        "name": "m",
        "uri": "s3://bucket/m",
        "modelFormatName": "onnx",
        "modelFormatVersion": "1",
    }
    bare = await service.registrar.validate(BASE)
    assert bare.model_fields == {} and bare.version_fields == {"customProperties": {}}


async def test_an_upload_is_stored_under_model_version_and_the_jobs_id(
    service, tmp_path: Path
) -> None:
    (tmp_path / "model.bin").write_bytes(b"weights")
    job = await service.registrar.start(
        {"path": "model.bin", "modelName": "My Model", "versionName": "v 1"}
    )
    await asyncio.wait_for(service.registrar.jobs[job["id"]].task, 60)
    done = service.registrar.get(job["id"])
    assert done["state"] == "SUCCEEDED", done
    stored = Path(done["result"]["artifact"]["storagePath"])
    key = f"My-Model/v-1-{job['id'][:8]}"
    assert stored == tmp_path / "registry" / "artifacts" / key / "model.bin"
    assert stored.read_bytes() == b"weights"


async def test_a_version_already_registered_is_refused_before_any_upload(service) -> None:
    job = await service.registrar.start(BASE)
    await asyncio.wait_for(service.registrar.jobs[job["id"]].task, 60)
    with pytest.raises(Conflict) as e:
        await service.registrar.validate(BASE)
    assert (e.value.field, e.value.message) == (
        "versionName",
        "model 'm' already has a version 'v'",
    )
