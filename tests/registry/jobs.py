"""Registration jobs in tests: start one through the route, await its end with a deadline.

A job runs as an asyncio task in the Jupyter server, which shares the test's event loop, so
the test awaits that task itself (no polling with sleeps: a slow S3 or OCI upload on a
loaded machine is waited for as long as it runs, up to ``DEADLINE``) and then reads the
job's final state through the route the panel polls. A job still running at the deadline
fails the test, naming the job and how far it got.
"""

from __future__ import annotations

import asyncio
from typing import Any

DEADLINE = 120.0  # seconds; a registration in the tests takes well under 10


def registrar(api: Any) -> Any:
    """The server's Registrar (the ``api`` fixture of tests/registry carries the server)."""
    return api.serverapp.web_app.settings["kubeflow_services"]["registry"].registrar


async def start(api: Any, body: dict[str, Any]) -> dict[str, Any]:
    code, job = await api("registry/register", "POST", body)
    assert code == 202, job
    assert job["state"] == "RUNNING" and 0 <= job["progress"] <= 1
    return job


async def finished(api: Any, job_id: str, deadline: float = DEADLINE) -> dict[str, Any]:
    """The job's final state, as the route answers it, once its task has ended."""
    task = registrar(api).jobs[job_id].task
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=deadline)
    except TimeoutError:
        _, job = await api(f"registry/register/{job_id}")
        message = f"registration {job_id} still running after {deadline:.0f} s: {job}"
        raise AssertionError(message) from None
    code, job = await api(f"registry/register/{job_id}")
    assert code == 200, job
    assert job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"), job
    return job


async def register(api: Any, body: dict[str, Any], deadline: float = DEADLINE) -> dict[str, Any]:
    """POST register, then await the job's end (at most ``deadline`` seconds)."""
    job = await start(api, body)
    return await finished(api, job["id"], deadline)
