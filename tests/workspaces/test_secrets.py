"""Secrets of a namespace: GET/POST secrets/{ns}, PUT/DELETE secrets/{ns}/{name}, against
the real kube-apiserver, checked by kubectl. No response ever carries a value."""

from __future__ import annotations

import base64
import json
import uuid

from jupyter_kubeflow.workspaces.secrets import scrub

from . import storage_fixtures
from .cluster import NAMESPACE, kubectl, kubectl_json, unique_name
from .storage_fixtures import kubectl_create_json, secret_value, workspace

made = storage_fixtures.made  # the fixture
SAMPLE_VALUE = "not-a-real-secret"  # make cluster's workspace-secret (cluster/manifests)


def never_shown(body: object, *values: str) -> None:
    text = json.dumps(body)
    for value in values:
        assert value not in text
        assert base64.b64encode(value.encode()).decode() not in text


async def test_create_answers_keys_never_values_and_labels_it_as_upstream(api, made) -> None:
    """Upstream (models/secrets ToKubernetesSecret, secretDataFromKubernetesSecret): a
    secret made from the UI is labelled can-mount/can-update "true" and answered with its
    keys only, never the values."""
    name, password = unique_name("sec"), f"pw-{uuid.uuid4().hex}"
    made.append(("secret", name))
    code, item = await api(
        f"secrets/{NAMESPACE}",
        "POST",
        {"name": name, "data": {"username": "alice", "password": password}},
    )
    assert code == 201, item
    never_shown(item, password)
    assert (item["name"], item["type"], item["keys"]) == (name, "Opaque", ["password", "username"])
    assert (item["immutable"], item["usedBy"], item["canUpdate"], item["canDelete"]) == (
        False,
        [],
        True,
        True,
    )
    seen = kubectl_json("-n", NAMESPACE, "get", "secret", name)
    assert seen["metadata"]["labels"] == {
        "notebooks.kubeflow.org/can-mount": "true",
        "notebooks.kubeflow.org/can-update": "true",
    }
    assert secret_value(name, "password") == password

    code, error = await api(f"secrets/{NAMESPACE}", "POST", {"name": name, "data": {"a": "b"}})
    assert code == 409 and error["field"] == "name"


async def test_bad_input_is_422_naming_the_field_and_never_echoes_a_value(api, made) -> None:
    """Upstream validates keys as ConfigMap keys (helper.ValidateFieldIsConfigMapKey) and
    the API server bounds a secret to 1 MiB; every refusal names the field, and the
    request's values appear in no error."""
    name, value = unique_name("sec"), f"v-{uuid.uuid4().hex}"
    made.append(("secret", name))  # (only made if a check is broken)
    for body, field in (
        ({"name": "Bad_Name", "data": {"k": value}}, "name"),
        ({"name": name, "data": {"a/b": value}}, "data"),
        ({"name": name, "data": {"..x": value}}, "data...x"),
        ({"name": name, "data": {"k": 5}}, "data.k"),
        ({"name": name, "data": {"k": value, "big": "x" * (1024 * 1024)}}, "data"),
        ({"name": name, "data": ["k"]}, "data"),
        (
            {"name": name, "data": {"k": value}, "type": "kubernetes.io/service-account-token"},
            "type",
        ),
    ):
        code, error = await api(f"secrets/{NAMESPACE}", "POST", body)
        assert (code, error.get("field")) == (422, field), (list(body.get("data", [])), error)
        never_shown(error, value)
    # Refused here before the API server sees it (its own limit says "Too long").
    big = {"name": name, "data": {"k": value, "big": "x" * (1024 * 1024)}}
    code, error = await api(f"secrets/{NAMESPACE}", "POST", big)
    assert code == 422 and "more than 1 MiB" in error["message"]
    code, error = await api(f"secrets/{NAMESPACE}", "POST", {"name": name, "values": {}})
    assert code == 400 and error["field"] == "values"
    assert kubectl("-n", NAMESPACE, "get", "secret", name, check=False).returncode != 0


async def test_list_says_who_mounts_each_and_shows_keys_only(api, made) -> None:
    """Upstream's secret list (SecretListItem: canMount, canUpdate from the labels, mounts:
    the workspaces that mount it): keys, type, who mounts it where; a secret made by
    someone else (no can-update label) is listed but may not be changed here."""
    name, ws, token = unique_name("sec"), unique_name(), f"t-{uuid.uuid4().hex}"
    made.append(("secret", name))
    made.append(("workspace", ws))
    code, _ = await api(f"secrets/{NAMESPACE}", "POST", {"name": name, "data": {"token": token}})
    assert code == 201
    kubectl_create_json(workspace(ws, secrets=[{"secretName": name, "mountPath": "/secrets/s"}]))

    code, body = await api(f"secrets/{NAMESPACE}")
    assert code == 200
    never_shown(body, token, SAMPLE_VALUE)
    items = {item["name"]: item for item in body["items"]}
    mine = items[name]
    assert mine["usedBy"] == [{"name": ws, "mountPath": "/secrets/s", "mounted": True}]
    assert mine["keys"] == ["token"] and mine["canUpdate"] is True
    assert mine["canDelete"] is False and f"used by workspace {ws}" in mine["deleteReason"]
    sample = items["workspace-secret"]
    assert sample["keys"] == ["token"]
    assert (sample["canUpdate"], sample["canDelete"]) == (False, False)
    assert "notebooks.kubeflow.org/can-update" in sample["updateReason"]
    assert body["permissions"]["update"] is True


async def test_update_replaces_keys_null_keeps_a_stored_value(api, made) -> None:
    """Upstream's SecretUpdate semantics: every key sent; a key without a new value keeps
    the stored one (null here, {} upstream), a key left out is removed; a secret not
    labelled can-update is refused (403, upstream's ErrSecretNotCanUpdate); an immutable
    one cannot change (422)."""
    name, user = unique_name("sec"), "alice"
    pw, new = f"p-{uuid.uuid4().hex}", f"n-{uuid.uuid4().hex}"
    made.append(("secret", name))
    code, _ = await api(
        f"secrets/{NAMESPACE}", "POST", {"name": name, "data": {"username": user, "password": pw}}
    )
    assert code == 201
    code, item = await api(
        f"secrets/{NAMESPACE}/{name}", "PUT", {"data": {"username": None, "token": new}}
    )
    assert code == 200, item
    never_shown(item, user, pw, new)
    assert item["keys"] == ["token", "username"]
    data = kubectl_json("-n", NAMESPACE, "get", "secret", name)["data"]
    assert set(data) == {"token", "username"}  # password removed
    assert (secret_value(name, "username"), secret_value(name, "token")) == (user, new)

    code, error = await api(f"secrets/{NAMESPACE}/{name}", "PUT", {"data": {"password": None}})
    assert code == 422 and error["field"] == "data.password"
    assert set(kubectl_json("-n", NAMESPACE, "get", "secret", name)["data"]) == {
        "token",
        "username",
    }
    code, error = await api(f"secrets/{NAMESPACE}/{name}", "PUT", {"data": {"k": 1}})
    assert code == 422 and error["field"] == "data.k"
    code, error = await api(f"secrets/{NAMESPACE}/{unique_name('missing')}", "PUT", {"data": {}})
    assert code == 404

    code, error = await api(
        f"secrets/{NAMESPACE}/workspace-secret", "PUT", {"data": {"token": "changed"}}
    )
    assert code == 403 and "can-update" in error["message"]
    assert secret_value("workspace-secret", "token") == SAMPLE_VALUE

    frozen = unique_name("sec")
    made.append(("secret", frozen))
    code, _ = await api(
        f"secrets/{NAMESPACE}", "POST", {"name": frozen, "data": {"k": pw}, "immutable": True}
    )
    assert code == 201
    code, error = await api(f"secrets/{NAMESPACE}/{frozen}", "PUT", {"data": {"k": new}})
    assert code == 422 and "immutable" in error["message"]
    never_shown(error, pw, new)


async def test_delete_refused_while_mounted_then_204_then_404(api, made) -> None:
    """A secret a workspace mounts is not deleted (409 naming the workspace); once the
    workspace no longer mounts it (PATCH secrets): 204; again: 404. Upstream refuses
    deleting a secret not labelled can-update (403)."""
    name, ws = unique_name("sec"), unique_name()
    made.append(("secret", name))
    made.append(("workspace", ws))
    code, _ = await api(f"secrets/{NAMESPACE}", "POST", {"name": name, "data": {"k": "v1x"}})
    assert code == 201
    kubectl_create_json(workspace(ws, secrets=[{"secretName": name, "mountPath": "/secrets/s"}]))

    code, error = await api(f"secrets/{NAMESPACE}/{name}", "DELETE")
    assert code == 409 and f"used by workspace {ws}" in error["message"]
    assert kubectl("-n", NAMESPACE, "get", "secret", name, check=False).returncode == 0

    code, item = await api(f"workspaces/{NAMESPACE}/{ws}", "PATCH", {"secrets": []})
    assert code == 200 and item["secrets"] == []
    code, body = await api(f"secrets/{NAMESPACE}/{name}", "DELETE")
    assert (code, body) == (204, None)
    assert kubectl("-n", NAMESPACE, "get", "secret", name, check=False).returncode != 0
    code, error = await api(f"secrets/{NAMESPACE}/{name}", "DELETE")
    assert code == 404

    code, error = await api(f"secrets/{NAMESPACE}/workspace-secret", "DELETE")
    assert code == 403
    assert kubectl("-n", NAMESPACE, "get", "secret", "workspace-secret").returncode == 0


def test_an_api_server_message_has_the_request_values_taken_out() -> None:
    """A unit check (no API server echoes an Opaque secret's value, so this cannot be caused
    for real): values of 3 characters or more are replaced in a message passed on."""
    message = 'Secret "s" is invalid: data[k]: Invalid value: "hunter22": bad, and "abc"'
    assert scrub(message, ["hunter22", "abc", "ok"]) == (
        'Secret "s" is invalid: data[k]: Invalid value: "<redacted>": bad, and "<redacted>"'
    )
