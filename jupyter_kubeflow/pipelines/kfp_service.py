"""What a notebook does on Kubeflow Pipelines beyond one submit, for the handlers and the CLI
alike: follow a run step by step, act on it, list the notebook's runs exactly, keep its
pipeline with versions, choose experiments, schedule recurring runs.

Host and token follow the server's rule (``PipelinesService.token_for``): without a host the
configured (or discovered) endpoint with its token; a host named by a caller gets a token
only when the caller brings one (the CLI's explicit ``--token-file``/``--token-env``) or it
is the configured endpoint. The profile namespace is chosen as for submits.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, KubeflowError
from . import kfp_outputs, kfp_pipelines, kfp_runs, kfp_schedules
from .compile import compile_yaml, write_atomic
from .kfp_session import KfpSession, open_session
from .parameters import arguments as check_arguments

if TYPE_CHECKING:
    from .service import PipelinesService

_UNSET = object()


class KfpService:
    def __init__(self, pipelines: PipelinesService) -> None:
        self.pipelines = pipelines

    # ---- connecting -------------------------------------------------------------------
    def session(
        self,
        namespace: str | None = None,
        host: str | None = None,
        token: Any = _UNSET,
        purpose: str = "name the profile namespace (--namespace, or the namespace field)",
    ) -> KfpSession:
        if namespace is not None and not isinstance(namespace, str):
            raise InvalidInput("namespace must be a string", field="namespace")
        if host is None:
            endpoint = self.pipelines.endpoint()
            if endpoint is None:
                raise InvalidInput(
                    "No KFP endpoint is configured or found in the cluster", field="host"
                )
            host = endpoint.host
        if token is _UNSET:
            token = self.pipelines.token_for(host)
        ns, _ = self.pipelines.namespace(namespace)
        return open_session(host, token, ns or None, purpose)

    def _package(self, path: Path) -> tuple[Any, Path]:
        """The notebook's analysis and its compiled pipeline, in a file of the data folder."""
        analysis = self.pipelines.analyse_file(path)
        yaml_text, _ = compile_yaml(analysis, self.pipelines.base_image)
        folder = self.pipelines.data_dir / "uploads"
        package = folder / f"{analysis.name}.yaml"
        write_atomic(package, yaml_text)
        return analysis, package

    # ---- runs -------------------------------------------------------------------------
    def notebook_runs(self, path: Path, session: KfpSession) -> dict[str, Any]:
        """The notebook's runs on KFP: made from its KFP pipeline or compiled from it."""
        analysis = self.pipelines.analyse_file(path)
        pipeline = kfp_pipelines.find_pipeline(session, analysis.name)
        ids = {kfp_runs._get(pipeline, "pipeline_id")} if pipeline is not None else set()
        return {
            "pipeline": analysis.name,
            "pipeline_id": next(iter(ids), None),
            "runs": kfp_runs.notebook_runs(session, analysis.name, ids),
        }

    def run_details(
        self, kfp_run_id: str, session: KfpSession, path: Path | None = None
    ) -> dict[str, Any]:
        """A KFP run with its steps (the notebook's steps when ``path`` names it, else the
        run's own tasks)."""
        steps: list[str] = []
        if path is not None:
            steps = [p.name for p in self.pipelines.analyse_file(path).plans]
        run = kfp_runs.get(session, kfp_run_id)
        if not steps:
            tasks = (kfp_runs._get(run, "pipeline_spec") or {}).get("root", {})
            steps = [t.removeprefix("step-") for t in tasks.get("dag", {}).get("tasks", {})]
        return kfp_runs.details(session, kfp_run_id, steps, time.time())

    def outputs(self, record: dict[str, Any]) -> dict[str, Any]:
        """The metrics and outputs of a Kubeflow run kept here, from KFP's artifact store
        (``kfp_outputs``), as record fields; where none can be read, why and where to read
        them (the run's page in KFP's UI)."""
        url = record.get("url")
        where = f"on the run's page in the Kubeflow Pipelines UI ({url})" if url else "in KFP's UI"
        found: dict[str, Any] = {"metrics": {}, "outputs": []}
        store = self.pipelines.artifact_store
        note: str | None = None
        try:
            store.check_reachable()  # before asking KFP for the run's pipeline root
            session = self.session(record.get("namespace") or None, record.get("host", ""))
            run = kfp_runs.get(session, record["kfp_run_id"])
            config = kfp_runs._get(run, "runtime_config")
            root = kfp_runs._get(config, "pipeline_root") if config else None
            root = root or store.pipeline_root
            pipeline = kfp_runs.pipeline_name_of(run) or record["pipeline"]
            at = store.at(root)
            keys = at.keys(self.pipelines.kube, record.get("namespace") or "")
            found = kfp_outputs.find(
                at, root, pipeline, record["kfp_run_id"], record["steps"], keys
            )
            if not found["outputs"]:
                note = (
                    f"No metrics or outputs of this run under {root}/{pipeline}/"
                    f"{record['kfp_run_id']} in KFP's artifact store: read them {where}"
                )
        except KubeflowError as e:
            note = f"{e.message}: read this run's metrics and outputs {where}"
        return {
            "kfp_metrics": found["metrics"],
            "kfp_outputs": found["outputs"],
            "outputs_where": note,
        }

    def act(self, kfp_run_id: str, action: str, session: KfpSession) -> None:
        kfp_runs.act(session, kfp_run_id, action)

    # ---- pipelines and versions -------------------------------------------------------
    def upload(
        self, path: Path, session: KfpSession, name: str | None = None, always: bool = False
    ) -> dict[str, Any]:
        analysis, package = self._package(path)
        description = kfp_pipelines.version_description(
            package, path, self.pipelines.relative(path)
        )
        return kfp_pipelines.upload(session, package, name or analysis.name, description, always)

    def versions(self, path: Path, session: KfpSession) -> dict[str, Any]:
        analysis = self.pipelines.analyse_file(path)
        pipeline = kfp_pipelines.find_pipeline(session, analysis.name)
        if pipeline is None:
            return {"pipeline": analysis.name, "pipeline_id": None, "versions": []}
        pipeline_id = kfp_runs._get(pipeline, "pipeline_id")
        return {
            "pipeline": analysis.name,
            "pipeline_id": pipeline_id,
            "versions": kfp_pipelines.versions(session, pipeline_id),
        }

    def run_version(
        self,
        path: Path,
        session: KfpSession,
        version_id: str,
        parameters: dict[str, Any],
        experiment: str | None = None,
        from_text: bool = False,
    ) -> dict[str, Any]:
        """Run a version of the notebook's KFP pipeline; the run kept here like a submit."""
        analysis = self.pipelines.analyse_file(path)
        pipeline = kfp_pipelines.find_pipeline(session, analysis.name)
        if pipeline is None:
            raise InvalidInput(
                f"No pipeline {analysis.name!r} on KFP yet: upload the notebook first",
                field="version_id",
            )
        args = check_arguments(analysis.parameters, parameters, from_text)
        run_id, _ = self.pipelines.runs.new_dir()
        kfp_run_id = kfp_pipelines.run_version(
            session,
            kfp_runs._get(pipeline, "pipeline_id"),
            version_id,
            experiment or analysis.experiment or "Default",
            f"{analysis.name} {run_id}",
            args,
        )
        record = {
            "id": run_id,
            "mode": "kfp",
            "notebook": self.pipelines.relative(path),
            "notebook_path": str(path.resolve()),
            "pipeline": analysis.name,
            "created": time.time(),
            "parameters": args,
            "steps": [p.name for p in analysis.plans],
            "status": "RUNNING",
            "kfp_run_id": kfp_run_id,
            "url": session.url(f"runs/details/{kfp_run_id}"),
            "host": session.host,
            "namespace": session.namespace or "",
            "version_id": version_id,
        }
        self.pipelines.runs.save(record)
        return self.pipelines.runs.view(record)

    def experiments(self, session: KfpSession) -> list[dict[str, Any]]:
        return kfp_pipelines.experiments(session)

    # ---- recurring runs ---------------------------------------------------------------
    def schedule(
        self,
        path: Path,
        session: KfpSession,
        body: dict[str, Any],
        from_text: bool = False,
    ) -> dict[str, Any]:
        """A recurring run of the notebook's pipeline (uploaded first when it changed)."""
        schedule = kfp_schedules.parse_schedule(body)
        parameters = body.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise InvalidInput("parameters must be an object of name: value", field="parameters")
        analysis = self.pipelines.analyse_file(path)
        args = check_arguments(analysis.parameters, parameters, from_text)
        name = body.get("name") or f"{analysis.name} schedule"
        if not isinstance(name, str) or len(name) > 128:
            raise InvalidInput("name must be a text of at most 128 characters", field="name")
        uploaded = self.upload(path, session)
        made = kfp_schedules.create(
            session,
            schedule,
            name,
            uploaded["pipeline_id"],
            uploaded["version_id"],
            body.get("experiment") or analysis.experiment or "Default",
            args,
        )
        return {**made, "version": uploaded}

    def schedules(self, path: Path, session: KfpSession) -> dict[str, Any]:
        analysis = self.pipelines.analyse_file(path)
        pipeline = kfp_pipelines.find_pipeline(session, analysis.name)
        pipeline_id = kfp_runs._get(pipeline, "pipeline_id") if pipeline is not None else None
        return {
            "pipeline": analysis.name,
            "pipeline_id": pipeline_id,
            "schedules": kfp_schedules.of_pipeline(session, pipeline_id),
        }

    def schedule_act(self, recurring_id: str, action: str, session: KfpSession) -> None:
        kfp_schedules.act(session, recurring_id, action)

    # ---- for the handlers: the same, off the event loop --------------------------------
    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(getattr(self, method), *args, **kwargs)
