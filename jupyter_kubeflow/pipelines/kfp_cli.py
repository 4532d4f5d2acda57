"""``jupyter kubeflow upload|versions|experiments|schedule|kfp ...``: a notebook's pipeline
kept on Kubeflow Pipelines, its runs acted on, its recurring runs; the same ``KfpService``
the server's routes call. Host and token follow the CLI's token rule (cli._kfp_target)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from .kfp_runs import ACTIONS as RUN_ACTIONS
from .kfp_session import KfpSession


def kfp_options(p: argparse.ArgumentParser) -> None:
    """The options every command that talks to KFP takes."""
    connection_options(p)
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(base_image=None)


def connection_options(p: argparse.ArgumentParser) -> None:
    """Where KFP is and whose token goes there (submit takes them too)."""
    p.add_argument("--host", help="KFP endpoint (default: $KF_PIPELINES_ENDPOINT)")
    p.add_argument(
        "--token-env",
        help="environment variable holding the bearer token for --host (without --token-env "
        "or --token-file, $KF_PIPELINES_TOKEN goes to $KF_PIPELINES_ENDPOINT only)",
    )
    p.add_argument("--token-file", help="file holding the bearer token for --host")
    p.add_argument(
        "--namespace",
        help="profile namespace on a multi-user Kubeflow (default: this pod's namespace, "
        "else the kubeconfig context's)",
    )


def _session(args: argparse.Namespace) -> tuple[Any, KfpSession]:
    from .cli import _kfp_target, _service

    service = _service(args)
    host, token = _kfp_target(args, service)
    with contextlib.redirect_stdout(sys.stderr):  # kfp.Client prints its own links
        return service, service.kfp.session(args.namespace, host, token)


def _when(seconds: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds)) if seconds else "-"


def _print(args: argparse.Namespace, answer: Any, lines: list[str]) -> int:
    if args.json:
        print(json.dumps(answer))
    else:
        for line in lines:
            print(line)
    return 0


def upload(args: argparse.Namespace) -> int:
    service, session = _session(args)
    with contextlib.redirect_stdout(sys.stderr):
        done = service.kfp.upload(Path(args.notebook), session, args.name, args.always)
    what = "unchanged, latest version" if done["unchanged"] else "version"
    return _print(
        args,
        done,
        [
            f"pipeline {done['pipeline_name']} ({done['pipeline_id']})",
            f"{what} {done['version_name']} ({done['version_id']})",
            f"description: {done['description']}",
            f"url: {done['url']}",
        ],
    )


def versions(args: argparse.Namespace) -> int:
    service, session = _session(args)
    listing = service.kfp.versions(Path(args.notebook), session)
    if listing["pipeline_id"] is None and not args.json:
        print(f"No pipeline {listing['pipeline']!r} on KFP yet: jupyter kubeflow upload it")
        return 0
    lines = [
        f"{v['id']}  {_when(v['created'])}  {v['name']}  {v['description']}"
        for v in listing["versions"]
    ]
    return _print(args, listing, lines)


def experiments(args: argparse.Namespace) -> int:
    service, session = _session(args)
    found = service.kfp.experiments(session)
    return _print(args, found, [f"{e['id']}  {_when(e['created'])}  {e['name']}" for e in found])


def schedule(args: argparse.Namespace) -> int:
    service, session = _session(args)
    for action in ("enable", "disable", "delete"):
        recurring_id = getattr(args, action)
        if recurring_id:
            service.kfp.schedule_act(recurring_id, action, session)
            return _print(
                args, {"id": recurring_id, "action": action}, [f"{action}d {recurring_id}"]
            )
    if not args.notebook:
        from ..errors import InvalidInput

        raise InvalidInput("schedule needs a NOTEBOOK (or --enable/--disable/--delete ID)")
    path = Path(args.notebook)
    if args.list or not (args.cron or args.every):
        listing = service.kfp.schedules(path, session)
        lines = [
            f"{s['id']}  {'enabled ' if s['enabled'] else 'disabled'}  "
            f"{s['cron'] or str(s['interval_seconds']) + ' s'}  {s['name']}"
            for s in listing["schedules"]
        ]
        return _print(args, listing, lines or ["No recurring runs of this notebook"])
    from .cli import _params

    body = {
        "cron": args.cron,
        "interval_seconds": args.every,
        "start": args.start,
        "end": args.end,
        "max_concurrency": args.max_concurrency,
        "catch_up": not args.no_catch_up,
        "parameters": _params(args.param),
        "experiment": args.experiment,
        "name": args.name,
    }
    with contextlib.redirect_stdout(sys.stderr):
        made = service.kfp.schedule(path, session, body, from_text=True)
    return _print(
        args,
        made,
        [f"recurring run {made['name']} ({made['id']})", f"url: {made['url']}"],
    )


def run_action(args: argparse.Namespace) -> int:
    service, session = _session(args)
    if args.action == "show":
        notebook = Path(args.notebook) if args.notebook else None
        run = service.kfp.run_details(args.run_id, session, notebook)
        lines = [f"{run['id']}  {run['status']}  {run['name']}  {run['url']}"]
        for step in run["steps"]:
            took = f" {step['seconds']:.1f}s" if step["seconds"] is not None else ""
            lines.append(f"  step {step['name']}: {step['status']}{took}")
        return _print(args, run, lines)
    service.kfp.act(args.run_id, args.action, session)
    return _print(
        args, {"id": args.run_id, "action": args.action}, [f"{args.action}: {args.run_id}"]
    )


def add_commands(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "upload", help="upload the notebook's pipeline to KFP (a new version when it changed)"
    )
    p.add_argument("notebook", help="the .ipynb file")
    p.add_argument("--name", help="pipeline name (default: the notebook's pipeline name)")
    p.add_argument("--always", action="store_true", help="a new version even if unchanged")
    kfp_options(p)
    p.set_defaults(handler=upload)

    p = subparsers.add_parser("versions", help="the versions of the notebook's KFP pipeline")
    p.add_argument("notebook", help="the .ipynb file")
    kfp_options(p)
    p.set_defaults(handler=versions)

    p = subparsers.add_parser("experiments", help="the namespace's KFP experiments")
    kfp_options(p)
    p.set_defaults(handler=experiments)

    p = subparsers.add_parser(
        "schedule", help="recurring runs of the notebook's pipeline: create, list, act"
    )
    p.add_argument("notebook", nargs="?", help="the .ipynb file")
    every = p.add_mutually_exclusive_group()
    every.add_argument(
        "--cron", help="6-field cron (seconds first), e.g. '0 0 9 * * 1-5', or '@every 1h'"
    )
    every.add_argument("--every", type=int, metavar="SECONDS", help="run every SECONDS")
    p.add_argument("--start", help="ISO 8601 time the schedule starts")
    p.add_argument("--end", help="ISO 8601 time the schedule ends")
    p.add_argument("--max-concurrency", type=int, default=1, help="runs at once (1-10)")
    p.add_argument("--no-catch-up", action="store_true", help="skip missed runs")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--experiment", help="experiment name (default: Default)")
    p.add_argument("--name", help="recurring run name")
    p.add_argument("--list", action="store_true", help="list the notebook's recurring runs")
    for action in ("enable", "disable", "delete"):
        p.add_argument(f"--{action}", metavar="ID", help=f"{action} the recurring run ID")
    kfp_options(p)
    p.set_defaults(handler=schedule)

    p = subparsers.add_parser("kfp", help="show or act on a run on KFP")
    p.add_argument("action", choices=("show", *RUN_ACTIONS))
    p.add_argument("run_id", metavar="KFP_RUN_ID")
    p.add_argument("--notebook", help="the notebook, to name the run's steps as its steps")
    kfp_options(p)
    p.set_defaults(handler=run_action)
