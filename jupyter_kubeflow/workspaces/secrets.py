"""Secrets of a namespace: list (keys, never values) with who mounts each, create, update,
delete. Free of HTTP; blocking calls (run them in a thread); through the user's own
credentials, so Kubernetes RBAC decides.

Values never leave this module: they are read from the API server only to keep them on an
update, never returned, logged or put in an error message (an API server message about a
write has the values taken out before it is passed on).

As upstream's backend (kubeflow/notebooks notebooks-v2, models/secrets, api/secrets_handler):
a secret made here carries ``notebooks.kubeflow.org/can-mount`` and ``can-update`` = "true";
only a secret labelled ``can-update: "true"`` may be updated or deleted here (403 otherwise,
upstream's ErrSecretNotCanUpdate), so service-account tokens, TLS certificates and the like
made by other tools are listed and mountable but not changed; an update sends every key,
one with no new value (null here, ``{}`` upstream) keeps its stored value, a key left out
is removed. A secret a workspace mounts is not deleted (409)."""

from __future__ import annotations

import base64
import re
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, Forbidden, InvalidInput, KubeflowError, NotFound, Unprocessable
from .access import AccessReviewer
from .kube import REQUEST_TIMEOUT, ConnectionHolder, api_error
from .mount_rules import LABEL_CAN_MOUNT, LABEL_CAN_UPDATE
from .usage import KindLookup, in_use_message, rfc3339, secret_users, workspace_objects
from .validate import check_name, check_namespace

SECRET_KEY = re.compile(r"[-._a-zA-Z0-9]+")  # the API server's IsConfigMapKey
MAX_KEY_CHARS = 253
MAX_DATA_BYTES = 1024 * 1024  # the API server's MaxSecretSize: keys and values together
TYPES = (
    "Opaque",
    "kubernetes.io/basic-auth",
    "kubernetes.io/ssh-auth",
    "kubernetes.io/tls",
)
CREATE_KEYS = {"name", "data", "type", "immutable"}
UPDATE_KEYS = {"data"}
CONFLICT_RETRIES = 4
MIN_SCRUBBED_CHARS = 3  # shorter values would blank out ordinary words of a message


def _key_field(key: str) -> str:
    return f"data.{key[:MAX_KEY_CHARS]}"


def check_key(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise Unprocessable("data: a key is empty", field="data")
    shown = key if len(key) <= 64 else key[:64] + "..."
    if (
        len(key) > MAX_KEY_CHARS
        or not SECRET_KEY.fullmatch(key)
        or key in (".", "..")
        or key.startswith("..")
    ):
        raise Unprocessable(
            f"data: key {shown!r} is not a valid secret key: letters, digits, '-', '_' and "
            f"'.' (not '.', '..' nor starting with '..'), at most {MAX_KEY_CHARS} characters",
            field=_key_field(key) if SECRET_KEY.fullmatch(key) else "data",
        )
    return key


def check_data(data: Any, allow_keep: bool) -> dict[str, str | None]:
    """``{key: text}`` (``None`` = keep the stored value, on an update). The message names
    the key, never a value."""
    if not isinstance(data, dict):
        raise Unprocessable("data must be an object of key: text", field="data")
    total = 0
    for key, value in data.items():
        check_key(key)
        if value is None and allow_keep:
            total += len(key)
            continue
        if not isinstance(value, str):
            raise Unprocessable(
                f"data.{key} must be text" + (" or null (keep)" if allow_keep else ""),
                field=_key_field(key),
            )
        total += len(key) + len(value.encode("utf-8"))
    if total > MAX_DATA_BYTES:
        raise Unprocessable("data is more than 1 MiB (keys and values together)", field="data")
    return data


def scrub(message: str, values: list[str]) -> str:
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= MIN_SCRUBBED_CHARS:
            message = message.replace(value, "<redacted>")
    return message


def _encode(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def is_managed(meta: dict[str, Any]) -> bool:
    return (meta.get("labels") or {}).get(LABEL_CAN_UPDATE) == "true"


def secret_item(
    secret: dict[str, Any], users: list[dict[str, Any]], permissions: dict[str, Any]
) -> dict[str, Any]:
    meta = secret.get("metadata") or {}
    name = meta.get("name", "")
    managed = is_managed(meta)
    immutable = bool(secret.get("immutable"))
    not_managed = (
        f"Secret {name!r} was not made by Kubeflow Notebooks (no {LABEL_CAN_UPDATE}: "
        '"true" label), so it is only listed and mounted here'
    )
    if not managed:
        update_reason: str | None = not_managed
    elif immutable:
        update_reason = f"Secret {name!r} is immutable"
    elif not permissions.get("update"):
        update_reason = permissions["reasons"].get("update") or "You may not update secrets"
    else:
        update_reason = None
    if not managed:
        delete_reason: str | None = not_managed
    elif users:
        delete_reason = in_use_message(f"Secret {name!r}", users)
    elif not permissions.get("delete"):
        delete_reason = permissions["reasons"].get("delete") or "You may not delete secrets"
    else:
        delete_reason = None
    return {
        "name": name,
        "type": secret.get("type") or "Opaque",
        "keys": sorted((secret.get("data") or {}).keys()),
        "immutable": immutable,
        "created": rfc3339(meta.get("creationTimestamp")),
        "usedBy": users,
        "canMount": (meta.get("labels") or {}).get(LABEL_CAN_MOUNT) == "true",
        "canUpdate": update_reason is None,
        "updateReason": update_reason,
        "canDelete": delete_reason is None,
        "deleteReason": delete_reason,
    }


class SecretService:
    def __init__(self, connection: ConnectionHolder, kinds: KindLookup) -> None:
        self._connection = connection
        self._kinds = kinds  # for the home path: a secret there is not mounted
        self.access = AccessReviewer(connection, resource="secrets", group="", what="secrets")

    def _api(self) -> client.ApiClient:
        return self._connection.get().api

    def _users(self, namespace: str) -> dict[str, list[dict[str, Any]]]:
        return secret_users(workspace_objects(self._api(), namespace), self._kinds)

    def list(self, namespace: str) -> dict[str, Any]:
        check_namespace(namespace)
        api = self._api()
        try:
            listing = client.CoreV1Api(api).list_namespaced_secret(
                namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except Exception as e:
            raise api_error(e, "list", "secrets", namespace) from None
        users = self._users(namespace)
        permissions = self.access.permissions(namespace)
        items = []
        for secret in sorted(listing.items, key=lambda s: s.metadata.name):
            plain = api.sanitize_for_serialization(secret)
            items.append(secret_item(plain, users.get(plain["metadata"]["name"], []), permissions))
        return {"items": items, "permissions": permissions}

    def create(self, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        check_namespace(namespace)
        _no_unknown(body, CREATE_KEYS)
        name = check_name(body.get("name"), "name")
        data = check_data(body.get("data", {}), allow_keep=False)
        kind = body.get("type") or "Opaque"
        if kind not in TYPES:
            raise Unprocessable(f"type must be one of {', '.join(TYPES)}", field="type")
        immutable = body.get("immutable", False)
        if not isinstance(immutable, bool):
            raise Unprocessable("immutable must be true or false", field="immutable")
        manifest = {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": name,
                "namespace": namespace,
                "labels": {LABEL_CAN_MOUNT: "true", LABEL_CAN_UPDATE: "true"},
            },
            "type": kind,
            "immutable": immutable,
            "data": {key: _encode(value) for key, value in data.items()},
        }
        values = [v for v in data.values() if v is not None]
        api = self._api()
        try:
            created = client.CoreV1Api(api).create_namespaced_secret(
                namespace, manifest, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 409:
                raise Conflict(
                    f"A secret named {name!r} already exists in {namespace}", field="name"
                ) from None
            raise _scrubbed(api_error(e, "create", "secrets", namespace), values) from None
        except Exception as e:
            raise _scrubbed(api_error(e, "create", "secrets", namespace), values) from None
        return secret_item(
            api.sanitize_for_serialization(created), [], self.access.permissions(namespace)
        )

    def update(self, namespace: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        check_namespace(namespace)
        check_name(name, "name")
        _no_unknown(body, UPDATE_KEYS)
        if "data" not in body:
            raise Unprocessable("data is required (every key; null keeps a value)", field="data")
        data = check_data(body["data"], allow_keep=True)
        values = [v for v in data.values() if v is not None]
        api = self._api()
        core = client.CoreV1Api(api)
        for attempt in range(CONFLICT_RETRIES):
            current = self._read(namespace, name)
            meta = current.get("metadata") or {}
            if not is_managed(meta):
                raise Forbidden(secret_item(current, [], {"reasons": {}})["updateReason"] or "")
            if current.get("immutable"):
                raise Unprocessable(
                    f"Secret {name!r} is immutable: its data cannot change (delete and "
                    "create it again)",
                    field="data",
                )
            stored = current.get("data") or {}
            new_data: dict[str, str] = {}
            total = 0
            for key, value in data.items():
                if value is None:
                    if key not in stored:
                        raise Unprocessable(
                            f"data.{key} has no stored value to keep: give it a value",
                            field=_key_field(key),
                        )
                    new_data[key] = stored[key]
                    total += len(key) + len(base64.b64decode(stored[key]))
                else:
                    new_data[key] = _encode(value)
                    total += len(key) + len(value.encode("utf-8"))
            if total > MAX_DATA_BYTES:
                raise Unprocessable(
                    "data is more than 1 MiB (keys and values together)", field="data"
                )
            current["data"] = new_data
            current.pop("stringData", None)
            try:
                updated = core.replace_namespaced_secret(
                    name, namespace, current, _request_timeout=REQUEST_TIMEOUT
                )
            except ApiException as e:
                if e.status == 409 and attempt + 1 < CONFLICT_RETRIES:
                    continue  # written meanwhile: apply the same change to the fresh one
                raise _scrubbed(api_error(e, "update", "secrets", namespace), values) from None
            except Exception as e:
                raise _scrubbed(api_error(e, "update", "secrets", namespace), values) from None
            plain = api.sanitize_for_serialization(updated)
            return secret_item(
                plain, self._users(namespace).get(name, []), self.access.permissions(namespace)
            )
        raise AssertionError("unreachable")  # the loop returns or raises

    def delete(self, namespace: str, name: str) -> None:
        check_namespace(namespace)
        check_name(name, "name")
        current = self._read(namespace, name)
        if not is_managed(current.get("metadata") or {}):
            raise Forbidden(secret_item(current, [], {"reasons": {}})["deleteReason"] or "")
        users = self._users(namespace).get(name)
        if users:
            raise Conflict(in_use_message(f"Secret {name!r}", users))
        try:
            client.CoreV1Api(self._api()).delete_namespaced_secret(
                name, namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no secret {name!r} in {namespace}") from None
            raise api_error(e, "delete", "secrets", namespace) from None
        except Exception as e:
            raise api_error(e, "delete", "secrets", namespace) from None

    def _read(self, namespace: str, name: str) -> dict[str, Any]:
        api = self._api()
        try:
            secret = client.CoreV1Api(api).read_namespaced_secret(
                name, namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no secret {name!r} in {namespace}") from None
            raise api_error(e, "get", "secrets", namespace) from None
        except Exception as e:
            raise api_error(e, "get", "secrets", namespace) from None
        return api.sanitize_for_serialization(secret)


def _no_unknown(body: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(body) - allowed
    if unknown:
        first = sorted(unknown)[0]
        raise InvalidInput(
            f"Unknown field {first!r}; allowed: {', '.join(sorted(allowed))}", field=first
        )


def _scrubbed(error: KubeflowError, values: list[str]) -> KubeflowError:
    error.message = scrub(error.message, values)
    error.args = (error.message,)
    error.details = {
        k: scrub(v, values) if isinstance(v, str) else v for k, v in error.details.items()
    }
    return error
