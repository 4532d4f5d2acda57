"""A notebook's pipeline kept on Kubeflow Pipelines (issue 21 items 5, 6, 7), against
``KfpContractFake`` (kfp_fake.py: a FAKE of kubeflow/pipelines' v2beta1 API server, which
cannot run here) through the real ``kfp.Client``:

- upload as a named pipeline (KFP's multipart upload, field ``uploadfile``); again, a new
  version whose description says what changed (pipeline and notebook hashes, time), none
  when nothing did; versions listed newest first and any of them run;
- experiments listed, chosen, created;
- recurring runs (cron or interval, start/end, max concurrency, catch-up) created from the
  notebook's pipeline, listed per notebook, disabled, enabled, deleted; KFP's limits checked
  before anything is sent;
- in the profile namespace on a multi-user KFP, whose 403 (naming user and namespace)
  reaches the user whole.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import Forbidden, InvalidInput
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS, cli
from .kfp_fake import KfpContractFake, serving
from .test_submit import TOKEN


@pytest.fixture
def kfp() -> Iterator[KfpContractFake]:
    yield from serving(multi_user=True)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    shutil.copy(NOTEBOOKS / "parallel.ipynb", folder / "p.ipynb")
    return folder


@pytest.fixture
def service(
    kfp: KfpContractFake, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> PipelinesService:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    return PipelinesService(
        root_dir=root, data_dir=tmp_path / "data", kfp_host=kfp.url, kfp_namespace="alice"
    )


def edit(notebook: Path, source: str) -> None:
    nb = json.loads(notebook.read_text())
    nb["cells"][1]["source"] = source
    notebook.write_text(json.dumps(nb))


def test_upload_makes_a_pipeline_then_versions_of_it_only_when_it_changed(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    nb = service.root_dir / "p.ipynb"
    session = service.kfp.session()
    first = service.kfp.upload(nb, session)
    assert first["pipeline_name"] == "p" and not first["unchanged"]
    upload = [r for r in kfp.requests if r["path"] == "/apis/v2beta1/pipelines/upload"][0]
    assert upload["content_type"].startswith("multipart/form-data")
    assert upload["query"]["name"] == ["p"] and upload["query"]["namespace"] == ["alice"]
    sent = upload["body"]["files"]["uploadfile"]["content"]
    assert "pipelineInfo" in sent and "step-join" in sent  # the compiled pipeline itself
    assert kfp.pipelines[first["pipeline_id"]]["namespace"] == "alice"
    assert first["description"].startswith("pipeline sha256:")
    assert "from notebook p.ipynb (sha256:" in first["description"]
    assert "uploaded 20" in first["description"]

    again = service.kfp.upload(nb, session)
    assert again["unchanged"] and again["version_id"] == first["version_id"]
    assert not [r for r in kfp.requests if r["path"].endswith("/upload_version")]

    edit(nb, "left = [seed] * 5")
    second = service.kfp.upload(nb, session)
    assert not second["unchanged"] and second["version_id"] != first["version_id"]
    assert second["pipeline_id"] == first["pipeline_id"]
    assert second["description"].split(",")[0] != first["description"].split(",")[0]
    made = [r for r in kfp.requests if r["path"].endswith("/upload_version")][0]
    assert made["query"]["pipelineid"] == [first["pipeline_id"]]
    forced = service.kfp.upload(nb, session, always=True)
    assert not forced["unchanged"]

    listing = service.kfp.versions(nb, session)
    assert [v["id"] for v in listing["versions"]] == [
        forced["version_id"],
        second["version_id"],
        first["version_id"],
    ]  # newest first


def test_any_version_can_be_run_and_its_runs_are_the_notebooks(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    nb = service.root_dir / "p.ipynb"
    session = service.kfp.session()
    first = service.kfp.upload(nb, session)
    edit(nb, "left = [seed] * 5")
    service.kfp.upload(nb, session)
    run = service.kfp.run_version(nb, session, first["version_id"], {"seed": 5}, "nightly")
    kfp_run = kfp.runs[run["kfp_run_id"]]
    assert kfp_run["pipeline_version_reference"] == {
        "pipeline_id": first["pipeline_id"],
        "pipeline_version_id": first["version_id"],
    }
    assert "pipeline_spec" not in kfp_run and kfp_run["namespace"] == "alice"
    assert kfp_run["runtime_config"]["parameters"] == {"seed": 5}
    assert kfp.experiment_records[kfp_run["experiment_id"]]["display_name"] == "nightly"
    listed = service.kfp.notebook_runs(nb, session)
    assert [r["id"] for r in listed["runs"]] == [run["kfp_run_id"]]
    assert listed["runs"][0]["pipeline_version_id"] == first["version_id"]
    with pytest.raises(InvalidInput) as e:
        service.kfp.run_version(nb, session, first["version_id"], {"nope": 1})
    assert e.value.field == "nope"


def test_experiments_are_listed_in_the_namespace(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    nb = service.root_dir / "p.ipynb"
    service.start_run_file(nb, "kfp", experiment="first")
    service.start_run_file(nb, "kfp", experiment="second", namespace="bob")
    names = [e["name"] for e in service.kfp.experiments(service.kfp.session())]
    assert names == ["first"]  # alice's only
    names = [e["name"] for e in service.kfp.experiments(service.kfp.session("bob"))]
    assert names == ["second"]


def post_experiment(kfp: KfpContractFake, name: str, namespace: str) -> tuple[int, dict[str, Any]]:
    """``POST experiments`` straight to the fake, as kfp.Client's generated API sends it."""
    request = urllib.request.Request(
        f"{kfp.url}/apis/v2beta1/experiments",
        data=json.dumps({"display_name": name, "namespace": namespace}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_every_page_of_the_namespaces_experiments_is_listed(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """KFP answers at most 200 a page (list.go's maxPageSize) and a next_page_token while
    more are left: the 201st experiment is on the second page."""
    for i in range(205):
        assert post_experiment(kfp, f"e{i:03d}", "alice")[0] == 200
    post_experiment(kfp, "elsewhere", "bob")
    listed = service.kfp.experiments(service.kfp.session())
    assert [e["name"] for e in listed] == [f"e{i:03d}" for i in reversed(range(205))]
    assert listed[0]["archived"] is False and listed[0]["url"].endswith(listed[0]["id"])
    pages = [
        r["query"]
        for r in kfp.requests
        if r["method"] == "GET" and r["path"] == "/apis/v2beta1/experiments"
    ]
    assert [q.get("page_token", [""])[0] != "" for q in pages] == [False, True]
    assert {q["page_size"][0] for q in pages} == {"200"}


def test_a_second_experiment_of_a_name_is_a_409_so_runs_reuse_the_one_there(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """Experiment names are unique per namespace (the store's duplicate error is an
    AlreadyExists): kfp.Client's create_experiment finds the experiment first, so a
    second run into the chosen experiment goes into that same one."""
    assert post_experiment(kfp, "nightly", "alice")[0] == 200
    code, body = post_experiment(kfp, "nightly", "alice")
    assert code == 409 and body["code"] == 6
    assert "The name nightly already exists" in body["message"]
    assert post_experiment(kfp, "nightly", "bob")[0] == 200  # another namespace's
    nb = service.root_dir / "p.ipynb"
    first = service.start_run_file(nb, "kfp", experiment="nightly")
    again = service.start_run_file(nb, "kfp", experiment="nightly")
    ids = {kfp.runs[r["kfp_run_id"]]["experiment_id"] for r in (first, again)}
    assert ids == {kfp.experiments["alice/nightly"]}
    fresh = service.start_run_file(nb, "kfp", experiment="fresh")
    made = kfp.experiment_records[kfp.runs[fresh["kfp_run_id"]]["experiment_id"]]
    assert (made["display_name"], made["namespace"]) == ("fresh", "alice")


def test_a_notebooks_run_is_found_past_the_first_page_of_the_namespaces_runs(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """KFP pages runs as it pages experiments: the notebook's run, older than 105 runs of
    another pipeline, is on the second page of 100."""
    nb = service.root_dir / "p.ipynb"
    mine = service.start_run_file(nb, "kfp")["kfp_run_id"]
    experiment_id = kfp.runs[mine]["experiment_id"]
    other = {"pipelineInfo": {"name": "other"}, "root": {"dag": {"tasks": {}}}}
    for i in range(105):
        request = urllib.request.Request(
            f"{kfp.url}/apis/v2beta1/runs",
            data=json.dumps(
                {"display_name": f"o{i}", "experiment_id": experiment_id, "pipeline_spec": other}
            ).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(request).close()
    listed = service.kfp.notebook_runs(nb, service.kfp.session())["runs"]
    assert [r["id"] for r in listed] == [mine]
    pages = [
        r["query"]
        for r in kfp.requests
        if r["method"] == "GET" and r["path"] == "/apis/v2beta1/runs"
    ]
    assert [bool(q.get("page_token", [""])[0]) for q in pages] == [False, True]


async def test_the_experiments_route_lists_a_namespace_and_names_an_unreachable_kfp(
    kfp: KfpContractFake, api: Any
) -> None:
    post_experiment(kfp, "nightly", "alice")
    post_experiment(kfp, "theirs", "bob")
    code, body = await api("pipelines/experiments", params={"namespace": "bob"})
    assert code == 200 and [e["name"] for e in body["experiments"]] == ["theirs"]
    code, body = await api("pipelines/experiments")  # multi-user: which namespace?
    assert code == 400 and body["field"] == "namespace"
    # nothing listens on port 9: the dialog shows this and still takes a typed name
    code, body = await api(
        "pipelines/experiments", params={"namespace": "bob", "host": "http://127.0.0.1:9"}
    )
    assert code in (502, 503) and "127.0.0.1:9" in body["message"], body


def test_a_recurring_run_is_made_listed_disabled_enabled_and_deleted(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    nb = service.root_dir / "p.ipynb"
    session = service.kfp.session()
    body = {
        "cron": "0 0 9 * * 1-5",
        "start": "2026-02-01T09:00:00Z",
        "end": "2026-03-01T00:00:00Z",
        "max_concurrency": 2,
        "catch_up": False,
        "parameters": {"seed": 7},
        "experiment": "nightly",
    }
    made = service.kfp.schedule(nb, session, body)
    assert made["enabled"] and made["cron"] == "0 0 9 * * 1-5"
    sent = [r for r in kfp.requests if r["path"] == "/apis/v2beta1/recurringruns"][0]["body"]
    assert sent["trigger"]["cron_schedule"]["cron"] == "0 0 9 * * 1-5"
    assert sent["trigger"]["cron_schedule"]["start_time"].startswith("2026-02-01T09:00:00")
    assert sent["max_concurrency"] in (2, "2") and sent["no_catchup"] is True
    assert sent["mode"] == "ENABLE" and sent["runtime_config"]["parameters"] == {"seed": 7}
    assert (
        sent["pipeline_version_reference"]["pipeline_version_id"] == made["version"]["version_id"]
    )
    every = service.kfp.schedule(nb, session, {"interval_seconds": 3600})
    assert every["interval_seconds"] == 3600 and every["catch_up"] is True

    listed = service.kfp.schedules(nb, session)["schedules"]
    assert {s["id"] for s in listed} == {made["id"], every["id"]}
    service.kfp.schedule_act(made["id"], "disable", session)
    assert kfp.recurring_runs[made["id"]]["mode"] == "DISABLE"
    listed = {s["id"]: s for s in service.kfp.schedules(nb, session)["schedules"]}
    assert listed[made["id"]]["enabled"] is False and listed[every["id"]]["enabled"] is True
    service.kfp.schedule_act(made["id"], "enable", session)
    assert kfp.recurring_runs[made["id"]]["mode"] == "ENABLE"
    service.kfp.schedule_act(made["id"], "delete", session)
    assert set(kfp.recurring_runs) == {every["id"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cron": "0 9 * *"}, "cron"),  # 4 fields
        ({"cron": "0 0 9 * * 1-5", "interval_seconds": 60}, "cron"),  # both
        ({}, "cron"),  # neither
        ({"interval_seconds": 0}, "interval_seconds"),
        ({"interval_seconds": 1.5}, "interval_seconds"),
        ({"interval_seconds": "nan"}, "interval_seconds"),
        ({"interval_seconds": 60, "max_concurrency": 11}, "max_concurrency"),
        ({"interval_seconds": 60, "max_concurrency": 0}, "max_concurrency"),
        ({"interval_seconds": 60, "catch_up": "yes"}, "catch_up"),
        ({"interval_seconds": 60, "start": "tomorrow"}, "start"),
        ({"interval_seconds": 60, "start": "2026-02-02", "end": "2026-02-01"}, "end"),
    ],
)
def test_a_schedule_kfp_would_refuse_is_a_400_naming_the_field_before_anything_is_sent(
    body: dict[str, Any], field: str, kfp: KfpContractFake, service: PipelinesService
) -> None:
    session = service.kfp.session()
    with pytest.raises(InvalidInput) as e:
        service.kfp.schedule(service.root_dir / "p.ipynb", session, body)
    assert e.value.field == field
    assert not [r for r in kfp.requests if r["method"] == "POST"]


def test_a_cron_descriptor_goes_to_kfp_as_written(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """robfig/cron's descriptors ('@every 1h', '@daily') are KFP's to read."""
    session = service.kfp.session()
    made = service.kfp.schedule(service.root_dir / "p.ipynb", session, {"cron": "@every 1h"})
    assert made["cron"] == "@every 1h"


def test_a_namespace_without_rights_is_a_403_naming_user_and_namespace(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    kfp.denied_namespaces = {"alice"}
    session = service.kfp.session()
    with pytest.raises(Forbidden) as e:
        service.kfp.upload(service.root_dir / "p.ipynb", session)
    assert "answered 403" in e.value.message
    assert "User 'user@example.com' is not authorized" in e.value.message
    assert "namespace alice" in e.value.message
    with pytest.raises(Forbidden):
        service.kfp.experiments(session)


async def test_routes_upload_list_versions_run_one_and_schedule(
    kfp: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    shutil.copy(NOTEBOOKS / "parallel.ipynb", jp_root_dir / "p.ipynb")
    code, body = await api("pipelines/upload", "POST", {"path": "p.ipynb", "namespace": "alice"})
    assert code == 200, body
    version = body["version_id"]
    code, listing = await api(
        "pipelines/versions", params={"path": "p.ipynb", "namespace": "alice"}
    )
    assert code == 200 and [v["id"] for v in listing["versions"]] == [version]
    code, run = await api(
        f"pipelines/versions/{version}/runs",
        "POST",
        {"path": "p.ipynb", "namespace": "alice", "parameters": {"seed": 2}},
    )
    assert code == 202 and run["mode"] == "kfp" and run["parameters"] == {"seed": 2}, run
    code, experiments = await api("pipelines/experiments", params={"namespace": "alice"})
    assert code == 200 and [e["name"] for e in experiments["experiments"]] == ["Default"]
    code, made = await api(
        "pipelines/schedules",
        "POST",
        {"path": "p.ipynb", "namespace": "alice", "interval_seconds": 600},
    )
    assert code == 201 and made["interval_seconds"] == 600, made
    code, body = await api(
        f"pipelines/schedules/{made['id']}/disable", "POST", {"namespace": "alice"}
    )
    assert code == 200 and kfp.recurring_runs[made["id"]]["mode"] == "DISABLE"
    code, listing = await api(
        "pipelines/schedules", params={"path": "p.ipynb", "namespace": "alice"}
    )
    assert [s["enabled"] for s in listing["schedules"]] == [False]
    code, body = await api(
        f"pipelines/schedules/{made['id']}", "DELETE", params={"namespace": "alice"}
    )
    assert code == 200 and not kfp.recurring_runs
    code, body = await api("pipelines/schedules", "POST", {"path": "p.ipynb", "namespace": "alice"})
    assert code == 400 and body["field"] == "cron"
    code, body = await api("pipelines/upload", "POST", {"path": "p.ipynb"})
    assert code == 400 and body["field"] == "namespace"  # multi-user: which namespace?


@pytest.fixture
def kubeflow_config(
    kfp: KfpContractFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    monkeypatch.setenv("KF_PIPELINES_TOKEN", TOKEN)
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "none"))
    return {"data_dir": str(tmp_path / "kubeflow-data"), "kfp_host": kfp.url}


def test_the_cli_uploads_lists_versions_runs_one_and_schedules(
    kfp: KfpContractFake, root: Path, tmp_path: Path
) -> None:
    env = {
        "KF_PIPELINES_ENDPOINT": kfp.url,
        "KF_PIPELINES_TOKEN": TOKEN,
        "JUPYTER_KUBEFLOW_DATA_DIR": str(tmp_path / "data"),
        "KUBECONFIG": str(tmp_path / "none"),
    }
    ns = ["--namespace", "alice"]
    result = cli("kubeflow", "upload", "p.ipynb", *ns, cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("pipeline p (")
    result = cli("kubeflow", "upload", "p.ipynb", *ns, cwd=root, env=env)
    assert "unchanged, latest version" in result.stdout
    result = cli("kubeflow", "versions", "p.ipynb", *ns, "--json", cwd=root, env=env)
    versions = json.loads(result.stdout)["versions"]
    assert len(versions) == 1
    result = cli(
        "kubeflow", "submit", "p.ipynb", *ns, "--version", versions[0]["id"], "--param", "seed=4",
        cwd=root, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run = kfp.runs[result.stdout.split()[2]]
    assert run["pipeline_version_reference"]["pipeline_version_id"] == versions[0]["id"]
    result = cli("kubeflow", "experiments", *ns, cwd=root, env=env)
    assert result.returncode == 0 and "Default" in result.stdout
    result = cli(
        "kubeflow", "schedule", "p.ipynb", *ns, "--cron", "0 30 2 * * *", "--max-concurrency",
        "3", "--no-catch-up", "--json", cwd=root, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout.splitlines()[-1])
    assert made["max_concurrency"] == 3 and made["catch_up"] is False
    for action in ("disable", "enable"):
        result = cli("kubeflow", "schedule", *ns, f"--{action}", made["id"], cwd=root, env=env)
        assert result.returncode == 0, result.stderr
    result = cli("kubeflow", "schedule", "p.ipynb", *ns, "--list", cwd=root, env=env)
    assert made["id"] in result.stdout and "enabled" in result.stdout
    result = cli("kubeflow", "schedule", "p.ipynb", *ns, "--cron", "9 * *", cwd=root, env=env)
    assert result.returncode == 2 and "error (" not in result.stderr.splitlines()[-1][:5]
    assert "is not a schedule KFP reads" in result.stderr
    assert {r["authorization"] for r in kfp.requests} == {f"Bearer {TOKEN}"}


def test_kfps_upload_refusal_is_said_in_its_own_words(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """The upload endpoints answer {error_message, error_details}, not grpc-gateway's body."""
    import kfp as kfp_sdk

    client = kfp_sdk.Client(host=kfp.url)
    package = service.kfp._package(service.root_dir / "p.ipynb")[1]
    client.upload_pipeline(str(package), pipeline_name="taken", namespace="alice")
    from jupyter_kubeflow.pipelines.kfp_session import open_session

    session = open_session(kfp.url, None, "alice", "x")
    with pytest.raises(InvalidInput) as e:
        session.call(client.upload_pipeline, str(package), pipeline_name="taken", namespace="alice")
    assert e.value.message.endswith(
        "answered 409 Conflict: Failed to create a pipeline and a pipeline version"
    )


async def test_a_host_named_in_a_request_gets_no_configured_token(
    kfp: KfpContractFake, api: Any, jp_root_dir: Path
) -> None:
    """The view sends the submit dialog's host; as for submits, the configured token goes
    only to the configured endpoint (here the multi-user fake), never to another host."""
    shutil.copy(NOTEBOOKS / "parallel.ipynb", jp_root_dir / "p.ipynb")
    for other in serving():
        code, body = await api("pipelines/upload", "POST", {"path": "p.ipynb", "host": other.url})
        assert code == 200, body
        code, body = await api("pipelines/versions", params={"path": "p.ipynb", "host": other.url})
        assert code == 200 and len(body["versions"]) == 1
        assert other.requests and {r["authorization"] for r in other.requests} == {None}
    assert not kfp.requests


def post_recurring(kfp: KfpContractFake, name: str, experiment_id: str) -> None:
    """``POST recurringruns`` of another pipeline straight to the fake (someone else's)."""
    other = {"pipelineInfo": {"name": "other"}, "root": {"dag": {"tasks": {}}}}
    body = {
        "display_name": name,
        "experiment_id": experiment_id,
        "pipeline_spec": other,
        "max_concurrency": "1",
        "trigger": {"periodic_schedule": {"interval_second": "3600"}},
        "mode": "ENABLE",
    }
    request = urllib.request.Request(
        f"{kfp.url}/apis/v2beta1/recurringruns",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request).close()


def list_pages(kfp: KfpContractFake, path: str) -> list[dict[str, list[str]]]:
    return [r["query"] for r in kfp.requests if r["method"] == "GET" and r["path"] == path]


def test_a_notebooks_recurring_run_is_found_past_the_first_page_of_the_namespaces(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """KFP filters recurring runs on no pipeline (its job model's filter fields are id,
    name, description and times: a filter on pipeline_id is a 400) and pages them by 200
    at most: the notebook's, older than 205 of another pipeline, is on the second page."""
    nb = service.root_dir / "p.ipynb"
    session = service.kfp.session()
    mine = service.kfp.schedule(nb, session, {"interval_seconds": 600})
    experiment_id = kfp.recurring_runs[mine["id"]]["experiment_id"]
    for i in range(205):
        post_recurring(kfp, f"o{i}", experiment_id)
    listed = service.kfp.schedules(nb, session)["schedules"]
    assert [s["id"] for s in listed] == [mine["id"]]
    pages = list_pages(kfp, "/apis/v2beta1/recurringruns")
    assert [bool(q.get("page_token", [""])[0]) for q in pages] == [False, True]
    assert {q["page_size"][0] for q in pages} == {"200"}
    assert {q["sort_by"][0] for q in pages} == {"created_at desc"}


def test_the_notebooks_pipeline_is_told_from_namesakes_in_other_case(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """KFP's EQUALS filter ignores case (filter.go compares LOWER()s): pipelines named
    'TRAIN' and 'Train', made first, answer a filter for 'train' too, ahead of it. The
    notebook's own is still found (a new version, not a second pipeline refused 409)."""
    import kfp as kfp_sdk

    shutil.copy(NOTEBOOKS / "parallel.ipynb", service.root_dir / "train.ipynb")
    nb = service.root_dir / "train.ipynb"
    package = service.kfp._package(nb)[1]
    client = kfp_sdk.Client(host=kfp.url)
    for name in ("TRAIN", "Train"):
        client.upload_pipeline(str(package), pipeline_name=name, namespace="alice")
    session = service.kfp.session()
    first = service.kfp.upload(nb, session)
    assert kfp.pipelines[first["pipeline_id"]]["display_name"] == "train"
    edit(nb, "left = [seed] * 5")
    second = service.kfp.upload(nb, session)
    assert second["pipeline_id"] == first["pipeline_id"] and not second["unchanged"]
    assert service.kfp.versions(nb, session)["pipeline_id"] == first["pipeline_id"]


def test_every_page_of_a_pipelines_versions_is_listed(
    kfp: KfpContractFake, service: PipelinesService
) -> None:
    """A pipeline's versions come 200 a page at most: all 205 are listed, newest first,
    so any of them can be run."""
    nb = service.root_dir / "p.ipynb"
    session = service.kfp.session()
    first = service.kfp.upload(nb, session)
    made = kfp.versions[first["version_id"]]
    for i in range(1, 205):  # versions uploaded earlier by others, as the store keeps them
        kfp.versions[f"v{i:03d}"] = {
            **made,
            "pipeline_version_id": f"v{i:03d}",
            "display_name": f"p {i}",
            "name": f"p {i}",
            "created_at": f"2026-01-01T00:00:00.{i:06d}Z",
        }
    listed = service.kfp.versions(nb, session)["versions"]
    assert len(listed) == 205
    assert [v["id"] for v in listed] == [first["version_id"]] + [
        f"v{i:03d}" for i in reversed(range(1, 205))
    ]
    pages = list_pages(kfp, f"/apis/v2beta1/pipelines/{first['pipeline_id']}/versions")
    assert [bool(q.get("page_token", [""])[0]) for q in pages[-2:]] == [False, True]


def get_fake(kfp: KfpContractFake, path: str, **query: str) -> tuple[int, dict[str, Any]]:
    url = f"{kfp.url}/apis/v2beta1/{path}?{urllib.parse.urlencode(query)}"
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_the_fake_pages_and_refuses_as_kfps_list_options_do(kfp: KfpContractFake) -> None:
    """list.go: 20 a page by default, 200 at most; the token carries sort and filter, and a
    different sort_by sent with it is refused; a field the model lists on is needed
    (recurring runs have no pipeline_id to filter on)."""
    post_experiment(kfp, "e", "alice")
    experiment_id = kfp.experiments["alice/e"]
    for i in range(45):
        post_recurring(kfp, f"r{i:02d}", experiment_id)
    code, page = get_fake(kfp, "recurringruns", namespace="alice")
    assert code == 200 and len(page["recurringRuns"]) == 20 and page["total_size"] == 45
    assert [r["display_name"] for r in page["recurringRuns"]] == [f"r{i:02d}" for i in range(20)]
    code, second = get_fake(
        kfp, "recurringruns", namespace="alice", page_token=page["next_page_token"]
    )
    assert [r["display_name"] for r in second["recurringRuns"]][0] == "r20"
    code, body = get_fake(
        kfp, "recurringruns", namespace="alice", page_token=page["next_page_token"],
        sort_by="created_at desc",
    )  # fmt: skip
    assert code == 400 and "page token does not match" in body["message"]
    code, body = get_fake(kfp, "recurringruns", namespace="alice", page_size="500")
    assert code == 200 and len(body["recurringRuns"]) == 45
    pipeline = json.dumps({"predicates": [{"key": "pipeline_id", "operation": "EQUALS"}]})
    code, body = get_fake(kfp, "recurringruns", namespace="alice", filter=pipeline)
    assert code == 400 and "unrecognized field 'pipeline_id'" in body["message"]
    code, body = get_fake(kfp, "recurringruns", namespace="alice", sort_by="pipeline_id")
    assert code == 400 and "Invalid sorting field" in body["message"]
    code, body = get_fake(kfp, "recurringruns", namespace="alice", page_token="bm9wZQ==")
    assert code == 400 and "Invalid package token" in body["message"]
