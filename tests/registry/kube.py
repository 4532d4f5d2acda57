"""The test cluster of ``make cluster`` (etcd + kube-apiserver) for the deploy tests,
with the stand-in KServe CRD of cluster/manifests/ in force (a session fixture, shared
through conftest.py)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml
from kubernetes import client, config
from kubernetes.client.exceptions import ApiException

REPO = Path(__file__).resolve().parents[2]
KUBECONFIG = REPO / ".cluster" / "kubeconfig"
NAMESPACE = "team-a"  # created by make cluster

# The stand-in CRD make cluster applies; applied here too, for a cluster started earlier.
STAND_IN_CRD = yaml.safe_load(
    (REPO / "cluster" / "manifests" / "05-kserve-inferenceservice-crd.yaml").read_text()
)


@pytest.fixture(scope="session")
def cluster() -> client.ApiClient:
    subprocess.run([str(REPO / "cluster" / "up.sh")], check=True, timeout=1800)
    api_client = config.new_client_from_config(config_file=str(KUBECONFIG), context="admin")
    extensions = client.ApiextensionsV1Api(api_client)
    try:
        extensions.create_custom_resource_definition(STAND_IN_CRD)
    except ApiException as e:
        if e.status != 409:
            raise
        # a cluster started before the CRD changed: bring it to this file's schema
        name = STAND_IN_CRD["metadata"]["name"]
        version = extensions.read_custom_resource_definition(name).metadata.resource_version
        metadata = {**STAND_IN_CRD["metadata"], "resourceVersion": version}
        extensions.replace_custom_resource_definition(name, {**STAND_IN_CRD, "metadata": metadata})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        crd = extensions.read_custom_resource_definition("inferenceservices.serving.kserve.io")
        conditions = {c.type: c.status for c in (crd.status.conditions or [])}
        if conditions.get("Established") == "True":
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the InferenceService CRD is not Established in 30 s: {conditions}")
    return api_client
