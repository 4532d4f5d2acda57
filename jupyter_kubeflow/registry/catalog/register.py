"""Registering a catalog model into the registry, recording where it came from.

The form is prefilled as Kubeflow Hub's UI prefills it (the model's name and description,
its first artifact's URI, the tasks as labels), with a version name not yet used in that
registered model, so registering one catalog model again makes its next version. The
registration is the registry's own (by URI: nothing is copied); the model artifact
records the catalog entry as Hub's UI records it: ``modelSourceKind: "catalog"``,
``modelSourceClass``: the source id, ``modelSourceName``: the catalog model's name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...errors import InvalidInput, NotFound
from ..register import metadata_value

if TYPE_CHECKING:
    from .service import CatalogService

SOURCE_KIND = "catalog"
# The KServe format a catalog model's library is served with (the registry's format table):
# Hugging Face transformers and sentence-transformers models run on KServe's Hugging Face
# runtime (vLLM for generative models). Others: the user picks.
LIBRARY_FORMATS = {"transformers": "huggingface", "sentence-transformers": "huggingface"}
_FORM_KEYS = {
    "sourceId",
    "catalogModelName",
    "uri",
    "modelName",
    "description",
    "versionName",
    "versionDescription",
    "modelFormatName",
    "modelFormatVersion",
    "labels",
    "author",
}


class CatalogRegistrar:
    def __init__(self, catalog: CatalogService) -> None:
        self.catalog = catalog

    async def form(self, source_id: str, name: str) -> dict[str, Any]:
        """The prefilled registration form of a catalog model."""
        details = await self.catalog.model(source_id, name)
        model, artifacts = details["model"], details["artifacts"]
        uris = [a["uri"] for a in artifacts if a.get("uri")]
        description = re.sub(r"\s*\n\s*", " ", model.get("description") or "").strip()
        return {
            "sourceId": source_id,
            "catalogModelName": name,
            "modelName": name,
            "description": description,
            "versionName": await self.free_version_name(name),
            "uri": uris[0] if uris else "",
            "uris": uris,
            "modelFormatName": LIBRARY_FORMATS.get(model.get("libraryName") or "", ""),
            "modelFormatVersion": "",
            "labels": list(model.get("tasks") or []),
        }

    async def free_version_name(self, model_name: str) -> str:
        """``Version N``: the first N past the model's version count not yet used."""
        client = self.catalog.registry.client
        try:
            model = await client.request("GET", "registered_model", {"name": model_name})
        except (NotFound, InvalidInput):
            return "Version 1"
        versions = await client.list_all(f"registered_models/{model['id']}/versions")
        names = {v.get("name") for v in versions}
        number = len(versions) + 1
        while f"Version {number}" in names:
            number += 1
        return f"Version {number}"

    async def start(self, body: dict[str, Any]) -> dict[str, Any]:
        """Check the catalog model, then register it as the registry registers a URI."""
        unknown = sorted(set(body) - _FORM_KEYS)
        if unknown:
            raise InvalidInput(f"unknown field {unknown[0]!r}", field=unknown[0])
        source_id, name = body.get("sourceId"), body.get("catalogModelName")
        if not isinstance(source_id, str) or not source_id:
            raise InvalidInput("sourceId is required", field="sourceId")
        if not isinstance(name, str) or not name:
            raise InvalidInput("catalogModelName is required", field="catalogModelName")
        form = await self.form(source_id, name)  # 404 when the catalog has no such model
        request_body = {
            "uri": body.get("uri", form["uri"]),
            "modelName": body.get("modelName", form["modelName"]),
            "versionName": body.get("versionName") or form["versionName"],
            "description": body.get("description", form["description"]),
            "labels": body.get("labels", form["labels"]),
        }
        if not request_body["uri"]:
            raise InvalidInput(
                "uri is required: this catalog model lists no model artifact", field="uri"
            )
        for key in ("versionDescription", "modelFormatName", "modelFormatVersion", "author"):
            if body.get(key, form.get(key)):
                request_body[key] = body.get(key, form.get(key))
        registrar = self.catalog.registry.registrar
        request = await registrar.validate(request_body)
        request.artifact.update(
            modelSourceKind=SOURCE_KIND, modelSourceClass=source_id, modelSourceName=name
        )
        # Hub's UI puts the tasks on the new registered model too, as labels
        labels = {label: metadata_value(label, "") for label in request_body["labels"] or []}
        if labels:
            request.model_fields.setdefault("customProperties", labels)
        return registrar.launch(request)
