"""Activity and culling in the list item: the last probe (start and end), and when the
controller would pause the workspace for inactivity.

Upstream: kubeflow/notebooks notebooks-v2 ``workspaces.Activity`` / ``LastProbeInfo``
(``startTime``, ``endTime``, ``result``, ``message``; times in ms) and the controller's
reconcileActivity: probes every ``probeIntervalSeconds``; the first successful probe at or
after ``rules.pauseWorkspace.eligibleAfter`` pauses the workspace.
"""

from __future__ import annotations

import time

from jupyter_kubeflow.workspaces.items import auto_pause_at

from .cluster import NAMESPACE, kubectl_create, set_status, unique_name
from .waiting import eventually

HOUR = 3600_000


async def test_item_says_last_probe_and_when_it_will_be_paused(api, cleanup) -> None:
    name = unique_name()
    cleanup.append(name)
    kubectl_create(name)
    now = int(time.time() * 1000)
    probe = {"startTime": now - 61_000, "endTime": now - 60_000, "result": "Failure",
             "message": "Jupyter probe failed: connection refused"}  # fmt: skip
    eligible = now + 90 * 60_000  # idle long enough in 1.5 h
    activity = {
        "lastActivity": now - 30 * 60_000,
        "lastUpdate": now - 2 * HOUR,
        "lastProbe": probe,
        "rules": {"pauseWorkspace": {"eligibleAfter": eligible}},
    }
    set_status(name, "Running", "Workspace is running", activity=activity)
    code, body = await eventually(
        lambda: api(f"workspaces/{NAMESPACE}"),
        lambda r: any(i["name"] == name and i["activity"]["lastProbe"] for i in r[1]["items"]),
    )
    item = next(i for i in body["items"] if i["name"] == name)["activity"]
    assert item["lastProbe"] == probe
    # The kind probes hourly: the probes after the last one come at +1 h (not yet eligible)
    # and +2 h (eligible): that one pauses it.
    assert item["autoPauseAt"] == now - 60_000 + 2 * HOUR


def test_auto_pause_time_rules() -> None:
    hourly = {"probeIntervalSeconds": 3600}
    last_probe = {"endTime": 10 * HOUR}
    # already eligible: the very next probe
    assert auto_pause_at(5 * HOUR, last_probe, {}, False, hourly) == 11 * HOUR
    # eligible exactly at a probe time: that probe
    assert auto_pause_at(12 * HOUR, last_probe, {}, False, hourly) == 12 * HOUR
    # no probe yet: from the last update, else from eligibility itself
    assert auto_pause_at(12 * HOUR + 1, None, {"lastUpdate": 10 * HOUR}, False, hourly) == (
        13 * HOUR
    )
    assert auto_pause_at(12 * HOUR, None, {}, False, hourly) == 12 * HOUR
    # paused, no pause rule, or a kind without a probe: never
    assert auto_pause_at(5 * HOUR, last_probe, {}, True, hourly) is None
    assert auto_pause_at(0, last_probe, {}, False, hourly) is None
    assert auto_pause_at(5 * HOUR, last_probe, {}, False, None) is None
