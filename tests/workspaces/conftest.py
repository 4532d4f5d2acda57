"""Fixtures for the workspaces tests: the real API server from make cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .cluster import KUBECONFIG, NAMESPACE, kubectl, start_cluster


@pytest.fixture(scope="session")
def cluster() -> Path:
    """Starts make cluster's API server if it is not running (same script)."""
    start_cluster()
    return KUBECONFIG


@pytest.fixture
def kube_context() -> str:
    return "admin"


@pytest.fixture
def kubeflow_config(tmp_path: Path, cluster: Path, kube_context: str) -> dict[str, Any]:
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "kubeconfig": str(cluster),
        "kube_context": kube_context,
        "workspace_url_template": "https://kubeflow.example.com/workspace/{namespace}/{name}/",
    }


@pytest.fixture
def cleanup(cluster: Path):
    """Names of workspaces (in team-a) to delete after the test, whatever happened."""
    names: list[str] = []
    yield names
    for name in names:
        kubectl("-n", NAMESPACE, "delete", "workspace", name, "--ignore-not-found", "--wait=false")
