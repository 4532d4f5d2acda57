"""``jupyter kubeflow registry serve``: the embedded registry as a standalone server."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import os
import signal
import sqlite3

from ..errors import InvalidInput, Unavailable
from ..redaction import remember


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    registry = subparsers.add_parser("registry", help="the embedded Kubeflow Model Registry")
    commands = registry.add_subparsers(dest="registry_command", metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="serve the Model Registry v1 REST API (/api/model_registry/v1) from a data dir",
    )
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve.add_argument(
        "--data-dir", required=True, help="folder of the registry (registry/registry.db inside)"
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name to answer besides loopback names and --host (repeatable; e.g. the "
        "Service name clients use). Other names get 403 (DNS rebinding)",
    )
    serve.add_argument(
        "--token",
        default="",
        help="require 'Authorization: Bearer TOKEN' on every request (the official client's "
        "user_token). Prefer the environment variable JUPYTER_KUBEFLOW_REGISTRY_TOKEN: a "
        "command line is visible to other users of the machine",
    )
    serve.add_argument(
        "--catalog-sources",
        action="append",
        default=[],
        metavar="FILE",
        help="also serve Kubeflow Hub's model catalog API (/api/model_catalog/v1) from this "
        "sources file (Hub's format: model_catalogs: ...; repeatable, later files override "
        "earlier ones by id); re-read when the files change",
    )
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(
        _serve(
            args.host,
            args.port,
            args.data_dir,
            args.allowed_host,
            args.token or "",
            args.catalog_sources,
        )
    )
    return 0


async def _serve(
    host: str,
    port: int,
    data_dir: str,
    allowed_hosts: list[str],
    token: str,
    catalog_sources: list[str] | None = None,
) -> None:
    # Imported here: every `jupyter kubeflow` command builds this parser, few serve.
    from .jsonio import MAX_BODY_BYTES
    from .server import TOKEN_ENV, Guard, make_app, open_store

    token = token or os.environ.get(TOKEN_ENV, "")
    remember(token)
    allowed = [name for given in allowed_hosts for name in given.split(",")]
    guard = Guard.build(host, allowed, token.strip())

    try:
        store = open_store(data_dir)
    except (OSError, sqlite3.Error) as e:
        message = f"cannot open the registry in {data_dir}: {e}"
        raise InvalidInput(message, where="--data-dir") from None
    catalog = loader = None
    if catalog_sources:
        from .catalog.loader import CatalogLoader
        from .catalog.rest_api import CatalogAPI

        for path in catalog_sources:
            if not os.path.isfile(path):
                store.close()
                raise InvalidInput(f"no sources file at {path}", where="--catalog-sources")
        loader = CatalogLoader(catalog_sources)
        catalog = CatalogAPI(loader)
    app = make_app(store, guard, catalog)
    try:
        # Tornado refuses a larger body before reading it into memory.
        server = app.listen(port, address=host, max_body_size=MAX_BODY_BYTES + 1024)
    except OSError as e:
        store.close()
        raise Unavailable(f"cannot listen on {host}:{port}: {e.strerror}", where="--port") from None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # The line tests and scripts wait for before they connect.
    print(f"Model registry serving http://{host}:{port}/api/model_registry/v1", flush=True)
    if loader is not None:
        # loaded once listening (a large catalog takes a while); requests wait for it
        snapshot = await asyncio.to_thread(loader.current)
        for problem in snapshot.problems:
            print(f"Model catalog: {problem.text()}", flush=True)
        count = sum(len(s.models) for s in snapshot.sources)
        print(
            f"Model catalog serving http://{host}:{port}/api/model_catalog/v1 "
            f"({count} models from {len(snapshot.sources)} sources)",
            flush=True,
        )
    if not token:
        who = who_can_reach(host, port)
        print(f"No token: {who} can read and write the registry (see --token)", flush=True)
    await stop.wait()
    server.stop()
    store.close()


def who_can_reach(host: str, port: int) -> str:
    """Who can call a server listening on ``host``: local processes only on loopback."""
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host.lower() == "localhost"
    if loopback:
        return "any local process"
    if host in ("", "0.0.0.0", "::"):
        return f"anyone who can reach this machine on port {port}"
    return f"anyone who can reach {host}:{port}"
