"""Issue 23 items 4 and 8: when a change reaches the pod, a restart that applies it, and
pending updates applied in one step with a pause or resume. No controller runs against
make cluster: each test plays the Notebooks controller through the status subresource,
from upstream's code (kubeflow/notebooks notebooks-v2); each docstring names it."""

from __future__ import annotations

import time

from .cluster import (
    NAMESPACE,
    kubectl_create,
    kubectl_json,
    set_status,
    unique_name,
)
from .waiting import eventually

IMAGE_OLD, IMAGE_NEW = "jupyter-scipy:v1.9.2", "jupyter-scipy:v1.10.0"
OLD_IMAGE_ONLY = {
    "options": {"imageConfig": IMAGE_OLD, "podConfig": "tiny_cpu"},
    "volumes": {"data": []},
}


def spec_of(name: str) -> dict:
    return kubectl_json("-n", NAMESPACE, "get", "workspace", name)["spec"]


async def item_of(api, name: str) -> dict:
    code, body = await api(f"workspaces/{NAMESPACE}/{name}")
    assert code == 200, body
    return body["item"]


async def test_an_edit_of_a_workspace_that_is_not_ready_says_it_waits_for_a_restart(
    api, cleanup
) -> None:
    """Item 8. The controller rebuilds the StatefulSet's pod template at once, but the
    StatefulSet controller (OrderedReady) replaces a pod only once it is Running and Ready:
    a Pending or Error pod keeps the old template until the workspace is paused and
    resumed. Running: the change restarts it now; paused: it applies on resume; no pod
    yet: the next pod has it."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    assert (await item_of(api, name))["changesApply"] == "start"  # no status, no pod yet
    for state, expected in (
        ("Running", "now"),
        ("Pending", "restart"),
        ("Error", "restart"),
        ("Terminating", "start"),
    ):
        set_status(name, state, f"the controller says {state}")
        assert (await item_of(api, name))["changesApply"] == expected, state
    code, item = await api(f"workspaces/{NAMESPACE}/{name}", "PATCH", {"podConfig": "small_cpu"})
    assert code == 200, item
    # Saved in the spec, and the answer says it has not reached the pod.
    assert (item["podConfig"]["current"], item["changesApply"]) == ("small_cpu", "start")
    set_status(name, "Error", 'Back-off pulling image "jupyter-scipy:v9"')
    item = await item_of(api, name)
    assert (item["phase"], item["changesApply"]) == ("Error", "restart")
    code, item = await api(f"workspaces/{NAMESPACE}/{name}/pause", "POST")
    assert code == 200 and item["changesApply"] == "resume"


async def test_restart_pauses_then_resumes_once_the_controller_reports_paused(api, cleanup) -> None:
    """Item 8: pause and resume in one action. Upstream's controller writes Paused only
    once the pod is gone (generateWorkspaceState); upstream's resume needs Paused (409
    before). The server pauses, waits for Paused (a watch of the one workspace), then
    resumes; meanwhile the item says it is restarting."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    set_status(name, "Error", 'Back-off pulling image "jupyter-scipy:v9"')

    code, item = await api(f"workspaces/{NAMESPACE}/{name}/restart", "POST")
    assert code == 200, item
    assert (item["paused"], item["phase"], item["restartPending"]) == (True, "Restarting", True)
    assert spec_of(name)["paused"] is True
    # Listed as restarting too (the watch cache builds the item from the pause's event).
    await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and i["restartPending"] for i in r[1]["items"]),
    )

    set_status(name, "Paused", "Workspace is paused", pause_time=int(time.time() * 1000))
    await eventually(lambda: item_of(api, name), lambda i: i["paused"] is False)
    item = await item_of(api, name)
    assert (item["restartPending"], item["phase"]) == (False, "Starting")

    code, error = await api(f"workspaces/{NAMESPACE}/{name}/restart", "POST", {"x": 1})
    assert code == 400 and error["field"] == "x"
    # A paused workspace is resumed, not restarted.
    code, item = await api(f"workspaces/{NAMESPACE}/{name}/pause", "POST")
    assert code == 200
    code, error = await api(f"workspaces/{NAMESPACE}/{name}/restart", "POST")
    assert code == 409 and "is paused" in error["message"], error
    code, error = await api(f"workspaces/{NAMESPACE}/no-such-ws/restart", "POST")
    assert code == 404


async def test_a_restart_resumed_by_someone_else_is_left_alone(api, cleanup) -> None:
    """If the workspace is resumed (or deleted) while the restart waits, it stops waiting
    and writes nothing more."""
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    set_status(name, "Pending", "Pod is being scheduled")
    code, item = await api(f"workspaces/{NAMESPACE}/{name}/restart", "POST")
    assert code == 200 and item["restartPending"] is True
    set_status(name, "Paused", "Workspace is paused")
    await eventually(lambda: item_of(api, name), lambda i: i["restartPending"] is False)
    assert spec_of(name)["paused"] is False


async def test_update_and_stop_and_update_and_start_are_one_write(api, cleanup) -> None:
    """Item 4. The Notebooks 2.0 UI's Stop dialog offers "Update and Stop" and "Stop and
    defer updates", its Start dialog "Update and Start" and "Start", when the kind redirects
    an option (the controller reports pendingRestart, getImageConfig follows the chain).
    Choosing the redirect's target is what applies it; here in the same write as the
    pause or resume."""
    name, deferred = unique_name(), unique_name()
    cleanup.extend([name, deferred])
    chain = [{"source": IMAGE_OLD, "target": IMAGE_NEW}]
    for ws in (name, deferred):
        kubectl_create(ws, podTemplate=OLD_IMAGE_ONLY)
        set_status(ws, "Running", "ok", pending_restart=True, image_desired=IMAGE_NEW,
                   image_chain=chain)  # fmt: skip

    # Stop and defer updates: a plain pause.
    code, item = await api(f"workspaces/{NAMESPACE}/{deferred}/pause", "POST")
    assert code == 200 and spec_of(deferred)["podTemplate"]["options"]["imageConfig"] == IMAGE_OLD

    # Update and stop.
    before = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["metadata"]
    code, item = await api(f"workspaces/{NAMESPACE}/{name}/pause", "POST", {"applyUpdates": True})
    assert code == 200, item
    assert (item["paused"], item["imageConfig"]["current"]) == (True, IMAGE_NEW)
    after = kubectl_json("-n", NAMESPACE, "get", "workspace", name)["metadata"]
    assert after["generation"] == before["generation"] + 1  # one write
    assert spec_of(name)["podTemplate"]["options"]["imageConfig"] == IMAGE_NEW

    # Update and start, from the deferred one once paused.
    set_status(deferred, "Paused", "paused", pending_restart=True, image_desired=IMAGE_NEW,
               image_chain=chain)  # fmt: skip
    code, item = await api(
        f"workspaces/{NAMESPACE}/{deferred}/resume", "POST", {"applyUpdates": True}
    )
    assert code == 200, item
    spec = spec_of(deferred)
    assert (spec["paused"], spec["podTemplate"]["options"]["imageConfig"]) == (False, IMAGE_NEW)
    code, error = await api(
        f"workspaces/{NAMESPACE}/{deferred}/resume", "POST", {"applyUpdates": "yes"}
    )
    assert code == 422 and error["field"] == "applyUpdates"
