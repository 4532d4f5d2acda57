"""Two registrations of the same new model at once, made to race for certain.

The extension talks to an external registry (the standalone server) through the recording
proxy of recorder.py, which holds each job's ``POST registered_models`` until both jobs
have sent theirs (a gate with a deadline): both passed validation while the model did not
exist, both uploaded, and both now create the model. Every answer comes from the real
registry behind the proxy, which takes the first and answers 409 to the second; the
recorder keeps those statuses, so each test shows the conflict really happened.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .jobs import finished, start
from .peers import OciRegistry, S3Server
from .recorder import Recorded, RegistryRecorder
from .standalone import StandaloneRegistry
from .test_register_failures import BUCKET, s3_config

pytestmark = pytest.mark.timeout(300)


class Gate:
    """Holds the requests ``match`` picks until ``count`` of them have arrived (or the
    deadline passes: then it opens and says so in ``timed_out``)."""

    def __init__(self, match: Callable[[Recorded], bool], count: int, deadline: float = 30):
        self.match = match
        self.count = count
        self.deadline = deadline
        self.arrived = 0
        self.timed_out = False
        self.opened = asyncio.Event()

    async def __call__(self, recorded: Recorded) -> None:
        if not self.match(recorded):
            return
        self.arrived += 1
        if self.arrived >= self.count:
            self.opened.set()
        try:
            await asyncio.wait_for(self.opened.wait(), self.deadline)
        except TimeoutError:
            self.timed_out = True
            self.opened.set()


def creates(path: str) -> Callable[[Recorded], bool]:
    return lambda r: r.method == "POST" and r.path.strip("/") == path


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandaloneRegistry]:
    # one registry for the module: each test uses model names of its own
    server = StandaloneRegistry(tmp_path_factory.mktemp("races") / "upstream").start()
    yield server
    server.stop()


@pytest.fixture
def recorder(upstream: StandaloneRegistry) -> Iterator[RegistryRecorder]:
    rec = RegistryRecorder(upstream.url, real_server_quirks=False)
    yield rec
    rec.stop()


@pytest.fixture
def kubeflow_config(
    tmp_path: Path,
    recorder: RegistryRecorder,
    s3_server: S3Server,
    oci_registry: OciRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "registry_url": recorder.url,
        **s3_config(s3_server, monkeypatch, "races"),
        "registry_oci_repository": f"{oci_registry.host}/races",
        "registry_oci_tls_verify": False,
    }


@pytest.fixture
def model_file(jp_root_dir: Path) -> Path:
    path = jp_root_dir / "race.onnx"
    path.write_bytes(b"onnx" * 2000)
    return path


async def race(
    api: Any, recorder: RegistryRecorder, bodies: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    gate = Gate(creates("registered_models"), count=len(bodies))
    recorder.hold = gate
    recorder.start()
    started = [await start(api, body) for body in bodies]
    jobs = [await finished(api, job["id"]) for job in started]
    assert not gate.timed_out, "the registrations did not overlap"
    model_posts = [r.status for r in recorder.sent("POST") if r.path == "registered_models"]
    assert sorted(model_posts) == [201, 409], model_posts  # the race happened, once
    return jobs


async def models_named(api: Any, name: str) -> list[dict[str, Any]]:
    code, page = await api(f"registry/models?q={name}")
    assert code == 200
    return [m for m in page["items"] if m["name"] == name]


async def test_two_versions_of_one_new_model_at_once(
    api: Any, recorder: RegistryRecorder, model_file: Path
) -> None:
    bodies = [
        {"path": "race.onnx", "modelName": "raced", "versionName": version}
        for version in ("a", "b")
    ]
    jobs = await race(api, recorder, bodies)
    assert [j["state"] for j in jobs] == ["SUCCEEDED", "SUCCEEDED"], jobs
    assert jobs[0]["result"]["model"]["id"] == jobs[1]["result"]["model"]["id"]
    (model,) = await models_named(api, "raced")  # exactly one model
    code, detail = await api(f"registry/models/{model['id']}")
    assert sorted(v["name"] for v in detail["versions"]) == ["a", "b"]


def oci_tags(oci: OciRegistry, repository: str) -> list[str]:
    try:
        with urllib.request.urlopen(f"http://{oci.host}/v2/{repository}/tags/list") as response:
            return sorted(json.loads(response.read()).get("tags") or [])
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return []
        raise


def stored_uploads(storage: str, kubeflow_data: Path, s3: S3Server, oci: OciRegistry) -> list[str]:
    """What is stored for the model ``dup-<storage>``: one entry per upload."""
    if storage == "local":
        root = kubeflow_data / "registry" / "artifacts" / f"dup-{storage}"
        return sorted(str(p) for p in root.iterdir()) if root.exists() else []
    if storage == "s3":
        listed = s3.client().list_objects_v2(Bucket=BUCKET, Prefix=f"races/dup-{storage}/")
        return sorted(o["Key"] for o in listed.get("Contents", []))
    return oci_tags(oci, f"races/dup-{storage}")


@pytest.mark.parametrize("storage", ["local", "s3", "oci"])
async def test_the_same_version_twice_at_once(
    api: Any,
    recorder: RegistryRecorder,
    model_file: Path,
    tmp_path: Path,
    s3_server: S3Server,
    oci_registry: OciRegistry,
    storage: str,
) -> None:
    """Both pass the version check (no model yet), both upload; the second version is a
    conflict after its upload: a 409 naming the version, and its files are removed."""
    body = {"path": "race.onnx", "modelName": f"dup-{storage}", "versionName": "1"}
    # a file:// URI to an external registry only when asked for (issue 22 item 9)
    local = {"allowLocalUri": True} if storage == "local" else {}
    jobs = await race(api, recorder, [{**body, "storage": storage, **local}] * 2)
    states = sorted(j["state"] for j in jobs)
    assert states == ["FAILED", "SUCCEEDED"], jobs
    won = next(j for j in jobs if j["state"] == "SUCCEEDED")
    lost = next(j for j in jobs if j["state"] == "FAILED")
    assert lost["error"]["status"] == 409 and lost["error"]["field"] == "versionName"
    assert lost["error"]["message"] == (
        f"model 'dup-{storage}' already has a version '1' (registered while this upload "
        "ran); the uploaded files were removed"
    )
    version_posts = [r.status for r in recorder.sent("POST") if r.path.endswith("/versions")]
    assert sorted(version_posts) == [201, 409]
    (model,) = await models_named(api, f"dup-{storage}")
    code, detail = await api(f"registry/models/{model['id']}")
    assert [v["name"] for v in detail["versions"]] == ["1"]
    # only the winner's upload is left, and it is the one its artifact points to
    uploads = stored_uploads(storage, tmp_path / "kubeflow-data", s3_server, oci_registry)
    artifact = won["result"]["artifact"]
    assert len(uploads) == 1, uploads
    assert uploads[0] in artifact["storagePath"] or artifact["storagePath"].endswith(uploads[0])


async def test_a_job_past_its_deadline_fails_loudly(
    api: Any, recorder: RegistryRecorder, model_file: Path
) -> None:
    """jobs.finished: a registration still running at the deadline fails the test, naming
    the job and its state (here its model creation is held for a while)."""
    gate = Gate(creates("registered_models"), count=2, deadline=1.5)
    recorder.hold = gate
    recorder.start()
    job = await start(api, {"path": "race.onnx", "modelName": "slow", "versionName": "1"})
    with pytest.raises(AssertionError, match=f"registration {job['id']} still running after"):
        await finished(api, job["id"], deadline=0.5)
    done = await finished(api, job["id"])  # the gate opens at its own deadline
    assert done["state"] == "SUCCEEDED" and gate.timed_out
