"""The embedded model catalog reads Kubeflow Hub's own file formats (its sample files,
unchanged), reports a malformed file or entry by file and entry while every other source
still loads, and re-reads the files when they change.

Mirrors kubeflow/hub's catalog loader (``catalog/internal/catalog``): the sources file's
``model_catalogs`` (id, name, type, enabled, labels, properties.yamlCatalogPath relative to
the sources file, includedModels/excludedModels), later sources files overriding earlier
ones field by field, source statuses (available, partially-available, error, disabled),
licences shown in Hub's readable form. Where Hub refuses a whole file for one bad entry,
the entry alone is refused here (docs/registry.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from jupyter_kubeflow.registry.catalog.loader import CatalogLoader
from jupyter_kubeflow.registry.catalog.rest_api import CatalogAPI

from .catalog_files import SAMPLE_MODELS, SOURCE_IDS, copy_samples, model, write_yaml


def call(api: CatalogAPI, path: str, **query: str) -> tuple[int, Any]:
    return api.handle("GET", path, query)


def sources(api: CatalogAPI) -> dict[str, dict[str, Any]]:
    status, page = call(api, "/sources", pageSize="100")
    assert status == 200, page
    return {s["id"]: s for s in page["items"]}


def model_names(api: CatalogAPI, **query: str) -> list[str]:
    status, page = call(api, "/models", pageSize="1000", **query)
    assert status == 200, page
    return [m["name"] for m in page["items"]]


def test_hub_sample_files_load_unchanged(tmp_path: Path) -> None:
    api = CatalogAPI(CatalogLoader([copy_samples(tmp_path)]))
    found = sources(api)
    assert sorted(found) == SOURCE_IDS
    assert all(s["status"] == "available" and s["error"] is None for s in found.values())
    assert found["organization_ai_models"]["labels"] == ["Organization AI"]
    assert found["community_custom_models"]["labels"] == []  # no labels: an empty list
    assert len(model_names(api)) == SAMPLE_MODELS

    status, llm = call(api, "/sources/validated_ai_models/models/certified/production-llm-8b")
    assert status == 200, llm
    assert llm["sourceId"] == "validated_ai_models"
    assert llm["license"] == "Apache 2.0"  # Hub stores apache-2.0 in its readable form
    assert llm["licenseLink"] == "https://www.apache.org/licenses/LICENSE-2.0.txt"
    assert llm["tasks"] == ["text-generation", "question-answering", "summarization"]
    assert llm["validatedTasks"] == ["text-generation", "question-answering"]
    assert llm["readme"].startswith("# Production-LLM-8B (Validated)")
    assert llm["customProperties"]["model_type"] == {
        "string_value": "generative",
        "metadataType": "MetadataStringValue",
    }
    assert llm["artifactCounts"] == {
        "model-artifact": 1,
        "performance-metrics": 3,
        "accuracy-metrics": 6,
    }
    _, community = call(api, "/sources/community_custom_models/models/indie-ai/creative-writer-3b")
    assert community["license"] == "Creative Commons Attribution Share Alike 4.0 International"
    # a model is found by its source and its name, the name's slash given either way
    path = "models/openai-compatible%2Ffunction-caller-7b"
    assert call(api, f"/sources/validated_ai_models/{path}")[0] == 200
    status, missing = call(api, f"/sources/organization_ai_models/{path}")
    assert status == 404
    assert missing == {
        "code": "Not Found",
        "message": "No model found 'openai-compatible/function-caller-7b' in source "
        "'organization_ai_models'",
    }


def break_file(path: Path) -> None:
    text = path.read_text().splitlines()
    text.insert(3, "  - name: [unclosed")
    path.write_text("\n".join(text) + "\n")


def test_a_malformed_catalog_file_is_reported_and_the_others_load(tmp_path: Path) -> None:
    sources_file = copy_samples(tmp_path)
    broken = tmp_path / "dev-community-models.yaml"
    break_file(broken)
    loader = CatalogLoader([sources_file])
    api = CatalogAPI(loader)
    found = sources(api)
    assert found["community_custom_models"]["status"] == "error"
    error = found["community_custom_models"]["error"]
    assert str(broken) in error and "not valid YAML (line" in error
    assert found["organization_ai_models"]["status"] == "available"
    assert found["validated_ai_models"]["status"] == "available"
    assert len(model_names(api)) == 11  # 16 less the 5 community models
    problems = loader.current().problems
    assert [p.file for p in problems] == [str(broken)]


def test_bad_model_entries_are_named_skipped_and_the_rest_load(tmp_path: Path) -> None:
    sources_file = copy_samples(tmp_path)
    organization = tmp_path / "dev-organization-models.yaml"
    document = yaml.safe_load(organization.read_text())
    document["models"] += [
        model("bad/unknown-key", colour="blue"),
        model("bad/ftp", artifacts=[{"uri": "ftp://example.com/model"}]),
        {"provider": "no name"},
        model("bad/metrics", artifacts=[{"artifactType": "metrics-artifact"}]),
        model("bad/property", customProperties={"x": {"metadataType": "MetadataIntValue"}}),
        model("good/extra"),
    ]
    write_yaml(organization, document)
    api = CatalogAPI(CatalogLoader([sources_file]))
    source = sources(api)["organization_ai_models"]
    assert source["status"] == "partially-available"
    error = source["error"]
    assert f"{organization}: models[6] (bad/unknown-key): unknown key 'colour'" in error
    assert "models[7] (bad/ftp): artifacts[0].uri 'ftp://example.com/model' needs one of" in error
    assert "models[8]: name is required" in error
    assert "models[9] (bad/metrics): artifacts[0].metricsType must be one of" in error
    assert "models[10] (bad/property): customProperties.x: a MetadataIntValue has" in error
    names = model_names(api, source="organization_ai_models")
    assert "good/extra" in names and len(names) == 7
    assert not [n for n in names if n.startswith("bad/")]


def test_bad_source_entries_are_named_and_the_others_load(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    sources_file = write_yaml(
        tmp_path / "sources.yaml",
        {
            "model_catalogs": [
                {"name": "no id", "type": "yaml"},
                {"id": "flag", "type": "yaml", "enabled": "yes"},
                {"id": "hf", "name": "Hugging Face", "type": "hf", "properties": {}},
                {"id": "nopath", "type": "yaml"},
                {
                    "id": "org",
                    "name": "Org",
                    "type": "yaml",
                    "properties": {"yamlCatalogPath": "dev-organization-models.yaml"},
                },
                {"id": "org", "type": "yaml"},
            ],
            "extra": 1,
        },
    )
    loader = CatalogLoader([sources_file])
    api = CatalogAPI(loader)
    found = sources(api)
    assert sorted(found) == ["hf", "nopath", "org"]
    assert found["org"]["status"] == "available"
    assert found["hf"]["status"] == "error" and "type 'hf'" in found["hf"]["error"]
    assert found["nopath"]["status"] == "error"
    assert "yamlCatalogPath is required" in found["nopath"]["error"]
    assert len(model_names(api)) == 6
    texts = [p.text() for p in loader.current().problems]
    assert f"{sources_file}: extra: unknown key (allowed: " in texts[0]
    assert f"{sources_file}: model_catalogs[0]: a source needs an id (a string)" in texts
    assert f"{sources_file}: model_catalogs[5] (id org): duplicate id 'org'" in texts
    assert f"{sources_file}: model_catalogs[1] (id flag): enabled must be true or false" in texts


def test_an_unreadable_sources_file_is_reported_and_another_still_loads(tmp_path: Path) -> None:
    good = copy_samples(tmp_path / "good")
    bad = tmp_path / "bad.yaml"
    bad.write_text("model_catalogs:\n  - id: [\n")
    loader = CatalogLoader([bad, good])
    api = CatalogAPI(loader)
    assert sorted(sources(api)) == SOURCE_IDS
    (problem,) = loader.current().problems
    assert problem.file == str(bad) and "not valid YAML (line 3" in problem.message


def test_files_are_read_again_when_they_change(tmp_path: Path) -> None:
    sources_file = copy_samples(tmp_path)
    api = CatalogAPI(CatalogLoader([sources_file]))
    assert len(model_names(api)) == SAMPLE_MODELS
    before = call(api, "/sources/organization_ai_models/models/acme-ai/neural-7b-instruct")[1]

    community = tmp_path / "dev-community-models.yaml"
    document = yaml.safe_load(community.read_text())
    document["models"].append(model("fresh/model-1b"))
    write_yaml(community, document)
    assert "fresh/model-1b" in model_names(api)
    after = call(api, "/sources/organization_ai_models/models/acme-ai/neural-7b-instruct")[1]
    assert after["id"] == before["id"]  # an unchanged model keeps its id across reloads

    config = yaml.safe_load(sources_file.read_text())
    config["model_catalogs"][1]["enabled"] = False  # validated_ai_models
    write_yaml(sources_file, config)
    assert sources(api)["validated_ai_models"]["status"] == "disabled"
    assert len(model_names(api)) == SAMPLE_MODELS + 1 - 5

    community.unlink()
    found = sources(api)["community_custom_models"]
    assert found["status"] == "error" and "cannot be read" in found["error"]


def test_a_later_sources_file_overrides_an_earlier_one_by_id(tmp_path: Path) -> None:
    sources_file = copy_samples(tmp_path / "defaults")
    override = write_yaml(
        tmp_path / "mine.yaml",
        {
            "model_catalogs": [
                {"id": "validated_ai_models", "enabled": False},
                {"id": "organization_ai_models", "labels": ["Mine", "Trusted"]},
            ],
            "labels": [{"name": "Trusted", "displayName": "Trusted models"}],
        },
    )
    api = CatalogAPI(CatalogLoader([sources_file, override]))
    found = sources(api)
    assert found["validated_ai_models"]["status"] == "disabled"
    assert found["organization_ai_models"]["labels"] == ["Mine", "Trusted"]
    # the path stays relative to the file that gave it
    assert found["organization_ai_models"]["status"] == "available"
    assert model_names(api, sourceLabel="trusted") == model_names(
        api, source="organization_ai_models"
    )
    status, labels = call(api, "/labels")
    assert labels["items"] == [{"name": "Trusted", "displayName": "Trusted models"}]


def test_included_and_excluded_models_of_a_source(tmp_path: Path) -> None:
    sources_file = copy_samples(tmp_path)
    config = yaml.safe_load(sources_file.read_text())
    organization = config["model_catalogs"][0]
    organization["includedModels"] = ["ACME-AI/*"]  # case-insensitive, as Hub's patterns
    organization["excludedModels"] = ["*vision*"]
    write_yaml(sources_file, config)
    api = CatalogAPI(CatalogLoader([sources_file]))
    assert model_names(api, source="organization_ai_models") == ["acme-ai/neural-7b-instruct"]
    source = sources(api)["organization_ai_models"]
    assert source["includedModels"] == ["ACME-AI/*"]
    assert source["excludedModels"] == ["*vision*"]
