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
from traitlets import Bool, Float, Integer, List, TraitError, Unicode, default, validate

from . import __version__
from .handlers import catalog as catalog_handlers
from .handlers import pipelines as pipelines_handlers
from .handlers import registry as registry_handlers
from .handlers import status as status_handlers
from .handlers import storage as storage_handlers
from .handlers import workspace_views as workspace_views_handlers
from .handlers import workspaces as workspaces_handlers
from .kube_connection import ConnectionHolder
from .pipelines.kfp_outputs import DEFAULT_PIPELINE_ROOT, ArtifactStore
from .pipelines.service import PipelinesService
from .redaction import install_log_redaction
from .workspaces.service import WorkspacesService


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
    kfp_artifact_endpoint = Unicode(
        "",
        config=True,
        help="S3/MinIO endpoint of KFP's artifact store (e.g. http://minio-service.kubeflow:9000), "
        "where a Kubeflow run's metrics and outputs are read. Empty: in the cluster, a "
        "minio:// pipeline root is read at KFP's own http://minio-service.kubeflow:9000 (its "
        "launcher's default); otherwise the run view says why and to read them in KFP's UI.",
    )
    kfp_artifact_access_key_env = Unicode(
        "KFP_ARTIFACT_ACCESS_KEY",
        config=True,
        help="Name of the environment variable holding the artifact store's access key "
        "(KFP's mlpipeline-minio-artifact secret, accesskey).",
    )
    kfp_artifact_secret_key_env = Unicode(
        "KFP_ARTIFACT_SECRET_KEY",
        config=True,
        help="Name of the environment variable holding the artifact store's secret key.",
    )
    kfp_pipeline_root = Unicode(
        DEFAULT_PIPELINE_ROOT,
        config=True,
        help="KFP's default pipeline root (its kfp-launcher config map's defaultPipelineRoot), "
        "for runs that name none.",
    )
    pipeline_runs_kept = Integer(
        20,
        config=True,
        help="Runs kept per notebook (local and Kubeflow records, with their logs and "
        "outputs); older finished ones are deleted when a run starts. 0 keeps every run.",
    )

    pipeline_log_max_bytes = Integer(
        32 * 1024 * 1024,
        config=True,
        help="Bytes of a local run's log kept on disk: past that its first and last halves "
        "stay, with a line saying how much was cut between them (at least 64 KiB).",
    )

    @validate("pipeline_log_max_bytes")
    def _check_log_max_bytes(self, proposal: Any) -> int:
        if proposal["value"] < 64 * 1024:
            raise TraitError("pipeline_log_max_bytes must be at least 65536 (64 KiB)")
        return int(proposal["value"])

    pipeline_keep_warm = Float(
        300.0,
        config=True,
        help="Seconds a warm local run's preloaded process (the notebook's modules imported) "
        "waits for the notebook's next run, so a re-run skips those imports. 0: none.",
    )

    @validate("pipeline_keep_warm")
    def _check_pipeline_keep_warm(self, proposal: Any) -> float:
        value = proposal["value"]
        if not 0 <= value <= 86400:
            raise TraitError("pipeline_keep_warm must be between 0 and 86400 seconds")
        return value

    @validate("pipeline_runs_kept")
    def _check_pipeline_runs_kept(self, proposal: Any) -> int:
        if proposal["value"] < 0:
            raise TraitError("pipeline_runs_kept must be 0 (keep all) or more")
        return proposal["value"]

    kfp_namespace = Unicode(
        "",
        config=True,
        help="Profile namespace KFP runs go into on a multi-user Kubeflow. Empty: the "
        "namespace of the pod JupyterLab runs in, else the kubeconfig context's.",
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

    registry_s3_endpoint = Unicode(
        config=True,
        help="S3-compatible endpoint that registered models may be uploaded to "
        "(e.g. http://minio.kubeflow:9000). Env: AWS_S3_ENDPOINT.",
    )

    @default("registry_s3_endpoint")
    def _default_registry_s3_endpoint(self) -> str:
        return os.environ.get("AWS_S3_ENDPOINT", "")

    registry_s3_bucket = Unicode(
        config=True,
        help="Bucket for registered models; S3 storage is offered when set. Env: AWS_S3_BUCKET.",
    )

    @default("registry_s3_bucket")
    def _default_registry_s3_bucket(self) -> str:
        return os.environ.get("AWS_S3_BUCKET", "")

    registry_s3_region = Unicode(
        config=True, help="S3 region (default us-east-1). Env: AWS_DEFAULT_REGION."
    )

    @default("registry_s3_region")
    def _default_registry_s3_region(self) -> str:
        return os.environ.get("AWS_DEFAULT_REGION", "")

    registry_s3_prefix = Unicode("models", config=True, help="Key prefix inside the bucket.")
    registry_s3_access_key_env = Unicode(
        "AWS_ACCESS_KEY_ID", config=True, help="Env var holding the S3 access key id."
    )
    registry_s3_secret_key_env = Unicode(
        "AWS_SECRET_ACCESS_KEY", config=True, help="Env var holding the S3 secret key."
    )
    registry_s3_storage_key = Unicode(
        "",
        config=True,
        help="Name of the cluster's data connection (secret) for the bucket, recorded as the "
        "artifacts' storageKey so a deployment can read them.",
    )
    registry_oci_repository = Unicode(
        "",
        config=True,
        help="OCI repository for modelcar images (e.g. quay.io/team/models); OCI storage is "
        "offered when set and skopeo is installed.",
    )
    registry_oci_base_image = Unicode(
        "",
        config=True,
        help="Base image of modelcar images (e.g. busybox); empty: an image of the model only.",
    )
    registry_oci_tls_verify = Bool(
        True, config=True, help="Verify TLS when pushing modelcar images."
    )

    registry_max_upload_bytes = Integer(
        0,
        config=True,
        help="Largest file or folder a registration uploads, in bytes (0: any that fits the "
        "free space of the disk it is copied to, less a 256 MiB reserve).",
    )

    @validate("registry_max_upload_bytes")
    def _check_max_upload(self, proposal: Any) -> int:
        if proposal["value"] < 0:
            raise TraitError("registry_max_upload_bytes must be 0 (no cap) or more")
        return int(proposal["value"])

    def _registry_service(self, kube: ConnectionHolder) -> Any:
        from .registry.service import RegistryConfig, RegistryService

        return RegistryService(
            RegistryConfig(
                data_dir=self.data_dir,
                root_dir=self.serverapp.root_dir if self.serverapp else os.getcwd(),
                registry_url=self.registry_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                base_url=self.serverapp.base_url if self.serverapp else "/",
                max_upload_bytes=self.registry_max_upload_bytes,
                storage={
                    "s3": {
                        "endpoint": self.registry_s3_endpoint,
                        "bucket": self.registry_s3_bucket,
                        "region": self.registry_s3_region,
                        "prefix": self.registry_s3_prefix,
                        "access_key_env": self.registry_s3_access_key_env,
                        "secret_key_env": self.registry_s3_secret_key_env,
                        "storage_key": self.registry_s3_storage_key,
                    },
                    "oci": {
                        "repository": self.registry_oci_repository,
                        "base_image": self.registry_oci_base_image,
                        "tls_verify": self.registry_oci_tls_verify,
                    },
                },
            ),
            kube,
        )

    # ---- model catalog --------------------------------------------------------------
    catalog_url = Unicode(
        config=True,
        help="Kubeflow Hub model catalog service (the part before /api/model_catalog/v1; a "
        "separate service from the registry). Its token is the registry's "
        "(registry_token_env / registry_token_file). Empty: the embedded catalog, read from "
        "catalog_sources. Env: KF_MODEL_CATALOG_URL.",
    )

    @default("catalog_url")
    def _default_catalog_url(self) -> str:
        return os.environ.get("KF_MODEL_CATALOG_URL", "")

    catalog_sources = List(
        Unicode(),
        config=True,
        help="Sources files of the embedded model catalog, in Kubeflow Hub's format "
        "(model_catalogs: entries with id, name, type: yaml, enabled, labels, "
        "properties.yamlCatalogPath); later files override earlier ones by id. Re-read when "
        "they or their catalog files change. Empty: Hub's sample catalog, shipped with the "
        "extension. Env: JUPYTER_KUBEFLOW_CATALOG_SOURCES (paths separated by os.pathsep).",
    )

    @default("catalog_sources")
    def _default_catalog_sources(self) -> list[str]:
        given = os.environ.get("JUPYTER_KUBEFLOW_CATALOG_SOURCES", "")
        return [p for p in given.split(os.pathsep) if p]

    def _catalog_service(self, registry: Any) -> Any:
        from .registry.catalog.service import CatalogConfig, CatalogService

        return CatalogService(
            CatalogConfig(
                catalog_url=self.catalog_url,
                token_env=self.registry_token_env,
                token_file=self.registry_token_file,
                sources=list(self.catalog_sources),
                base_url=self.serverapp.base_url if self.serverapp else "/",
            ),
            registry,
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
        "/workspace/connect/{namespace}/{name}/{port}/",
        config=True,
        help="URL of a workspace's port (one Connect per port of its image config); "
        "{namespace}, {name} and {port} (the port id) are filled in. The default is the "
        "Notebooks 2.0 controller's connect path. A relative URL is resolved against the "
        "Kubeflow dashboard's origin.",
    )
    kube_context = Unicode(
        "",
        config=True,
        help="Kubeconfig context for every Kubernetes call (workspaces, deploy, the KFP "
        "profile namespace). Empty: the kubeconfig's current context.",
    )

    # ---- wiring ---------------------------------------------------------------------
    def initialize_settings(self) -> None:
        install_log_redaction()
        # The one Kubernetes connection every capability uses: kubeconfig + kube_context.
        kube = ConnectionHolder(self.kubeconfig, self.kube_context)
        registry = self._registry_service(kube)
        services: dict[str, Any] = {
            "pipelines": PipelinesService(
                root_dir=Path(self.serverapp.root_dir),
                data_dir=Path(self.data_dir),
                base_image=self.base_image,
                kfp_host=self.kfp_host,
                token_env=self.kfp_token_env,
                token_file=self.kfp_token_file,
                kfp_namespace=self.kfp_namespace,
                kube=kube,
                runs_kept=self.pipeline_runs_kept,
                keep_warm=self.pipeline_keep_warm,
                log_max_bytes=self.pipeline_log_max_bytes,
                artifact_store=ArtifactStore(
                    endpoint=self.kfp_artifact_endpoint,
                    access_key_env=self.kfp_artifact_access_key_env,
                    secret_key_env=self.kfp_artifact_secret_key_env,
                    pipeline_root=self.kfp_pipeline_root,
                ),
            ),
            "registry": registry,
            "catalog": self._catalog_service(registry),
            "workspaces": WorkspacesService(
                self.kubeconfig, self.kube_context, self.workspace_url_template, kube
            ),
        }
        self.settings.update({"kubeflow_services": services, "kubeflow_version": __version__})

    def initialize_handlers(self) -> None:
        self.handlers.extend(status_handlers.routes())
        self.handlers.extend(workspaces_handlers.routes())
        self.handlers.extend(workspace_views_handlers.routes())
        self.handlers.extend(storage_handlers.routes())
        self.handlers.extend(registry_handlers.routes())
        self.handlers.extend(catalog_handlers.routes())
        self.handlers.extend(pipelines_handlers.routes())

    async def stop_extension(self) -> None:
        for service in self.settings.get("kubeflow_services", {}).values():
            close = getattr(service, "aclose", None)
            if close is not None:
                await close()
