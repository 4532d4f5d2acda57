"""The Jupyter server extension: configuration, services, routes.

Each capability contributes three things here and nothing more:
- its configuration, as traitlets on :class:`KubeflowExtension` (section per capability);
- its service, built in ``initialize_settings`` and stored in
  ``self.settings["kubeflow_services"][NAME]`` (a service offers ``async status()``);
- its routes, added in ``initialize_handlers`` from ``handlers/NAME.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jupyter_core.paths import jupyter_data_dir
from jupyter_server.extension.application import ExtensionApp
from traitlets import Unicode, default

from . import __version__
from .handlers import status as status_handlers


class KubeflowExtension(ExtensionApp):
    """Kubeflow from JupyterLab."""

    name = "jupyter_kubeflow"
    description = __doc__ or ""
    load_other_extensions = True

    # ---- shared ---------------------------------------------------------------------
    data_dir = Unicode(
        config=True,
        help="Where the extension keeps its state (embedded registry, local runs). "
        "Env: JUPYTER_KUBEFLOW_DATA_DIR.",
    )

    @default("data_dir")
    def _default_data_dir(self) -> str:
        return os.environ.get("JUPYTER_KUBEFLOW_DATA_DIR") or str(
            Path(jupyter_data_dir()) / "kubeflow"
        )

    # ---- pipelines ------------------------------------------------------------------
    kfp_host = Unicode(
        config=True,
        help="Kubeflow Pipelines API endpoint (e.g. https://kubeflow.example.com/pipeline). "
        "Empty: runs are local only. Env: KF_PIPELINES_ENDPOINT.",
    )

    @default("kfp_host")
    def _default_kfp_host(self) -> str:
        return os.environ.get("KF_PIPELINES_ENDPOINT", "")

    kfp_token_env = Unicode(
        "KF_PIPELINES_TOKEN",
        config=True,
        help="Name of the environment variable holding the KFP bearer token.",
    )
    kfp_token_file = Unicode(
        "",
        config=True,
        help="File holding the KFP bearer token (e.g. a projected service-account token). "
        "Read on every request, so a rotated token is picked up.",
    )
    base_image = Unicode(
        config=True,
        help="Default base image of generated pipeline steps. Env: JUPYTER_KUBEFLOW_BASE_IMAGE.",
    )

    @default("base_image")
    def _default_base_image(self) -> str:
        return os.environ.get("JUPYTER_KUBEFLOW_BASE_IMAGE", "python:3.11-slim")

    # ---- registry -------------------------------------------------------------------
    registry_url = Unicode(
        config=True,
        help="Kubeflow Model Registry REST endpoint (the part before /api/model_registry/v1). "
        "Empty: the embedded registry. Env: KF_MODEL_REGISTRY_URL.",
    )

    @default("registry_url")
    def _default_registry_url(self) -> str:
        return os.environ.get("KF_MODEL_REGISTRY_URL", "")

    registry_token_env = Unicode(
        "KF_MODEL_REGISTRY_TOKEN",
        config=True,
        help="Name of the environment variable holding the registry bearer token.",
    )
    registry_token_file = Unicode(
        "",
        config=True,
        help="File holding the registry bearer token (read on every request).",
    )

    # ---- workspaces -----------------------------------------------------------------
    kubeconfig = Unicode(
        config=True,
        help="Kubeconfig file for the Kubernetes API. Empty: $KUBECONFIG, ~/.kube/config, "
        "then in-cluster credentials.",
    )

    @default("kubeconfig")
    def _default_kubeconfig(self) -> str:
        return os.environ.get("KUBECONFIG", "")

    workspace_url_template = Unicode(
        "/workspace/{namespace}/{name}/",
        config=True,
        help="URL a workspace is reached at; {namespace} and {name} are filled in. "
        "A relative URL is resolved against the Kubeflow dashboard's origin.",
    )

    # ---- wiring ---------------------------------------------------------------------
    def initialize_settings(self) -> None:
        services: dict[str, Any] = {}
        self.settings.update({"kubeflow_services": services, "kubeflow_version": __version__})

    def initialize_handlers(self) -> None:
        self.handlers.extend(status_handlers.routes())

    async def stop_extension(self) -> None:
        for service in self.settings.get("kubeflow_services", {}).values():
            close = getattr(service, "aclose", None)
            if close is not None:
                await close()
