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
from .handlers import pipelines as pipelines_handlers
from .handlers import registry as registry_handlers
from .handlers import registry as registry_handlers
from .handlers import registry as registry_handlers
from .handlers import registry as registry_handlers
from .handlers import registry as registry_handlers
from .handlers import registry as registry_handlers
from .handlers import registry as registry_handlers
from .handlers import status as status_handlers
from .pipelines.service import PipelinesService


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

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
        )

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
        )

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
        )

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
        )

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
        )

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
        )

    def _registry_service(self) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                kubeconfig=self.kubeconfig,
            )
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
        services["registry"] = self._registry_service()
        services["registry"] = self._registry_service()
        services["registry"] = self._registry_service()
        services["registry"] = self._registry_service()
        services["registry"] = self._registry_service()
        services["registry"] = self._registry_service()
        services["registry"] = self._registry_service()
        self.settings.update({"kubeflow_services": services, "kubeflow_version": __version__})
        services["pipelines"] = PipelinesService(
            root_dir=Path(self.serverapp.root_dir),
            data_dir=Path(self.data_dir),
            base_image=self.base_image,
            kfp_host=self.kfp_host,
            token_env=self.kfp_token_env,
            token_file=self.kfp_token_file,
        )

    def initialize_handlers(self) -> None:
        self.handlers.extend(status_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(pipelines_handlers.routes())

    async def stop_extension(self) -> None:
        for service in self.settings.get("kubeflow_services", {}).values():
            close = getattr(service, "aclose", None)
            if close is not None:
                await close()
