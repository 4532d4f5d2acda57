"""The warm local runner: the compiled pipeline's own components, run the way ``kfp.local``
runs them, without paying for a fresh interpreter per step.

kfp.local starts ``sh -ec 'python3 -m kfp.dsl.executor_main ...' SOURCE --executor_input ...``
for each task, one after the other. Here the run's process first imports what the
notebook imports (its imports and functions cells, and the steps' own top-level imports),
then forks once per task and runs in the child exactly what that command runs:
``kfp.dsl.executor_main`` on the same component source and the same executor input, built by
kfp.local's own functions, so artifacts, metrics and outputs land where kfp.local puts them
and the cluster sees no difference. Independent tasks run in parallel up to the core count.

A task is run in a clean interpreter instead (the same command kfp.local runs, forked and
exec'd) when the fork cannot serve it: no ``os.fork`` here, or importing the notebook's
modules started threads (forking a threaded process is unsafe), or the runner is "clean".
Every child stays in the run's process group, so cancelling the run stops every step.
"""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from . import step_cache

SCRIPT_MARK = '"$program_path/ephemeral_component.py"'


class Unsupported(Exception):
    """The pipeline uses what only kfp.local's own orchestrator runs (control flow)."""


def import_statements(sources: list[str]) -> list[str]:
    """The absolute top-level import statements of the notebook's code, in order, once each."""
    found: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            absolute = isinstance(node, ast.Import) or (
                isinstance(node, ast.ImportFrom) and node.level == 0
            )
            statement = ast.unparse(node) if absolute else None
            if statement and statement not in found:
                found.append(statement)
    return found


def preload(sources: list[str]) -> list[str]:
    """Import what the notebook's code imports at top level, so forked steps find it loaded.

    Only import statements run here, never the cells' other code: a step must start from
    the state a fresh interpreter would have once it imported the same modules. An import
    that fails is left to the step, which reports it where kfp.local would.
    """
    failed = []
    for statement in import_statements(sources):
        code = compile(statement, "<preload>", "exec")
        try:
            with contextlib.redirect_stdout(sys.stderr):
                exec(code, {"__name__": "__jupyter_kubeflow_preload__"})
        except BaseException:  # noqa: BLE001 - any import error stays the step's to report
            failed.append(statement)
    with contextlib.suppress(ImportError):
        import cloudpickle  # noqa: F401 - the components' serialiser
    from kfp.dsl import executor, executor_main  # noqa: F401

    return failed


def fork_is_safe() -> str | None:
    """Why forking cannot serve the steps, or None when it can."""
    if not hasattr(os, "fork"):
        return "this platform cannot fork"
    if threading.active_count() > 1:
        names = ", ".join(t.name for t in threading.enumerate() if t is not threading.main_thread())
        return f"importing the notebook's modules started threads ({names})"
    return None


def _execute_component(full_command: list[str]) -> int:
    """In the forked child: what ``sh -ec SCRIPT SOURCE ARGS...`` runs, without sh and python
    start-up: write SOURCE to ephemeral_component.py and run kfp's executor_main on it."""
    index = next(i for i, part in enumerate(full_command) if SCRIPT_MARK in part)
    source, args = full_command[index + 1], full_command[index + 2 :]
    program = tempfile.mkdtemp()
    module = os.path.join(program, "ephemeral_component.py")
    with open(module, "w", encoding="utf-8") as f:
        f.write(source)
    os.environ["_KFP_RUNTIME"] = "true"
    sys.argv = ["executor_main", "--component_module_path", module, *args]
    from kfp.dsl import executor_main

    executor_main.executor_main()
    return 0


def _child(full_command: list[str], clean_command: list[str] | None, env: dict[str, str]) -> None:
    """The forked child: run the task in this process, or exec ``clean_command``."""
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.environ.update(env)
        if clean_command is not None:
            os.execvp(clean_command[0], clean_command)
        code = _execute_component(full_command)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: BLE001 - the step failed: its traceback goes to the log
        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def load_spec(path: Path) -> Any:
    """The PipelineSpec of a compiled pipeline file (libyaml when present: kfp's own loader
    parses in pure Python, seconds for a 100-step file)."""
    import yaml
    from google.protobuf import json_format
    from kfp.pipeline_spec import pipeline_spec_pb2

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as f:
        document = next(iter(yaml.load_all(f, Loader=loader)))
    return json_format.ParseDict(document, pipeline_spec_pb2.PipelineSpec())


class WarmRun:
    """One run of a compiled local pipeline: schedule, cache, fork, collect."""

    def __init__(self, run_dir: Path, request: dict[str, Any], progress: Any) -> None:
        from kfp.local import executor_input_utils, placeholder_utils
        from kfp.local import utils as local_utils

        self.run_dir = run_dir
        self.request = request
        self.progress = progress
        progress.coalesce = True
        spec = load_spec(Path(request["pipeline"]))
        self.spec = spec
        self.executors = {
            name: local_utils.struct_to_executor_spec(e)
            for name, e in spec.deployment_spec["executors"].items()
        }
        self.components = dict(spec.components.items())
        self.tasks = dict(spec.root.dag.tasks.items())
        for name, task in self.tasks.items():
            implementation = self.components[task.component_ref.name].WhichOneof("implementation")
            if (
                task.trigger_policy.condition
                or task.WhichOneof("iterator")
                or implementation != "executor_label"
            ):
                raise Unsupported(f"task {name} uses control flow")
        self.deps = {name: set(task.dependent_tasks) for name, task in self.tasks.items()}
        self.pipeline_resource_name = executor_input_utils.get_local_pipeline_resource_name(
            spec.pipeline_info.name
        )
        self.pipeline_root = str(run_dir / "outputs")
        self.unique_id = placeholder_utils.make_random_id()
        self.parallel = max(1, int(request.get("parallel") or os.cpu_count() or 1))

    # ---- which tasks run, which are reused ------------------------------------------
    def _descendants(self, start: str) -> set[str]:
        found = {start}
        changed = True
        while changed:
            changed = False
            for name, deps in self.deps.items():
                if name not in found and deps & found:
                    found.add(name)
                    changed = True
        return found

    def _ancestors(self, names: set[str]) -> set[str]:
        found: set[str] = set()
        stack = [d for n in names for d in self.deps[n]]
        while stack:
            name = stack.pop()
            if name not in found:
                found.add(name)
                stack.extend(self.deps[name])
        return found - names

    def _task_of_step(self, step: str) -> str:
        for name, task in self.tasks.items():
            if task.task_info.name == step or self.progress.task_steps.get(name) == step:
                return name
        raise KeyError(step)

    # ---- the run ----------------------------------------------------------------------
    def run(self, warm: bool) -> tuple[str, str | None]:
        from kfp.local import io as local_io
        from kfp.local.orchestrator.orchestrator_utils import OrchestratorUtils

        io_store = local_io.IOStore()
        arguments = OrchestratorUtils.join_user_inputs_and_defaults(
            dag_arguments=self.request["arguments"],
            dag_inputs_spec=self.spec.root.input_definitions,
        )
        for key, value in arguments.items():
            io_store.put_parent_input(key, value)

        runs_root = self.run_dir.parent
        notebook_path = self.request.get("notebook_path") or ""
        use_cache = bool(self.request.get("cache", True)) and bool(notebook_path)
        cache = step_cache.by_key(runs_root, notebook_path, self.run_dir.name) if use_cache else {}
        forced: set[str] = set()
        reuse: dict[str, dict[str, Any]] = {}
        skip: set[str] = set()
        from_step = self.request.get("from_step")
        if from_step:
            start = self._task_of_step(from_step)
            forced = self._descendants(start)
            latest = step_cache.latest_outputs(runs_root, notebook_path, self.run_dir.name)
            for name in self._ancestors(forced):
                step = self.progress.task_steps.get(name, name)
                if step not in latest:
                    return "FAILED", (
                        f"No earlier run of this notebook has the outputs of step {step!r}: "
                        "run the whole pipeline first"
                    )
                reuse[name] = latest[step]
            skip = set(self.tasks) - forced - set(reuse)

        pending = list(self.tasks)
        done: set[str] = set()
        running: dict[int, tuple[str, Any, Any, float]] = {}
        failed: str | None = None
        while True:
            started_any = True
            while started_any and failed is None:
                started_any = False
                for name in list(pending):
                    if len(running) >= self.parallel:
                        break
                    if not self.deps[name] <= done:
                        continue
                    pending.remove(name)
                    started_any = True
                    if name in skip:
                        self.progress.task_skipped(name)
                        done.add(name)
                        continue
                    lookup = {} if name in forced else cache
                    outcome = self._start(name, io_store, lookup, reuse.get(name), warm)
                    if isinstance(outcome, int):
                        running[outcome] = self._launched
                    else:
                        done.add(name)
            if not running:
                break
            try:
                pid, wait_status = self._wait_child()
            except ChildProcessError:
                break
            if pid not in running:
                continue
            name, executor_input, component_spec, key = running.pop(pid)
            ok = os.waitstatus_to_exitcode(wait_status) == 0
            outputs: dict[str, Any] = {}
            if ok:
                from kfp.local import executor_output_utils

                try:
                    outputs = executor_output_utils.get_outputs_for_task(
                        executor_input=executor_input, component_spec=component_spec
                    )
                except Exception:  # noqa: BLE001 - no usable executor output: a failed step
                    traceback.print_exc()
                    ok = False
            if ok:
                for out_name, value in outputs.items():
                    io_store.put_task_output(name, out_name, value)
                self.progress.task_finished(name, "SUCCEEDED", outputs, key=key)
                done.add(name)
            else:
                self.progress.task_finished(name, "FAILED", {})
                failed = failed or name
        if failed is not None:
            step = self.progress.task_steps.get(failed, failed)
            return "FAILED", f"Step {step!r} failed (its traceback is in the log)"
        return "SUCCEEDED", None

    def _wait_child(self) -> tuple[int, int]:
        """The next step process to end, once this pass's changes are on disk."""
        self.progress.flush()
        return os.waitpid(-1, 0)

    def _start(
        self,
        name: str,
        io_store: Any,
        cache: dict[str, dict[str, Any]],
        reuse: dict[str, Any] | None,
        warm: bool,
    ) -> int | None:
        """Start task ``name``: a pid, or None when it was served from an earlier run
        (``reuse``: the outputs to take, for "run from here"; else looked up in ``cache``)."""
        from google.protobuf import json_format
        from kfp.local import executor_input_utils, placeholder_utils
        from kfp.local.orchestrator.orchestrator_utils import OrchestratorUtils

        task = self.tasks[name]
        component_name = task.component_ref.name
        component_spec = self.components[component_name]
        executor_spec = self.executors[component_spec.executor_label]
        task_arguments = OrchestratorUtils.make_task_arguments(task.inputs, io_store)
        task_resource_name = executor_input_utils.get_local_task_resource_name(component_name)
        task_root = executor_input_utils.construct_local_task_root(
            pipeline_root=self.pipeline_root,
            pipeline_resource_name=self.pipeline_resource_name,
            task_resource_name=task_resource_name,
        )
        key = step_cache.step_key(
            json_format.MessageToDict(component_spec),
            json_format.MessageToDict(executor_spec),
            task_arguments,
        )
        source = reuse or cache.get(key)
        if source is not None:
            started = time.monotonic()
            try:
                outputs = step_cache.restore(source["artifacts"], task_root)
            except OSError as e:  # the earlier run went away meanwhile: run the step
                print(f"[pipeline] cannot reuse step {name} from run {source['run']}: {e}")
            else:
                for out_name, value in outputs.items():
                    io_store.put_task_output(name, out_name, value)
                self.progress.task_cached(
                    name, source["run"], outputs, source.get("key", key), time.monotonic() - started
                )
                return None

        executor_input = executor_input_utils.construct_executor_input(
            component_spec=component_spec,
            arguments=task_arguments,
            task_root=task_root,
            block_input_artifact=False,
        )
        executor_input_dict = executor_input_utils.executor_input_to_dict(
            executor_input=executor_input, component_spec=component_spec
        )
        container = executor_spec.container
        full_command = placeholder_utils.replace_placeholders(
            full_command=list(container.command) + list(container.args),
            executor_input_dict=executor_input_dict,
            pipeline_resource_name=self.pipeline_resource_name,
            task_resource_name=task_resource_name,
            pipeline_root=self.pipeline_root,
            unique_pipeline_id=self.unique_id,
        )
        env_vars = {env.name: env.value for env in container.env}
        clean_command = None
        if not warm or not any(SCRIPT_MARK in part for part in full_command):
            # What kfp.local's SubprocessRunner(use_venv=False) runs, prepared before the
            # fork (the child of a threaded process should only exec).
            from kfp.local.subprocess_task_handler import replace_python_executable

            clean_command = replace_python_executable(full_command, sys.executable)
        self.progress.task_started(name, runner="clean" if clean_command else "warm")
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(full_command, clean_command, env_vars)
        self._launched = (name, executor_input, component_spec, key)
        return pid


def preload_sources(request: dict[str, Any]) -> list[str]:
    return [s for s in request.get("preload", []) if isinstance(s, str)]


def run(run_dir: Path, request: dict[str, Any], progress: Any) -> tuple[str, str | None]:
    """Run the pipeline warm (or clean when the fork cannot serve it): (status, error)."""
    warm = request.get("runner", "warm") == "warm"
    if warm:
        failed = preload(preload_sources(request))
        if failed:
            print(f"[pipeline] not preloaded (the steps import them): {'; '.join(failed)}")
        reason = fork_is_safe()
        if reason:
            print(f"[pipeline] steps run in clean interpreters: {reason}")
            warm = False
    return WarmRun(run_dir, request, progress).run(warm)
