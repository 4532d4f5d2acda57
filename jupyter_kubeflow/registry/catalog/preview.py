"""``POST /sources/preview``: which models a source configuration would include.

As Hub's: a multipart form with ``config`` (a source entry: ``type``, ``includedModels``,
``excludedModels``, ``properties.yamlCatalogPath``) and optionally ``catalogData`` (a
catalog file). Without ``catalogData`` the models come from ``yamlCatalogPath``, which
here must be the catalog file of a configured source: the endpoint never reads any other
file of this server.
"""

from __future__ import annotations

import email.parser
import email.policy
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ...errors import InvalidInput, KubeflowError, Unprocessable
from .params import QueryParams, value_page
from .sources import EntryError, Source, catalog_model, source_from

if TYPE_CHECKING:
    from .loader import CatalogLoader


def _form(body: bytes | None, content_type: str) -> dict[str, bytes]:
    if not content_type.lower().startswith("multipart/form-data"):
        raise InvalidInput("send the source as multipart/form-data with a config file")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + (body or b""))
    fields: dict[str, bytes] = {}
    if message.is_multipart():
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                fields[name] = payload
    return fields


def _yaml(data: bytes, what: str) -> Any:
    try:
        return yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise Unprocessable(f"invalid {what}: not valid YAML ({e})") from None


def preview(
    loader: CatalogLoader, body: bytes | None, content_type: str, query: QueryParams
) -> dict[str, Any]:
    fields = _form(body, content_type)
    if "config" not in fields:
        raise InvalidInput(
            "required file field 'config' is missing from the request", field="config"
        )
    config = _yaml(fields["config"], "config")
    if not isinstance(config, dict):
        raise Unprocessable("invalid config: must be a mapping with type and properties")
    asset_type = config.pop("assetType", "models")
    if asset_type != "models":
        raise Unprocessable(
            f"invalid config: the embedded catalog previews models, not {asset_type}"
        )
    status = (query.one("filterStatus") or "all").lower()
    if status not in ("all", "included", "excluded"):
        raise InvalidInput(
            "invalid filterStatus: must be 'all', 'included', or 'excluded'", field="filterStatus"
        )
    try:
        source = source_from({"id": "preview", **config}, Path("."))
    except EntryError as e:
        raise Unprocessable(f"invalid config: {e.message}") from None
    names = _model_names(loader, source, fields.get("catalogData"))
    results = [{"name": name, "included": source.allows(name)} for name in names]
    included = sum(1 for r in results if r["included"])
    shown = [r for r in results if status == "all" or r["included"] == (status == "included")]
    page = value_page(shown, query, lambda r: ("", r["name"]))
    return {
        "assetType": "models",
        **page,
        "summary": {
            "totalModels": len(results),
            "includedModels": included,
            "excludedModels": len(results) - included,
        },
    }


def _model_names(loader: CatalogLoader, source: Source, data: bytes | None) -> list[str]:
    if data is not None:
        document = _yaml(data, "catalogData")
    else:
        given = source.properties.get("yamlCatalogPath")
        if not isinstance(given, str) or not given:
            raise Unprocessable("invalid config: give catalogData or properties.yamlCatalogPath")
        configured = {
            path: entry.source
            for entry in loader.current().sources
            if (path := entry.source.catalog_path()) is not None
        }
        matches = [p for p in configured if p.name == Path(given).name and str(p).endswith(given)]
        if not matches:
            raise Unprocessable(
                "failed to load models: yamlCatalogPath must name the catalog file of a "
                "configured source (or send catalogData)"
            )
        try:
            document = yaml.safe_load(matches[0].read_text())
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
            raise Unprocessable(f"failed to load models: {e}") from None
    models = document.get("models") if isinstance(document, dict) else None
    if not isinstance(models, list):
        raise Unprocessable("failed to load models: the catalog data needs a models: list")
    names = []
    for index, entry in enumerate(models):
        try:
            names.append(catalog_model(entry)["name"])
        except KubeflowError as e:
            raise Unprocessable(f"failed to load models: models[{index}]: {e.message}") from None
    return names
