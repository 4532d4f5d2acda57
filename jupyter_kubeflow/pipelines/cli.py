"""``jupyter kubeflow convert|run|submit NOTEBOOK``: the pipelines service from a terminal."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from .compile import import_kfp_for_compiling
from .service import PipelinesService
from .submit import read_token

FINAL = ("SUCCEEDED", "FAILED", "CANCELLED")


def _service(args: argparse.Namespace) -> PipelinesService:
    data_dir = os.environ.get("JUPYTER_KUBEFLOW_DATA_DIR") or str(
        Path.home() / ".local" / "share" / "jupyter" / "kubeflow"
    )
    return PipelinesService(
        root_dir=Path.cwd(),
        data_dir=Path(data_dir),
        base_image=args.base_image
        or os.environ.get("JUPYTER_KUBEFLOW_BASE_IMAGE", "python:3.11-slim"),
        # The configured endpoint: the environment's token may go to it only (see _kfp_target).
        kfp_host=os.environ.get("KF_PIPELINES_ENDPOINT", ""),
        keep_warm=_keep_warm(),
    )


def _kfp_target(args: argparse.Namespace, service: PipelinesService) -> tuple[str, str | None]:
    """(KFP host, bearer token) by the server's rule: ``--host``, else KF_PIPELINES_ENDPOINT
    (else the in-cluster service); an explicit ``--token-file``/``--token-env`` goes to that
    host, whichever it is; without one, KF_PIPELINES_TOKEN (or a pod's projected token) goes
    only to the endpoint it belongs to, never to another ``--host``."""
    endpoint = service.endpoint()
    host = getattr(args, "host", None) or (endpoint.host if endpoint else "")
    token_file = getattr(args, "token_file", None) or ""
    token_env = getattr(args, "token_env", None) or ""
    if token_file or token_env:
        token = read_token(token_env, token_file)
        if token is None and not token_file:
            raise InvalidInput(f"--token-env {token_env}: that variable is not set", field="token")
        return host, token
    return host, service.token_for(host)


def _keep_warm() -> float:
    """JUPYTER_KUBEFLOW_KEEP_WARM: seconds a warm run's preloaded process waits for the
    notebook's next run (default 300; 0: none)."""
    text = os.environ.get("JUPYTER_KUBEFLOW_KEEP_WARM", "300")
    try:
        seconds = float(text)
    except ValueError:
        raise InvalidInput(
            f"JUPYTER_KUBEFLOW_KEEP_WARM must be a number of seconds, not {text!r}"
        ) from None
    if not 0 <= seconds <= 86400:
        raise InvalidInput("JUPYTER_KUBEFLOW_KEEP_WARM must be between 0 and 86400 seconds")
    return seconds


def _params(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InvalidInput(f"--param takes NAME=VALUE, not {pair!r}", field="param")
        out[name] = value
    return out


def convert(args: argparse.Namespace) -> int:
    import_kfp_for_compiling()
    service = _service(args)
    path = Path(args.notebook).resolve()
    started = time.perf_counter()
    done = service.compile_file(
        path,
        output=Path(args.output) if args.output else None,
        dsl=Path(args.dsl) if args.dsl else None,
        name=args.name,
        split=args.split,
    )
    for w in done.analysis.warnings:
        print(f"warning: {w.message}", file=sys.stderr)
    steps = ", ".join(p.name for p in done.analysis.plans)
    print(f"{done.pipeline} ({len(done.analysis.plans)} steps: {steps})")
    if done.dsl:
        print(done.dsl)
    print(f"converted in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    return 0


def _follow(service: PipelinesService, run_id: str, out: Any) -> dict[str, Any]:
    """Print each step's change of status until the run ends."""
    seen: dict[str, str] = {}
    while True:
        run = service.runs.get(run_id)
        for step in run["steps"]:
            if seen.get(step["name"]) != step["status"]:
                seen[step["name"]] = step["status"]
                secs = f" ({step['seconds']:.2f}s)" if step["seconds"] is not None else ""
                if step.get("cachedFrom"):
                    secs += f" from run {step['cachedFrom']}"
                print(f"step {step['name']}: {step['status']}{secs}", file=out, flush=True)
        if run["status"] in FINAL:
            return run
        time.sleep(0.2)


def run(args: argparse.Namespace) -> int:
    if not args.local:
        raise InvalidInput("jupyter kubeflow run needs --local (use 'submit' for Kubeflow)")
    import_kfp_for_compiling()
    service = _service(args)
    started = time.perf_counter()
    record = service.start_run_file(
        Path(args.notebook).resolve(),
        "local",
        _params(args.param),
        args.split,
        from_text=True,
        runner=args.runner,
        cache=not args.no_cache,
        from_step=args.from_step,
    )
    out = sys.stderr if args.json else sys.stdout
    print(f"run {record['id']}: {record['pipeline']} ({len(record['steps'])} steps)", file=out)
    try:
        final = _follow(service, record["id"], out)
    except KeyboardInterrupt:
        service.runs.cancel(record["id"])
        raise
    service.runs.wait(record["id"])
    for name, value in final["metrics"].items():
        print(f"metric {name} = {value}", file=out)
    print(f"{final['status']} in {time.perf_counter() - started:.2f}s", file=out)
    if final["status"] != "SUCCEEDED":
        print(final["log_tail"][-4000:], file=sys.stderr)
        print(f"error: {final['error']}", file=sys.stderr)
    if args.json:
        print(json.dumps(final))
    return 0 if final["status"] == "SUCCEEDED" else 1


def submit(args: argparse.Namespace) -> int:
    service = _service(args)
    host, token = _kfp_target(args, service)
    if args.list_runs:
        with contextlib.redirect_stdout(sys.stderr):
            runs = service.kfp_runs_file(Path(args.notebook).resolve(), args.namespace, host, token)
        for run in runs:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run["created"] or 0))
            print(f"{run['id']}  {run['status']:<10} {when}  {run['url']}")
        return 0
    if args.version:
        with contextlib.redirect_stdout(sys.stderr):
            session = service.kfp.session(args.namespace, host, token)
            record = service.kfp.run_version(
                Path(args.notebook),
                session,
                args.version,
                _params(args.param),
                args.experiment,
                from_text=True,
            )
        print(f"run id: {record['kfp_run_id']}")
        print(f"url: {record['url']}")
        return 0
    params = _params(args.param)
    for name, value in params.items():
        if "[[" in value:  # KFP's macros: [[RunUUID]], [[ScheduledTime]], ...
            print(
                f"warning: --param {name} holds '[[': Kubeflow Pipelines replaces "
                "[[RunUUID]] and its other macros inside string parameters on the server",
                file=sys.stderr,
            )
    with contextlib.redirect_stdout(sys.stderr):  # kfp.Client prints its own links
        record = service.start_run_file(
            Path(args.notebook).resolve(),
            "kfp",
            params,
            args.split,
            experiment=args.experiment,
            host=host,
            token=token,
            from_text=True,
            cache=not args.no_cache,
            namespace=args.namespace,
        )
    print(f"run id: {record['kfp_run_id']}")
    print(f"url: {record['url']}")
    return 0


def runs_list(args: argparse.Namespace) -> int:
    runs = _service(args).runs.list()
    if args.json:
        print(json.dumps(runs))
        return 0
    for r in runs:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r["created"]))
        print(f"{r['id']}  {r['status']:<9}  {r['mode']:<5}  {when}  {r['notebook']}")
    return 0


def runs_delete(args: argparse.Namespace) -> int:
    service = _service(args)
    for run_id in args.ids:
        service.runs.delete(run_id)
        print(f"deleted run {run_id}")
    return 0


def add_commands(subparsers: Any) -> None:
    from . import kfp_cli  # here: kfp_cli reads this module's helpers

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("notebook", help="the .ipynb file")
        p.add_argument(
            "--split",
            choices=("tags", "headings", "single"),
            default=None,
            help="how cells become steps (default: tags if any, else single)",
        )
        p.add_argument("--base-image", default=None, help="default image of the steps")

    p = subparsers.add_parser("convert", help="notebook -> KFP v2 pipeline YAML")
    common(p)
    p.add_argument("-o", "--output", help="pipeline YAML (default: <stem>.pipeline.yaml)")
    p.add_argument("--dsl", metavar="PIPELINE.py", help="also write the pipeline as Python")
    p.add_argument("--name", help="pipeline name (default: the notebook's name)")
    p.set_defaults(handler=convert)

    p = subparsers.add_parser("run", help="run the notebook's pipeline locally with kfp.local")
    common(p)
    p.add_argument("--local", action="store_true", help="run here, in this Python environment")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--json", action="store_true", help="last stdout line: the run as JSON")
    p.add_argument(
        "--runner",
        choices=("warm", "clean", "kfp-local"),
        default="warm",
        help="warm (default): steps forked from a process that imported the notebook's "
        "modules, in parallel, unchanged steps reused; clean: a fresh interpreter per step; "
        "kfp-local: kfp.local itself (the faithful mode, no reuse)",
    )
    p.add_argument("--no-cache", action="store_true", help="run every step again (reuse nothing)")
    p.add_argument(
        "--from",
        dest="from_step",
        metavar="STEP",
        help="run STEP and what follows it, reusing the upstream outputs of the latest run",
    )
    p.set_defaults(handler=run)

    p = subparsers.add_parser("runs", help="list or delete the runs kept here")
    p.set_defaults(handler=runs_list, json=False, base_image=None)
    runs_commands = p.add_subparsers(metavar="ACTION")
    q = runs_commands.add_parser("list", help="every run kept here, newest first")
    q.add_argument("--json", action="store_true", help="the runs as one JSON list")
    q.set_defaults(handler=runs_list)
    q = runs_commands.add_parser("delete", help="delete runs: record, log and outputs")
    q.add_argument("ids", nargs="+", metavar="RUN_ID")
    q.set_defaults(handler=runs_delete)

    p = subparsers.add_parser("submit", help="upload and run the pipeline on Kubeflow")
    common(p)
    kfp_cli.connection_options(p)
    p.add_argument("--experiment", help="experiment name (default: Default)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="run every step again (default: KFP reuses cached steps, except cache:false ones)",
    )
    p.add_argument(
        "--list-runs", action="store_true", help="list the notebook's runs on KFP, newest first"
    )
    p.add_argument(
        "--version", metavar="VERSION_ID", help="run this version of the notebook's KFP pipeline"
    )
    p.set_defaults(handler=submit)
    kfp_cli.add_commands(subparsers)
