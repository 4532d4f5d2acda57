"""Routes under ``/kubeflow/api/pipelines/``: analyse, compile, start and follow runs."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import tornado.web

from ..errors import InvalidInput
from ..pipelines.service import PipelinesService
from .base import KubeflowHandler, route


class PipelinesHandler(KubeflowHandler):
    @property
    def pipelines(self) -> PipelinesService:
        return self.service("pipelines")

    def optional_str(self, body: dict[str, Any], name: str) -> str | None:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"{name} must be a string", field=name)
        return value

    async def on_kfp(self, method: str, namespace: Any, *args: Any, **kwargs: Any) -> Any:
        """``KfpService.method(..., session)`` in a worker thread: connecting asks KFP's
        health, which must not hold the event loop. A ``host`` in the query (or the JSON
        body) names another endpoint, which gets the configured token only if it is the
        configured one."""
        kfp = self.pipelines.kfp
        host = self.get_query_argument("host", None)
        if host is None and self.request.body:
            host = self.optional_str(self.json_body(), "host")

        def work() -> Any:
            session = kfp.session(namespace or None, host or None)
            return getattr(kfp, method)(*args, session=session, **kwargs)

        return await asyncio.to_thread(work)

    def notebook(self, path: Any) -> Any:
        return self.pipelines.resolve(path)

    def flag(self, body: dict[str, Any], name: str) -> bool:
        value = body.get(name, False)
        if not isinstance(value, bool):
            raise InvalidInput(f"{name} must be true or false", field=name)
        return value


class AnalyseHandler(PipelinesHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        result = await self.pipelines.analyse(body.get("path"), self.optional_str(body, "split"))
        self.send_json(result)


class CompileHandler(PipelinesHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        result = await self.pipelines.compile(
            body.get("path"),
            name=self.optional_str(body, "name"),
            split=self.optional_str(body, "split"),
            dsl=self.flag(body, "dsl"),
        )
        self.send_json(result)


class RunsHandler(PipelinesHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        # ?path=NOTEBOOK: only that notebook's runs
        path = self.get_query_argument("path", None)
        self.send_json({"runs": await self.pipelines.list_runs(path)})

    @tornado.web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        for name in ("split", "experiment", "host", "mode", "namespace"):
            self.optional_str(body, name)
        self.send_json(await self.pipelines.start_run(body), status=202)


class RunHandler(PipelinesHandler):
    @tornado.web.authenticated
    async def get(self, run_id: str) -> None:
        self.send_json(await self.pipelines.get_run(run_id))

    @tornado.web.authenticated
    async def delete(self, run_id: str) -> None:
        await self.pipelines.delete_run(run_id)
        self.send_json({"id": run_id, "deleted": True})


class CancelRunHandler(PipelinesHandler):
    @tornado.web.authenticated
    async def post(self, run_id: str) -> None:
        self.send_json(await self.pipelines.cancel_run(run_id))


class KfpRunsHandler(PipelinesHandler):
    """``GET pipelines/kfp-runs?path=NOTEBOOK[&namespace=NS]``: the notebook's runs on KFP
    (made from its KFP pipeline or compiled from it), newest first."""

    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.notebook(self.get_query_argument("path", None))
        namespace = self.get_query_argument("namespace", None)
        self.send_json(await self.on_kfp("notebook_runs", namespace, path))


class KfpRunHandler(PipelinesHandler):
    """``GET pipelines/kfp-runs/{id}[?path=NOTEBOOK&namespace=NS]``: a KFP run and its steps."""

    @tornado.web.authenticated
    async def get(self, kfp_run_id: str) -> None:
        path = self.get_query_argument("path", None)
        full = self.notebook(path) if path else None
        namespace = self.get_query_argument("namespace", None)
        self.send_json(await self.on_kfp("run_details", namespace, kfp_run_id, path=full))


class KfpRunActionHandler(PipelinesHandler):
    """``POST pipelines/kfp-runs/{id}/{terminate|retry|archive|unarchive|delete}``."""

    @tornado.web.authenticated
    async def post(self, kfp_run_id: str, action: str) -> None:
        body = self.json_body()
        await self.on_kfp("act", self.optional_str(body, "namespace"), kfp_run_id, action)
        self.send_json({"id": kfp_run_id, "action": action, "done": True})


class RunKfpActionHandler(PipelinesHandler):
    """``POST pipelines/runs/{id}/kfp/{action}``: act on the KFP run of a run kept here."""

    @tornado.web.authenticated
    async def post(self, run_id: str, action: str) -> None:
        run = await asyncio.to_thread(self.pipelines.act_on_kfp_run, run_id, action)
        self.send_json(run if run is not None else {"id": run_id, "deleted": True})


class StepLogHandler(PipelinesHandler):
    """``GET pipelines/runs/{id}/steps/{step}/log``: a Kubeflow step's log, or where to read
    it (``log`` null) when this server cannot read the cluster."""

    @tornado.web.authenticated
    async def get(self, run_id: str, step: str) -> None:
        self.send_json(await asyncio.to_thread(self.pipelines.kfp_step_log, run_id, step))


class KfpOutputHandler(PipelinesHandler):
    """``GET pipelines/runs/{id}/output?uri=URI``: an output of a Kubeflow run kept here,
    read from KFP's artifact store (one of the URIs the run's outputs list): a file, or a
    folder of several as one tar."""

    @tornado.web.authenticated
    async def get(self, run_id: str) -> None:
        chunks, size, name = await asyncio.to_thread(
            self.pipelines.kfp_output, run_id, self.get_query_argument("uri", None)
        )
        self.set_header("Content-Type", "application/octet-stream")
        self.set_header("Content-Length", str(size))
        # percent-quoted both ways: nothing of a stored key reaches the header as it is
        self.set_header(
            "Content-Disposition",
            f"attachment; filename=\"{quote(name)}\"; filename*=UTF-8''{quote(name)}",
        )
        self.set_header("X-Content-Type-Options", "nosniff")
        try:
            # None ends it: an empty chunk (a tar's empty member) is no end
            while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                self.write(chunk)
                await self.flush()
        finally:
            chunks.close()  # the store's connection, also when the browser went away


class UploadHandler(PipelinesHandler):
    """``POST pipelines/upload {path, name?, namespace?, always?}``: the notebook's pipeline
    on KFP, a new version when it changed."""

    @tornado.web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        path = self.notebook(body.get("path"))
        name = self.optional_str(body, "name")
        always = self.flag(body, "always")
        namespace = self.optional_str(body, "namespace")
        self.send_json(await self.on_kfp("upload", namespace, path, name=name, always=always))


class VersionsHandler(PipelinesHandler):
    """``GET pipelines/versions?path=NOTEBOOK[&namespace=NS]``: its KFP pipeline's versions."""

    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.notebook(self.get_query_argument("path", None))
        namespace = self.get_query_argument("namespace", None)
        self.send_json(await self.on_kfp("versions", namespace, path))


class VersionRunHandler(PipelinesHandler):
    """``POST pipelines/versions/{version_id}/runs {path, parameters?, experiment?,
    namespace?}``: run that version of the notebook's KFP pipeline."""

    @tornado.web.authenticated
    async def post(self, version_id: str) -> None:
        body = self.json_body()
        path = self.notebook(body.get("path"))
        parameters = body.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise InvalidInput("parameters must be an object of name: value", field="parameters")
        experiment = self.optional_str(body, "experiment")
        namespace = self.optional_str(body, "namespace")
        run = await self.on_kfp(
            "run_version", namespace, path, version_id=version_id, parameters=parameters,
            experiment=experiment,
        )  # fmt: skip
        self.send_json(run, status=202)


class ExperimentsHandler(PipelinesHandler):
    """``GET pipelines/experiments[?namespace=NS]``: the namespace's experiments."""

    @tornado.web.authenticated
    async def get(self) -> None:
        namespace = self.get_query_argument("namespace", None)
        self.send_json({"experiments": await self.on_kfp("experiments", namespace)})


class SchedulesHandler(PipelinesHandler):
    """``GET pipelines/schedules?path=NOTEBOOK`` (the notebook's recurring runs) and
    ``POST pipelines/schedules {path, cron | interval_seconds, start?, end?,
    max_concurrency?, catch_up?, parameters?, experiment?, name?, namespace?}``."""

    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.notebook(self.get_query_argument("path", None))
        namespace = self.get_query_argument("namespace", None)
        self.send_json(await self.on_kfp("schedules", namespace, path))

    @tornado.web.authenticated
    async def post(self) -> None:
        body = self.json_body()
        path = self.notebook(body.get("path"))
        namespace = self.optional_str(body, "namespace")
        self.send_json(await self.on_kfp("schedule", namespace, path, body=body), status=201)


class ScheduleHandler(PipelinesHandler):
    """``POST pipelines/schedules/{id}/{enable|disable}``, ``DELETE pipelines/schedules/{id}``."""

    @tornado.web.authenticated
    async def post(self, recurring_id: str, action: str) -> None:
        namespace = self.optional_str(self.json_body(), "namespace")
        await self.on_kfp("schedule_act", namespace, recurring_id, action)
        self.send_json({"id": recurring_id, "action": action, "done": True})

    @tornado.web.authenticated
    async def delete(self, recurring_id: str, action: str = "") -> None:
        namespace = self.get_query_argument("namespace", None)
        await self.on_kfp("schedule_act", namespace, recurring_id, "delete")
        self.send_json({"id": recurring_id, "deleted": True})


# KFP's ids are UUIDs: letters, digits, "-" and "_" only, so an id never leaves its path segment
ID = r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}"


def routes() -> list[tuple[str, type]]:
    return [
        (route("pipelines/analyse"), AnalyseHandler),
        (route("pipelines/compile"), CompileHandler),
        (route("pipelines/kfp-runs"), KfpRunsHandler),
        (route(rf"pipelines/kfp-runs/({ID})"), KfpRunHandler),
        (route(rf"pipelines/kfp-runs/({ID})/([a-z]+)"), KfpRunActionHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)/kfp/([a-z]+)"), RunKfpActionHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)/steps/([A-Za-z0-9_-]+)/log"), StepLogHandler),
        (route("pipelines/upload"), UploadHandler),
        (route("pipelines/versions"), VersionsHandler),
        (route(rf"pipelines/versions/({ID})/runs"), VersionRunHandler),
        (route("pipelines/experiments"), ExperimentsHandler),
        (route("pipelines/schedules"), SchedulesHandler),
        (route(rf"pipelines/schedules/({ID})"), ScheduleHandler),
        (route(rf"pipelines/schedules/({ID})/([a-z]+)"), ScheduleHandler),
        (route("pipelines/runs"), RunsHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)"), RunHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)/cancel"), CancelRunHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)/output"), KfpOutputHandler),
    ]
