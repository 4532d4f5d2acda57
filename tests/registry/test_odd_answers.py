"""No stored value, however odd, breaks reading the others (issue 24, items 6 and 10).

A struct property nested 100,000 levels deep made every list and get of the registry tab
answer 500, for every user of a shared registry: Python's JSON parser (and every recursive
step after it) fails on ~1000 levels. Registry answers are now read in one place
(``jsonio.loads_answer``), bounded in size and depth; a struct too deep to decode keeps its
JSON text (nothing lost when written back), and an item without an id is left out of its
page instead of failing it. Both registries are covered: the embedded one (the struct
arrives as base64, as the official client sends it) and an external one (the recorder
stands in for the real server, which answers structs decoded).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.registry import jsonio

from .recorder import Recorded, RegistryRecorder
from .standalone import StandaloneRegistry
from .test_external_recorded import upstream_post

DEEP = 100_000
DEEP_TEXT = "[" * DEEP + "]" * DEEP
DEEP_STRUCT = {
    "metadataType": "MetadataStructValue",
    "struct_value": base64.b64encode(DEEP_TEXT.encode()).decode(),
}
LABEL = {"metadataType": "MetadataStringValue", "string_value": ""}


async def embedded_post(jp_fetch: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """A write through the embedded registry's REST API, as the official client makes it."""
    response = await jp_fetch(
        "kubeflow", "registry", "api", "model_registry", "v1", *path.split("/"),
        method="POST", body=json.dumps(body),
    )  # fmt: skip
    return json.loads(response.body)


async def check_reads(api: Any, odd_id: str, version_id: str) -> None:
    """Every read of the tab answers, the odd entity included, its struct kept whole."""
    code, page = await api("registry/models")
    assert code == 200, page
    assert {m["name"] for m in page["items"]} == {"plain", "odd"}
    for path in (f"registry/models/{odd_id}", f"registry/versions/{version_id}"):
        code, detail = await api(path)
        assert code == 200, (path, detail)
    code, detail = await api(f"registry/models/{odd_id}")
    struct = detail["model"]["customProperties"]["arch"]["struct_value"]
    assert base64.b64decode(struct).decode() == DEEP_TEXT  # the same JSON, not a note


async def test_embedded_registry_with_a_deep_struct(api: Any, jp_fetch: Any) -> None:
    await embedded_post(jp_fetch, "registered_models", {"name": "plain"})
    odd = await embedded_post(
        jp_fetch, "registered_models", {"name": "odd", "customProperties": {"arch": DEEP_STRUCT}}
    )
    version = await embedded_post(
        jp_fetch,
        f"registered_models/{odd['id']}/versions",
        {"name": "v1", "registeredModelId": odd["id"], "customProperties": {"arch": DEEP_STRUCT}},
    )
    await check_reads(api, odd["id"], version["id"])
    # Editing another property writes the struct back as it was.
    code, detail = await api(f"registry/models/{odd['id']}")
    props = {**detail["model"]["customProperties"], "demo": LABEL}
    code, out = await api(f"registry/models/{odd['id']}", "PATCH", {"customProperties": props})
    assert code == 200, out
    assert base64.b64decode(out["customProperties"]["arch"]["struct_value"]).decode() == DEEP_TEXT


def seed(upstream: StandaloneRegistry, struct: dict[str, Any] = DEEP_STRUCT) -> tuple[str, str]:
    upstream_post(upstream, "registered_models", {"name": "plain"})
    props = {"arch": struct}
    odd = upstream_post(upstream, "registered_models", {"name": "odd", "customProperties": props})
    version = upstream_post(
        upstream,
        f"registered_models/{odd['id']}/versions",
        {"name": "v1", "registeredModelId": odd["id"], "customProperties": props},
    )
    return odd["id"], version["id"]


def without_id(recorded: Recorded, payload: bytes) -> bytes:
    """Answers as an odd registry might: the model named "odd" has no id."""
    if recorded.method != "GET" or not recorded.path.startswith("registered_models"):
        return payload
    answer = json.loads(payload)
    for entity in answer.get("items", [answer]):
        if entity.get("name") == "odd":
            entity.pop("id")
    return json.dumps(answer).encode()


class TestExternal:
    """An external registry (the recorder in front of the embedded one, standing in for
    the real server's answers)."""

    @pytest.fixture
    def upstream(self, tmp_path: Path) -> Iterator[StandaloneRegistry]:
        server = StandaloneRegistry(tmp_path / "upstream").start()
        yield server
        server.stop()

    @pytest.fixture
    def recorder(self, upstream: StandaloneRegistry) -> Iterator[RegistryRecorder]:
        rec = RegistryRecorder(upstream.url)
        yield rec
        rec.stop()

    @pytest.fixture
    def kubeflow_config(self, tmp_path: Path, recorder: RegistryRecorder) -> dict[str, Any]:
        return {"data_dir": str(tmp_path / "kubeflow-data"), "registry_url": recorder.url}

    async def test_external_registry_answering_a_deep_struct_decoded(
        self, api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
    ) -> None:
        """The real server answers a struct decoded: 100,000 levels of JSON in the page."""
        recorder.start()
        odd_id, version_id = seed(upstream)
        await check_reads(api, odd_id, version_id)
        code, detail = await api(f"registry/models/{odd_id}")
        props = {**detail["model"]["customProperties"], "demo": LABEL}
        code, out = await api(f"registry/models/{odd_id}", "PATCH", {"customProperties": props})
        assert code == 200, out
        sent = recorder.sent("PATCH")[-1].body["customProperties"]["arch"]["struct_value"]
        assert base64.b64decode(sent).decode() == DEEP_TEXT  # base64, as the server takes it

    async def test_external_registry_answering_entities_without_id(
        self, api: Any, recorder: RegistryRecorder, upstream: StandaloneRegistry
    ) -> None:
        """Item 10: an answer without ``id`` was a 500 (KeyError); now the page keeps the other
        models, and reading that entity itself is a 502 that says what the registry answered."""
        recorder.start()
        odd_id, _ = seed(upstream, LABEL)
        recorder.rewrite = without_id
        code, page = await api("registry/models")
        assert code == 200, page
        assert [m["name"] for m in page["items"]] == ["plain"]
        code, out = await api(f"registry/models/{odd_id}")
        assert code == 502, out
        assert "without a valid id" in out["message"]

    @pytest.mark.parametrize(
        ("answer", "words"),
        [
            (b"<html>login</html>", "not JSON"),
            (b"[1, 2]", "not an object"),
            (b'{"items": 5}', "list"),
        ],
    )
    async def test_external_registry_answering_no_object(
        self, api: Any, recorder: RegistryRecorder, answer: bytes, words: str
    ) -> None:
        """Item 10: a 200 whose body is not what the API answers is a 502 naming the route."""
        recorder.start()
        recorder.rewrite = lambda recorded, payload: answer
        code, out = await api("registry/models")
        assert code == 502, out
        assert words in out["message"] and "GET registered_models" in out["message"]


@pytest.mark.parametrize("depth", [1, 63, 64, 65, 999, 1000, 5000])
def test_answers_are_read_to_any_depth(depth: int) -> None:
    """The bounded reader: at most MAX_ANSWER_DEPTH levels are decoded; deeper, a struct
    keeps its text and any other value becomes a note, never a RecursionError."""
    inner = "[" * depth + "]" * depth
    page = f'{{"items": [{{"id": "1", "customProperties": {{"s": {{"struct_value": {inner}}}}}, '
    page += f'"other": {inner}}}]}}'
    read = jsonio.loads_answer(page.encode())
    entity = read["items"][0]
    struct = entity["customProperties"]["s"]["struct_value"]
    if depth + 5 <= jsonio.MAX_ANSWER_DEPTH:
        assert struct == json.loads(inner) and entity["other"] == json.loads(inner)
    else:
        assert struct == inner  # its own text: the same JSON when written back
    if depth + 3 > jsonio.MAX_ANSWER_DEPTH:
        assert "unreadable" in json.dumps(entity["other"])
    assert jsonio.is_json(inner) and not jsonio.is_json(inner[:-1])


async def test_page_token_holding_a_lone_surrogate_is_400(api: Any, jp_fetch: Any) -> None:
    """Item 10: a token decoding to a name with a lone surrogate reached SQLite (500)."""
    token = base64.urlsafe_b64encode(b'["\\ud800", 1]').decode().rstrip("=")
    code, out = await api(f"registry/models?orderBy=NAME&pageToken={token}")
    assert code == 400 and "nextPageToken" in out["message"], out
    response = await jp_fetch(
        "kubeflow", "registry", "api", "model_registry", "v1", "registered_models",
        params={"orderBy": "NAME", "nextPageToken": token}, raise_error=False,
    )  # fmt: skip
    assert response.code == 400, response.body
