"""Shared fixtures: a real Jupyter server (pytest-jupyter) with the extension enabled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["pytest_jupyter.jupyter_server"]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def kubeflow_config(tmp_path: Path) -> dict[str, Any]:
    """Traitlets for KubeflowExtension; tests add to it before the server starts."""
    return {"data_dir": str(tmp_path / "kubeflow-data")}


@pytest.fixture
def jp_server_config(kubeflow_config: dict[str, Any]) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"jupyter_kubeflow": True}},
        "KubeflowExtension": kubeflow_config,
    }


@pytest.fixture
def api(jp_fetch):
    """Call a route under /kubeflow/api/ and decode JSON; errors are returned, not raised."""

    async def call(path: str, method: str = "GET", body: Any = None, **kwargs: Any):
        parts = ["kubeflow", "api", *path.strip("/").split("/")]
        if body is not None:
            kwargs["body"] = json.dumps(body)
        elif method in ("POST", "PUT", "PATCH"):
            kwargs["body"] = b""
        response = await jp_fetch(*parts, method=method, raise_error=False, **kwargs)
        text = response.body.decode() if response.body else ""
        return response.code, (json.loads(text) if text else None)

    return call
