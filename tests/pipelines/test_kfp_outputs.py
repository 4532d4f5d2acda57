"""A Kubeflow run's metrics and outputs (issue 21 item 2), read from KFP's artifact store.

The store is a real S3 server (versitygw, the registry tests' peer); KFP's API server is the
contract FAKE of test_submit (no KFP API server can run here), which, like KFP 2.x up to
2.17, names no artifact in a run's details. The objects in the store are what the KFP v2
launcher leaves there (kubeflow/pipelines ``backend/src/v2/component/launcher_v2.go``,
``uploadOutputArtifacts``): each output artifact's local file or folder, as the generated
step code wrote it in a real ``kfp.local`` run of the same notebook, uploaded under
``<pipeline root>/<pipeline name>/<run id>/<task>/<salt>/<output>``
(``metadata.GenerateOutputURI``; the salt is a newer driver's ``outputURISalt``).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import subprocess
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from registry.peers import S3Server  # the registry tests' real S3 peer
from workspaces.cluster import KUBECONFIG, KUBECTL, NAMESPACE

from jupyter_kubeflow.errors import Conflict, NotFound
from jupyter_kubeflow.kube_connection import ConnectionHolder
from jupyter_kubeflow.pipelines import kfp_outputs
from jupyter_kubeflow.pipelines.kfp_outputs import (
    IN_CLUSTER_ENDPOINT,
    ArtifactStore,
    secret_keys,
)
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS, unreachable_kubeconfig
from .kfp_fake import serving
from .test_submit import TOKEN, KfpContractFake

BUCKET = "mlpipeline"
ROOT = "v2/artifacts"  # KFP's defaultPipelineRoot minio://mlpipeline/v2/artifacts
SALT = "7c1e5a"
PIPELINE = "p"  # the pipeline of p.ipynb


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = S3Server(tmp_path_factory.mktemp("kfp-store")).start()
    server.client().create_bucket(Bucket=BUCKET)
    yield server
    server.stop()


@pytest.fixture
def store(s3: S3Server) -> S3Server:
    """The store, empty (each test's fake numbers its runs from run-1)."""
    client = s3.client()
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents") or []:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    return s3


@pytest.fixture(scope="module")
def local_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    """A real kfp.local run of parallel.ipynb: the folder of its tasks' outputs (laid out as
    KFP's pipeline root is: ``<task>/<output>``) and the metrics it reported."""
    root = tmp_path_factory.mktemp("local")
    (root / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    service = PipelinesService(root_dir=root, data_dir=root / "data")
    started = service.start_run_file(root / "p.ipynb", "local", runner="kfp-local")
    assert service.runs.wait(started["id"], timeout=240) == 0
    run = service.runs.get(started["id"])
    assert run["status"] == "SUCCEEDED", run["log_tail"]
    (folder,) = (root / "data" / "runs" / run["id"] / "outputs").iterdir()
    return folder, run["metrics"]


@pytest.fixture
def kfp() -> Iterator[KfpContractFake]:
    yield from serving()


def make_service(
    kfp: KfpContractFake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    endpoint: str,
    in_cluster_endpoint: str = IN_CLUSTER_ENDPOINT,
) -> PipelinesService:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    monkeypatch.setenv("KFP_ARTIFACT_ACCESS_KEY", S3Server.access_key)
    monkeypatch.setenv("KFP_ARTIFACT_SECRET_KEY", S3Server.secret_key)
    root = tmp_path / "root"
    root.mkdir()
    (root / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    return PipelinesService(
        root_dir=root,
        data_dir=tmp_path / "data",
        kfp_host=kfp.url,
        artifact_store=ArtifactStore(endpoint=endpoint, in_cluster_endpoint=in_cluster_endpoint),
    )


def launcher_upload(s3: S3Server, local: Path, kfp_run_id: str) -> None:
    """What the KFP launcher uploads for each task of the run: every file of each output
    artifact's local path, under the URI the driver chose for it."""
    client = s3.client()
    for path in sorted(p for p in local.rglob("*") if p.is_file()):
        task, output, *rest = path.relative_to(local).parts
        if output != "executor_output.json":  # the launcher's own, not an artifact
            key = "/".join([ROOT, PIPELINE, kfp_run_id, task, SALT, output, *rest])
            client.upload_file(str(path), BUCKET, key)


def test_the_steps_write_their_metrics_into_their_metrics_artifact(
    local_outputs: tuple[Path, dict[str, float]],
) -> None:
    """The file KFP's launcher uploads holds the metrics as JSON (kfp.local's own record of
    them, from log_metric, is unchanged)."""
    folder, metrics = local_outputs
    assert metrics == {"result": 19.0}
    assert json.loads((folder / "step-finish" / "kfp_metrics").read_text()) == metrics


def test_a_kubeflow_runs_metrics_and_outputs_come_from_the_artifact_store(
    kfp: KfpContractFake,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = make_service(kfp, tmp_path, monkeypatch, store.endpoint)
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp_run_id = started["kfp_run_id"]
    folder, metrics = local_outputs
    launcher_upload(store, folder, kfp_run_id)

    run = asyncio.run(service.get_run(started["id"]))
    assert run["status"] == "SUCCEEDED"
    assert run["metrics"] == metrics
    assert run["outputs_where"] is None
    base = f"minio://{BUCKET}/{ROOT}/{PIPELINE}/{kfp_run_id}"
    by_name = {(o["step"], o["name"]): o for o in run["outputs"]}
    assert by_name[("join", "box")]["uri"] == f"{base}/step-join/{SALT}/out__box"
    assert by_name[("finish", "kfp_metrics")]["type"] == "Metrics"
    assert sorted(by_name) == [
        ("finish", "kfp_metrics"), ("join", "box"), ("left", "left"), ("right", "right")
    ]  # fmt: skip
    # kept in the record: the runs list (and so compare) shows them without asking again
    (listed,) = [r for r in asyncio.run(service.list_runs()) if r["id"] == started["id"]]
    assert listed["metrics"] == metrics and listed["outputs"] == run["outputs"]

    chunks, size, name = service.kfp_output(started["id"], by_name[("join", "box")]["uri"])
    data = b"".join(chunks)
    assert (name, size) == ("value.pkl", len(data))
    assert data == (folder / "step-join" / "out__box" / "value.pkl").read_bytes()


def test_only_an_output_the_run_lists_is_read_from_the_store(
    kfp: KfpContractFake,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = make_service(kfp, tmp_path, monkeypatch, store.endpoint)
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    launcher_upload(store, local_outputs[0], started["kfp_run_id"])
    asyncio.run(service.get_run(started["id"]))
    other = f"minio://{BUCKET}/{ROOT}/{PIPELINE}/another-run/step-join/{SALT}/out__box"
    with pytest.raises(NotFound, match="has no output"):
        service.kfp_output(started["id"], other)


def test_without_a_store_the_run_says_where_to_read_its_metrics_and_outputs(
    kfp: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)  # not in a pod
    service = make_service(kfp, tmp_path, monkeypatch, "")
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    run = asyncio.run(service.get_run(started["id"]))
    assert run["status"] == "SUCCEEDED"
    assert run["metrics"] == {} and run["outputs"] == []
    assert "kfp_artifact_endpoint" in run["outputs_where"]
    assert "outside the cluster" in run["outputs_where"]
    assert "minio-service.kubeflow:9000" in run["outputs_where"]
    assert f"{kfp.url}/#/runs/details/{started['kfp_run_id']}" in run["outputs_where"]


def test_a_store_refusing_the_keys_is_said_without_the_keys(
    kfp: KfpContractFake, store: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = make_service(kfp, tmp_path, monkeypatch, store.endpoint)
    monkeypatch.setenv("KFP_ARTIFACT_SECRET_KEY", "not-the-secret-3e9d")
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    run = asyncio.run(service.get_run(started["id"]))
    assert run["outputs"] == []
    assert "cannot be read" in run["outputs_where"]
    assert "runs/details/" in run["outputs_where"]
    assert "not-the-secret-3e9d" not in str(run) and S3Server.access_key not in str(run)


def test_a_run_with_nothing_in_the_store_says_so_and_where_to_look(
    kfp: KfpContractFake, store: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = make_service(kfp, tmp_path, monkeypatch, store.endpoint)
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    run = asyncio.run(service.get_run(started["id"]))
    assert run["outputs"] == [] and run["metrics"] == {}
    assert f"{ROOT}/{PIPELINE}/{started['kfp_run_id']}" in run["outputs_where"]


@pytest.fixture
def kubeflow_config(
    kfp: KfpContractFake, store: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    monkeypatch.setenv("KFP_ARTIFACT_ACCESS_KEY", S3Server.access_key)
    monkeypatch.setenv("KFP_ARTIFACT_SECRET_KEY", S3Server.secret_key)
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "kfp_host": kfp.url,
        "kfp_artifact_endpoint": store.endpoint,
    }


async def route_run(
    api: Any, jp_root_dir: Path, upload: Callable[[str], object]
) -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]:
    """A Kubeflow run of p.ipynb made through the routes, ``upload(kfp_run_id)`` putting its
    outputs in the store: the run once ended, its ``box`` output and the output route."""
    (jp_root_dir / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    code, run = await api("pipelines/runs", "POST", {"path": "p.ipynb", "mode": "kfp"})
    assert code == 202, run
    upload(run["kfp_run_id"])
    code, run = await api(f"pipelines/runs/{run['id']}")
    (box,) = [o for o in run["outputs"] if o["name"] == "box"]
    return run, box, ("kubeflow", "api", "pipelines", "runs", run["id"], "output")


async def test_route_serves_a_listed_output_and_nothing_else(
    api: Any,
    jp_fetch: Any,
    jp_root_dir: Path,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
) -> None:
    run, box, route = await route_run(
        api, jp_root_dir, lambda kfp_run_id: launcher_upload(store, local_outputs[0], kfp_run_id)
    )
    assert run["metrics"] == local_outputs[1]
    response = await jp_fetch(*route, params={"uri": box["uri"]})
    assert response.body == (local_outputs[0] / "step-join" / "out__box" / "value.pkl").read_bytes()
    assert 'filename="value.pkl"' in response.headers["Content-Disposition"]
    other = box["uri"].replace(run["kfp_run_id"], "run-999")
    for params, status in (({"uri": other}, 404), ({}, 400)):
        response = await jp_fetch(*route, params=params, raise_error=False)
        assert response.code == status
        assert json.loads(response.body)["field"] == "uri"


def test_without_keys_here_the_namespaces_kfp_secret_opens_the_store(
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As KFP's launcher opens the bucket (``objectstore.OpenBucket``): the keys of the
    run's profile namespace's ``mlpipeline-minio-artifact`` secret (``accesskey``,
    ``secretkey``), read through the real test API server (``make cluster``) with the
    server's cluster credentials; they reach neither the answer nor the record."""
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    monkeypatch.delenv("KFP_ARTIFACT_ACCESS_KEY", raising=False)
    monkeypatch.delenv("KFP_ARTIFACT_SECRET_KEY", raising=False)
    # boto3's own keys (the registry's S3 storage reads these) are never sent to KFP's store
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3Server.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3Server.secret_key)
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "mlpipeline-minio-artifact", "namespace": NAMESPACE},
        "stringData": {"accesskey": S3Server.access_key, "secretkey": S3Server.secret_key},
    }
    kubectl = [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin"]
    root = tmp_path / "root"
    root.mkdir()
    (root / "p.ipynb").write_bytes((NOTEBOOKS / "parallel.ipynb").read_bytes())
    with contextlib.ExitStack() as stack:
        kfp = stack.enter_context(contextlib.contextmanager(serving)(multi_user=True))
        service = PipelinesService(
            root_dir=root,
            data_dir=tmp_path / "data",
            kfp_host=kfp.url,
            kfp_namespace=NAMESPACE,
            kube=ConnectionHolder(str(KUBECONFIG), "admin"),
            artifact_store=ArtifactStore(endpoint=store.endpoint),
        )
        first = service.start_run_file(root / "p.ipynb", "kfp")
        run = asyncio.run(service.get_run(first["id"]))
        assert run["outputs"] == [] and "cannot be read" in run["outputs_where"]

        subprocess.run([*kubectl, "apply", "-f", "-"], input=json.dumps(secret), text=True,
                       check=True, capture_output=True)  # fmt: skip
        stack.callback(
            subprocess.run,
            [*kubectl, "-n", NAMESPACE, "delete", "secret", "mlpipeline-minio-artifact"],
            capture_output=True,
        )
        second = service.start_run_file(root / "p.ipynb", "kfp")
        launcher_upload(store, local_outputs[0], second["kfp_run_id"])
        run = asyncio.run(service.get_run(second["id"]))
        assert run["metrics"] == local_outputs[1] and run["outputs_where"] is None
        (box,) = [o for o in run["outputs"] if o["name"] == "box"]
        chunks, _, _ = service.kfp_output(second["id"], box["uri"])
        assert b"".join(chunks) == (local_outputs[0] / "step-join/out__box/value.pkl").read_bytes()
        kept = (tmp_path / "data" / "runs" / second["id"] / "run.json").read_text()
        assert S3Server.secret_key not in kept + json.dumps(run)


def test_an_unreachable_cluster_leaves_the_store_without_the_secrets_keys(
    tmp_path: Path,
) -> None:
    """The namespace's secret cannot be read when the API server is down: no keys (the
    run then says the store cannot be read), not urllib3's MaxRetryError escaping."""
    kube = ConnectionHolder(str(unreachable_kubeconfig(tmp_path)))
    assert secret_keys(kube, NAMESPACE) is None


def test_a_runs_own_pipeline_root_is_where_its_outputs_are_looked_for(
    kfp: KfpContractFake,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run made with ``runtime_config.pipeline_root`` (KFP echoes it in the run) has its
    outputs there, not under the default root; an ``s3://`` root keeps its scheme."""
    service = make_service(kfp, tmp_path, monkeypatch, store.endpoint)
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp_run_id = started["kfp_run_id"]
    kfp.runs[kfp_run_id].setdefault("runtime_config", {})["pipeline_root"] = (
        f"s3://{BUCKET}/team-roots/a"
    )
    client = store.client()
    for path in sorted(p for p in local_outputs[0].rglob("*") if p.is_file()):
        task, output, *rest = path.relative_to(local_outputs[0]).parts
        if output != "executor_output.json":
            key = "/".join(["team-roots/a", PIPELINE, kfp_run_id, task, output, *rest])
            client.upload_file(str(path), BUCKET, key)  # an older driver: no salt
    launcher_upload(store, local_outputs[0], kfp_run_id)  # under the default root: not read
    run = asyncio.run(service.get_run(started["id"]))
    assert run["metrics"] == local_outputs[1]
    assert {o["uri"] for o in run["outputs"] if o["name"] == "box"} == {
        f"s3://{BUCKET}/team-roots/a/{PIPELINE}/{kfp_run_id}/step-join/out__box"
    }


# A directory artifact as the launcher uploads it (``objectstore.UploadBlob`` walks the
# folder): one object per file under the output's URI, sub-folders and any names included.
FOLDER_FILES = {
    "value.pkl": None,  # the generated step's own file (from the real kfp.local run)
    "extra/notes.txt": b"written by the step beside its value\n",
    "r\u00e9sum\u00e9 2026.csv": b"a,b\n1,2\n",
    "empty": b"",
    "deep/" + "n" * 120 + ".bin": bytes(range(256)) * 9,  # past ustar's 100-character names
}


def upload_folder(store: S3Server, local: Path, kfp_run_id: str) -> dict[str, bytes]:
    """The run's outputs, its ``box`` output a folder of several files: what each holds."""
    launcher_upload(store, local, kfp_run_id)
    prefix = "/".join([ROOT, PIPELINE, kfp_run_id, "step-join", SALT, "out__box"])
    files = {}
    for name, data in FOLDER_FILES.items():
        if data is None:
            data = (local / "step-join" / "out__box" / name).read_bytes()
        else:
            store.client().put_object(Bucket=BUCKET, Key=f"{prefix}/{name}", Body=data)
        files[f"out__box/{name}"] = data
    return files


def untar(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def test_a_folder_output_of_several_files_downloads_as_one_tar(
    kfp: KfpContractFake,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KFP's launcher uploads a directory artifact file by file under its URI: it is served
    as one tar of them under the folder's name (non-ASCII and long names kept), its size
    known before the first byte. A folder of more files or bytes than a download serves, or
    holding a name that would lead out of the folder once unpacked, is a 409 saying so."""
    service = make_service(kfp, tmp_path, monkeypatch, store.endpoint)
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    files = upload_folder(store, local_outputs[0], started["kfp_run_id"])
    run = asyncio.run(service.get_run(started["id"]))
    (box,) = [o for o in run["outputs"] if o["name"] == "box"]
    assert box["size"] == sum(len(data) for data in files.values())
    assert box["files"] == len(FOLDER_FILES)  # the view offers it as a .tar of them
    chunks, size, name = service.kfp_output(started["id"], box["uri"])
    data = b"".join(chunks)
    assert name == "out__box.tar" and size == len(data)
    assert untar(data) == files

    monkeypatch.setattr(kfp_outputs, "MAX_FOLDER_FILES", 4)
    with pytest.raises(Conflict, match="more than 4 files"):
        service.kfp_output(started["id"], box["uri"])
    monkeypatch.setattr(kfp_outputs, "MAX_FOLDER_FILES", 1000)
    monkeypatch.setattr(kfp_outputs, "MAX_DOWNLOAD_BYTES", box["size"] - 1)
    with pytest.raises(Conflict, match=f"is {box['size']} bytes"):
        service.kfp_output(started["id"], box["uri"])


@pytest.mark.parametrize("key", ["../escape", "a/../../escape", "a//b", "./a", "a\\..\\b"])
def test_a_folder_name_that_would_lead_out_once_unpacked_is_refused(key: str) -> None:
    """A store other than the launcher's own may hold such keys: no tar is made of them."""
    items = [{"Key": "r/out__box/fine", "Size": 1}, {"Key": f"r/out__box/{key}", "Size": 1}]
    with pytest.raises(Conflict, match="not a name a tar can hold"):
        kfp_outputs._tar(ArtifactStore(endpoint="http://store"), None, "b", "r/out__box", items)
    marker = [items[0], {"Key": "r/out__box/sub/", "Size": 0}]  # an S3 console's folder
    _, size, _ = kfp_outputs._tar(ArtifactStore(), None, "b", "r/out__box", marker)
    assert size == tarfile.RECORDSIZE  # one header, its data, the end: padded to a record


@pytest.mark.parametrize("folder", ["..", ".", "a\\..\\b"])
def test_a_folder_itself_named_to_lead_out_is_refused(folder: str) -> None:
    """The folder's own name (the last part of the output's key) becomes the tar's top
    folder: ``..`` there would unpack every file outside too."""
    items = [{"Key": f"r/{folder}/a", "Size": 1}, {"Key": f"r/{folder}/b", "Size": 1}]
    with pytest.raises(Conflict, match="not a name a tar can hold"):
        kfp_outputs._tar(ArtifactStore(endpoint="http://store"), None, "b", f"r/{folder}", items)


async def test_route_serves_a_folder_output_as_a_tar_of_its_files(
    api: Any,
    jp_fetch: Any,
    jp_root_dir: Path,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
) -> None:
    files: dict[str, bytes] = {}
    _, box, route = await route_run(
        api,
        jp_root_dir,
        lambda kfp_run_id: files.update(upload_folder(store, local_outputs[0], kfp_run_id)),
    )
    response = await jp_fetch(*route, params={"uri": box["uri"]})
    assert untar(response.body) == files
    assert response.headers["Content-Length"] == str(len(response.body))
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=\"out__box.tar\"; filename*=UTF-8''out__box.tar"


def test_in_the_cluster_without_an_endpoint_kfps_own_store_is_read_for_a_minio_root(
    kfp: KfpContractFake,
    store: S3Server,
    local_outputs: tuple[Path, dict[str, float]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KFP's launcher, for a ``minio://`` root and no provider in its config map, uses its
    default MinIO session (config/env.go getDefaultMinioSessionInfo): the
    ``minio-service.kubeflow:9000`` Service, no TLS. A server in a pod (its container has
    ``KUBERNETES_SERVICE_HOST``) with no ``kfp_artifact_endpoint`` reads there; the test's
    versitygw stands in for that in-cluster Service, whose name resolves only in a cluster."""
    assert IN_CLUSTER_ENDPOINT == "http://minio-service.kubeflow:9000"
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    service = make_service(kfp, tmp_path, monkeypatch, "", in_cluster_endpoint=store.endpoint)
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    launcher_upload(store, local_outputs[0], started["kfp_run_id"])
    run = asyncio.run(service.get_run(started["id"]))
    assert run["outputs_where"] is None and run["metrics"] == local_outputs[1]
    (box,) = [o for o in run["outputs"] if o["name"] == "box"]
    chunks, _, _ = service.kfp_output(started["id"], box["uri"])
    assert b"".join(chunks) == (local_outputs[0] / "step-join/out__box/value.pkl").read_bytes()


def test_in_the_cluster_a_root_of_another_store_says_why_and_reads_nothing(
    kfp: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ``s3://`` root has no in-cluster default (the launcher reads the store from its
    config map's providers): no request goes to KFP's MinIO (here nothing listens on port
    9), no key anywhere, and the run says why and where to read its outputs."""
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    service = make_service(kfp, tmp_path, monkeypatch, "", in_cluster_endpoint="http://127.0.0.1:9")
    started = service.start_run_file(service.root_dir / "p.ipynb", "kfp")
    kfp.runs[started["kfp_run_id"]].setdefault("runtime_config", {})["pipeline_root"] = (
        "s3://team-bucket/roots"
    )
    run = asyncio.run(service.get_run(started["id"]))
    assert run["outputs"] == []
    note = run["outputs_where"]
    assert (
        "kfp_artifact_endpoint" in note
        and "'s3://team-bucket/roots' is not KFP's own MinIO" in note
    )
    assert "cannot be read" not in note and "runs/details/" in note
