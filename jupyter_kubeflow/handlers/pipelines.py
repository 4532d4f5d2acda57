"""Routes under ``/kubeflow/api/pipelines/``: analyse, compile, start and follow runs."""

from __future__ import annotations

from typing import Any

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
    """``GET pipelines/kfp-runs?path=NOTEBOOK[&namespace=NS]``: the pipeline's runs on KFP."""

    @tornado.web.authenticated
    async def get(self) -> None:
        path = self.get_query_argument("path", None)
        namespace = self.get_query_argument("namespace", None) or None
        self.send_json({"runs": await self.pipelines.kfp_runs(path, namespace)})


def routes() -> list[tuple[str, type]]:
    return [
        (route("pipelines/analyse"), AnalyseHandler),
        (route("pipelines/compile"), CompileHandler),
        (route("pipelines/kfp-runs"), KfpRunsHandler),
        (route("pipelines/runs"), RunsHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)"), RunHandler),
        (route(r"pipelines/runs/([A-Za-z0-9_-]+)/cancel"), CancelRunHandler),
    ]
