"""``jupyter kubeflow ...``: the same services as the server extension, no server needed.

Each capability adds its subcommands in its own ``cli.py`` (``add_commands(subparsers)``),
and each subcommand's handler returns an exit code. A :class:`KubeflowError` becomes a
one-line message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .errors import KubeflowError
from .redaction import install_log_redaction

# Capabilities that contribute subcommands; each module has add_commands(subparsers).
COMMAND_MODULES = (
    "jupyter_kubeflow.pipelines.cli",
    "jupyter_kubeflow.registry.cli",
    "jupyter_kubeflow.workspaces.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jupyter kubeflow",
        description="Kubeflow from JupyterLab: pipelines, model registry, workspaces.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name == module_name:  # capability without a CLI yet
                continue
            raise
        module.add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 1
    install_log_redaction()
    try:
        return int(args.handler(args) or 0)
    except KubeflowError as e:
        where = f" ({e.where})" if e.where else ""
        print(f"error{where}: {e.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
