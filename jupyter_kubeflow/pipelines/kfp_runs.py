"""Runs on Kubeflow Pipelines: a run's state and its steps' states from its task details,
what a user does to a run (terminate, retry, archive, unarchive, delete), and a notebook's
runs, tied to it exactly (the pipeline they were made from, never a part of their name).

What the KFP API server reports (kubeflow/pipelines ``backend/src/apiserver``, KFP 2.x): a
run's ``run_details.task_details`` are the Argo nodes the persistence agent saw, one per
node: the run's root, per pipeline task a ``<task>-driver`` pod, the task's own node (its
display name is the task's name, e.g. ``step-train``) and the ``executor`` pod under it.
A task appears once Argo started it. Times not yet set (an unfinished run's ``finished_at``,
a running task's ``end_time``) are 1970-01-01T00:00:00Z, which means "none", not a time.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..errors import InvalidInput, NotFound
from .kfp_session import KfpSession
from .kfp_session import value as _get

# KFP's V2beta1RuntimeState (backend/api/v2beta1/run.proto) -> ours, for a run
RUN_STATES = {
    "PENDING": "PENDING",
    "RUNNING": "RUNNING",
    "SUCCEEDED": "SUCCEEDED",
    "FAILED": "FAILED",
    "CANCELED": "CANCELLED",
    "CANCELING": "RUNNING",  # still going until KFP says CANCELED
    "SKIPPED": "SUCCEEDED",
    "PAUSED": "RUNNING",
}
# ... and for a step (a task KFP skipped, e.g. a branch not taken, stays SKIPPED)
STEP_STATES = {**RUN_STATES, "SKIPPED": "SKIPPED", "CANCELING": "RUNNING"}
ACTIONS = ("terminate", "retry", "archive", "unarchive", "delete")
LIST_PAGE = 100  # runs asked per page when looking for a notebook's runs
LIST_PAGES = 5  # pages looked through at most (the newest 500 runs of the namespace)


def kfp_time(value: Any) -> float | None:
    """Seconds since the epoch; None for no time (KFP's zero time, 1970-01-01, included)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    seconds = value.timestamp()
    return seconds if seconds > 0 else None


def task_name(step: str) -> str:
    """The KFP task of a step: kfp names a task after its component function (components.py
    names that ``step_<name>``), lower case with '-' for '_'."""
    return "step-" + step.lower().replace("_", "-")


def _state(value: Any) -> str:
    text = str(getattr(value, "value", value) or "")
    return text.rsplit(".", 1)[-1].upper()  # "RuntimeState.RUNNING" -> "RUNNING"


def step_states(run: Any, steps: list[str], now: float) -> list[dict[str, Any]]:
    """Each step's status, start, seconds and pod from the run's task details; a step KFP
    has not started is PENDING (SKIPPED once the run is over)."""
    details = _get(_get(run, "run_details"), "task_details") or []
    by_name = {}
    for detail in details:
        name = _get(detail, "display_name")
        if name and name not in by_name:
            by_name[name] = detail
    run_over = RUN_STATES.get(_state(_get(run, "state"))) in ("SUCCEEDED", "FAILED", "CANCELLED")
    out = []
    for step in steps:
        detail = by_name.get(task_name(step))
        if detail is None:
            status = "SKIPPED" if run_over else "PENDING"
            out.append({"name": step, "status": status, "seconds": None, "started": None})
            continue
        status = STEP_STATES.get(_state(_get(detail, "state")), "RUNNING")
        if status == "CANCELLED" or (status == "RUNNING" and run_over):
            status = "CANCELLED"
        started = kfp_time(_get(detail, "start_time"))
        ended = kfp_time(_get(detail, "end_time"))
        if started is not None and ended is not None:
            seconds: float | None = round(max(0.0, ended - started), 3)
        elif started is not None and status == "RUNNING":
            seconds = round(max(0.0, now - started), 3)
        else:
            seconds = None
        out.append(
            {
                "name": step,
                "status": status,
                "seconds": seconds,
                "started": started,
                "pod": _executor_pod(details, detail),
            }
        )
    return out


def _executor_pod(details: list[Any], node: Any) -> str | None:
    """The pod that ran the step's code: the ``executor`` under the task's node, else the
    first child pod KFP names, else the node's own."""
    node_id = _get(node, "task_id")
    for detail in details:
        if _get(detail, "parent_task_id") == node_id and _get(detail, "display_name") == "executor":
            return _get(detail, "pod_name")
    for child in _get(node, "child_tasks") or []:
        if _get(child, "pod_name"):
            return _get(child, "pod_name")
    return _get(node, "pod_name")


def pipeline_name_of(run: Any) -> str | None:
    """The name of the pipeline a run was compiled from (its inline spec's pipelineInfo)."""
    spec = _get(run, "pipeline_spec")
    if not isinstance(spec, dict):
        return None
    if "pipelineInfo" not in spec and isinstance(spec.get("pipeline_spec"), dict):
        spec = spec["pipeline_spec"]  # spec and platform spec together
    info = spec.get("pipelineInfo")
    return info.get("name") if isinstance(info, dict) else None


def summary(session: KfpSession, run: Any) -> dict[str, Any]:
    """What a list of runs shows: id, name, state, times (no end while it goes), link."""
    config = _get(run, "runtime_config")
    reference = _get(run, "pipeline_version_reference")
    return {
        "id": _get(run, "run_id"),
        "name": _get(run, "display_name"),
        "state": _state(_get(run, "state")),
        "status": RUN_STATES.get(_state(_get(run, "state")), "RUNNING"),
        "storage_state": _state(_get(run, "storage_state")) or "AVAILABLE",
        "created": kfp_time(_get(run, "created_at")),
        "finished": kfp_time(_get(run, "finished_at")),
        "parameters": dict(_get(config, "parameters") or {}) if config else {},
        "pipeline_version_id": _get(reference, "pipeline_version_id") if reference else None,
        "recurring_run_id": _get(run, "recurring_run_id") or None,
        "url": session.url(f"runs/details/{_get(run, 'run_id')}"),
    }


def get(session: KfpSession, run_id: str) -> Any:
    return session.call(session.client.get_run, run_id, client_error=NotFound)


def details(session: KfpSession, run_id: str, steps: list[str], now: float) -> dict[str, Any]:
    """The run and its steps, mapped to the notebook's steps."""
    run = get(session, run_id)
    error = _get(run, "error")
    return {
        **summary(session, run),
        "steps": step_states(run, steps, now),
        "error": (_get(error, "message") or None) if error else None,
    }


def act(session: KfpSession, run_id: str, action: str) -> None:
    """terminate, retry, archive, unarchive or delete the run (kfp.Client's own methods;
    retry has none there, so kfp's generated RunServiceApi that kfp.Client holds)."""
    client = session.client
    methods = {
        "terminate": client.terminate_run,
        "retry": client._run_api.run_service_retry_run,
        "archive": client.archive_run,
        "unarchive": client.unarchive_run,
        "delete": client.delete_run,
    }
    if action not in methods:
        raise InvalidInput(
            f"action must be one of {', '.join(ACTIONS)}, not {action!r}", field="action"
        )
    session.call(methods[action], run_id, client_error=InvalidInput)


def notebook_runs(
    session: KfpSession, pipeline_name: str, pipeline_ids: set[str], limit: int = 20
) -> list[dict[str, Any]]:
    """The namespace's runs of this notebook, newest first: those made from its pipeline
    (a version of the KFP pipeline it was uploaded as, ``pipeline_ids``) or compiled from it
    (their spec's pipeline name is the notebook's), never another notebook's whose name
    merely holds this one's."""
    found: list[dict[str, Any]] = []
    for run in session.each(
        session.client.list_runs,
        "runs",
        LIST_PAGE * LIST_PAGES,
        page_size=LIST_PAGE,
        sort_by="created_at desc",
        namespace=session.namespace,
    ):
        reference = _get(run, "pipeline_version_reference")
        pipeline_id = _get(reference, "pipeline_id") if reference else None
        if pipeline_id in pipeline_ids or pipeline_name_of(run) == pipeline_name:
            found.append(summary(session, run))
            if len(found) >= limit:
                break
    return found


def filter_equals(key: str, value: str) -> str:
    """A list filter (filter.proto) holding one EQUALS predicate."""
    return json.dumps({"predicates": [{"operation": "EQUALS", "key": key, "string_value": value}]})
