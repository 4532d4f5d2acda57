"""The WorkspaceKind `imageConfig` value of workspace-image/ against the real CRD.

The image itself cannot be built on these machines (no container runtime); the value that
offers it in a Kubeflow Notebooks 2.0 WorkspaceKind (kubeflow/notebooks, branch
notebooks-v2, `kubeflow.org_workspacekinds.crd.yaml`) is checked here: appended to the
sample `jupyterlab` kind with a server-side dry run on the kube-apiserver of `make
cluster`, as docs/install.md tells an administrator to do.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
IMAGE_DIR = REPO / "workspace-image"
KUBECONFIG = REPO / ".cluster" / "kubeconfig"


def _kubectl(*args: str) -> subprocess.CompletedProcess[str]:
    binary = subprocess.run(
        ["bash", "-c", 'source cluster/versions.sh && printf %s "$KUBECTL"'],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if not KUBECONFIG.exists():
        raise RuntimeError(f"{KUBECONFIG} is missing: run `make cluster` first")
    return subprocess.run(
        [binary, "--kubeconfig", str(KUBECONFIG), "--context", "admin", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _append(value: dict) -> subprocess.CompletedProcess[str]:
    patch = [
        {"op": "add", "path": "/spec/podTemplate/options/imageConfig/values/-", "value": value}
    ]
    return _kubectl(
        "patch",
        "workspacekind",
        "jupyterlab",
        "--type=json",
        "--dry-run=server",
        "-o",
        "json",
        "-p",
        json.dumps(patch),
    )


def test_the_image_config_value_is_accepted_by_the_workspacekind_crd():
    value = yaml.safe_load((IMAGE_DIR / "imageconfig.yaml").read_text())
    result = _append(value)
    assert result.returncode == 0, result.stderr
    kind = json.loads(result.stdout)
    ids = [v["id"] for v in kind["spec"]["podTemplate"]["options"]["imageConfig"]["values"]]
    assert value["id"] in ids
    # the kind serves JupyterLab on the port id its ports declare
    declared = {p["id"] for p in kind["spec"]["podTemplate"]["ports"]}
    assert {p["id"] for p in value["spec"]["ports"]} <= declared


def test_a_value_without_an_image_is_refused_so_the_dry_run_checks_something():
    value = yaml.safe_load((IMAGE_DIR / "imageconfig.yaml").read_text())
    del value["spec"]["image"]
    result = _append(value)
    assert result.returncode != 0
    assert "image" in result.stderr


def test_the_value_and_the_dockerfile_name_the_same_base_image_tag():
    dockerfile = (IMAGE_DIR / "Dockerfile").read_text()
    base = re.search(r"^ARG BASE_IMAGE=\S+:(v[\d.]+)$", dockerfile, re.MULTILINE)
    assert base, "no BASE_IMAGE tag in the Dockerfile"
    value = yaml.safe_load((IMAGE_DIR / "imageconfig.yaml").read_text())
    assert f":{base.group(1)}-" in value["spec"]["image"]
    assert f":{base.group(1)}-" in value["id"]
