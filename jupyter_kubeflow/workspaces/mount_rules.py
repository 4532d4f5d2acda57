"""Upstream's mount rules: what a workspace may mount, and what a new volume may use.

As upstream's backend (kubeflow/notebooks notebooks-v2, ``helper.ValidateKubernetes-
PVCIsMountable``, ``...SecretIsMountable``, ``...StorageClassIsUsable``): a PVC (home or
data volume) or Secret must exist in the workspace's namespace and carry the label
``notebooks.kubeflow.org/can-mount: "true"``; a new PVC's StorageClass must exist and carry
``notebooks.kubeflow.org/can-use: "true"``. A refusal is 422 naming the field, with
upstream's words. Upstream checks a create (home, data volumes, secrets) and an update
(data volumes, secrets); here an update checks what it newly mounts, so a workspace made
elsewhere with an unlabelled claim can still be edited in other ways.

The names are read with the user's own credentials (metadata only: no secret value is
fetched). A user who may not list PVCs or Secrets is not checked for them: the API server
then decides (upstream checks with its own service account)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Unprocessable
from .kube import REQUEST_TIMEOUT, api_error

LABEL_CAN_MOUNT = "notebooks.kubeflow.org/can-mount"
LABEL_CAN_UPDATE = "notebooks.kubeflow.org/can-update"
LABEL_CAN_USE = "notebooks.kubeflow.org/can-use"
VOLUMES = "spec.podTemplate.volumes"

# name -> whether it carries can-mount "true"; None: the user may not list them.
Mountable = dict[str, bool]
Lookup = Callable[[], "tuple[Mountable | None, Mountable | None]"]


def can_mount(labels: dict[str, str] | None) -> bool:
    return (labels or {}).get(LABEL_CAN_MOUNT) == "true"


def can_use(labels: dict[str, str] | None) -> bool:
    return (labels or {}).get(LABEL_CAN_USE) == "true"


def metadata_items(api: client.ApiClient, namespace: str, path: str) -> list[dict[str, Any]]:
    """The namespace's objects (``persistentvolumeclaims``, ``secrets``) as metadata only
    (a secret's data is never fetched); raises the API server's refusal as is."""
    listing = api.call_api(
        f"/api/v1/namespaces/{namespace}/{path}",
        "GET",
        header_params={
            "Accept": "application/json;as=PartialObjectMetadataList;"
            "g=meta.k8s.io;v=v1,application/json"
        },
        response_type="object",
        auth_settings=["BearerToken"],
        _return_http_data_only=True,
        _request_timeout=REQUEST_TIMEOUT,
    )
    return listing.get("items") or []  # an empty list comes as null


def _metadata_list(api: client.ApiClient, namespace: str, path: str) -> Mountable | None:
    try:
        items = metadata_items(api, namespace, path)
    except ApiException as e:
        if e.status == 403:
            return None
        raise api_error(e, "list", path, namespace) from None
    except Exception as e:
        raise api_error(e, "list", path, namespace) from None
    return {item["metadata"]["name"]: can_mount(item["metadata"].get("labels")) for item in items}


def mountable_objects(
    api: client.ApiClient, namespace: str
) -> tuple[Mountable | None, Mountable | None]:
    """The namespace's PVCs and Secrets, each with whether it may be mounted (metadata only:
    no secret value is read); None for what the user may not list."""
    return (
        _metadata_list(api, namespace, "persistentvolumeclaims"),
        _metadata_list(api, namespace, "secrets"),
    )


def _mounts(spec: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(field, what, name) of every PVC and Secret the spec mounts, home first."""
    volumes = ((spec or {}).get("podTemplate") or {}).get("volumes") or {}
    found: list[tuple[str, str, str]] = []
    if isinstance(volumes.get("home"), str) and volumes["home"]:
        found.append((f"{VOLUMES}.home", "pvc", volumes["home"]))
    for index, data in enumerate(volumes.get("data") or []):
        name = (data or {}).get("pvcName")
        if isinstance(name, str) and name:
            found.append((f"{VOLUMES}.data[{index}].pvcName", "pvc", name))
    for index, secret in enumerate(volumes.get("secrets") or []):
        name = (secret or {}).get("secretName")
        if isinstance(name, str) and name:
            found.append((f"{VOLUMES}.secrets[{index}].secretName", "secret", name))
    return found


def check_mounts(
    namespace: str, spec: dict[str, Any], lookup: Lookup, before: dict[str, Any] | None = None
) -> None:
    """422 naming the first PVC or Secret of ``spec`` that does not exist or may not be
    mounted; with ``before`` (an update), only those it did not mount already. ``lookup`` is
    asked only when there is something to check."""
    known = {(what, name) for _, what, name in _mounts(before)} if before is not None else set()
    wanted = [m for m in _mounts(spec) if (m[1], m[2]) not in known]
    if not wanted:
        return
    pvcs, secrets = lookup()
    for field, what, name in wanted:
        names = pvcs if what == "pvc" else secrets
        if names is None:
            continue
        kind = "PersistentVolumeClaim" if what == "pvc" else "Secret"
        if name not in names:
            raise Unprocessable(
                f'{field}: {kind} "{name}" not found in namespace "{namespace}"', field=field
            )
        if not names[name]:
            raise Unprocessable(
                f'{field}: {kind} "{name}" in namespace "{namespace}" is not labeled with '
                f"{LABEL_CAN_MOUNT}=true (only those may be mounted; the ones made in the "
                f"{'Volumes' if what == 'pvc' else 'Secrets'} tab are)",
                field=field,
            )


def check_storage_class(
    api: client.ApiClient, name: str | None, field: str = "storageClass"
) -> None:
    """A new PVC's StorageClass (None: the cluster's default, if there is one) must exist
    and carry can-use. A user who may not read classes is not checked."""
    storage = client.StorageV1Api(api)
    default = not name
    try:
        if name:
            found = storage.read_storage_class(name, _request_timeout=REQUEST_TIMEOUT)
        else:
            classes = storage.list_storage_class(_request_timeout=REQUEST_TIMEOUT).items
            found = next((c for c in classes if is_default_class(c.metadata.annotations)), None)
            if found is None:
                return  # no default class: the claim binds statically
            name = found.metadata.name
    except ApiException as e:
        if e.status == 404:
            raise Unprocessable(f'{field}: StorageClass "{name}" not found', field=field) from None
        if e.status == 403:
            return  # may not read classes: the API server decides
        raise api_error(e, "get", "storage classes", None) from None
    except Exception as e:
        raise api_error(e, "get", "storage classes", None) from None
    if not can_use(found.metadata.labels):
        which = "the cluster's default " if default else ""
        raise Unprocessable(
            f'{field}: {which}StorageClass "{name}" is not labeled with {LABEL_CAN_USE}=true '
            "(ask an administrator to label it, or choose another class)",
            field=field,
        )


DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)


def is_default_class(annotations: dict[str, str] | None) -> bool:
    return any((annotations or {}).get(a) == "true" for a in DEFAULT_CLASS_ANNOTATIONS)
