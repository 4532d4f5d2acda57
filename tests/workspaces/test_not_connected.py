"""Without a cluster: the status says so and how to connect; routes answer 503, not 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def kubeflow_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # No kubeconfig anywhere and not in a cluster.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kubeconfig": ""}


async def test_status_says_not_connected_and_how_to_connect(api) -> None:
    code, body = await api("status")
    ws = body["workspaces"]
    assert code == 200
    assert ws["connected"] is False
    assert "no kubeconfig found" in ws["error"]
    assert "KUBECONFIG" in ws["hint"] and "c.KubeflowExtension.kubeconfig" in ws["hint"]
    assert ws["namespace"] == "default" and ws["context"] is None


async def test_routes_answer_503_with_the_hint(api) -> None:
    for path in ("namespaces", "workspacekinds", "workspaces/team-a", "workspaces/team-a/x"):
        code, body = await api(path)
        assert code == 503, (path, body)
        assert "Not connected to a Kubernetes cluster" in body["message"]
        assert "KUBECONFIG" in body["message"]


async def test_a_missing_kubeconfig_file_is_named(api, jp_serverapp, tmp_path: Path) -> None:
    service = jp_serverapp.web_app.settings["kubeflow_services"]["workspaces"]
    service.connection.kubeconfig = str(tmp_path / "missing.yaml")
    code, body = await api("status")
    assert body["workspaces"]["connected"] is False
    assert "missing.yaml does not exist" in body["workspaces"]["error"]
