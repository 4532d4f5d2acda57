"""The embedded catalog's REST API answers as Kubeflow Hub's catalog service does, on Hub's
sample catalog: search (``q``), ``source`` and ``sourceLabel``, ``filterQuery`` (with Hub's
list and artifact semantics), sorts, keyset paging, a model's artifacts and performance
figures, ``filter_options``, and its errors (``{"code", "message"}``).

Upstream behaviour mirrored, from kubeflow/hub: ``catalog/internal/server/openapi``
(defaults: pageSize 10, models by NAME; source and sourceLabel not together; sourceLabel
``null``), ``catalog/internal/db/service/catalog_model.go`` (q: name, description,
provider, tasks, case-insensitive), ``internal/platform/db/filter/query_builder.go``
(lists: ``=``/``IN``/``!=`` on elements; AND-ed ``artifacts.`` conditions on one artifact),
``catalog/internal/catalog/modelcatalog/performance_artifact_service.go`` (targetRPS,
recommendations) and the ``property_options`` views (filter options)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry.catalog.loader import CatalogLoader
from jupyter_kubeflow.registry.catalog.rest_api import CatalogAPI

from .catalog_files import SAMPLE_MODELS, copy_samples

LLM = "/sources/validated_ai_models/models/certified%2Fproduction-llm-8b"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> CatalogAPI:
    return CatalogAPI(CatalogLoader([copy_samples(tmp_path_factory.mktemp("catalog"))]))


def get(api: CatalogAPI, path: str, **query: Any) -> dict[str, Any]:
    status, body = api.handle("GET", path, query)
    assert status == 200, body
    return body


def refused(api: CatalogAPI, path: str, **query: Any) -> tuple[int, str]:
    status, body = api.handle("GET", path, query)
    assert status >= 400 and set(body) == {"code", "message"}, body
    return status, body["message"]


def names(api: CatalogAPI, **query: Any) -> list[str]:
    return [m["name"] for m in get(api, "/models", pageSize="100", **query)["items"]]


def test_defaults_are_hubs(api: CatalogAPI) -> None:
    page = get(api, "/models")
    assert page["pageSize"] == 10 and page["size"] == 10 and page["nextPageToken"]
    everything = names(api)
    assert everything == sorted(everything)  # by NAME, ascending
    assert len(everything) == SAMPLE_MODELS


def test_q_searches_name_description_provider_and_tasks(api: CatalogAPI) -> None:
    assert names(api, q="EMBEDDER") == ["neural-systems/universal-embedder-v2"]  # name
    assert names(api, q="edge deployment") == ["open-models/falcon-mini-2b"]  # description
    assert names(api, q="validation authority") == [  # provider
        "certified/analytics-forecaster-5b",
        "certified/compliance-assistant-3b",
        "certified/production-llm-8b",
        "certified/secure-embeddings-v2",
    ]
    assert "alpha-labs/translation-mini-1b" in names(api, q="translation")  # tasks too
    assert names(api, q="no such words anywhere") == []
    # literal text: % and _ are not wildcards
    assert names(api, q="%") == [] and names(api, q="_") == []


def test_source_and_source_label(api: CatalogAPI) -> None:
    validated = names(api, source="validated_ai_models")
    assert len(validated) == 5 and all(n.startswith(("certified/", "openai-")) for n in validated)
    both = names(api, source="validated_ai_models,community_custom_models")
    assert len(both) == 10
    assert names(api, source=["validated_ai_models", "community_custom_models"]) == both
    assert names(api, sourceLabel="validated ai") == validated  # labels match any case
    # "null": the sources without a label (Hub's community source has none)
    assert names(api, sourceLabel="null") == names(api, source="community_custom_models")
    assert names(api, sourceLabel="nobody") == []
    status, message = refused(api, "/models", source="a", sourceLabel="b")
    assert status == 400 and message == "source and sourceLabel cannot be used together"


def test_filter_query_on_lists_holds_one_of_or_not(api: CatalogAPI) -> None:
    generation = names(api, filterQuery="tasks='text-generation'")
    assert len(generation) == 9
    assert names(api, filterQuery="tasks IN ('translation','text-embedding')") == [
        "alpha-labs/translation-mini-1b",
        "neural-systems/universal-embedder-v2",
    ]
    others = names(api, filterQuery="tasks != 'text-generation'")
    assert sorted(others + generation) == names(api)
    assert names(api, filterQuery="language='ja'") == names(api, filterQuery="language IN ('ja')")
    # other operators read the list's JSON text (Hub's older UI filtered with LIKE)
    assert names(api, filterQuery="tasks LIKE '%\"translation\"%'") == [
        "alpha-labs/translation-mini-1b"
    ]


def test_filter_query_on_model_properties(api: CatalogAPI) -> None:
    apache = names(api, filterQuery="license='Apache 2.0'")
    assert len(apache) == 10
    assert names(api, filterQuery="license.string_value='Apache 2.0'") == apache
    assert names(api, filterQuery="provider='Acme AI Labs' AND maturity='Production'") == []
    assert names(api, filterQuery="provider ILIKE 'acme%'") == [
        "acme-ai/multimodal-vision-7b",
        "acme-ai/neural-7b-instruct",
    ]
    assert names(api, filterQuery="model_type='embedding'") == [  # a custom property
        "neural-systems/universal-embedder-v2"
    ]
    assert names(api, filterQuery="model_type.string_value IN ('agent')") == [
        "openai-compatible/function-caller-7b"
    ]
    assert names(api, filterQuery="libraryName='transformers'") == []  # Hub's name: library_name
    assert len(names(api, filterQuery="library_name='transformers'")) == 13


def test_artifact_conditions_joined_by_and_hold_for_one_artifact(api: CatalogAPI) -> None:
    # production-llm-8b runs on H100 (ttft_p90 102.5 and 285.3) and H200 (ttft_p90 94.2):
    # no configuration is on H100 and under 100 ms, though each condition alone holds
    llm = "certified/production-llm-8b"
    assert llm in names(api, filterQuery="artifacts.hardware_type='H100'")
    assert llm in names(api, filterQuery="artifacts.ttft_p90 < 100")
    assert llm not in names(
        api, filterQuery="artifacts.hardware_type='H100' AND artifacts.ttft_p90 < 100"
    )
    assert llm in names(
        api, filterQuery="artifacts.hardware_type='H200' AND artifacts.ttft_p90.double_value < 100"
    )
    # joined by OR, each may hold on a different artifact
    assert llm in names(
        api, filterQuery="(artifacts.hardware_type='H100' OR artifacts.ttft_p90 < 100)"
    )


def test_bad_filter_queries_are_400_naming_the_position(api: CatalogAPI) -> None:
    for query in ("name = ", "tasks IN ()", "(name = 'a'", "name ~ 'a'"):
        status, message = refused(api, "/models", filterQuery=query)
        assert status == 400 and message.startswith("invalid filterQuery"), query


def walk(api: CatalogAPI, path: str, size: int, **query: Any) -> list[dict[str, Any]]:
    seen, token = [], ""
    while True:
        page = get(api, path, pageSize=str(size), nextPageToken=token, **query)
        seen.extend(page["items"])
        assert page["size"] == len(page["items"]) <= size
        token = page["nextPageToken"]
        if not token:
            return seen


@pytest.mark.parametrize(
    "order",
    [
        {"orderBy": "NAME"},
        {"orderBy": "NAME", "sortOrder": "DESC"},
        {"orderBy": "CREATE_TIME", "sortOrder": "DESC"},
        {"orderBy": "LAST_UPDATE_TIME"},
        {"orderBy": "ID"},
        {"orderBy": "provider.string_value"},
        {"orderBy": "artifacts.ttft_p90.double_value"},
        {"orderBy": "ACCURACY", "sortOrder": "DESC"},
    ],
)
def test_every_order_pages_through_each_model_once(api: CatalogAPI, order: dict[str, str]) -> None:
    whole = get(api, "/models", pageSize="100", **order)["items"]
    paged = walk(api, "/models", 3, **order)
    assert [m["id"] for m in paged] == [m["id"] for m in whole]
    assert len({m["id"] for m in paged}) == SAMPLE_MODELS


def test_sorts_by_values_with_the_missing_last(api: CatalogAPI) -> None:
    models = get(api, "/models", pageSize="100", orderBy="artifacts.ttft_p90.double_value")
    names_in_order = [m["name"] for m in models["items"]]
    # the four validated models with performance data first, fastest configuration first
    assert names_in_order[:4] == [
        "certified/secure-embeddings-v2",
        "certified/compliance-assistant-3b",
        "certified/production-llm-8b",
        "certified/analytics-forecaster-5b",
    ]
    newest = get(api, "/models", pageSize="1", orderBy="CREATE_TIME", sortOrder="DESC")
    times = [int(m["createTimeSinceEpoch"]) for m in get(api, "/models", pageSize="100")["items"]]
    assert int(newest["items"][0]["createTimeSinceEpoch"]) == max(times)


def test_paging_tokens_and_sizes_are_checked(api: CatalogAPI) -> None:
    first = get(api, "/models", pageSize="2")
    status, message = refused(
        api, "/models", pageSize="2", orderBy="ID", **{"nextPageToken": first["nextPageToken"]}
    )
    assert status == 400 and "same orderBy and sortOrder" in message
    assert refused(api, "/models", nextPageToken="not a token")[0] == 400
    assert refused(api, "/models", pageSize="0")[0] == 400
    assert refused(api, "/models", pageSize="ten")[0] == 400
    assert refused(api, "/models", sortOrder="SIDEWAYS")[0] == 400
    assert refused(api, "/models", orderBy="BEST")[0] == 400


def test_a_models_artifacts(api: CatalogAPI) -> None:
    every = walk(api, f"{LLM}/artifacts", 4)
    assert len(every) == 10
    (model_artifact,) = get(api, f"{LLM}/artifacts", artifactType="model-artifact")["items"]
    assert (
        model_artifact["uri"]
        == "oci://registry.example.com/certified/production-llm-8b:validated-v1.0"
    )
    metrics = get(api, f"{LLM}/artifacts", artifactType="metrics-artifact", pageSize="100")
    assert {a["metricsType"] for a in metrics["items"]} == {
        "performance-metrics",
        "accuracy-metrics",
    }
    fast = get(api, f"{LLM}/artifacts", filterQuery="ttft_mean < 80", pageSize="100")
    assert [a["customProperties"]["hardware_type"]["string_value"] for a in fast["items"]] == [
        "H200"
    ]
    by_score = get(api, f"{LLM}/artifacts", orderBy="score.double_value", sortOrder="DESC")
    scores = [a["customProperties"]["score"]["double_value"] for a in by_score["items"][:6]]
    assert scores == sorted(scores, reverse=True)
    assert refused(api, f"{LLM}/artifacts", orderBy="score.invalid_type")[0] == 400
    assert refused(api, f"{LLM}/artifacts", artifactType="doc-artifact")[0] == 400
    # Hub answers 400, not 404, for the artifacts of a model it does not have
    status, message = refused(api, "/sources/validated_ai_models/models/nope/artifacts")
    assert status == 400 and message == "invalid model name 'nope' for source 'validated_ai_models'"


def test_performance_artifacts_with_target_rps_and_recommendations(api: CatalogAPI) -> None:
    plain = get(api, f"{LLM}/artifacts/performance", pageSize="100")["items"]
    assert len(plain) == 3 and all(a["metricsType"] == "performance-metrics" for a in plain)
    sized = get(api, f"{LLM}/artifacts/performance", targetRPS="100", pageSize="100")["items"]
    for artifact in sized:
        props = artifact["customProperties"]
        rps = props["requests_per_second"]["double_value"]
        replicas = int(props["replicas"]["int_value"])
        assert replicas == -(-100 // rps)  # ceil(target / rps)
        assert props["total_requests_per_second"]["double_value"] == replicas * rps
    recommended = get(api, f"{LLM}/artifacts/performance", recommendations="true")["items"]
    assert 1 <= len(recommended) <= len(plain)
    assert {a["id"] for a in recommended} <= {a["id"] for a in plain}
    status, message = refused(api, f"{LLM}/artifacts/performance", latencyProperty="nope")
    assert status == 400 and "properties not found in any performance artifacts: nope" in message
    first = get(api, "/models", orderBy="RECOMMENDED", pageSize="4")["items"]
    assert [m["name"] for m in first[:1]] == ["certified/secure-embeddings-v2"]


def test_filter_options_follow_hubs_rules(api: CatalogAPI) -> None:
    options = get(api, "/models/filter_options")["filters"]
    assert options["license"] == {
        "type": "string",
        "values": [
            "Apache 2.0",
            "Creative Commons Attribution Share Alike 4.0 International",
            "MIT",
        ],
    }
    assert "text-generation" in options["tasks"]["values"]
    assert "en" in options["language"]["values"]
    assert options["model_type.string_value"]["values"] == [
        "agent",
        "embedding",
        "generative",
        "predictive",
    ]
    assert options["artifacts.ttft_p90.double_value"]["type"] == "number"
    span = options["artifacts.ttft_p90.double_value"]["range"]
    assert span["min"] < span["max"]
    # long texts (descriptions, READMEs) and Hub's skipped fields are no options
    for key in ("description", "readme", "logo", "license_link", "source_id"):
        assert key not in options


def test_sources_and_labels_page_as_hubs(api: CatalogAPI) -> None:
    sources = walk(api, "/sources", 2)
    assert [s["id"] for s in sources] == sorted(s["id"] for s in sources)
    by_name = get(api, "/sources", orderBy="NAME", sortOrder="DESC")["items"]
    assert [s["name"] for s in by_name] == sorted((s["name"] for s in sources), reverse=True)
    assert [s["id"] for s in get(api, "/sources", name="VALIDATED")["items"]] == [
        "validated_ai_models"
    ]
    assert get(api, "/sources", assetType="mcp_servers")["items"] == []
    assert refused(api, "/sources", orderBy="LAST_UPDATE_TIME")[0] == 400
    assert get(api, "/labels") == {"items": [], "size": 0, "pageSize": 10, "nextPageToken": ""}


def test_unknown_routes_and_methods(api: CatalogAPI) -> None:
    assert refused(api, "/nothing")[0] == 404
    status, body = api.handle("DELETE", "/models", {})
    assert status == 405 and body["code"] == "Method Not Allowed"
    status, body = api.handle("POST", "/sources/preview", {}, b"{}", "application/json")
    assert status == 400 and "multipart/form-data" in body["message"]


def test_preview_of_a_source_configuration(api: CatalogAPI) -> None:
    boundary = "xyz"
    config = "type: yaml\nincludedModels: ['acme-ai/*']\nexcludedModels: ['*-draft']\n"
    data = "models:\n  - name: acme-ai/one\n  - name: acme-ai/one-draft\n  - name: other/two\n"
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.yaml"'
            f"\r\nContent-Type: application/yaml\r\n\r\n{text}\r\n"
            for name, text in (("config", config), ("catalogData", data))
        )
        + f"--{boundary}--\r\n"
    )
    status, page = api.handle(
        "POST",
        "/sources/preview",
        {"filterStatus": "included"},
        body.encode(),
        f"multipart/form-data; boundary={boundary}",
    )
    assert status == 200, page
    assert page["items"] == [{"name": "acme-ai/one", "included": True}]
    assert page["summary"] == {"totalModels": 3, "includedModels": 1, "excludedModels": 2}
    # path mode reads only a configured source's catalog file
    config = "type: yaml\nproperties:\n  yamlCatalogPath: /etc/passwd\n"
    form = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="config"; filename="c.yaml"'
        f"\r\n\r\n{config}\r\n--{boundary}--\r\n"
    )
    status, body = api.handle(
        "POST", "/sources/preview", {}, form.encode(), f"multipart/form-data; boundary={boundary}"
    )
    assert status == 422 and "configured source" in body["message"]


def test_the_index_holds_ten_thousand_models_quickly(tmp_path: Path) -> None:
    """Not a timing test (see benchmarks/registry/bench_catalog.py): a large catalog loads,
    and a page deep into it is the page the whole list has there."""
    from .catalog_files import model, write_yaml

    models = [model(f"org-{i % 50}/model-{i:05d}", tasks=[f"task-{i % 7}"]) for i in range(2000)]
    catalog = write_yaml(tmp_path / "big.yaml", {"source": "Big", "models": models})
    sources = write_yaml(
        tmp_path / "sources.yaml",
        {
            "model_catalogs": [
                {
                    "id": "big",
                    "name": "Big",
                    "type": "yaml",
                    "properties": {"yamlCatalogPath": str(catalog)},
                }
            ]
        },
    )
    big = CatalogAPI(CatalogLoader([sources]))
    whole = names(big, filterQuery="tasks='task-3'")
    assert len(whole) == 100  # the first 100 of the 286 with task-3
    paged = [m["name"] for m in walk(big, "/models", 100, filterQuery="tasks='task-3'")]
    assert len(paged) == len(set(paged)) == 286 and paged[:100] == whole
