"""The pipelines facade the HTTP handlers and the CLI share (no tornado, no argparse).

Synchronous methods do the work; ``async`` wrappers run them in a thread so the Jupyter
server's event loop never waits on parsing, compiling or KFP.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Conflict, Forbidden, InvalidInput, KubeflowError, NotFound, Unavailable
from ..kube_connection import ConnectionHolder
from ..paths import Folder, is_inside, resolve_under
from ..redaction import display_url, redact, remember
from . import kfp_runs, step_cache
from . import submit as kfp_submit
from .analysis import Analysis, analyse_notebook
from .compile import compile_yaml, write_atomic
from .kfp_outputs import ArtifactStore, check_uri, open_object
from .kfp_service import KfpService
from .notebook import check_path_text, read_notebook
from .parameters import arguments as check_arguments
from .runs import FINAL, RunStore, relative_notebook

MODES = ("local", "kfp")
# warm: forked from a process that imported the notebook's modules, steps reused from
# earlier runs; clean: a fresh interpreter per step, same scheduling and reuse;
# kfp-local: kfp.local itself, one step after the other (the faithful mode).
RUNNERS = ("warm", "clean", "kfp-local")
KFP_REFRESH_SECONDS = 5.0
OUTPUTS_RETRY_SECONDS = 60.0  # a Kubeflow run's outputs asked again when the store failed


@dataclass
class Compiled:
    pipeline: Path
    dsl: Path | None
    analysis: Analysis


class PipelinesService:
    def __init__(
        self,
        root_dir: Path,
        data_dir: Path,
        base_image: str = "python:3.11-slim",
        kfp_host: str = "",
        token_env: str = "KF_PIPELINES_TOKEN",
        token_file: str = "",
        runs_kept: int = 20,
        keep_warm: float = 0.0,
        kfp_namespace: str = "",
        kube: ConnectionHolder | None = None,
        log_max_bytes: int = 32 * 1024 * 1024,
        artifact_store: ArtifactStore | None = None,
    ) -> None:
        self.root_dir = root_dir.resolve()
        self.data_dir = data_dir
        self.base_image = base_image
        self.kfp_host = kfp_host
        self.token_env = token_env
        self.token_file = token_file
        self.kfp_namespace = kfp_namespace  # "": this pod's namespace, else kubeconfig's
        # The server's one Kubernetes connection (kube_connection.py): its context's namespace
        self.kube = kube or ConnectionHolder()
        self.runs = RunStore(data_dir)
        # seconds a warm run's preloaded process waits for the notebook's next run (0: none)
        self.keep_warm = keep_warm
        self.runs_kept = runs_kept  # per notebook; 0 keeps every run
        self.log_max_bytes = log_max_bytes  # a local run's log on disk (see log_cap)
        self._kfp_checked: dict[str, float] = {}  # run id -> when KFP was last asked
        self.kfp = KfpService(self)
        # KFP's object store, where a Kubeflow run's metrics and outputs are read
        self.artifact_store = artifact_store or ArtifactStore()

    # ---- paths ----------------------------------------------------------------------
    def resolve(self, path: Any) -> Path:
        """A notebook path relative to the root dir; escaping the root is refused."""
        if not isinstance(path, str) or not path.strip():
            raise InvalidInput(
                "path is required (a notebook path under the root dir)", field="path"
            )
        check_path_text(path)
        full = resolve_under(self.root_dir, path)
        if full is None:
            raise InvalidInput(f"Path {path!r} is outside the server's root dir", field="path")
        return full

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root_dir).as_posix()
        except ValueError:
            return str(path)

    # ---- analyse and compile ---------------------------------------------------------
    def folder_of(self, path: Path) -> Folder:
        """The notebook's folder, opened once without following links below the root: what
        the checks of :meth:`resolve` saw is what is read and written beside (a notebook a
        command line names outside its root: its own folder, as named)."""
        parent = path.absolute().parent
        if is_inside(parent, self.root_dir):
            return Folder(self.root_dir, parent)
        return Folder(parent, parent)

    def analyse_file(
        self, path: Path, split: str | None = None, name: str | None = None
    ) -> Analysis:
        with self.folder_of(path) as folder:
            return analyse_notebook(read_notebook(path, folder), split, name)

    def compile_file(
        self,
        path: Path,
        output: Path | None = None,
        dsl: Path | None = None,
        name: str | None = None,
        split: str | None = None,
    ) -> Compiled:
        """Write ``<stem>.pipeline.yaml`` (and the DSL file); nothing is written on error.
        Files beside the notebook are written through the folder it was read from."""
        with self.folder_of(path) as folder:
            analysis = analyse_notebook(read_notebook(path, folder), split, name)
            yaml_text, source = compile_yaml(analysis, self.base_image)
            stem = path.name.removesuffix(".ipynb")
            output = output or path.with_name(f"{stem}.pipeline.yaml")
            for target, text in ((output, yaml_text), (dsl, source)):
                if target is None:
                    continue
                try:
                    if target.parent == path.parent:
                        folder.write_atomic(target.name, text)
                    else:  # elsewhere, as a command line named it
                        write_atomic(target, text)
                except OSError as e:
                    raise Forbidden(
                        f"Cannot write {target.name}: {e.strerror}", where=str(target)
                    ) from None
        return Compiled(output, dsl, analysis)

    def analysis_dict(self, analysis: Analysis) -> dict[str, Any]:
        body = analysis.to_dict()
        body["path"] = self.relative(Path(analysis.path))
        return body

    async def analyse(self, path: Any, split: str | None = None) -> dict[str, Any]:
        full = self.resolve(path)
        analysis = await asyncio.to_thread(self.analyse_file, full, split)
        return self.analysis_dict(analysis)

    async def compile(
        self, path: Any, name: str | None = None, split: str | None = None, dsl: bool = False
    ) -> dict[str, Any]:
        full = self.resolve(path)
        stem = full.name.removesuffix(".ipynb")
        dsl_path = full.with_name(f"{stem}.pipeline.py") if dsl else None
        done = await asyncio.to_thread(self.compile_file, full, None, dsl_path, name, split)
        return {
            "pipeline": self.relative(done.pipeline),
            "dsl": self.relative(done.dsl) if done.dsl else None,
            "analysis": self.analysis_dict(done.analysis),
        }

    # ---- KFP ------------------------------------------------------------------------
    def endpoint(self) -> kfp_submit.Endpoint | None:
        """The configured KFP endpoint, else the in-cluster one (as kfp.Client() finds it)."""
        return kfp_submit.discover_endpoint(self.kfp_host)

    def token_for(self, host: str) -> str | None:
        """The configured token, for the configured (or discovered) endpoint only: never for
        a host named in a request (with no endpoint known, no host gets it)."""
        endpoint = self.endpoint()
        if endpoint and kfp_submit.same_endpoint(host, endpoint.host):
            return kfp_submit.read_token(self.token_env, self.token_file or endpoint.token_file)
        return None

    def namespace(self, given: str | None = None) -> tuple[str, str]:
        """(KFP profile namespace, how it was chosen)."""
        if given:
            return kfp_submit.check_namespace(given), "given"
        if self.kfp_namespace:
            return self.kfp_namespace, "configured"
        return kfp_submit.default_namespace(self.kube)

    def kfp_runs_file(
        self,
        path: Path,
        namespace: str | None = None,
        host: str | None = None,
        token: str | None = None,
    ) -> list[dict[str, Any]]:
        """The notebook's runs on KFP (all of them, not only this view's): made from its
        KFP pipeline or compiled from it. Without ``host``, the configured (or discovered)
        endpoint with its token."""
        session = (
            self.kfp.session(namespace, purpose="name the profile namespace to list its runs")
            if host is None
            else self.kfp.session(
                namespace, host, token, "name the profile namespace to list its runs"
            )
        )
        return self.kfp.notebook_runs(path, session)["runs"]

    async def kfp_runs(self, path: Any, namespace: Any = None) -> list[dict[str, Any]]:
        if namespace is not None and not isinstance(namespace, str):
            raise InvalidInput("namespace must be a string", field="namespace")
        return await asyncio.to_thread(self.kfp_runs_file, self.resolve(path), namespace)

    # ---- runs -----------------------------------------------------------------------
    def start_run_file(
        self,
        path: Path,
        mode: str = "local",
        parameters: dict[str, Any] | None = None,
        split: str | None = None,
        experiment: str | None = None,
        host: str | None = None,
        token: str | None = None,
        from_text: bool = False,
        runner: str = "warm",
        cache: bool = True,
        from_step: str | None = None,
        namespace: str | None = None,
    ) -> dict[str, Any]:
        if mode not in MODES:
            raise InvalidInput(f"mode must be 'local' or 'kfp', not {mode!r}", field="mode")
        if runner not in RUNNERS:
            raise InvalidInput(
                f"runner must be one of {', '.join(RUNNERS)}, not {runner!r}", field="runner"
            )
        if not isinstance(cache, bool):
            raise InvalidInput("cache must be true or false", field="cache")
        analysis = self.analyse_file(path, split)
        step_names = [p.name for p in analysis.plans]
        if from_step is not None and from_step not in step_names:
            raise InvalidInput(
                f"from_step {from_step!r} is not a step of this pipeline "
                f"(steps: {', '.join(step_names)})",
                field="from_step",
            )
        if from_step is not None and runner == "kfp-local":
            raise InvalidInput("from_step needs the warm or clean runner", field="from_step")
        if from_step is not None:
            self._check_upstream_outputs(analysis, from_step, str(path.resolve()))
        args = check_arguments(analysis.parameters, parameters or {}, from_text)
        yaml_text, _ = compile_yaml(analysis, self.base_image, local=mode == "local")
        run_id, run_dir = self.runs.new_dir()
        package = run_dir / "pipeline.yaml"
        write_atomic(package, yaml_text)
        record: dict[str, Any] = {
            "id": run_id,
            "mode": mode,
            "notebook": self.relative(path),
            # The key of the notebook's runs: a relative path means another notebook to a
            # server with another root, or to the CLI started in another folder.
            "notebook_path": str(path.resolve()),
            "pipeline": analysis.name,
            "created": time.time(),
            "parameters": args,
            "steps": [p.name for p in analysis.plans],
            "status": "PENDING",
        }
        self.runs.save(record)
        if mode == "local":
            record["runner"] = runner
            self.runs.save(record)
            request = {
                "pipeline": str(package),
                "arguments": args,
                "steps": record["steps"],
                "runner": runner,
                "cache": cache,
                "from_step": from_step,
                "notebook_path": record["notebook_path"],
                "keep_warm": self.keep_warm,
                "log_max_bytes": self.log_max_bytes,
                # what the warm runner imports before forking the steps
                "preload": [analysis.prelude, *(p.step.source for p in analysis.plans)],
            }
            self.runs.start_local(record, request, cwd=path.parent)
            self.runs.prune(record["notebook_path"], self.runs_kept)
            return self.runs.view(record)
        endpoint = self.endpoint()
        # A user:password@ in a URL is never sent; it is remembered for redaction.
        host = display_url(host) if host else (endpoint.host if endpoint else "")
        remember(token)
        if token is None:
            token = self.token_for(host)
        if namespace is not None and not isinstance(namespace, str):
            raise InvalidInput("namespace must be a string", field="namespace")
        ns, _ = self.namespace(namespace)
        run_name = f"{analysis.name} {run_id}"
        try:
            done = kfp_submit.submit(
                package,
                host,
                token,
                args,
                experiment or analysis.experiment,
                run_name,
                namespace=ns or None,
                cache=cache,
            )
        except Exception as e:
            message = getattr(e, "message", None) or redact(str(e))
            record.update(status="FAILED", finished=time.time(), error=message)
            self.runs.save(record)
            raise
        record.update(
            status="RUNNING",
            kfp_run_id=done.run_id,
            kfp_run_name=run_name,
            url=done.url,
            host=host,
            namespace=ns,
        )
        self.runs.save(record)
        self.runs.prune(record["notebook_path"], self.runs_kept)
        return self.runs.view(record)

    def _check_upstream_outputs(self, analysis: Analysis, from_step: str, notebook: str) -> None:
        """Running from a step needs the outputs of every step before it from earlier runs."""
        upstream = {p.name: set(p.inputs.values()) | set(p.step.prev) for p in analysis.plans}
        start = {from_step}
        for plan in analysis.plans:  # plans are in an order where producers come first
            if upstream[plan.name] & start:
                start.add(plan.name)
        needed: set[str] = set()
        stack = [u for name in start for u in upstream[name]]
        while stack:
            name = stack.pop()
            if name not in needed and name not in start:
                needed.add(name)
                stack.extend(upstream[name])
        have = step_cache.latest_outputs(self.runs.root, notebook, exclude="")
        missing = sorted(needed - set(have))
        if missing:
            raise Conflict(
                f"No earlier run of this notebook has the outputs of {', '.join(missing)}: "
                f"run the whole pipeline before running from {from_step!r}",
                where=from_step,
            )

    async def start_run(self, body: dict[str, Any]) -> dict[str, Any]:
        full = self.resolve(body.get("path"))
        parameters = body.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise InvalidInput("parameters must be an object of name: value", field="parameters")
        from_step = body.get("from_step")
        if from_step is not None and not isinstance(from_step, str):
            raise InvalidInput("from_step must be a step name", field="from_step")
        return await asyncio.to_thread(
            self.start_run_file,
            full,
            body.get("mode", "local"),
            parameters,
            body.get("split"),
            body.get("experiment"),
            body.get("host"),
            runner=body.get("runner", "warm"),
            cache=body.get("cache", True),
            from_step=from_step,
            namespace=body.get("namespace"),
        )

    def refresh_kfp(self, run: dict[str, Any]) -> dict[str, Any]:
        """Ask KFP how a submitted run and its steps are doing (best effort: unreachable
        keeps the last state); its end is KFP's, and none while it goes."""
        record = self.runs.record(run["id"]) or {}
        if run["mode"] != "kfp" or run["status"] not in ("PENDING", "RUNNING"):
            return run
        now = time.monotonic()
        if now - self._kfp_checked.get(run["id"], -1e9) < KFP_REFRESH_SECONDS:
            return run  # the frontend polls every second; KFP is asked less often
        self._kfp_checked[run["id"]] = now
        host = record.get("host", "")
        try:
            session = self.kfp.session(record.get("namespace") or None, host)
            details = kfp_runs.details(
                session, run["kfp_run_id"] or "", record["steps"], time.time()
            )
        except KubeflowError:
            return run
        fields: dict[str, Any] = {"kfp_steps": details["steps"]}
        if details["state"] in kfp_runs.RUN_STATES:  # UNSPECIFIED says nothing: keep ours
            fields["status"] = details["status"]
            if details["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                fields["finished"] = details["finished"] or time.time()
        if details["error"]:
            fields["error"] = details["error"]
        self.runs.update(run["id"], **fields)
        return self.runs.view({**record, **fields})

    async def get_run(self, run_id: str) -> dict[str, Any]:
        run = await asyncio.to_thread(self.runs.get, run_id)
        record = self.runs.record(run_id) or {}
        run["notebook"] = relative_notebook(record, self.root_dir) or run["notebook"]
        if run["mode"] == "kfp":
            run = await asyncio.to_thread(self.refresh_kfp, run)
            run = await asyncio.to_thread(self.read_kfp_outputs, run)
        return run

    def read_kfp_outputs(self, run: dict[str, Any]) -> dict[str, Any]:
        """Once a Kubeflow run has ended: its metrics and outputs from KFP's artifact store,
        kept in its record (read once; again a minute later when the store could not be
        read)."""
        record = self.runs.record(run["id"]) or {}
        if run["mode"] != "kfp" or run["status"] not in FINAL:
            return run
        read = record.get("kfp_outputs_read")
        retry = record.get("outputs_where") and not record.get("kfp_outputs")
        if read is not None and not (retry and time.time() - read > OUTPUTS_RETRY_SECONDS):
            return run
        fields = {**self.kfp.outputs(record), "kfp_outputs_read": time.time()}
        self.runs.update(run["id"], **fields)
        return {**run, **{k: v for k, v in self.runs.view({**record, **fields}).items()
                          if k in ("metrics", "outputs", "outputs_where")}}  # fmt: skip

    def kfp_output(self, run_id: str, uri: Any) -> tuple[Any, int, str]:
        """An output of the Kubeflow run ``run_id`` from KFP's artifact store: only a URI
        its outputs list (nothing else in the store is read through here)."""
        uri = check_uri(uri)
        record = self.runs.record(run_id)
        if record is None:
            raise NotFound(f"No run {run_id!r}", where=run_id)
        if uri not in {o.get("uri") for o in record.get("kfp_outputs") or []}:
            raise NotFound(f"Run {run_id} has no output {uri}", field="uri")
        store = self.artifact_store.at(uri)
        keys = store.keys(self.kube, record.get("namespace") or "")
        return open_object(store, uri, keys)

    async def list_runs(self, path: Any = None) -> list[dict[str, Any]]:
        """Runs of notebooks under this server's root (``path``: of that notebook only)."""
        notebook_path = None if path is None else str(self.resolve(path))
        return await asyncio.to_thread(self.runs.list, notebook_path, self.root_dir)

    async def cancel_run(self, run_id: str) -> dict[str, Any]:
        """Cancel a local run; a Kubeflow run is terminated on KFP."""
        record = await asyncio.to_thread(self.runs.record, run_id)
        if record is not None and record.get("mode") == "kfp" and record.get("kfp_run_id"):
            run = await self.get_run(run_id)
            if run["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                return run  # over already, as a local run that ended
            await asyncio.to_thread(self.act_on_kfp_run, run_id, "terminate")
            self._kfp_checked.pop(run_id, None)
            return await self.get_run(run_id)
        return await asyncio.to_thread(self.runs.cancel, run_id)

    def kfp_step_log(self, run_id: str, step: str) -> dict[str, Any]:
        """The log of a step of the Kubeflow run ``run_id`` (kept here): from its pod when
        this server can read the cluster, else where to read it."""
        from .kfp_logs import step_log

        record = self.runs.record(run_id)
        if record is None or record.get("mode") != "kfp" or not record.get("kfp_run_id"):
            raise Conflict(f"Run {run_id} is not a Kubeflow run", where=run_id)
        steps = {s["name"]: s for s in self.runs.get(run_id)["steps"]}
        if step not in steps:
            raise NotFound(f"Run {run_id} has no step {step!r}", where=step)
        return step_log(
            self.kube, record.get("namespace") or "", record["kfp_run_id"], steps[step],
            record.get("url"),
        )  # fmt: skip

    def act_on_kfp_run(self, run_id: str, action: str) -> dict[str, Any] | None:
        """terminate, retry, archive, unarchive or delete the KFP run of run ``run_id``
        (kept here); after delete, the record here is forgotten too."""
        record = self.runs.record(run_id)
        if record is None or record.get("mode") != "kfp" or not record.get("kfp_run_id"):
            raise Conflict(f"Run {run_id} is not a Kubeflow run", where=run_id)
        session = self.kfp.session(record.get("namespace") or None, record.get("host", ""))
        self.kfp.act(record["kfp_run_id"], action, session)
        if action == "delete":
            self.runs.forget(run_id)
            return None
        if action == "retry":
            # its outputs are read again once the retried run ends
            self.runs.update(run_id, status="RUNNING", finished=None, kfp_outputs_read=None)
        self._kfp_checked.pop(run_id, None)
        return self.refresh_kfp(self.runs.get(run_id))

    async def delete_run(self, run_id: str) -> None:
        """Forget a run here (a Kubeflow run itself stays in Kubeflow)."""
        await asyncio.to_thread(self.runs.delete, run_id)

    # ---- status ---------------------------------------------------------------------
    async def status(self) -> dict[str, Any]:
        connected = False
        multi_user = None
        error = ""
        endpoint = self.endpoint()
        if endpoint:
            token = self.token_for(endpoint.host)
            try:
                answer = await asyncio.to_thread(kfp_submit.probe, endpoint.host, token)
                connected, multi_user = True, bool(answer.get("multi_user"))
            except Unavailable as e:
                error = e.message
        namespace, namespace_from = await asyncio.to_thread(self.namespace)
        if self.token_file:
            token_from = f"file {self.token_file}"
        elif os.environ.get(self.token_env):
            token_from = f"environment variable {self.token_env}"
        elif endpoint and endpoint.token_file:
            token_from = f"projected service-account token {endpoint.token_file}"
        else:
            token_from = ""
        return {
            "kfp_host": endpoint.host if endpoint else "",
            # "configured", or "in-cluster": found as kfp.Client() finds it in a pod
            "kfp_found": endpoint.how if endpoint else "",
            "token_from": token_from,
            "connected": connected,
            "error": error,  # why not connected (redirected to a login page, ...)
            "multi_user": multi_user,
            "namespace": namespace,
            "namespace_from": namespace_from,
            "base_image": self.base_image,
        }
