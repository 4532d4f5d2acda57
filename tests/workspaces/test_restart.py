"""The API server stops under a running Jupyter server and comes back: clear 503s (and an
error event on the stream), then recovery without restarting Jupyter.

A second kube-apiserver on its own port shares make cluster's etcd, so stopping it
disturbs nobody else using the main one."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from .cluster import CLUSTER, ENV, NAMESPACE, STATE, cluster_var, kubectl_create, unique_name
from .sse import EventStream
from .waiting import eventually

NAME, PORT = "restart-test-apiserver", cluster_var("SPARE_APISERVER_PORT")


def apiserver(action: str) -> None:
    subprocess.run(
        [str(CLUSTER / "apiserver.sh"), NAME, PORT, action], check=True, timeout=120, env=ENV
    )


@pytest.fixture
def second_apiserver(cluster: Path):
    apiserver("start")
    yield STATE / f"{NAME}.kubeconfig"
    apiserver("stop")


@pytest.fixture
def kubeflow_config(tmp_path: Path, second_apiserver: Path) -> dict[str, Any]:
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "kubeconfig": str(second_apiserver),
        "kube_context": "admin",
    }


async def test_outage_gives_503_then_recovers(
    api, cleanup, jp_http_port, jp_base_url, jp_auth_header
) -> None:
    # A just-started API server may answer 429 for a moment (storage initializing).
    await eventually(lambda: api(f"workspaces/{NAMESPACE}"), lambda r: r[0] == 200, timeout=30)
    stream = await EventStream.open(
        jp_http_port, f"{jp_base_url}kubeflow/api/workspaces/{NAMESPACE}?watch=1", jp_auth_header
    )
    try:
        assert (await stream.next_event())[0] == "snapshot"
        apiserver("stop")

        code, body = await api(f"workspaces/{NAMESPACE}/anything")
        assert code == 503
        assert body["message"].startswith("Cannot reach the Kubernetes API server")
        # The watch notices too: the list (from the cache) and the stream say so.
        code, body = await eventually(
            lambda: api(f"workspaces/{NAMESPACE}"), lambda r: r[0] == 503, timeout=15
        )
        assert "Cannot reach the Kubernetes API server" in body["message"]
        name, data = await stream.wait_for(lambda n, d: n == "error", timeout=15)
        assert "Cannot reach the Kubernetes API server" in data["message"]
        code, status = await api("status")
        assert status["workspaces"]["connected"] is False
        assert "Cannot reach" in status["workspaces"]["error"]

        # Meanwhile a workspace is created through the other (main) API server.
        created = unique_name()
        cleanup.append(created)
        kubectl_create(created)

        apiserver("start")
        code, body = await eventually(
            lambda: api(f"workspaces/{NAMESPACE}"),
            lambda r: r[0] == 200 and any(i["name"] == created for i in r[1]["items"]),
            timeout=30,
        )
        name, data = await stream.wait_for(
            lambda n, d: n == "snapshot" and any(i["name"] == created for i in d["items"]),
            timeout=30,
        )
        code, status = await api("status")
        assert status["workspaces"]["connected"] is True
    finally:
        stream.close()
