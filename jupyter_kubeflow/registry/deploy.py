"""Deploy a model version: a KServe ``InferenceService``, built, shown, optionally applied.

The manifest carries the registry ids as labels, like the Model Registry's own
controller does, so a cluster object can be traced back to its version. Applying uses the
server's one Kubernetes connection (kubeconfig and kube_context, ``kube_connection``) in a
worker thread, then records the deployment in the registry: a ServingEnvironment named
after the namespace and an InferenceService in it pointing at the version.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import TYPE_CHECKING, Any

import urllib3
import yaml

from ..errors import Conflict, Forbidden, InvalidInput, NotFound, Unavailable, Unprocessable
from .formats import runtime_for
from .register import LOCAL_URI_REASON

if TYPE_CHECKING:
    from .service import RegistryService

GROUP, VERSION, PLURAL = "serving.kserve.io", "v1beta1", "inferenceservices"
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
LABEL_MODEL = "modelregistry.kubeflow.org/registered-model-id"
LABEL_VERSION = "modelregistry.kubeflow.org/model-version-id"
LABEL_SERVICE = "modelregistry.kubeflow.org/inference-service-id"


def build_inference_service(
    *,
    name: str,
    namespace: str,
    model: dict[str, Any],
    version: dict[str, Any],
    artifact: dict[str, Any],
    runtime: str | None,
) -> dict[str, Any]:
    model_format: dict[str, Any] = {"name": artifact.get("modelFormatName") or "unknown"}
    if artifact.get("modelFormatVersion"):
        model_format["version"] = artifact["modelFormatVersion"]
    predictor_model: dict[str, Any] = {"modelFormat": model_format}
    if runtime:
        predictor_model["runtime"] = runtime
    predictor_model["storageUri"] = artifact.get("uri") or ""
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "InferenceService",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {LABEL_MODEL: str(model["id"]), LABEL_VERSION: str(version["id"])},
            "annotations": {
                "modelregistry.kubeflow.org/model-name": model.get("name", ""),
                "modelregistry.kubeflow.org/version-name": version.get("name", ""),
            },
        },
        "spec": {"predictor": {"model": predictor_model}},
    }


def _status_of(error: Any) -> dict[str, Any]:
    """The Kubernetes ``Status`` an ApiException carries (empty when it has none)."""
    try:
        status = json.loads(error.body or "{}")
    except (TypeError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


class Deployer:
    def __init__(self, service: RegistryService) -> None:
        self.service = service

    async def deploy(self, version_id: str, body: dict[str, Any]) -> dict[str, Any]:
        namespace = body.get("namespace")
        name = body.get("name")
        for key, value in (("namespace", namespace), ("name", name)):
            if not isinstance(value, str) or not DNS_LABEL.fullmatch(value):
                raise InvalidInput(
                    f"{key} must be a DNS label (lowercase letters, digits and '-', "
                    "at most 63 characters)",
                    field=key,
                )
        apply = body.get("apply", False)
        if not isinstance(apply, bool):
            raise InvalidInput("apply must be true or false", field="apply")
        runtime = body.get("runtime")
        if runtime is not None and (not isinstance(runtime, str) or not runtime.strip()):
            raise InvalidInput("runtime must be a non-empty string", field="runtime")
        details = await self.service.get_version(version_id)
        artifacts = [a for a in details["artifacts"] if a.get("artifactType") == "model-artifact"]
        if not artifacts or not artifacts[0].get("uri"):
            raise Unprocessable("this version has no model artifact with a URI to serve")
        artifact = artifacts[0]
        if self.service.mode == "external" and artifact["uri"].lower().startswith("file:"):
            raise Unprocessable(
                f"this version's model is at {artifact['uri']}: {LOCAL_URI_REASON}. "
                "Register the file again with S3 or OCI storage and deploy that version",
                field="uri",
            )
        runtime = runtime or runtime_for(artifact.get("modelFormatName"))
        if not runtime:
            raise Unprocessable(
                f"no known KServe runtime for format {artifact.get('modelFormatName')!r}: "
                "choose a runtime",
                field="runtime",
            )
        manifest = build_inference_service(
            name=name,  # type: ignore[arg-type]
            namespace=namespace,  # type: ignore[arg-type]
            model=details["model"],
            version=details["version"],
            artifact=artifact,
            runtime=runtime,
        )
        result: dict[str, Any] = {
            "manifest": manifest,
            "yaml": yaml.safe_dump(manifest, sort_keys=False),
            "applied": False,
            "inferenceService": None,
            "message": "InferenceService built; not applied.",
        }
        if not apply:
            return result
        await asyncio.to_thread(self._apply, manifest)
        recorded = await self._record(manifest, details, runtime)
        result.update(
            applied=True,
            inferenceService=recorded,
            message=f"InferenceService {namespace}/{name} applied and recorded in the registry.",
        )
        return result

    def _apply(self, manifest: dict[str, Any]) -> None:
        from kubernetes import client
        from kubernetes.client.exceptions import ApiException

        # The server's one connection: the configured kubeconfig and kube_context.
        api_client = self.service.kube.get().api
        api = client.CustomObjectsApi(api_client)
        namespace = manifest["metadata"]["namespace"]
        name = manifest["metadata"]["name"]
        try:
            try:
                api.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, manifest)
            except ApiException as e:
                if e.status != 409:
                    raise
                current = api.get_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, name)
                manifest = {
                    **manifest,
                    "metadata": {
                        **manifest["metadata"],
                        "resourceVersion": current["metadata"]["resourceVersion"],
                    },
                }
                api.replace_namespaced_custom_object(
                    GROUP, VERSION, namespace, PLURAL, name, manifest
                )
        except ApiException as e:
            if e.status in (401, 403):
                raise Forbidden(
                    f"not allowed to create InferenceServices in {namespace}: {e.reason}"
                ) from None
            status = _status_of(e)
            if e.status == 404:
                if (status.get("details") or {}).get("kind") == "namespaces":
                    raise NotFound(
                        f"namespace {namespace!r} does not exist in the cluster", field="namespace"
                    ) from None
                raise Unavailable(
                    "KServe is not installed in this cluster (it has no InferenceService API)"
                ) from None
            if e.status == 422:
                # The API server's message says which field and why (schema or policy).
                reason = status.get("message") or e.reason
                raise Unprocessable(f"the cluster refused the InferenceService: {reason}") from None
            raise Unavailable(f"the cluster failed ({e.status}): {e.reason}") from None
        except (OSError, urllib3.exceptions.HTTPError) as e:
            raise Unavailable(f"the Kubernetes API cannot be reached: {e}") from None

    async def _record(
        self, manifest: dict[str, Any], details: dict[str, Any], runtime: str
    ) -> dict[str, Any]:
        client = self.service.client
        namespace = manifest["metadata"]["namespace"]
        name = manifest["metadata"]["name"]
        try:
            env = await client.request("GET", "serving_environment", {"name": namespace})
        except NotFound:
            try:
                env = await client.request("POST", "serving_environments", body={"name": namespace})
            except Conflict:
                env = await client.request("GET", "serving_environment", {"name": namespace})
        fields = {
            "modelVersionId": str(details["version"]["id"]),
            "runtime": runtime,
            "desiredState": "DEPLOYED",
        }
        try:
            existing = await client.request(
                "GET", "inference_service", {"name": name, "parentResourceId": env["id"]}
            )
        except NotFound:
            existing = None
        if existing is not None:
            path = f"inference_services/{existing['id']}"
            return await client.update(path, fields)
        return await client.request(
            "POST",
            "inference_services",
            body={
                "name": name,
                "registeredModelId": str(details["model"]["id"]),
                "servingEnvironmentId": env["id"],
                **fields,
            },
        )
