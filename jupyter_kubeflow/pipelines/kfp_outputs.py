"""A Kubeflow run's metrics and output artifacts, read from KFP's artifact store.

What the real KFP offers (kubeflow/pipelines, KFP 2.x up to 2.17, the version this project
measures against): ``GET /apis/v2beta1/runs/{id}`` names no artifact URI and no metric value
(a task's ``outputs`` hold ML Metadata artifact ids at most); the values live in ML Metadata,
which KFP's UI reads over gRPC-web. The REST ``ArtifactService`` (``backend/api/v2beta1/
artifact.proto``, ``artifact_tasks``, an artifact's ``uri`` and a metric's ``number_value``)
exists only on KFP's master (the work that removes ML Metadata), in no release.

What every KFP 2.x does write is the object store: the v2 launcher
(``backend/src/v2/component/launcher_v2.go``, ``uploadOutputArtifacts``) uploads each output
artifact's local file or folder to the URI the driver chose, ``<pipeline root>/<pipeline
name>/<run id>/<task name>/[<salt>/]<output name>`` (``metadata.GenerateOutputURI``; newer
drivers add a salt), and uploads whatever file a Metrics artifact's path holds. The steps
this project generates write their metrics there as JSON too (``components.py``), so a
run's metrics and outputs are found by listing ``<pipeline name>/<run id>/`` in the store.

The store is the one configured here (``kfp_artifact_endpoint``). Without one, a server
running in the cluster reads a ``minio://`` pipeline root where KFP's launcher does: its
default session for MinIO (``backend/src/v2/config/env.go``, ``getDefaultMinioSessionInfo``:
``minio-service.kubeflow:9000``, no TLS, when the ``kfp-launcher`` config map names no other
provider). KFP 2.15+ installs SeaweedFS behind that same ``minio-service`` Service (its
manifests' ``third-party/seaweedfs``), so the name holds there too. An ``s3://`` or ``gs://``
root has no such default (the launcher reads its config map's providers), and outside the
cluster that name does not resolve: then the run says why its outputs cannot be read.

The store is read with keys from the environment variables configured here, else (as the
launcher itself does, ``objectstore.OpenBucket``) from the run's namespace's
``mlpipeline-minio-artifact`` secret (``accesskey``, ``secretkey``) through the Kubernetes
API with the server's cluster credentials; never stored, logged or sent to the browser.
Without them, or for a store other than S3/MinIO, the run's outputs say where to read them
(the run's page in KFP's UI) instead of pretending there are none.
"""

from __future__ import annotations

import base64
import json
import math
import os
import tarfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import urllib3
from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, InvalidInput, NotFound, Unavailable
from ..kube_connection import ConnectionHolder, NotConfigured
from ..outbound import s3_client
from ..redaction import remember
from .kfp_runs import task_name

# KFP's own store as its launcher reaches it in the cluster for a minio:// root (see above)
IN_CLUSTER_ENDPOINT = "http://minio-service.kubeflow:9000"
NOT_CONFIGURED = (
    "KFP's artifact store is not configured here (KubeflowExtension.kfp_artifact_endpoint)"
)
# KFP's launcher default (backend/src/v2/config/env.go: defaultPipelineRoot), used when
# neither the run's runtime_config nor the kfp-launcher config map names another
DEFAULT_PIPELINE_ROOT = "minio://mlpipeline/v2/artifacts"
METRICS = "kfp_metrics"  # the metrics artifact of a generated step (components.py)
OUTPUT_PREFIX = "out__"  # a value a step passes on (components.py)
MAX_KEYS = 5000  # objects listed under one run at most
MAX_METRICS_BYTES = 64 * 1024
MAX_DOWNLOAD_BYTES = 2 * 1024**3  # one download, a file or a folder's files together
MAX_FOLDER_FILES = 1000  # files of a folder output served as one tar
CHUNK = 1024 * 1024
SECRET = "mlpipeline-minio-artifact"  # KFP's default store secret in each profile namespace
SCHEMES = {"minio": "minio", "s3": "s3"}  # the launcher's own schemes for S3-compatible stores


@dataclass(frozen=True)
class ArtifactStore:
    """KFP's artifact store: an S3-compatible endpoint and the names of the environment
    variables holding its keys (KFP's ``mlpipeline-minio-artifact`` secret, mounted or
    exported), read at each request."""

    endpoint: str = ""
    access_key_env: str = "KFP_ARTIFACT_ACCESS_KEY"
    secret_key_env: str = "KFP_ARTIFACT_SECRET_KEY"
    region: str = "us-east-1"
    pipeline_root: str = DEFAULT_PIPELINE_ROOT

    secret_name: str = SECRET  # in the run's namespace, when the variables are unset
    in_cluster_endpoint: str = IN_CLUSTER_ENDPOINT  # for a minio:// root, without endpoint

    def check_reachable(self) -> None:
        """A Conflict saying why when no store can be read from here at all: none is
        configured and this server runs outside the cluster."""
        if not self.endpoint and not os.environ.get("KUBERNETES_SERVICE_HOST"):  # set in pods
            raise Conflict(
                f"{NOT_CONFIGURED}, and this server runs outside the cluster, where KFP's "
                f"own store ({self.in_cluster_endpoint}) cannot be reached"
            )

    def at(self, root: str) -> ArtifactStore:
        """The store that holds a pipeline root's (or an artifact URI's) objects: the
        configured one; without it, in the cluster, KFP's own for a ``minio://`` root, as
        its launcher uses. A Conflict saying why when there is none, before any request
        (so no key goes anywhere but the configured or KFP's own store)."""
        if self.endpoint:
            return self
        self.check_reachable()
        if urlsplit(root).scheme.lower() != "minio":
            raise Conflict(
                f"{NOT_CONFIGURED}, and the pipeline root {root!r} is not KFP's own MinIO "
                f"(minio://, at {self.in_cluster_endpoint} in the cluster), the only store "
                "read without it"
            )
        return replace(self, endpoint=self.in_cluster_endpoint)

    def client(self, keys: tuple[str, str] | None = None) -> Any:
        """A client with the variables' keys, else ``keys`` (the secret's)."""
        access, secret = os.environ.get(self.access_key_env), os.environ.get(self.secret_key_env)
        if not (access and secret) and keys is not None:
            access, secret = keys
        # no keys: unsigned, never boto3's own chain (the registry's AWS_* keys are not KFP's)
        return s3_client(self.endpoint, self.region, access, secret, default_chain=False)

    def keys(self, kube: ConnectionHolder, namespace: str) -> tuple[str, str] | None:
        """The secret's keys, asked for only when the variables hold none."""
        if os.environ.get(self.access_key_env) and os.environ.get(self.secret_key_env):
            return None
        return secret_keys(kube, namespace or "kubeflow", self.secret_name)


def secret_keys(
    kube: ConnectionHolder, namespace: str, name: str = SECRET
) -> tuple[str, str] | None:
    """The store's keys from KFP's secret in ``namespace`` (the profile namespace; KFP's own
    on a single-user install), read with the server's cluster credentials; None when there
    are none or the secret cannot be read (the store then says it refused)."""
    try:
        connection = kube.get()
    except NotConfigured:
        return None
    try:
        found = client.CoreV1Api(connection.api).read_namespaced_secret(
            name, namespace, _request_timeout=15
        )
    except (ApiException, OSError, urllib3.exceptions.HTTPError):  # refused, or unreachable
        return None
    data = found.data or {}
    try:
        access = base64.b64decode(data.get("accesskey") or "").decode()
        secret = base64.b64decode(data.get("secretkey") or "").decode()
    except (ValueError, UnicodeDecodeError):
        return None
    remember(access, secret)  # redacted wherever an error might echo them
    return (access, secret) if access and secret else None


def split_root(root: str) -> tuple[str, str, str]:
    """``(scheme, bucket, key prefix)`` of a pipeline root such as ``minio://mlpipeline/v2/
    artifacts``; a root of another kind (gs://, a PVC) is a Conflict naming it."""
    parts = urlsplit(root.split("?", 1)[0])
    scheme = SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.netloc:
        raise Conflict(f"The pipeline root {root!r} is not in an S3-compatible store")
    return scheme, parts.netloc, parts.path.strip("/")


def _objects(s3: Any, bucket: str, prefix: str, limit: int = MAX_KEYS) -> Iterator[dict[str, Any]]:
    token = None
    seen = 0
    while True:
        kwargs: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix}
        if token:
            kwargs["ContinuationToken"] = token
        page = s3.list_objects_v2(**kwargs)
        for item in page.get("Contents") or []:
            seen += 1
            if seen > limit:
                return
            yield item
        token = page.get("NextContinuationToken")
        if not page.get("IsTruncated") or not token:
            return


def _store_error(error: BaseException, store: ArtifactStore) -> Unavailable:
    # botocore's messages name the bucket, key and error code, never the credentials
    response = getattr(error, "response", None)
    reason = type(error).__name__
    if isinstance(response, dict):
        err = response.get("Error", {})
        reason = f"{err.get('Code', 'error')}: {err.get('Message', '')}".strip()
    return Unavailable(f"KFP's artifact store at {store.endpoint} cannot be read ({reason})")


def find(
    store: ArtifactStore,
    root: str,
    pipeline: str,
    kfp_run_id: str,
    steps: list[str],
    keys: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """``{metrics, outputs}`` of a run: per step the URI, type and size of each output
    found under the run's folder (a generated step's ``out__<name>`` values and its
    ``kfp_metrics``), and the metrics its steps wrote. A step whose artifacts are not there
    (not run, failed before writing them) has none."""
    from botocore.exceptions import BotoCoreError, ClientError

    scheme, bucket, base = split_root(root)
    run_prefix = "/".join(p for p in (base, pipeline, kfp_run_id) if p) + "/"
    tasks = {task_name(step): step for step in steps}
    s3 = store.client(keys)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    try:
        for item in _objects(s3, bucket, run_prefix):
            parts = item["Key"][len(run_prefix) :].split("/")
            step = tasks.get(parts[0])
            if step is None:
                continue
            for index in range(1, len(parts)):
                if parts[index] == METRICS or parts[index].startswith(OUTPUT_PREFIX):
                    name = parts[index]
                    key = run_prefix + "/".join(parts[: index + 1])
                    entry = found.setdefault(
                        (step, name), {"key": key, "size": 0, "objects": 0, "file": None}
                    )
                    if key == entry["key"]:
                        entry["size"] += int(item.get("Size") or 0)
                        entry["objects"] += 1
                        entry["file"] = item["Key"] if item["Key"] == key else None
                    break
        metrics: dict[str, float] = {}
        for (_, name), entry in sorted(found.items()):
            if name == METRICS and entry["file"]:
                metrics.update(_read_metrics(s3, bucket, entry["file"]))
    except (BotoCoreError, ClientError, OSError) as e:
        raise _store_error(e, store) from None
    outputs = [
        {
            "step": step,
            "name": name.removeprefix(OUTPUT_PREFIX),
            "type": "Metrics" if name == METRICS else "Artifact",
            "uri": f"{scheme}://{bucket}/{entry['key']}",
            "size": entry["size"],
            "files": entry["objects"],  # more than one: a folder, downloaded as one tar
            "path": "",
        }
        for (step, name), entry in sorted(found.items())
    ]
    return {"metrics": metrics, "outputs": outputs}


def _read_metrics(s3: Any, bucket: str, key: str) -> dict[str, float]:
    """The metrics file a generated step wrote (a JSON object of name: number), bounded;
    anything else in it is left out (a file KFP's UI or another tool wrote there)."""
    body = s3.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{MAX_METRICS_BYTES}")["Body"]
    data = body.read(MAX_METRICS_BYTES + 1)
    if len(data) > MAX_METRICS_BYTES:
        return {}
    try:
        values = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(values, dict):
        return {}
    return {
        str(name)[:200]: float(value)
        for name, value in values.items()
        if isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    }


def open_object(
    store: ArtifactStore, uri: str, keys: tuple[str, str] | None = None
) -> tuple[Generator[bytes, None, None], int, str]:
    """What an output's URI names, as one download: its chunks, size and file name. A file
    (or a folder holding one file, as a generated step's values are) is itself; a folder of
    several files (the launcher uploads a directory artifact file by file under its URI) is
    a tar of them under the folder's name, streamed object by object, of at most
    ``MAX_FOLDER_FILES`` files and ``MAX_DOWNLOAD_BYTES`` in all. The URI must be one this
    run's outputs listed (the caller checks), so nothing else in the store is read."""
    from botocore.exceptions import BotoCoreError, ClientError

    _, bucket, key = split_root(uri)
    s3 = store.client(keys)
    try:
        items = list(_objects(s3, bucket, key + "/", MAX_FOLDER_FILES + 1))
        if not items:
            items = [i for i in _objects(s3, bucket, key) if i["Key"] == key][:1]
        if not items:
            raise NotFound(f"{uri} is not in the artifact store (any more)")
        if len(items) > MAX_FOLDER_FILES:
            raise Conflict(
                f"{uri} is a folder of more than {MAX_FOLDER_FILES} files, more than this "
                "download serves: download it with a tool of the store"
            )
        size = sum(int(i.get("Size") or 0) for i in items)
        if size > MAX_DOWNLOAD_BYTES:
            raise Conflict(f"{uri} is {size} bytes, more than this download serves")
        if len(items) > 1:
            return _tar(store, s3, bucket, key, items)
        body = s3.get_object(Bucket=bucket, Key=items[0]["Key"])["Body"]
    except (BotoCoreError, ClientError, OSError) as e:
        raise _store_error(e, store) from None
    return _chunks(store, body, size), size, items[0]["Key"].rsplit("/", 1)[-1]


def _chunks(store: ArtifactStore, body: Any, size: int) -> Generator[bytes, None, None]:
    """An object's bytes, exactly the ``size`` listed (a short read, the object replaced
    meanwhile, ends the download as failed rather than pretending it is whole); its
    connection closed however the generator ends (also when the browser went away)."""
    from botocore.exceptions import BotoCoreError, ClientError

    sent = 0
    try:
        while sent < size and (chunk := body.read(min(CHUNK, size - sent))):
            sent += len(chunk)
            yield chunk
    except (BotoCoreError, ClientError, OSError) as e:
        raise _store_error(e, store) from None
    finally:
        body.close()
    if sent != size:
        raise Unavailable(f"An object in KFP's artifact store at {store.endpoint} changed")


def _tar(
    store: ArtifactStore, s3: Any, bucket: str, key: str, items: list[dict[str, Any]]
) -> tuple[Generator[bytes, None, None], int, str]:
    """The folder ``key`` as a tar of its objects (pax headers: long and non-ASCII names
    kept), its exact size known before the first byte, each object read only when its turn
    comes. A name that would lead out of the folder once unpacked (``..``, an empty or
    absolute part) is refused before anything is sent."""
    from botocore.exceptions import BotoCoreError, ClientError

    folder = key.rsplit("/", 1)[-1]
    members = []
    for item in items:
        relative = item["Key"][len(key) + 1 :]
        if relative.endswith("/") and not int(item.get("Size") or 0):
            continue  # a folder's marker, as S3 consoles make them: the tar's folders are implied
        name = f"{folder}/{relative}"  # the folder's own name is from the store too
        if any(part in ("", ".", "..") for part in name.split("/")) or "\\" in name:
            raise Conflict(f"{item['Key']!r} in the artifact store is not a name a tar can hold")
        info = tarfile.TarInfo(name)
        info.size = int(item.get("Size") or 0)
        info.mode = 0o644
        modified = item.get("LastModified")
        info.mtime = int(modified.timestamp()) if isinstance(modified, datetime) else 0
        members.append((item["Key"], info, info.tobuf(tarfile.PAX_FORMAT, "utf-8", "strict")))
    total = sum(len(header) + _padded(info.size) for _, info, header in members)
    end = 2 * tarfile.BLOCKSIZE  # two zero blocks, then padded to a record as tarfile does
    end += -(total + end) % tarfile.RECORDSIZE

    def chunks() -> Generator[bytes, None, None]:
        for name, info, header in members:
            yield header
            if info.size:
                try:
                    body = s3.get_object(Bucket=bucket, Key=name)["Body"]
                except (BotoCoreError, ClientError, OSError) as e:
                    raise _store_error(e, store) from None
                yield from _chunks(store, body, info.size)
            if _padded(info.size) > info.size:
                yield bytes(_padded(info.size) - info.size)
        yield bytes(end)

    return chunks(), total + end, f"{folder}.tar"


def _padded(size: int) -> int:
    return -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE


def check_uri(uri: Any) -> str:
    if not isinstance(uri, str) or not uri or len(uri) > 2048:
        raise InvalidInput("uri must be an output's URI", field="uri")
    return uri
