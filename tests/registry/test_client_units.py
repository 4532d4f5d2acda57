"""``registry/client.py`` piece by piece, written to kill the mutants ``make mutation`` found
surviving (docs/testing.md).

The registry is the real embedded one: its store behind ``LocalTransport``, or its HTTP
app (``registry.server.make_app``, what ``registry serve`` runs) in this process behind
``HttpTransport``, token-protected as a real deployment would be. Only answers no real
registry gives on request (a 5xx, a body that is not JSON, a v1alpha3-only server) come
from ``OddRegistry``, a FAKE named here for those faults.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tornado.web
from tornado.httpserver import HTTPServer

from jupyter_kubeflow.errors import (
    BadAnswer,
    Conflict,
    Forbidden,
    InvalidInput,
    KubeflowError,
    NotFound,
    Unavailable,
    Unprocessable,
)
from jupyter_kubeflow.registry.client import (
    PAGE_SIZE,
    HttpTransport,
    LocalTransport,
    RegistryClient,
    structs_as_read,
    structs_for_write,
    token_reader,
)
from jupyter_kubeflow.registry.rest_api import RegistryAPI
from jupyter_kubeflow.registry.server import Guard, make_app
from jupyter_kubeflow.registry.store import RegistryStore

from .standalone import free_port

TOKEN = "registry-t0ken"


@pytest.fixture
def store(tmp_path: Path) -> RegistryStore:
    return RegistryStore(tmp_path / "registry.db")


@pytest.fixture
def local(store: RegistryStore) -> RegistryClient:
    return RegistryClient(LocalTransport(RegistryAPI(store)))


def listen(app: tornado.web.Application, servers: list[HTTPServer]) -> str:
    """Serves ``app`` on the running event loop (the test's), on a loopback port."""
    port = free_port()
    server = HTTPServer(app)
    server.listen(port, "127.0.0.1")
    servers.append(server)
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def servers() -> Iterator[list[HTTPServer]]:
    started: list[HTTPServer] = []
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def served(store: RegistryStore, servers: list[HTTPServer]):  # noqa: ANN201
    """Starts the embedded registry's HTTP app, requiring TOKEN; returns its URL."""

    async def start() -> str:
        return listen(make_app(store, Guard.build("127.0.0.1", token=TOKEN)), servers)

    return start


class _Odd(tornado.web.RequestHandler):
    def initialize(self, answers: dict[str, tuple[int, bytes]], seen: list[Any]) -> None:
        self.answers, self.seen = answers, seen

    def _answer(self) -> None:
        self.seen.append(self.request)
        prefix = self.request.path.split("/registered_models")[0]
        status, body = self.answers.get(prefix, (404, b'{"message": "no such route"}'))
        self.set_status(status)
        self.finish(body)

    get = post = patch = _answer  # type: ignore[assignment]


@pytest.fixture
def odd(servers: list[HTTPServer]):  # noqa: ANN201
    """Starts OddRegistry, a FAKE answering each API prefix with the (status, body) a test
    sets; returns (url, answers, requests seen)."""

    async def start() -> tuple[str, dict[str, tuple[int, bytes]], list[Any]]:
        answers: dict[str, tuple[int, bytes]] = {}
        seen: list[Any] = []
        app = tornado.web.Application([(r"/.*", _Odd, {"answers": answers, "seen": seen})])
        return listen(app, servers), answers, seen

    return start


# ---- tokens ---------------------------------------------------------------------------
def test_the_token_file_is_read_per_call_and_wins(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REG_T", "from-env")
    token = tmp_path / "token"
    token.write_text(" one\n")
    read = token_reader("REG_T", str(token))
    assert read() == "one"
    token.write_text("two")  # rotated
    assert read() == "two"
    token.write_text("\n")
    assert read() is None
    token.unlink()
    assert read() is None
    assert token_reader("REG_T", "")() == "from-env"
    monkeypatch.setenv("REG_T", "")
    assert token_reader("REG_T", "")() is None
    assert token_reader("", "")() is None


# ---- over HTTP: the real registry app ------------------------------------------------
async def test_http_sends_the_token_query_and_body(served) -> None:
    served = await served()
    client = RegistryClient(HttpTransport(served + "/", lambda: TOKEN))
    made = await client.request("POST", "/registered_models", body={"name": "m1"})
    assert made["name"] == "m1"
    found = await client.request("GET", "registered_model", {"name": "m1"})
    assert found["id"] == made["id"]
    assert (await client.request("GET", "registered_models", {"pageSize": "1"}))["size"] == 1
    await client.probe()


async def test_http_without_the_token_is_forbidden_with_the_registrys_message(served) -> None:
    served = await served()
    for token in (None, "wrong"):
        client = RegistryClient(HttpTransport(served, lambda t=token: t))
        with pytest.raises(Forbidden) as e:
            await client.request("GET", "registered_models")
        assert e.value.message == "a bearer token is required (Authorization: Bearer <token>)"


async def test_http_to_nobody_is_unavailable_naming_the_registry() -> None:
    client = RegistryClient(HttpTransport("http://127.0.0.1:9/", lambda: None, timeout=2))
    with pytest.raises(Unavailable) as e:
        await client.request("GET", "registered_models")
    assert e.value.message.startswith("the model registry at http://127.0.0.1:9 cannot be reached")


async def test_http_gives_up_on_a_silent_registry_at_its_timeout() -> None:
    import socket
    import time

    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(Unavailable) as e:
            await RegistryClient(HttpTransport(url, lambda: None, timeout=0.5)).request("GET", "x")
        assert time.monotonic() - started < 5  # its 0.5 s, not tornado's 20 s default
        assert e.value.message.startswith(f"the model registry at {url} cannot be reached: ")


async def test_http_sends_headers_and_encodes_the_query(odd) -> None:
    url, answers, seen = await odd()
    answers["/api/model_registry/v1"] = (200, b'{"items": []}')
    transport = HttpTransport(url, lambda: TOKEN, timeout=7)
    assert transport.timeout == 7
    status, payload = await transport.send("GET", "/registered_models", {"q": "a b&c"}, None)
    assert (status, payload) == (200, {"items": []})
    request = seen[-1]
    assert request.path == "/api/model_registry/v1/registered_models"
    assert request.query == "q=a+b%26c"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Accept"] == "application/json"
    assert "Content-Type" not in request.headers
    await transport.send("PATCH", "registered_models", {}, b"{}")
    assert seen[-1].headers["Content-Type"] == "application/json"
    assert seen[-1].query == "" and seen[-1].body == b"{}"
    await HttpTransport(url, lambda: None).send("GET", "registered_models", {}, None)
    assert "Authorization" not in seen[-1].headers


async def test_http_answers_that_are_not_json(odd) -> None:
    url, answers, _ = await odd()
    transport = HttpTransport(url, lambda: None)
    answers["/api/model_registry/v1"] = (502, b"<html>" + b"x" * 400)
    status, payload = await transport.send("GET", "registered_models", {}, None)
    assert status == 502 and payload == {"message": ("<html>" + "x" * 400)[:300]}
    answers["/api/model_registry/v1"] = (200, b"")
    assert await transport.send("GET", "registered_models", {}, None) == (200, None)
    with pytest.raises(BadAnswer):  # no object: the callers would fail on it (issue 24)
        await RegistryClient(transport).request("GET", "registered_models")
    answers["/api/model_registry/v1"] = (502, b"\xff\xfe<html>\xe9</html>")  # not UTF-8
    assert await transport.send("GET", "registered_models", {}, None) == (
        502,
        {"message": "\ufffd\ufffd<html>\ufffd</html>"},
    )
    answers["/api/model_registry/v1"] = (502, b"<html>bad gateway</html>")
    with pytest.raises(Unavailable) as e:
        await RegistryClient(transport).request("GET", "registered_models")
    assert e.value.message == "the model registry failed (502): <html>bad gateway</html>"


# ---- statuses become our errors -------------------------------------------------------
class Answers:
    """A transport answering a fixed (status, payload): the mapping alone under test."""

    def __init__(self, status: int, payload: Any) -> None:
        self.status, self.payload = status, payload
        self.sent: list[tuple[str, str, dict[str, str], bytes | None]] = []

    async def send(self, method: str, path: str, query: dict[str, str], body: bytes | None):
        self.sent.append((method, path, query, body))
        return self.status, self.payload


@pytest.mark.parametrize(
    "status, error",
    [(400, InvalidInput), (401, Forbidden), (403, Forbidden), (404, NotFound),
     (409, Conflict), (422, Unprocessable)],
)  # fmt: skip
async def test_statuses_map_to_errors_with_the_registrys_message(status: int, error: type) -> None:
    with pytest.raises(error) as e:
        await RegistryClient(Answers(status, {"message": "said so"})).request("GET", "x")
    assert type(e.value) is error and e.value.message == "said so"


async def test_other_statuses() -> None:
    with pytest.raises(KubeflowError) as e:
        await RegistryClient(Answers(418, None)).request("GET", "x")
    assert type(e.value) is KubeflowError
    assert (e.value.status, e.value.message) == (418, "the model registry answered 418")
    with pytest.raises(Unavailable) as e:
        await RegistryClient(Answers(500, ["not a dict"])).request("GET", "x")
    assert e.value.message == "the model registry failed (500): the model registry answered 500"
    with pytest.raises(Unavailable) as e:
        await RegistryClient(Answers(503, {"message": ""})).request("GET", "x")
    assert e.value.message == "the model registry failed (503): the model registry answered 503"
    assert await RegistryClient(Answers(399, {"id": "1"})).request("GET", "x") == {"id": "1"}


async def test_request_encodes_the_body_and_passes_the_query() -> None:
    answers = Answers(200, {"id": "1"})
    client = RegistryClient(answers)
    await client.request("POST", "p", body={"a": 1})
    await client.request("GET", "p", {"k": "v"})
    assert answers.sent == [("POST", "p", {}, b'{"a": 1}'), ("GET", "p", {"k": "v"}, None)]


# ---- probe ----------------------------------------------------------------------------
async def test_probe_names_a_v1alpha3_only_registry(odd) -> None:
    url, answers, seen = await odd()
    client = RegistryClient(HttpTransport(url, lambda: None))
    with pytest.raises(Unavailable) as e:
        await client.probe()
    assert e.value.message == "no Model Registry v1 API here (/api/model_registry/v1 answered 404)"
    assert seen[-1].path == "/api/model_registry/v1alpha3/registered_models"
    assert seen[-1].query == "pageSize=1"
    answers["/api/model_registry/v1alpha3"] = (400, b'{"message": "bad"}')  # not v1alpha3
    with pytest.raises(Unavailable) as e:
        await client.probe()
    assert e.value.message == "no Model Registry v1 API here (/api/model_registry/v1 answered 404)"
    answers["/api/model_registry/v1alpha3"] = (399, b'{"items": []}')
    with pytest.raises(Unavailable) as e:
        await client.probe()
    assert e.value.message == (
        "this model registry only speaks the older v1alpha3 API; "
        "jupyter-kubeflow needs /api/model_registry/v1 (Model Registry 0.3+)"
    )


async def test_probe_of_a_local_registry_without_v1_says_so() -> None:
    answers = Answers(404, None)
    with pytest.raises(Unavailable) as e:
        await RegistryClient(answers).probe()
    assert "answered 404" in e.value.message
    assert answers.sent == [("GET", "registered_models", {"pageSize": "1"}, None)]


# ---- update and list_all --------------------------------------------------------------
async def test_update_carries_what_the_server_would_reset(local: RegistryClient) -> None:
    model = await local.request("POST", "registered_models", body={"name": "m"})
    await local.update(f"registered_models/{model['id']}", {"state": "ARCHIVED"})
    answers = Answers(200, {"id": "1", "state": "ARCHIVED", "name": "m", "artifactType": "x"})
    spy = RegistryClient(answers)
    await spy.update("registered_models/1", {"description": "d"})
    method, path, _, body = answers.sent[-1]
    assert (method, path) == ("PATCH", "registered_models/1")
    assert json.loads(body) == {"state": "ARCHIVED", "artifactType": "x", "description": "d"}
    await spy.update("registered_models/1", {"state": "LIVE"})
    assert json.loads(answers.sent[-1][3]) == {"state": "LIVE", "artifactType": "x"}


async def test_update_writes_struct_properties_as_base64() -> None:
    answers = Answers(200, {"id": "1", "state": "LIVE"})
    struct = {"metadataType": "MetadataStructValue", "struct_value": {"a": [1]}}
    await RegistryClient(answers).update("p", {"customProperties": {"s": struct}})
    sent = json.loads(answers.sent[-1][3])["customProperties"]["s"]["struct_value"]
    assert json.loads(base64.b64decode(sent)) == {"a": [1]}


async def test_list_all_follows_pages_up_to_the_limit(local: RegistryClient) -> None:
    for i in range(PAGE_SIZE + 5):
        await local.request("POST", "registered_models", body={"name": f"m{i:03d}"})
    everything = await local.list_all("registered_models")
    assert len(everything) == PAGE_SIZE + 5
    assert len({m["id"] for m in everything}) == PAGE_SIZE + 5
    assert len(await local.list_all("registered_models", limit=PAGE_SIZE + 2)) == PAGE_SIZE + 2
    assert len(await local.list_all("registered_models", limit=3)) == 3
    named = await local.list_all("registered_models", {"orderBy": "NAME", "sortOrder": "DESC"})
    assert named[0]["name"] == f"m{PAGE_SIZE + 4:03d}"


async def test_list_all_stops_at_its_limit_without_asking_for_more() -> None:
    full_page = {"items": [{"id": str(i + 1)} for i in range(PAGE_SIZE)], "nextPageToken": "more"}
    answers = Answers(200, full_page)  # a registry that always has more
    assert len(await RegistryClient(answers).list_all("p")) == 1000  # the default limit
    assert len(answers.sent) == 1000 // PAGE_SIZE
    answers.sent.clear()
    assert len(await RegistryClient(answers).list_all("p", limit=2 * PAGE_SIZE)) == 2 * PAGE_SIZE
    assert len(answers.sent) == 2


async def test_list_all_always_sends_a_page_size_and_stops_on_an_empty_page() -> None:
    answers = Answers(200, {"items": [], "nextPageToken": "more"})
    assert await RegistryClient(answers).list_all("p", {"k": "v"}) == []
    assert answers.sent == [("GET", "p", {"k": "v", "pageSize": str(PAGE_SIZE)}, None)]


# ---- struct properties ----------------------------------------------------------------
def b64(value: Any) -> str:
    return base64.b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()


@pytest.mark.parametrize(
    "value, written",
    [
        ({"a": 1}, b64({"a": 1})),
        ([1, 2], b64([1, 2])),
        (b64({"a": 1}), b64({"a": 1})),  # already base64 of JSON: unchanged
        ('{"a": 1}', base64.b64encode(b'{"a": 1}').decode()),  # decoded JSON text
        # a JSON string that looks like base64 once its quotes are dropped ("12"): it is
        # decoded JSON text, so it is encoded (a lax decode would take it as base64)
        ('"MTI="', base64.b64encode(b'"MTI="').decode()),
        ("not json", "not json"),
        (7, 7),
        (None, None),
    ],
)
def test_struct_values_are_written_as_base64_of_json(value: Any, written: Any) -> None:
    props = {
        "s": {"metadataType": "MetadataStructValue", "struct_value": value},
        "t": {"metadataType": "MetadataStringValue", "string_value": "x"},
        "odd": "not a dict",
    }
    out = structs_for_write(props)
    assert out["s"] == {"metadataType": "MetadataStructValue", "struct_value": written}
    assert out["t"] is props["t"] and out["odd"] == "not a dict"
    assert props["s"]["struct_value"] == value  # the input is left as it was


def test_entities_are_read_with_structs_in_one_form() -> None:
    entity = {"id": "1", "customProperties": {"s": {
        "metadataType": "MetadataStructValue", "struct_value": {"a": 1}}}}  # fmt: skip
    read = structs_as_read(entity)
    assert read["customProperties"]["s"]["struct_value"] == b64({"a": 1})
    assert read["id"] == "1"
    plain = {"id": "2", "customProperties": {"t": {"metadataType": "MetadataStringValue"}}}
    assert structs_as_read(plain) is plain
    assert structs_as_read({"id": "3"}) == {"id": "3"}
    assert structs_as_read({"customProperties": "odd"}) == {"customProperties": "odd"}
