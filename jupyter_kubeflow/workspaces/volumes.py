"""Volumes (PersistentVolumeClaims) of a namespace: list with who mounts each, create,
delete. Free of HTTP; blocking calls (run them in a thread); through the user's own
credentials, so Kubernetes RBAC decides (a 403 becomes "You may not ...").

As upstream's backend (kubeflow/notebooks notebooks-v2, repositories/pvcs): a PVC made
here carries ``notebooks.kubeflow.org/can-mount`` and ``can-update`` = "true"; every PVC of
the namespace is listed, with the workspaces whose spec mounts it. Unlike upstream, a PVC
that a workspace mounts is not deleted (409): upstream leaves it to Kubernetes' in-use
protection, which only waits for running pods, so a paused workspace would lose its
volume and could not start again."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, InvalidInput, NotFound, Unprocessable
from .access import AccessReviewer
from .kube import REQUEST_TIMEOUT, ConnectionHolder, api_error
from .mount_rules import (
    LABEL_CAN_MOUNT,
    LABEL_CAN_UPDATE,
    can_mount,
    can_use,
    check_storage_class,
    is_default_class,
)
from .usage import KindLookup, in_use_message, pvc_users, rfc3339, workspace_objects
from .validate import check_name, check_namespace

ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")
CREATE_KEYS = {"name", "size", "storageClass", "accessModes"}

# Kubernetes' quantity grammar (apimachinery resource.Quantity), positive only: a number,
# then a binary suffix (Ki..Ei), a decimal one (n..E) or an exponent (e3).
QUANTITY = re.compile(
    r"\+?(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][-+]?[0-9]{1,3})?"
)
BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
DECIMAL = {"n": "1e-9", "u": "1e-6", "m": "1e-3", "k": "1e3", "M": "1e6", "G": "1e9"}
DECIMAL |= {"T": "1e12", "P": "1e15", "E": "1e18"}
MAX_SIZE_BYTES = 2**50  # 1Pi: a bound on what the form may ask for
MAX_QUANTITY_CHARS = 64


def quantity_bytes(text: Any, field: str = "size") -> Decimal:
    """The number of bytes a Kubernetes quantity stands for; 422 naming ``field`` unless it
    is a positive quantity of at most 1Pi."""
    if not isinstance(text, str) or not text:
        raise Unprocessable(f"{field} is required, e.g. 10Gi", field=field)
    match = QUANTITY.fullmatch(text) if len(text) <= MAX_QUANTITY_CHARS else None
    if match is None:
        raise Unprocessable(
            f"{field} {text[:MAX_QUANTITY_CHARS]!r} is not a Kubernetes quantity: a number "
            "and a unit such as 500Mi, 10Gi or 1Ti",
            field=field,
        )
    try:
        number = Decimal(match["number"])
    except InvalidOperation:  # the pattern only lets digits and one dot through
        raise Unprocessable(f"{field} {text!r} is not a number", field=field) from None
    suffix = match["suffix"] or ""
    if suffix in BINARY:
        value = number * BINARY[suffix]
    elif suffix[:1] in ("e", "E"):
        value = number.scaleb(int(suffix[1:]))
    else:
        value = number * Decimal(DECIMAL.get(suffix, "1"))
    if value <= 0:
        raise Unprocessable(f"{field} must be more than zero", field=field)
    if value > MAX_SIZE_BYTES:
        raise Unprocessable(f"{field} {text!r} is more than 1Pi", field=field)
    return value


def check_create(body: dict[str, Any]) -> dict[str, Any]:
    """The POST body checked: ``{"name", "size", "storageClass"?, "accessModes"?}``."""
    unknown = set(body) - CREATE_KEYS
    if unknown:
        first = sorted(unknown)[0]
        raise InvalidInput(
            f"Unknown field {first!r}; allowed: {', '.join(sorted(CREATE_KEYS))}", field=first
        )
    name = check_name(body.get("name"), "name")
    quantity_bytes(body.get("size"))
    storage_class = body.get("storageClass")
    if storage_class is not None and storage_class != "":
        check_name(storage_class, "storageClass")
    modes = body.get("accessModes")
    if modes is None:
        modes = ["ReadWriteOnce"]
    if not isinstance(modes, list) or not modes:
        raise Unprocessable(
            f"accessModes must be a non-empty list of {', '.join(ACCESS_MODES)}",
            field="accessModes",
        )
    for index, mode in enumerate(modes):
        if mode not in ACCESS_MODES or modes.index(mode) != index:
            raise Unprocessable(
                f"accessModes[{index}] must be one of {', '.join(ACCESS_MODES)}, each once",
                field=f"accessModes[{index}]",
            )
    return {"name": name, "size": body["size"], "storageClass": storage_class or None,
            "accessModes": modes}  # fmt: skip


def volume_item(
    pvc: dict[str, Any], users: list[dict[str, Any]], permissions: dict[str, Any]
) -> dict[str, Any]:
    meta = pvc.get("metadata") or {}
    spec = pvc.get("spec") or {}
    status = pvc.get("status") or {}
    terminating = bool(meta.get("deletionTimestamp"))
    if terminating:
        reason: str | None = "It is being deleted"
    elif users:
        reason = in_use_message(f"Volume {meta.get('name')!r}", users)
    elif not permissions.get("delete"):
        reason = permissions["reasons"].get("delete") or "You may not delete volumes here"
    else:
        reason = None
    return {
        "name": meta.get("name", ""),
        "canMount": can_mount(meta.get("labels")),
        "size": ((spec.get("resources") or {}).get("requests") or {}).get("storage"),
        "capacity": (status.get("capacity") or {}).get("storage"),
        "storageClass": spec.get("storageClassName") or None,
        "accessModes": list(spec.get("accessModes") or []),
        # kubectl's word for a claim being deleted (in-use protection holds it)
        "phase": "Terminating" if terminating else status.get("phase"),
        "created": rfc3339(meta.get("creationTimestamp")),
        "usedBy": users,
        "canDelete": reason is None,
        "deleteReason": reason,
    }


class VolumeService:
    def __init__(self, connection: ConnectionHolder, kinds: KindLookup) -> None:
        self._connection = connection
        self._kinds = kinds
        self.access = AccessReviewer(
            connection, resource="persistentvolumeclaims", group="", what="volumes"
        )

    def _api(self) -> client.ApiClient:
        return self._connection.get().api

    def list(self, namespace: str) -> dict[str, Any]:
        check_namespace(namespace)
        api = self._api()
        try:
            listing = client.CoreV1Api(api).list_namespaced_persistent_volume_claim(
                namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except Exception as e:
            raise api_error(e, "list", "persistent volume claims", namespace) from None
        users = pvc_users(workspace_objects(api, namespace), self._kinds)
        permissions = self.access.permissions(namespace)
        pvcs = [api.sanitize_for_serialization(p) for p in listing.items]
        items = [
            volume_item(p, users.get(p["metadata"]["name"], []), permissions)
            for p in sorted(pvcs, key=lambda p: p["metadata"]["name"])
        ]
        return {
            "items": items,
            "storageClasses": self.storage_classes(),
            "permissions": permissions,
        }

    def storage_classes(self) -> list[dict[str, Any]]:
        """Cluster-scoped: a user who may not list them gets none (the form then offers
        the cluster's default only), not an error."""
        try:
            listing = client.StorageV1Api(self._api()).list_storage_class(
                _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 403:
                return []
            raise api_error(e, "list", "storage classes", None) from None
        except Exception as e:
            raise api_error(e, "list", "storage classes", None) from None
        return sorted(
            (
                {
                    "name": sc.metadata.name,
                    "isDefault": is_default_class(sc.metadata.annotations),
                    "provisioner": sc.provisioner,
                    "canUse": can_use(sc.metadata.labels),
                }
                for sc in listing.items
            ),
            key=lambda sc: sc["name"],
        )

    def create(self, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        check_namespace(namespace)
        wanted = check_create(body)
        api = self._api()
        check_storage_class(api, wanted["storageClass"])  # upstream's can-use rule
        spec: dict[str, Any] = {
            "accessModes": wanted["accessModes"],
            "resources": {"requests": {"storage": wanted["size"]}},
        }
        if wanted["storageClass"]:
            spec["storageClassName"] = wanted["storageClass"]
        manifest = {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {
                "name": wanted["name"],
                "namespace": namespace,
                "labels": {LABEL_CAN_MOUNT: "true", LABEL_CAN_UPDATE: "true"},
            },
            "spec": spec,
        }
        try:
            created = client.CoreV1Api(api).create_namespaced_persistent_volume_claim(
                namespace, manifest, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 409:
                raise Conflict(
                    f"A volume named {wanted['name']!r} already exists in {namespace}",
                    field="name",
                ) from None
            raise api_error(e, "create", "persistent volume claims", namespace) from None
        except Exception as e:
            raise api_error(e, "create", "persistent volume claims", namespace) from None
        return volume_item(
            api.sanitize_for_serialization(created), [], self.access.permissions(namespace)
        )

    def delete(self, namespace: str, name: str) -> None:
        """Refused (409) while a workspace's spec mounts it, paused or not."""
        check_namespace(namespace)
        check_name(name, "name")
        api = self._api()
        users = pvc_users(workspace_objects(api, namespace), self._kinds).get(name)
        if users:
            raise Conflict(in_use_message(f"Volume {name!r}", users))
        try:
            client.CoreV1Api(api).delete_namespaced_persistent_volume_claim(
                name, namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no volume {name!r} in {namespace}") from None
            raise api_error(e, "delete", "persistent volume claims", namespace) from None
        except Exception as e:
            raise api_error(e, "delete", "persistent volume claims", namespace) from None
