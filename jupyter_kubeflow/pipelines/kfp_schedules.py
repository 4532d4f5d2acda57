"""Recurring runs of a notebook's pipeline on Kubeflow Pipelines: a cron schedule or an
interval, an optional start and end, the runs allowed at once, whether missed runs are
caught up; listed per notebook (those made from its KFP pipeline), enabled, disabled,
deleted. Checked here as KFP's API server checks them (its recurring_run_server.go:
max_concurrency 1 to 10, a robfig/cron expression of 5 or 6 fields whose first is the
seconds, or ``@every 1h``-style descriptors; an interval of at least 1 second), so a
mistake is a 400 naming the field before anything is sent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import InvalidInput, NotFound
from .kfp_pipelines import experiment_id
from .kfp_runs import _get, _state, kfp_time
from .kfp_session import KfpSession

ACTIONS = ("enable", "disable", "delete")
MAX_LISTED = 2000  # the namespace's recurring runs read at most (ten pages of 200)
_CRON_FIELD = re.compile(r"^[0-9*?/,\-LW#A-Za-z]+$")


@dataclass(frozen=True)
class Schedule:
    cron: str | None  # robfig/cron: seconds minutes hours day-of-month month day-of-week
    interval_seconds: int | None
    start: datetime | None
    end: datetime | None
    max_concurrency: int
    catch_up: bool


def _when(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be an ISO 8601 time", field=field)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{field} must be an ISO 8601 time like 2026-01-31T09:00:00Z, not {value!r}",
            field=field,
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def parse_schedule(body: dict[str, Any]) -> Schedule:
    """The schedule of a request (``cron`` or ``interval_seconds``, ``start``, ``end``,
    ``max_concurrency``, ``catch_up``), checked with KFP's rules."""
    cron = body.get("cron")
    interval = body.get("interval_seconds")
    if (cron in (None, "")) == (interval in (None, "")):
        raise InvalidInput("Give either cron or interval_seconds (one of them)", field="cron")
    if cron not in (None, ""):
        if not isinstance(cron, str) or len(cron) > 200:
            raise InvalidInput("cron must be a cron expression", field="cron")
        fields = cron.split()
        if not cron.startswith("@") and (
            len(fields) not in (5, 6) or not all(_CRON_FIELD.match(f) for f in fields)
        ):
            raise InvalidInput(
                f"cron {cron!r} is not a schedule KFP reads: 6 fields (seconds minutes hours "
                "day-of-month month day-of-week, e.g. '0 0 9 * * 1-5') or '@every 1h'",
                field="cron",
            )
        cron = cron.strip()
    else:
        cron = None
        if isinstance(interval, bool) or not isinstance(interval, (int, float, str)):
            raise InvalidInput("interval_seconds must be a whole number", field="interval_seconds")
        try:
            number = float(interval)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number != int(number) or not 1 <= number <= 10**9:
            raise InvalidInput(
                "interval_seconds must be a whole number of seconds, at least 1",
                field="interval_seconds",
            )
        interval = int(number)
    concurrency = body.get("max_concurrency", 1)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise InvalidInput("max_concurrency must be a whole number", field="max_concurrency")
    if not 1 <= concurrency <= 10:
        raise InvalidInput(
            f"max_concurrency must be 1 to 10 (KFP's limit), not {concurrency}",
            field="max_concurrency",
        )
    catch_up = body.get("catch_up", True)
    if not isinstance(catch_up, bool):
        raise InvalidInput("catch_up must be true or false", field="catch_up")
    start, end = _when(body.get("start"), "start"), _when(body.get("end"), "end")
    if start and end and end <= start:
        raise InvalidInput("end must be after start", field="end")
    return Schedule(cron, interval, start, end, concurrency, catch_up)


def describe(schedule: Schedule) -> str:
    every = f"cron {schedule.cron}" if schedule.cron else f"every {schedule.interval_seconds} s"
    return f"{every}, at most {schedule.max_concurrency} at once"


def create(
    session: KfpSession,
    schedule: Schedule,
    name: str,
    pipeline_id: str,
    version_id: str,
    experiment: str,
    arguments: dict[str, Any],
    description: str = "",
) -> dict[str, Any]:
    """A recurring run of the pipeline version, enabled."""
    exp_id = experiment_id(session, experiment or "Default")
    made = session.call(
        session.client.create_recurring_run,
        exp_id,
        name,
        description=description or describe(schedule),
        start_time=schedule.start.isoformat() if schedule.start else None,
        end_time=schedule.end.isoformat() if schedule.end else None,
        interval_second=schedule.interval_seconds,
        cron_expression=schedule.cron,
        max_concurrency=schedule.max_concurrency,
        no_catchup=not schedule.catch_up,
        params=arguments,
        pipeline_id=pipeline_id,
        version_id=version_id,
    )
    return summary(session, made)


def summary(session: KfpSession, recurring: Any) -> dict[str, Any]:
    trigger = _get(recurring, "trigger")
    cron = _get(trigger, "cron_schedule") if trigger else None
    periodic = _get(trigger, "periodic_schedule") if trigger else None
    timed = cron or periodic
    reference = _get(recurring, "pipeline_version_reference")
    interval = _get(periodic, "interval_second") if periodic else None
    return {
        "id": _get(recurring, "recurring_run_id"),
        "name": _get(recurring, "display_name"),
        "description": _get(recurring, "description") or "",
        "enabled": _state(_get(recurring, "mode")) in ("ENABLE", "ENABLED"),
        "status": _state(_get(recurring, "status")),
        "cron": _get(cron, "cron") if cron else None,
        "interval_seconds": int(interval) if interval else None,
        "start": kfp_time(_get(timed, "start_time")) if timed else None,
        "end": kfp_time(_get(timed, "end_time")) if timed else None,
        "max_concurrency": int(_get(recurring, "max_concurrency") or 1),
        "catch_up": not _get(recurring, "no_catchup"),
        "created": kfp_time(_get(recurring, "created_at")),
        "pipeline_id": _get(reference, "pipeline_id") if reference else None,
        "pipeline_version_id": _get(reference, "pipeline_version_id") if reference else None,
        "parameters": dict(_get(_get(recurring, "runtime_config"), "parameters") or {}),
        "url": session.url(f"recurringrun/details/{_get(recurring, 'recurring_run_id')}"),
    }


def of_pipeline(session: KfpSession, pipeline_id: str | None) -> list[dict[str, Any]]:
    """The namespace's recurring runs made from the pipeline ``pipeline_id``, newest first.
    KFP filters recurring runs on no pipeline (its job model's fields are the id, name,
    description and times), so every page of the namespace's is read, ``MAX_LISTED`` at
    most, and those of the pipeline kept."""
    if not pipeline_id:
        return []
    listed = session.each(
        session.client.list_recurring_runs,
        "recurring_runs",
        MAX_LISTED,
        sort_by="created_at desc",
        namespace=session.namespace,
    )
    runs = (summary(session, r) for r in listed)
    return [r for r in runs if r["pipeline_id"] == pipeline_id]


def act(session: KfpSession, recurring_id: str, action: str) -> None:
    client = session.client
    methods = {
        "enable": client.enable_recurring_run,
        "disable": client.disable_recurring_run,
        "delete": client.delete_recurring_run,
    }
    if action not in methods:
        raise InvalidInput(
            f"action must be one of {', '.join(ACTIONS)}, not {action!r}", field="action"
        )
    session.call(methods[action], recurring_id, client_error=NotFound)
