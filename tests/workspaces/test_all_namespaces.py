"""One list across namespaces (GET /kubeflow/api/workspaces, and ?watch=1), against the real
API server and its RBAC.

Upstream: kubeflow/notebooks notebooks-v2 ``GET /api/v1/workspaces`` (listAllWorkspaces:
every workspace of the cluster, each item with its namespace). Here, as everywhere in the
extension, through the user's own credentials: only the namespaces the API server says the
user may list workspaces in (SelfSubjectAccessReview), the others named in ``forbidden``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .cluster import KUBECONFIG, NAMESPACE, kubectl, kubectl_create, set_status, unique_name
from .sse import EventStream
from .waiting import eventually

OTHER = "team-b"
LISTER = "ws-lister"  # a service account allowed to list workspaces in team-a and team-b only

LISTER_RBAC = [
    {"apiVersion": "v1", "kind": "ServiceAccount",
     "metadata": {"name": LISTER, "namespace": "default"}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
     "metadata": {"name": "ws-lister-namespaces"},
     "rules": [{"apiGroups": [""], "resources": ["namespaces"], "verbs": ["list"]}]},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
     "metadata": {"name": "ws-lister-namespaces"},
     "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                 "name": "ws-lister-namespaces"},
     "subjects": [{"kind": "ServiceAccount", "name": LISTER, "namespace": "default"}]},
] + [
    obj
    for ns in (NAMESPACE, OTHER)
    for obj in (
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
         "metadata": {"name": "ws-lister", "namespace": ns},
         "rules": [{"apiGroups": ["kubeflow.org"], "resources": ["workspaces"],
                    "verbs": ["get", "list", "watch"]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": "ws-lister", "namespace": ns},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                     "name": "ws-lister"},
         "subjects": [{"kind": "ServiceAccount", "name": LISTER, "namespace": "default"}]},
    )
]  # fmt: skip


@pytest.fixture(scope="module")
def lister_kubeconfig(tmp_path_factory: pytest.TempPathFactory, cluster: Path) -> Path:
    """A kubeconfig with a bearer token of the service account ``ws-lister`` (the API
    server's TokenRequest): a user who may list namespaces, and workspaces in team-a and
    team-b, and nothing else."""
    path = tmp_path_factory.mktemp("lister") / "kubeconfig"
    manifest = tmp_path_factory.mktemp("rbac") / "rbac.json"
    manifest.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": LISTER_RBAC}))
    kubectl("apply", "-f", str(manifest))
    token = kubectl("-n", "default", "create", "token", LISTER, "--duration=1h").stdout.strip()
    admin = yaml.safe_load(KUBECONFIG.read_text())
    config: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": admin["clusters"],
        "users": [{"name": LISTER, "user": {"token": token}}],
        "contexts": [
            {
                "name": LISTER,
                "context": {
                    "cluster": admin["clusters"][0]["name"],
                    "user": LISTER,
                    "namespace": NAMESPACE,
                },
            }
        ],
        "current-context": LISTER,
    }
    path.write_text(json.dumps(config))
    return path


@pytest.fixture
def all_events(http_server_client, jp_http_port, jp_base_url, jp_auth_header):
    streams: list[EventStream] = []

    async def open_stream() -> EventStream:
        path = f"{jp_base_url}kubeflow/api/workspaces?watch=1"
        stream = await EventStream.open(jp_http_port, path, jp_auth_header)
        streams.append(stream)
        return stream

    yield open_stream
    for stream in streams:
        stream.close()


@pytest.fixture
def cleanup_other(cluster: Path):
    names: list[str] = []
    yield names
    for name in names:
        kubectl("-n", OTHER, "delete", "workspace", name, "--ignore-not-found", "--wait=false")


def has(body: dict[str, Any], namespace: str, name: str) -> bool:
    return any((i["namespace"], i["name"]) == (namespace, name) for i in body["items"])


async def test_admin_lists_every_namespace_from_one_cluster_wide_watch(
    api, cleanup, cleanup_other, jp_serverapp
) -> None:
    """listAllWorkspaces: items of every namespace, each carrying its namespace."""
    here, there = unique_name(), unique_name()
    cleanup += [here, there]
    cleanup_other.append(there)
    kubectl_create(here)
    kubectl_create(there)  # the same name in two namespaces: two workspaces
    kubectl_create(there, namespace=OTHER)
    code, body = await eventually(
        lambda: api("workspaces"),
        lambda r: (
            r[0] == 200
            and has(r[1], NAMESPACE, here)
            and has(r[1], NAMESPACE, there)
            and has(r[1], OTHER, there)
        ),
    )
    assert {NAMESPACE, OTHER, "default"} <= set(body["namespaces"])
    assert body["forbidden"] == []
    assert body["permissions"][OTHER]["create"] is True
    keys = [(i["namespace"], i["name"]) for i in body["items"]]
    assert keys == sorted(keys)
    service = jp_serverapp.web_app.settings["kubeflow_services"]["workspaces"]
    assert "" in service.cache.watched()  # one cluster-wide watch, not one per namespace
    assert OTHER not in service.cache.watched()


async def test_admin_stream_carries_events_of_every_namespace(all_events, cleanup_other) -> None:
    """The per-namespace watch's events, across namespaces (items name their namespace)."""
    stream = await all_events()
    assert stream.status == 200
    assert (await stream.next_event())[0] == "snapshot"
    name = unique_name()
    cleanup_other.append(name)
    kubectl_create(name, namespace=OTHER)
    event, data = await stream.wait_for(lambda n, d: d.get("item", {}).get("name") == name)
    assert (event, data["item"]["namespace"]) == ("ADDED", OTHER)
    set_status(name, "Running", "up", namespace=OTHER)
    event, data = await stream.wait_for(lambda n, d: n == "MODIFIED" and d["item"]["name"] == name)
    assert data["item"]["state"] == "Running"


class TestLimitedUsers:
    """Users who may not list workspaces cluster-wide: one watch per allowed namespace."""

    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, lister_kubeconfig: Path) -> dict[str, Any]:
        return {
            "data_dir": str(tmp_path / "kubeflow-data"),
            "kubeconfig": str(lister_kubeconfig),
            "kube_context": LISTER,
        }

    async def test_only_namespaces_the_user_may_list_others_forbidden(
        self, api, cleanup, cleanup_other
    ) -> None:
        """RBAC decides (SelfSubjectAccessReview list+watch per namespace): team-a and
        team-b are listed, every other namespace is named as forbidden."""
        here, there = unique_name(), unique_name()
        cleanup.append(here)
        cleanup_other.append(there)
        kubectl_create(here)
        kubectl_create(there, namespace=OTHER)
        code, body = await eventually(
            lambda: api("workspaces"),
            lambda r: r[0] == 200 and has(r[1], NAMESPACE, here) and has(r[1], OTHER, there),
        )
        assert body["namespaces"] == [NAMESPACE, OTHER]
        assert {"default", "kube-system"} <= set(body["forbidden"])
        assert NAMESPACE not in body["forbidden"]
        assert {i["namespace"] for i in body["items"]} <= {NAMESPACE, OTHER}
        assert set(body["permissions"]) == {NAMESPACE, OTHER}
        assert body["permissions"][NAMESPACE]["create"] is False
        assert (
            "You may not create workspaces in team-a"
            in (body["permissions"][NAMESPACE]["reasons"]["create"])
        )

    async def test_stream_merges_the_allowed_namespaces(
        self, all_events, cleanup, cleanup_other
    ) -> None:
        """One stream fed by the watches of each allowed namespace."""
        stream = await all_events()
        assert stream.status == 200
        assert (await stream.next_event())[0] == "snapshot"
        here, there = unique_name(), unique_name()
        cleanup.append(here)
        cleanup_other.append(there)
        kubectl_create(there, namespace=OTHER)
        kubectl_create(here)
        seen = set()
        while seen != {NAMESPACE, OTHER}:
            _, data = await stream.wait_for(
                lambda n, d: n == "ADDED" and d["item"]["name"] in (here, there)
            )
            seen.add(data["item"]["namespace"])


class TestDevUser:
    @pytest.fixture
    def kube_context(self) -> str:
        return "dev"  # make cluster's limited user: may not list namespaces

    async def test_user_who_may_not_list_namespaces_gets_the_contexts_own(self, api) -> None:
        """As ``GET namespaces`` for the same user: the kubeconfig context's namespace."""
        code, body = await api("workspaces")
        assert code == 200, body
        assert (body["namespaces"], body["forbidden"]) == ([NAMESPACE], [])
        assert all(i["namespace"] == NAMESPACE for i in body["items"])
