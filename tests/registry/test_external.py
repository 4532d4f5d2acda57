"""The extension configured with an external registry (the standalone server here):
the token is sent to the registry and never to the browser; a down registry is a 503."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .standalone import StandaloneRegistry, free_port

TOKEN = "external-registry-token-42"


@pytest.fixture
def external(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    # protected by the token the extension is configured with: a wrong one would be a 401
    server = StandaloneRegistry(
        tmp_path / "external", env={"JUPYTER_KUBEFLOW_REGISTRY_TOKEN": TOKEN}
    ).start()
    yield server
    server.stop()


@pytest.fixture
def kubeflow_config(
    tmp_path: Path, external: StandaloneRegistry, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    return {
        "data_dir": str(tmp_path / "kubeflow-data"),
        "registry_url": external.url,
        "registry_token_file": str(token_file),
    }


async def test_external_registry_routes(
    api: Any, jp_fetch: Any, external: StandaloneRegistry
) -> None:
    import urllib.request

    request = urllib.request.Request(
        f"{external.api}/registered_models",
        data=json.dumps({"name": "remote-model", "description": "from afar"}).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    urllib.request.urlopen(request, timeout=5)
    code, status = await api("status")
    assert code == 200
    assert status["registry"]["mode"] == "external"
    assert status["registry"]["connected"] is True
    assert status["registry"]["url"] == external.url
    code, page = await api("registry/models?q=remote")
    assert code == 200 and [m["name"] for m in page["items"]] == ["remote-model"]
    code, detail = await api(f"registry/models/{page['items'][0]['id']}")
    assert code == 200 and detail["model"]["description"] == "from afar"
    assert TOKEN not in json.dumps([status, page, detail])
    # the embedded mount is off when an external registry is configured
    response = await jp_fetch(
        "kubeflow",
        "registry",
        "api",
        "model_registry",
        "v1",
        "registered_models",
        raise_error=False,
    )
    assert response.code == 404
    # the external registry's own log shows requests; the token never appears in it
    log = (external.data_dir.parent / f"registry-{external.port}.log").read_text()
    assert TOKEN not in log


@pytest.fixture
def down_config(tmp_path: Path) -> dict[str, Any]:
    return {"data_dir": str(tmp_path / "d"), "registry_url": f"http://127.0.0.1:{free_port()}"}


class TestRegistryDown:
    @pytest.fixture
    def kubeflow_config(self, down_config: dict[str, Any]) -> dict[str, Any]:
        return down_config

    async def test_down_registry_is_503_with_message(self, api: Any) -> None:
        code, body = await api("registry/models")
        assert code == 503
        assert "cannot be reached" in body["message"]
        code, status = await api("status")
        assert status["registry"]["connected"] is False
        assert "cannot be reached" in status["registry"]["error"]
