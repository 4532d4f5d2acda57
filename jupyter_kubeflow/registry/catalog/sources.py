"""Kubeflow Hub's catalog files, read strictly, every problem named by file and entry.

A **sources file** (what Hub's catalog service is started with)::

    model_catalogs:
      - id: organization_ai_models        # required, unique
        name: "Organization AI Models"
        type: yaml                        # the embedded catalog reads yaml sources
        enabled: true                     # default true
        labels: [Organization AI]
        properties:
          yamlCatalogPath: dev-organization-models.yaml   # relative to this file
        includedModels: ["acme-ai/*"]     # optional globs (* only, case-insensitive)
        excludedModels: ["*-draft"]
    labels:                               # optional: what /labels lists
      - name: Organization AI
        displayName: Organization

A **catalog file**: ``source:`` (a display name) and ``models:``, each model as Hub's
``CatalogModel`` (name, provider, description, readme, language, license, licenseLink,
libraryName, tasks, logo, maturity, times, customProperties, artifacts).

As Hub does, unknown keys are errors. Unlike Hub, which refuses a whole file for one bad
entry, a bad entry is reported (``file``, ``entry``, ``message``) and skipped, and the rest
of the file and every other source still load.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...errors import KubeflowError
from ..entities import INT64, MAX_NAME_CHARS, is_int_text, validate_custom_properties
from .licenses import license_name

# A catalog file may hold tens of thousands of models (with their READMEs); past this it is
# refused before it is parsed.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MODELS_PER_FILE = 200_000
MAX_TEXT_CHARS = 4 * 1024 * 1024  # a README, a description
MAX_LIST_ITEMS = 1000  # tasks, languages, artifacts of one model
ARTIFACT_URI_SCHEMES = ("oci", "http", "https", "s3", "gs", "az", "file")  # Hub's list
METRICS_TYPES = ("performance-metrics", "accuracy-metrics", "security-metrics")

_SOURCE_KEYS = {
    "id",
    "name",
    "type",
    "enabled",
    "labels",
    "properties",
    "includedModels",
    "excludedModels",
    "assetType",
}
_SOURCES_FILE_KEYS = {"model_catalogs", "catalogs", "mcp_catalogs", "labels", "namedQueries"}
_MODEL_TEXT = (
    "name",
    "description",
    "readme",
    "maturity",
    "provider",
    "logo",
    "license",
    "licenseLink",
    "libraryName",
    "externalId",
)
_MODEL_LISTS = ("language", "tasks", "validatedTasks")
_MODEL_KEYS = {
    *_MODEL_TEXT,
    *_MODEL_LISTS,
    "id",
    "sourceId",
    "createTimeSinceEpoch",
    "lastUpdateTimeSinceEpoch",
    "customProperties",
    "servingConfig",
    "artifacts",
}
_ARTIFACT_KEYS = {
    "artifactType",
    "metricsType",
    "uri",
    "name",
    "description",
    "externalId",
    "id",
    "createTimeSinceEpoch",
    "lastUpdateTimeSinceEpoch",
    "customProperties",
}
_TOOL_CALLING_KEYS = {"toolCallParser", "chatTemplate", "enableAutoToolChoice", "requiredArgs"}


@dataclass(frozen=True)
class Problem:
    """Something in a file that could not be used: which file, which entry, what."""

    file: str
    entry: str
    message: str

    def text(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "entry": self.entry, "message": self.message}


@dataclass
class Source:
    """One ``model_catalogs`` entry."""

    id: str
    name: str
    type: str
    enabled: bool
    labels: list[str]
    properties: dict[str, Any]
    included: list[str] | None
    excluded: list[str] | None
    origin: Path  # the sources file it came from: relative paths resolve against it

    def catalog_path(self) -> Path | None:
        given = self.properties.get("yamlCatalogPath")
        if not isinstance(given, str) or not given:
            return None
        path = Path(given)
        return path if path.is_absolute() else self.origin.parent / path

    def allows(self, model_name: str) -> bool:
        """Hub's includedModels / excludedModels (and the older properties.excludedModels)."""
        excluded = [*(self.excluded or []), *_legacy_excluded(self.properties)]
        if any(_glob(p).fullmatch(model_name) for p in excluded):
            return False
        if self.included:
            return any(_glob(p).fullmatch(model_name) for p in self.included)
        return True


@dataclass
class SourceEntry:
    """A ``model_catalogs`` entry as written, with where it is (for messages)."""

    file: Path
    where: str
    fields: dict[str, Any]


@dataclass
class SourcesFile:
    """What one sources file declares (entries checked only once files are merged)."""

    entries: list[SourceEntry] = field(default_factory=list)
    labels: list[dict[str, str]] = field(default_factory=list)
    named_queries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class CatalogFile:
    """A catalog file's models, each an API ``CatalogModel`` (without id and sourceId) with
    its artifacts under ``artifacts``."""

    display_name: str = ""
    models: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False  # nothing could be read: the source is in error


class EntryError(KubeflowError):
    """A value in an entry is not what the format allows (``field`` says which)."""


# -- reading YAML -----------------------------------------------------------------------------
def _load_yaml(path: Path) -> Any:
    """The parsed document; OSError or yaml.YAMLError (with its line) on failure."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise OSError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: 10x faster
    return yaml.load(data, Loader=loader)  # noqa: S506 - a safe loader


def _yaml_problem(path: Path, error: Exception) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"not valid YAML (line {mark.line + 1}, column {mark.column + 1}: {error.problem})"
    if isinstance(error, yaml.YAMLError):
        return f"not valid YAML ({error})"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    reason = getattr(error, "strerror", None) or str(error)
    return f"cannot be read ({reason})"


# -- the sources file -------------------------------------------------------------------------
def read_sources_file(path: Path) -> SourcesFile:
    out = SourcesFile()
    name = str(path)
    try:
        document = _load_yaml(path)
    except (OSError, yaml.YAMLError, ValueError) as e:
        out.problems.append(Problem(name, "", _yaml_problem(path, e)))
        return out
    if document is None:
        document = {}
    if not isinstance(document, dict):
        out.problems.append(Problem(name, "", "must be a mapping with model_catalogs:"))
        return out
    for key in document:
        if key not in _SOURCES_FILE_KEYS:
            allowed = ", ".join(sorted(_SOURCES_FILE_KEYS))
            out.problems.append(Problem(name, str(key), f"unknown key (allowed: {allowed})"))
    seen: set[str] = set()
    # ``catalogs`` is Hub's older name for model_catalogs; model_catalogs wins on a clash
    for key in ("model_catalogs", "catalogs"):
        entries = document.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            out.problems.append(Problem(name, key, "must be a list of sources"))
            continue
        for index, entry in enumerate(entries):
            where = f"{key}[{index}]"
            source_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(entry, dict) or not isinstance(source_id, str) or not source_id:
                out.problems.append(Problem(name, where, "a source needs an id (a string)"))
                continue
            where += f" (id {source_id})"
            if source_id in seen:
                if key == "model_catalogs":
                    out.problems.append(Problem(name, where, f"duplicate id {source_id!r}"))
                continue
            seen.add(source_id)
            out.entries.append(SourceEntry(path, where, dict(entry)))
    out.labels = _labels(document.get("labels"), name, out.problems)
    queries = document.get("namedQueries")
    if queries is not None:
        if isinstance(queries, dict) and all(isinstance(v, dict) for v in queries.values()):
            out.named_queries = {str(k): v for k, v in queries.items()}
        else:
            out.problems.append(Problem(name, "namedQueries", "must map names to filters"))
    return out


def merge_sources(files: list[SourcesFile]) -> tuple[list[Source], list[Problem]]:
    """The sources of several files, later files overriding earlier ones field by field (as
    Hub merges its sources files: a later file can disable a source by ``id`` and
    ``enabled: false`` alone); relative paths resolve against the file that gave
    ``properties``."""
    merged: dict[str, tuple[dict[str, Any], Path, SourceEntry]] = {}
    for sources_file in files:
        for entry in sources_file.entries:
            source_id = entry.fields["id"]
            if source_id in merged:
                fields, origin, _ = merged[source_id]
                fields = {**fields, **entry.fields}
                if "properties" in entry.fields:
                    origin = entry.file
                merged[source_id] = (fields, origin, entry)
            else:
                merged[source_id] = (entry.fields, entry.file, entry)
    sources, problems = [], []
    for fields, origin, last in merged.values():
        try:
            sources.append(source_from(fields, origin))
        except EntryError as e:
            problems.append(Problem(str(last.file), last.where, e.message))
    return sources, problems


def source_from(entry: dict[str, Any], origin: Path) -> Source:
    unknown = sorted(str(k) for k in entry if k not in _SOURCE_KEYS)
    if unknown:
        raise EntryError(f"unknown key {unknown[0]!r}", field=unknown[0])
    source_id = entry["id"]
    if not source_id.strip():
        raise EntryError("id must not be blank", field="id")
    if len(source_id) > MAX_NAME_CHARS:
        raise EntryError(f"id is longer than {MAX_NAME_CHARS} characters", field="id")
    name = entry.get("name", source_id)
    if not isinstance(name, str):
        raise EntryError("name must be a string", field="name")
    kind = entry.get("type", "")
    if not isinstance(kind, str):
        raise EntryError("type must be a string", field="type")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise EntryError("enabled must be true or false", field="enabled")
    properties = entry.get("properties") or {}
    if not isinstance(properties, dict):
        raise EntryError("properties must be a mapping", field="properties")
    asset_type = entry.get("assetType", "models")
    if asset_type != "models":
        raise EntryError("assetType must be models in model_catalogs", field="assetType")
    return Source(
        id=source_id,
        name=name,
        type=kind,
        enabled=enabled,
        labels=_strings(entry.get("labels"), "labels") or [],
        properties=properties,
        included=_patterns(entry.get("includedModels"), "includedModels"),
        excluded=_patterns(entry.get("excludedModels"), "excludedModels"),
        origin=origin,
    )


def _labels(value: Any, name: str, problems: list[Problem]) -> list[dict[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(name, "labels", "must be a list of mappings with a name"))
        return []
    labels = []
    for index, label in enumerate(value):
        if (
            not isinstance(label, dict)
            or not isinstance(label.get("name"), str)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in label.items())
        ):
            problems.append(
                Problem(name, f"labels[{index}]", "must map name (and other keys) to strings")
            )
            continue
        labels.append(dict(label))
    return labels


def _strings(value: Any, where: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EntryError(f"{where} must be a list of strings", field=where)
    if len(value) > MAX_LIST_ITEMS:
        raise EntryError(f"{where} has more than {MAX_LIST_ITEMS} items", field=where)
    return list(value)


def _patterns(value: Any, where: str) -> list[str] | None:
    patterns = _strings(value, where)
    for pattern in patterns or []:
        if not pattern.strip():
            raise EntryError(f"{where} must not hold an empty pattern", field=where)
    return patterns


def _legacy_excluded(properties: dict[str, Any]) -> list[str]:
    value = properties.get("excludedModels")
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _glob(pattern: str) -> re.Pattern[str]:
    """Hub's model name pattern: ``*`` is the only wildcard, case-insensitive, anchored."""
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.IGNORECASE)


# -- a catalog file ---------------------------------------------------------------------------
def read_catalog_file(path: Path) -> CatalogFile:
    out = CatalogFile()
    name = str(path)
    try:
        document = _load_yaml(path)
    except (OSError, yaml.YAMLError, ValueError) as e:
        out.problems.append(Problem(name, "", _yaml_problem(path, e)))
        out.failed = True
        return out
    if not isinstance(document, dict):
        out.problems.append(Problem(name, "", "must be a mapping with source: and models:"))
        out.failed = True
        return out
    for key in document:
        if key not in ("source", "models"):
            out.problems.append(Problem(name, str(key), "unknown key (allowed: source, models)"))
    display = document.get("source", "")
    out.display_name = display if isinstance(display, str) else ""
    models = document.get("models") or []
    if not isinstance(models, list):
        out.problems.append(Problem(name, "models", "must be a list of models"))
        out.failed = True
        return out
    if len(models) > MAX_MODELS_PER_FILE:
        out.problems.append(
            Problem(name, "models", f"more than {MAX_MODELS_PER_FILE:,} models; none read")
        )
        out.failed = True
        return out
    seen: set[str] = set()
    for index, entry in enumerate(models):
        where = f"models[{index}]"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            where += f" ({entry['name']})"
        try:
            model = catalog_model(entry)
        except KubeflowError as e:
            out.problems.append(Problem(name, where, e.message))
            continue
        if model["name"] in seen:
            out.problems.append(Problem(name, where, "a model of this name is listed before"))
            continue
        seen.add(model["name"])
        out.models.append(model)
    return out


def catalog_model(entry: Any) -> dict[str, Any]:
    """One ``models:`` entry checked and in API form (license as Hub shows it)."""
    if not isinstance(entry, dict):
        raise EntryError("must be a mapping with at least a name")
    unknown = sorted(str(k) for k in entry if k not in _MODEL_KEYS)
    if unknown:
        raise EntryError(f"unknown key {unknown[0]!r}", field=unknown[0])
    model: dict[str, Any] = {}
    for key in _MODEL_TEXT:
        if entry.get(key) is not None:
            model[key] = _text(entry[key], key)
    if not model.get("name", "").strip():
        raise EntryError("name is required (a non-empty string)", field="name")
    if len(model["name"]) > MAX_NAME_CHARS:
        raise EntryError(f"name is longer than {MAX_NAME_CHARS} characters", field="name")
    if "license" in model:
        model["license"] = license_name(model["license"])
    for key in _MODEL_LISTS:
        values = _strings(entry.get(key), key)
        if values is not None or key != "validatedTasks":
            model[key] = values or []  # Hub answers [] for no language or tasks
    for key in ("createTimeSinceEpoch", "lastUpdateTimeSinceEpoch"):
        if entry.get(key) is not None:
            model[key] = _epoch(entry[key], key)
    if entry.get("customProperties") is not None:
        model["customProperties"] = _properties(entry["customProperties"], "customProperties")
    if entry.get("servingConfig") is not None:
        model["servingConfig"] = _serving_config(entry["servingConfig"])
    artifacts = entry.get("artifacts") or []
    if not isinstance(artifacts, list):
        raise EntryError("artifacts must be a list", field="artifacts")
    if len(artifacts) > MAX_LIST_ITEMS:
        raise EntryError(f"more than {MAX_LIST_ITEMS} artifacts", field="artifacts")
    model["artifacts"] = [_artifact(a, i) for i, a in enumerate(artifacts)]
    return model


def _artifact(entry: Any, index: int) -> dict[str, Any]:
    where = f"artifacts[{index}]"
    if not isinstance(entry, dict):
        raise EntryError(f"{where} must be a mapping", field=where)
    unknown = sorted(str(k) for k in entry if k not in _ARTIFACT_KEYS)
    if unknown:
        raise EntryError(f"{where}: unknown key {unknown[0]!r}", field=f"{where}.{unknown[0]}")
    kind = entry.get("artifactType") or "model-artifact"  # Hub's default, for older files
    artifact: dict[str, Any] = {"artifactType": kind}
    if kind == "model-artifact":
        uri = entry.get("uri")
        if not isinstance(uri, str) or not uri:
            raise EntryError(f"{where}.uri is required", field=f"{where}.uri")
        scheme = uri.split(":", 1)[0].lower() if ":" in uri else ""
        if scheme not in ARTIFACT_URI_SCHEMES:
            raise EntryError(
                f"{where}.uri {uri[:80]!r} needs one of the schemes "
                f"{', '.join(ARTIFACT_URI_SCHEMES)}",
                field=f"{where}.uri",
            )
        artifact["uri"] = _text(uri, f"{where}.uri")
    elif kind == "metrics-artifact":
        metrics = entry.get("metricsType")
        if metrics not in METRICS_TYPES:
            raise EntryError(
                f"{where}.metricsType must be one of {', '.join(METRICS_TYPES)}",
                field=f"{where}.metricsType",
            )
        artifact["metricsType"] = metrics
    else:
        raise EntryError(
            f"{where}.artifactType must be model-artifact or metrics-artifact",
            field=f"{where}.artifactType",
        )
    for key in ("name", "description", "externalId"):
        if entry.get(key) is not None:
            artifact[key] = _text(entry[key], f"{where}.{key}")
    for key in ("createTimeSinceEpoch", "lastUpdateTimeSinceEpoch"):
        if entry.get(key) is not None:
            artifact[key] = _epoch(entry[key], f"{where}.{key}")
    if entry.get("customProperties") is not None:
        artifact["customProperties"] = _properties(
            entry["customProperties"], f"{where}.customProperties"
        )
    return artifact


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise EntryError(f"{where} must be a string", field=where)
    if len(value) > MAX_TEXT_CHARS:
        raise EntryError(f"{where} is longer than {MAX_TEXT_CHARS:,} characters", field=where)
    return value


def _epoch(value: Any, where: str) -> str:
    # Hub's files quote them ("1737331200000"); an unquoted YAML integer is read as one too
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not is_int_text(text, INT64):
        raise EntryError(f"{where} must be milliseconds since the epoch", field=where)
    return text


def _properties(value: Any, where: str) -> dict[str, Any]:
    try:
        props = validate_custom_properties(value)
    except KubeflowError as e:
        raise EntryError(e.message.replace("customProperties", where, 1), field=where) from None
    for key, prop in props.items():
        number = prop.get("double_value")
        if isinstance(number, float) and not math.isfinite(number):
            raise EntryError(f"{where}.{key}.double_value must be finite", field=where)
    return props


def _serving_config(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"toolCalling"}:
        raise EntryError("servingConfig may hold only toolCalling", field="servingConfig")
    tool = value.get("toolCalling")
    if tool is None:
        return {}
    where = "servingConfig.toolCalling"
    if not isinstance(tool, dict) or set(tool) - _TOOL_CALLING_KEYS:
        raise EntryError(
            f"{where} may hold only {', '.join(sorted(_TOOL_CALLING_KEYS))}", field=where
        )
    out: dict[str, Any] = {}
    for key in ("toolCallParser", "chatTemplate"):
        if tool.get(key) is not None:
            out[key] = _text(tool[key], f"{where}.{key}")
    if tool.get("enableAutoToolChoice") is not None:
        if not isinstance(tool["enableAutoToolChoice"], bool):
            raise EntryError(f"{where}.enableAutoToolChoice must be true or false", field=where)
        out["enableAutoToolChoice"] = tool["enableAutoToolChoice"]
    if tool.get("requiredArgs") is not None:
        out["requiredArgs"] = _strings(tool["requiredArgs"], f"{where}.requiredArgs")
    return {"toolCalling": out}
