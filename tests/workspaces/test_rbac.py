"""The limited user "dev" (make cluster's RBAC): in team-a it may read and update
workspaces but not create or delete them; it may not list namespaces nor see team-b."""

from __future__ import annotations

import pytest

from .cluster import NAMESPACE, kubectl_create, kubectl_json, unique_name, workspace_manifest


@pytest.fixture
def kube_context() -> str:
    return "dev"


async def test_namespaces_fall_back_to_the_contexts_own(api) -> None:
    code, body = await api("namespaces")
    assert code == 200
    assert body == {"namespaces": [NAMESPACE], "current": NAMESPACE, "canList": False}


async def test_permissions_say_what_is_allowed_and_why_not(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)  # as admin
    code, body = await api(f"workspaces/{NAMESPACE}")
    assert code == 200
    permissions = body["permissions"]
    assert (permissions["create"], permissions["update"], permissions["delete"]) == (
        False,
        True,
        False,
    )
    assert set(permissions["reasons"]) == {"create", "delete"}
    assert "You may not delete workspaces in team-a" in permissions["reasons"]["delete"]

    code, body = await api(f"workspaces/{NAMESPACE}", "POST", workspace_manifest(unique_name()))
    assert code == 403
    assert body["message"].startswith("You may not create workspaces in team-a")
    code, body = await api(f"workspaces/{NAMESPACE}/{name}", "DELETE")
    assert code == 403
    assert body["message"].startswith("You may not delete workspaces in team-a")
    # Allowed: update (pause), seen from outside.
    code, item = await api(f"workspaces/{NAMESPACE}/{name}/pause", "POST")
    assert code == 200 and item["paused"] is True
    assert kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]["paused"] is True


async def test_other_namespaces_are_forbidden_with_a_clear_message(api) -> None:
    code, body = await api("workspaces/team-b")
    assert code == 403
    assert body["message"].startswith("You may not list workspaces in team-b")
    code, body = await api(f"namespaces/{NAMESPACE}/secrets")
    assert code == 403
    assert body["message"].startswith("You may not list secrets in team-a")
