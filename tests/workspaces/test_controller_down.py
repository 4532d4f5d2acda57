"""Issue 8, item 5: the Notebooks controller is down. Its admission webhook (upstream:
`vworkspace.kb.io`, failurePolicy Fail, on create and update of workspaces) then fails
every write with the API server's "failed calling webhook". That fault is caused for real:
a ValidatingWebhookConfiguration whose service is a closed port on loopback, limited by an
object selector to this test's workspaces, so nobody else sharing the cluster is affected."""

from __future__ import annotations

import json
import socket
import subprocess
import uuid

import pytest

from .cluster import (
    ENV,
    KUBECONFIG,
    KUBECTL,
    NAMESPACE,
    kubectl,
    kubectl_create,
    workspace_manifest,
)
from .waiting import eventually


def closed_port() -> int:
    with socket.socket() as s:  # bound then closed: nothing listens there
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def controller_down(cluster):
    """``(marker, register)``: workspaces labelled ``jk-webhook-test=<marker>`` fall under
    the unreachable webhook once ``register()`` is called (label them first: labelling is
    an update, which the webhook would refuse)."""
    marker = uuid.uuid4().hex[:8]
    name = f"jk-test-unreachable-{marker}"
    config = {
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingWebhookConfiguration",
        "metadata": {"name": name},
        "webhooks": [
            {
                "name": "vworkspace.kb.io",
                "clientConfig": {
                    "url": f"https://127.0.0.1:{closed_port()}/validate-kubeflow-org-v1beta1-workspace"
                },
                "rules": [
                    {
                        "apiGroups": ["kubeflow.org"],
                        "apiVersions": ["v1beta1"],
                        "operations": ["CREATE", "UPDATE"],
                        "resources": ["workspaces"],
                    }
                ],
                "failurePolicy": "Fail",
                "sideEffects": "None",
                "admissionReviewVersions": ["v1"],
                "timeoutSeconds": 2,
                "objectSelector": {"matchLabels": {"jk-webhook-test": marker}},
            }
        ],
    }

    def register() -> None:
        subprocess.run(
            [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", "create", "-f", "-"],
            input=json.dumps(config),
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
            env=ENV,
        )

    yield marker, register
    kubectl("delete", "validatingwebhookconfiguration", name, "--ignore-not-found")


async def test_writes_say_the_controller_is_unreachable_and_what_still_works(
    api, cleanup, controller_down
) -> None:
    marker, register = controller_down
    name = f"down-{uuid.uuid4().hex[:8]}"
    cleanup.append(name)
    kubectl_create(name)  # before it is under the webhook
    kubectl("-n", NAMESPACE, "label", "workspace", name, f"jk-webhook-test={marker}")
    register()
    path = f"workspaces/{NAMESPACE}/{name}"

    # The API server picks the new webhook configuration up within a moment: probe with
    # a server-side dry run (webhooks without side effects are called on those too).
    async def dry_run() -> str:
        probe = kubectl(
            "-n", NAMESPACE, "annotate", "workspace", name, "probe=1", "--overwrite",
            "--dry-run=server", check=False,
        )  # fmt: skip
        return probe.stderr

    await eventually(dry_run, lambda stderr: "failed calling webhook" in stderr, timeout=30)
    code, body = await api(f"{path}/pause", "POST")
    assert code == 503, body
    assert "Notebooks controller is unreachable" in body["message"]
    assert "vworkspace.kb.io" in body["message"]
    assert "deleting" in body["message"] and "out of date" in body["message"]
    assert body["details"]["controller"] == "unreachable"
    assert "failed calling webhook" in body["details"]["cause"]

    code, body = await api(path, "PATCH", {"podConfig": "small_cpu"})
    assert code == 503 and body["details"]["controller"] == "unreachable", body
    manifest = workspace_manifest(f"{name}-new")
    manifest["metadata"]["labels"]["jk-webhook-test"] = marker
    code, body = await api(f"workspaces/{NAMESPACE}", "POST", manifest)
    assert code == 503 and body["details"]["controller"] == "unreachable", body

    # What still works: listing (the cache), reading, deleting (no webhook on delete).
    code, body = await api(f"workspaces/{NAMESPACE}")
    assert code == 200 and any(i["name"] == name for i in body["items"])
    assert (await api(path))[0] == 200
    code, body = await api(path, "DELETE")
    assert (code, body) == (200, {"deleted": True})
