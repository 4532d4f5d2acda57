"""``jupyter kubeflow registry serve --catalog-sources FILE``: Kubeflow Hub's model catalog
API beside the registry's, guarded as the registry is; and schema fuzzing of it with
schemathesis, against Hub's catalog spec as the server serves it
(``/api/model_catalog/v1/openapi.yaml``), on Hub's sample catalog.

Checks, as for the registry (test_schema_fuzzing.py): no 5xx, responses valid against the
spec, JSON content types; bounded examples. Only the model catalog's operations: the spec
also describes Hub's MCP, agent and skill catalogs, which the embedded catalog does not
serve."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .catalog_files import copy_samples
from .standalone import StandaloneRegistry
from .test_schema_fuzzing import run_schemathesis

MAX_EXAMPLES = 20


@pytest.fixture
def catalog_server(tmp_path: Path) -> Iterator[StandaloneRegistry]:
    sources = copy_samples(tmp_path / "catalog")
    server = StandaloneRegistry(
        tmp_path / "registry-data", args=("--catalog-sources", str(sources))
    ).start()
    yield server
    server.stop()


# A model of Hub's samples, given to the generator as the path parameters' example, so the
# examples phase reaches a model's page, artifacts and performance figures, not only 404s.
EXAMPLES = {
    "source_id": "validated_ai_models",
    "model_name": "certified/production-llm-8b",
    "model_name+": "certified/production-llm-8b",
}


def served_spec(server: StandaloneRegistry, tmp_path: Path) -> Path:
    """The spec as served, with examples for the model paths' parameters (see above)."""
    url = f"{server.url}/api/model_catalog/v1/openapi.yaml"
    with urllib.request.urlopen(url, timeout=10) as response:
        spec = yaml.safe_load(response.read())
    for path, item in spec["paths"].items():
        if path.startswith("/api/model_catalog/v1/sources/{source_id}"):
            for parameter in item.get("parameters", []):
                if parameter.get("name") in EXAMPLES:
                    parameter["example"] = EXAMPLES[parameter["name"]]
    spec_file = tmp_path / "catalog-v1.yaml"
    spec_file.write_text(yaml.safe_dump(spec))
    return spec_file


def test_schemathesis_finds_no_server_errors_or_schema_violations(
    catalog_server: StandaloneRegistry, tmp_path: Path
) -> None:
    output = run_schemathesis(
        served_spec(catalog_server, tmp_path),
        catalog_server.url,
        "--include-path-regex",
        "^/api/model_catalog/",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
    )
    assert re.search(r"Tested: 8\b", output)  # the model catalog's eight operations


def fetch(url: str, **kwargs: object) -> tuple[int, bytes]:
    request = urllib.request.Request(url, **kwargs)  # type: ignore[arg-type]
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_the_catalog_is_served_beside_the_registry_behind_its_token(tmp_path: Path) -> None:
    sources = copy_samples(tmp_path / "catalog")
    server = StandaloneRegistry(
        tmp_path / "data",
        args=("--catalog-sources", str(sources)),
        env={"JUPYTER_KUBEFLOW_REGISTRY_TOKEN": "s3cret"},
    ).start()
    try:
        models = f"{server.url}/api/model_catalog/v1/models?q=embedder"
        assert fetch(models)[0] == 401
        status, body = fetch(models, headers={"Authorization": "Bearer s3cret"})
        assert status == 200 and b"neural-systems/universal-embedder-v2" in body
        other_host = {"Authorization": "Bearer s3cret", "Host": "evil.example"}
        assert fetch(models, headers=other_host)[0] == 403  # DNS rebinding, as the registry
        # the source preview takes a form (and changes nothing); the registry still JSON only
        form = (
            b'--b\r\nContent-Disposition: form-data; name="config"; filename="c.yaml"\r\n\r\n'
            b'type: yaml\r\n--b\r\nContent-Disposition: form-data; name="catalogData"; '
            b'filename="d.yaml"\r\n\r\nmodels:\n  - name: a/b\r\n--b--\r\n'
        )
        headers = {
            "Authorization": "Bearer s3cret",
            "Content-Type": "multipart/form-data; boundary=b",
        }
        status, body = fetch(
            f"{server.url}/api/model_catalog/v1/sources/preview", data=form, headers=headers
        )
        assert status == 200, body
        status, _ = fetch(
            f"{server.url}/api/model_registry/v1/registered_models", data=form, headers=headers
        )
        assert status == 415
        assert b"Model catalog serving" in server.log_path.read_bytes()
    finally:
        server.stop()


def test_serve_names_a_missing_sources_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter_kubeflow.cli",
            "registry",
            "serve",
            "--data-dir",
            str(tmp_path / "data"),
            "--catalog-sources",
            str(tmp_path / "nowhere.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
    )
    assert result.returncode == 2, result.stderr
    assert f"no sources file at {tmp_path / 'nowhere.yaml'}" in result.stderr
    assert "--catalog-sources" in result.stderr and "Traceback" not in result.stderr
