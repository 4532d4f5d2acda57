"""``KfpContractFake``: a FAKE of Kubeflow Pipelines' v2beta1 REST API server (KFP 2.17).

No KFP API server can run here (it needs MySQL, Argo, a persistence agent and MLMD), so this
small HTTP server answers the calls this project makes through the real ``kfp.Client``, the
way kubeflow/pipelines' ``backend/src/apiserver`` does (read there: ``server/*_server.go``,
``server/pipeline_upload_server.go``, ``resource/resource_manager.go``, ``model/*.go``):

- ``healthz`` says ``multi_user``. In multi-user mode experiments, runs and recurring runs
  need a namespace ("An experiment cannot have an empty namespace in multi-user mode", 400),
  runs and recurring runs take their experiment's, and a namespace listed in
  ``denied_namespaces`` answers 403 with the API server's authorization text (naming the
  user and the namespace).
- Experiments (``server/experiment_server.go``, ``storage/experiment_store.go``): a
  single-user server keeps none in a namespace (ReplaceNamespace: every list sees all); a
  second one of the same name in a namespace is a 409 (AlreadyExists).
- Every list (experiments, runs, pipelines, a pipeline's versions, recurring runs) is paged
  as ``list/list.go`` pages: ``page_size`` 20 by default, at most 200, a
  ``next_page_token`` while more are left, which carries the list's sort and filter (a
  ``sort_by`` or ``filter`` sent with it that differs is a 400, as its ``Matches``); sorted
  by ``sort_by`` "field [asc|desc]" (``created_at`` by default, then the id). Pipelines,
  versions and recurring runs sort and filter only on their model's fields
  (``model/*.go`` APIToModelFieldMap: a recurring run's has no pipeline), else a 400; a
  string EQUALS or IS_SUBSTRING ignores case (``filter.go`` compares ``LOWER()``s, as
  MySQL's default collation does).
- Pipelines are uploaded as ``multipart/form-data`` (field ``uploadfile``; ``name``,
  ``description``, ``namespace`` in the query; ``upload_version`` takes ``pipelineid``);
  a second pipeline or version of the same name answers 409 with the upload server's own
  body (``error_message``/``error_details``, not grpc-gateway's).
- A run is made from an inline ``pipeline_spec`` or a ``pipeline_version_reference``. Its
  ``run_details.task_details`` hold what the persistence agent reports from the Argo nodes:
  per pipeline task a ``-driver`` pod, the task's own node (display name: the task's name,
  with its state and times) and its ``executor`` pod (``pod_name``: the Argo node id), a task
  appearing only once Argo started it. An unfinished run's ``finished_at`` (and a task's
  unset times) are ``1970-01-01T00:00:00Z``.
- Runs are terminated (``:terminate``, CANCELING then CANCELED), retried (``:retry``, only a
  FAILED or CANCELED run: "Workflow must be Failed/Error to retry"), archived
  (``storage_state`` ARCHIVED), unarchived and deleted; an unknown run is a 404.
- Recurring runs (cron or periodic trigger, start/end, ``max_concurrency`` 1-10,
  ``no_catchup``, ``mode`` ENABLE/DISABLE) are created, listed, got, enabled, disabled and
  deleted, validated with the API server's messages.

By default a run is over when first asked about (every task SUCCEEDED), as a short pipeline
is by the time anyone looks; ``hold_runs = True`` keeps new runs PENDING until the test
moves them with ``advance(run_id)`` (one task transition per call). Errors use grpc-gateway's
body ``{error, code, message, details}``. The tests assert what the real ``kfp.Client``
sent (``requests``) and what the extension made of the answers.

Run standalone (the UI tests do): ``python tests/pipelines/kfp_fake.py [--multi-user]`` prints
``KFP_FAKE_URL=http://127.0.0.1:PORT`` and serves until killed; ``/_fake/requests``,
``/_fake/hold`` and ``/_fake/runs/{id}/advance`` let a test read and drive it.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import email.parser
import email.policy
import json
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import yaml

API = "/apis/v2beta1"
EPOCH = "1970-01-01T00:00:00Z"  # the API server's zero timestamp: "not yet"
FINAL = ("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED")
GRPC_CODES = {400: 3, 403: 7, 404: 5, 409: 6, 500: 13}
# filter.proto's operations, by name or by number (kfp.Client sends numbers)
OPERATIONS = {1: "EQUALS", 2: "NOT_EQUALS", 9: "IS_SUBSTRING"}
# the API names a list sorts and filters on (model/*.go APIToModelFieldMap), with the field
# of our records each stands for; lists not named here take any field
LIST_FIELDS = {
    "pipelines": {
        "id": "pipeline_id", "pipeline_id": "pipeline_id", "name": "name",
        "display_name": "display_name", "created_at": "created_at",
        "description": "description", "namespace": "namespace",
    },
    "pipeline_versions": {
        "id": "pipeline_version_id", "pipeline_version_id": "pipeline_version_id",
        "name": "name", "display_name": "display_name", "created_at": "created_at",
        "description": "description",
    },
    "recurringRuns": {
        "id": "recurring_run_id", "recurring_run_id": "recurring_run_id",
        "name": "display_name", "display_name": "display_name", "created_at": "created_at",
        "updated_at": "updated_at", "description": "description",
    },
}  # fmt: skip
LIST_KEYS = {"recurringRuns": "recurring_run_id"}  # the primary key, when not <field>_id
RUNS_EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)  # when the fake's first run was made
EMPTY_NAMESPACE = "cannot have an empty namespace in multi-user mode"


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Refusal(Exception):
    def __init__(self, status: int, message: str, upload: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.upload = upload  # the upload server writes its own body, not grpc-gateway's


class KfpContractFake(ThreadingHTTPServer):
    def __init__(self, multi_user: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.multi_user = multi_user
        self.lock = threading.RLock()
        self.requests: list[dict[str, Any]] = []
        self.experiments: dict[str, str] = {}  # "namespace/name" (or name) -> id
        self.experiment_namespaces: dict[str, str] = {}  # id -> namespace
        self.experiment_records: dict[str, dict[str, Any]] = {}
        self.pipelines: dict[str, dict[str, Any]] = {}
        self.versions: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, dict[str, Any]] = {}
        self.recurring_runs: dict[str, dict[str, Any]] = {}
        self.refuse: tuple[int, str] | None = None  # (status, message) for every create
        # (status, message) for creating a run only (the experiment is created first)
        self.refuse_runs: tuple[int, str] | None = None
        # when set, the state every GET /runs/{id} answers (KFP's V2beta1RuntimeState)
        self.run_state: str | None = None
        self.hold_runs = False  # new runs wait for advance() instead of being over at once
        self.fail_task: str | None = None  # the pipeline task (e.g. "step-train") that fails
        self.denied_namespaces: set[str] = set()
        self.user = "user@example.com"  # who the token stands for, in 403 texts

    def key(self, namespace: str, name: str) -> str:
        return f"{namespace}/{name}" if self.multi_user else name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    # ---- the run's life ---------------------------------------------------------------
    def advance(self, run_id: str) -> dict[str, Any]:
        """One transition: the next task in the pipeline's order starts, or the running one
        ends (FAILED when it is ``fail_task``); when none is left the run ends."""
        with self.lock:
            run = self.runs[run_id]
            tasks = run["_tasks"]
            if run["state"] in FINAL or run["state"] == "CANCELING":
                return run
            running = [t for t in tasks if t["state"] == "RUNNING"]
            if running:
                task = running[0]
                task["state"] = "FAILED" if task["name"] == self.fail_task else "SUCCEEDED"
                task["end"] = now()
                if task["state"] == "FAILED":
                    self._end(run, "FAILED")
                    return run
            else:
                ready = [
                    t
                    for t in tasks
                    if t["state"] == "PENDING"
                    and all(self._task(run, d)["state"] == "SUCCEEDED" for d in t["after"])
                ]
                if not ready:
                    self._end(run, "SUCCEEDED")
                    return run
                ready[0].update(state="RUNNING", start=now())
                self._set_state(run, "RUNNING")
            if all(t["state"] == "SUCCEEDED" for t in tasks):
                self._end(run, "SUCCEEDED")
            return run

    def finish(self, run_id: str) -> None:
        for _ in range(4 * len(self.runs[run_id]["_tasks"]) + 2):
            if self.runs[run_id]["state"] in FINAL:
                return
            self.advance(run_id)

    @staticmethod
    def _task(run: dict[str, Any], name: str) -> dict[str, Any]:
        return next(t for t in run["_tasks"] if t["name"] == name)

    @staticmethod
    def _set_state(run: dict[str, Any], state: str) -> None:
        if run["state"] != state:
            run["state"] = state
            run["state_history"].append({"update_time": now(), "state": state})

    def _end(self, run: dict[str, Any], state: str) -> None:
        self._set_state(run, state)
        run["finished_at"] = now()

    def task_details(self, run: dict[str, Any]) -> list[dict[str, Any]]:
        """What the persistence agent reported of the run's Argo nodes (started ones only)."""
        details = [
            {
                "run_id": run["run_id"],
                "task_id": f"{run['run_id']}-root",
                "display_name": run["_workflow"],
                "create_time": run["created_at"],
                "start_time": run["created_at"],
                "end_time": run["finished_at"],
                "state": run["state"] if run["state"] != "PENDING" else "RUNNING",
                "pod_name": run["_workflow"],
            }
        ]
        for index, task in enumerate(run["_tasks"]):
            if task["state"] == "PENDING":
                continue
            node = f"{run['_workflow']}-{1000 + index}"
            executor = f"{run['_workflow']}-{2000 + index}"
            common = {"run_id": run["run_id"], "create_time": task["start"]}
            details += [
                {
                    **common,
                    "task_id": f"{node}-driver",
                    "display_name": f"{task['name']}-driver",
                    "start_time": task["start"],
                    "end_time": task["start"],
                    "state": "SUCCEEDED",
                    "pod_name": f"{node}-driver",
                    "parent_task_id": f"{run['run_id']}-root",
                },
                {
                    **common,
                    "task_id": node,
                    "display_name": task["name"],
                    "start_time": task["start"],
                    "end_time": task.get("end") or EPOCH,
                    "state": task["state"],
                    "execution_id": str(100 + index),
                    "pod_name": node,
                    "parent_task_id": f"{run['run_id']}-root",
                    "child_tasks": [{"pod_name": executor}],
                },
                {
                    **common,
                    "task_id": executor,
                    "display_name": "executor",
                    "start_time": task["start"],
                    "end_time": task.get("end") or EPOCH,
                    "state": task["state"],
                    "pod_name": executor,
                    "parent_task_id": node,
                },
            ]
        return details

    def wire_run(self, run: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in run.items() if not k.startswith("_") and k != "namespace"}
        if self.run_state is not None:
            out["state"] = self.run_state
        out["run_details"] = {
            "pipeline_context_id": "1",
            "pipeline_run_context_id": "2",
            "task_details": self.task_details(run),
        }
        return out


def pipeline_tasks(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The root DAG's tasks of a pipeline spec (alone, or with its platform spec), ordered so
    that each comes after those it depends on."""
    if "pipeline_spec" in spec and "root" not in spec:
        spec = spec["pipeline_spec"]
    tasks = spec.get("root", {}).get("dag", {}).get("tasks", {})
    ordered: list[dict[str, Any]] = []
    left = dict(tasks)
    while left:
        for name, task in sorted(left.items()):
            after = task.get("dependentTasks", [])
            if all(any(t["name"] == d for t in ordered) for d in after):
                ordered.append({"name": name, "after": after, "state": "PENDING"})
                del left[name]
                break
        else:  # a cycle cannot be compiled; keep the rest in name order
            ordered += [{"name": n, "after": [], "state": "PENDING"} for n in sorted(left)]
            break
    return ordered


class _Handler(BaseHTTPRequestHandler):
    server: KfpContractFake

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    # ---- plumbing ---------------------------------------------------------------------
    def _reply(self, body: Any, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: int, message: str) -> None:
        # grpc-gateway's error body, as KFP's API server sends it
        code = GRPC_CODES.get(status, 2)
        self._reply({"error": message, "code": code, "message": message, "details": []}, status)

    def _record(self) -> tuple[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        content_type = self.headers.get("Content-Type") or ""
        body: Any = {}
        if content_type.startswith("multipart/form-data"):
            body = self._multipart(raw, content_type)
        elif raw:
            body = json.loads(raw)
        self.server.requests.append(
            {
                "method": self.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "authorization": self.headers.get("Authorization"),
                "content_type": content_type,
                "body": body,
            }
        )
        return url.path, body

    @staticmethod
    def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        files = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            files[name] = {
                "filename": part.get_filename(),
                "content": part.get_payload(decode=True).decode("utf-8"),
            }
        return {"files": files}

    def _query(self, name: str, default: str = "") -> str:
        return self.server.requests[-1]["query"].get(name, [default])[0]

    def _filter(self) -> list[dict[str, Any]]:
        text = self._query("filter")
        if not text and self._query("page_token"):
            kept = self._token()["filter_json"]  # the token's own filter
            return kept.get("predicates", []) if kept else []
        return json.loads(text).get("predicates", []) if text else []

    def _matches(self, item: dict[str, Any], listed: str = "") -> bool:
        fields = LIST_FIELDS.get(listed)
        for p in self._filter():
            if fields is not None and p["key"] not in fields:
                raise Refusal(400, f"no support for filtering on unrecognized field {p['key']!r}")
            key = fields[p["key"]] if fields is not None else p["key"]
            # filter.go compares strings as LOWER(column) = LOWER(value)
            value = str(p.get("string_value") or p.get("stringValue") or "").lower()
            have = str(item.get(key, "")).lower()
            op = OPERATIONS.get(p.get("operation"), p.get("operation"))
            if op == "EQUALS" and have != value:
                return False
            if op == "NOT_EQUALS" and have == value:
                return False
            if op == "IS_SUBSTRING" and value not in have:
                return False
        return True

    def _authorize(self, namespace: str, verb: str, what: str) -> None:
        """The multi-user API server's SubjectAccessReview refusal, naming user and namespace."""
        if self.server.multi_user and namespace in self.server.denied_namespaces:
            raise Refusal(
                403,
                f"Failed to {verb} {what} due to authorization error. Check if you have "
                f"permission to access namespace {namespace}: Failed to authorize with API: "
                f"PermissionDenied: User '{self.server.user}' is not authorized with reason: "
                f"(request: &ResourceAttributes{{Namespace:{namespace},Verb:{verb},"
                f"Group:pipelines.kubeflow.org,Version:v1beta1,Resource:{what}s}})",
            )

    def _namespace_for(self, what: str) -> str:
        namespace = self._query("namespace")
        if self.server.multi_user and not namespace:
            raise Refusal(400, f"{what} cannot have an empty namespace in multi-user mode")
        return namespace

    def _run(self, run_id: str) -> dict[str, Any]:
        run = self.server.runs.get(run_id)
        if run is None:
            raise Refusal(
                404, f"Failed to get a run: ResourceNotFoundError: Run {run_id} not found."
            )
        self._authorize(run["namespace"], "get", "run")
        return run

    # ---- verbs ------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch(self._get)

    def do_POST(self) -> None:
        self._dispatch(self._post)

    def do_DELETE(self) -> None:
        self._dispatch(self._delete)

    def _dispatch(self, method: Any) -> None:
        path, body = self._record()
        try:
            with self.server.lock:
                answer = method(path, body)
        except Refusal as e:
            if e.upload:
                self.send_response(e.status)
                data = json.dumps({"error_message": e.message, "error_details": e.message})
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data.encode())
                return
            return self._refuse(e.status, e.message)
        if answer is None:
            return self._reply({"error": f"unexpected {self.command} {path}"}, 404)
        self._reply(answer)

    def _get(self, path: str, body: Any) -> Any:
        server = self.server
        if path == "/_fake/requests":
            return server.requests[:-1]
        if path == f"{API}/healthz":
            return {"commit_sha": "fake", "multi_user": server.multi_user}
        if path == f"{API}/experiments":
            namespace = self._namespace_for("An experiment")
            self._authorize(namespace, "list", "experiment")
            found = [
                e
                for e in server.experiment_records.values()
                if (not server.multi_user or e["namespace"] == namespace) and self._matches(e)
            ]
            return self._page("experiments", found)
        if path == f"{API}/runs":
            namespace = self._namespace_for("A resource")
            self._authorize(namespace, "list", "run")
            found = [
                server.wire_run(r)
                for r in server.runs.values()
                if (not server.multi_user or r["namespace"] == namespace) and self._matches(r)
            ]
            return self._page("runs", found)
        if path.startswith(f"{API}/runs/"):
            return server.wire_run(self._run(path.rsplit("/", 1)[1]))
        if path == f"{API}/pipelines":
            namespace = self._query("namespace")
            found = [
                p
                for p in server.pipelines.values()
                if p.get("namespace", "") == namespace and self._matches(p, "pipelines")
            ]
            return self._page("pipelines", found)
        parts = path.removeprefix(f"{API}/pipelines/").split("/")
        if path.startswith(f"{API}/pipelines/") and len(parts) == 2 and parts[1] == "versions":
            pipeline = self._pipeline(parts[0])
            found = [
                v
                for v in server.versions.values()
                if v["pipeline_id"] == pipeline and self._matches(v, "pipeline_versions")
            ]
            return self._page("pipeline_versions", found)
        if path.startswith(f"{API}/pipelines/") and len(parts) == 3 and parts[1] == "versions":
            self._pipeline(parts[0])
            version = server.versions.get(parts[2])
            if version is None:
                raise Refusal(404, f"Failed to get pipeline version: Version {parts[2]} not found")
            return version
        if path == f"{API}/recurringruns":
            namespace = self._namespace_for("A recurring run")
            found = [
                r
                for r in server.recurring_runs.values()
                if (not server.multi_user or r["namespace"] == namespace)
                and self._matches(r, "recurringRuns")
            ]
            return self._page("recurringRuns", found)
        if path.startswith(f"{API}/recurringruns/"):
            return self._recurring(path.rsplit("/", 1)[1])
        return None

    def _pipeline(self, pipeline_id: str) -> str:
        if pipeline_id not in self.server.pipelines:
            raise Refusal(404, f"Failed to get pipeline: Pipeline {pipeline_id} not found")
        return pipeline_id

    def _recurring(self, recurring_id: str) -> dict[str, Any]:
        found = self.server.recurring_runs.get(recurring_id)
        if found is None:
            raise Refusal(404, f"Failed to get a recurring run: Job {recurring_id} not found")
        self._authorize(found["namespace"], "get", "job")
        return found

    def _post(self, path: str, body: Any) -> Any:
        server = self.server
        if path == "/_fake/hold":
            server.hold_runs = bool(body.get("hold", True))
            server.fail_task = body.get("fail_task")
            return {}
        if path.startswith("/_fake/runs/") and path.endswith("/advance"):
            return server.wire_run(server.advance(path.split("/")[3]))
        if server.refuse:
            raise Refusal(*server.refuse)
        if path == f"{API}/pipelines/upload":
            return self._upload_pipeline(body)
        if path == f"{API}/pipelines/upload_version":
            return self._upload_version(body)
        if path == f"{API}/experiments":
            return self._create_experiment(body)
        if path == f"{API}/runs":
            if server.refuse_runs:
                raise Refusal(*server.refuse_runs)
            return server.wire_run(self._create_run(body))
        if path.startswith(f"{API}/runs/") and ":" in path:
            run_id, action = path.removeprefix(f"{API}/runs/").split(":", 1)
            return self._run_action(run_id, action)
        if path == f"{API}/recurringruns":
            return self._create_recurring(body)
        if path.startswith(f"{API}/recurringruns/") and ":" in path:
            recurring_id, action = path.removeprefix(f"{API}/recurringruns/").split(":", 1)
            found = self._recurring(recurring_id)
            if action not in ("enable", "disable"):
                return None
            found["mode"] = "ENABLE" if action == "enable" else "DISABLE"
            found["status"] = "ENABLED" if action == "enable" else "DISABLED"
            found["updated_at"] = now()
            return {}
        return None

    def _create_experiment(self, body: dict[str, Any]) -> dict[str, Any]:
        """ExperimentServer.CreateExperiment: a single-user server drops the namespace (its
        ReplaceNamespace), and (name, namespace) is unique: the store's duplicate error is
        an AlreadyExists (409)."""
        server = self.server
        name = body.get("display_name") or ""
        namespace = (body.get("namespace") or "") if server.multi_user else ""
        if server.multi_user and not namespace:
            raise Refusal(400, f"An experiment {EMPTY_NAMESPACE}")
        self._authorize(namespace, "create", "experiment")
        if server.key(namespace, name) in server.experiments:
            raise Refusal(
                409,
                f"Failed to create a experiment: Failed to create a new experiment. The name "
                f"{name} already exists. Please specify a new name",
            )
        exp_id = f"exp-{len(server.experiments) + 1}"
        server.experiments[server.key(namespace, name)] = exp_id
        server.experiment_namespaces[exp_id] = namespace
        record = {
            "experiment_id": exp_id,
            "display_name": name,
            "description": body.get("description") or "",
            # to the microsecond, counted in, so experiments made within a second sort
            "created_at": f"{now()[:-1]}.{len(server.experiments):06d}Z",
            "namespace": namespace,
            "storage_state": "AVAILABLE",
        }
        server.experiment_records[exp_id] = record
        return record

    def _token(self) -> dict[str, Any]:
        """The list's state a page token carries (list.go's token: the sort, the filter and
        where the next page starts); one it did not make is a 400 "Invalid package token"."""
        try:
            token = json.loads(base64.b64decode(self._query("page_token"), validate=True))
            if not isinstance(token, dict) or not isinstance(token.get("offset"), int):
                raise ValueError(token)
        except ValueError:
            raise Refusal(400, "Failed to create list options: Invalid package token") from None
        return token

    def _page(self, field: str, found: list[dict[str, Any]]) -> dict[str, Any]:
        """A list answer as the API server's list.Options make it: sorted by ``sort_by``
        (``created_at`` by default, ``desc`` or ``asc``, then by id), ``page_size`` items
        (20 when 0 or absent, at most 200), a ``next_page_token`` while more are left. The
        token carries the sort and the filter; a ``sort_by`` or ``filter`` sent with it
        that differs is refused, as list.go's ``Matches``."""
        sort_by, filter_text = self._query("sort_by"), self._query("filter")
        start = 0
        if self._query("page_token"):
            token = self._token()
            sent = [sort_by.lower().split(), json.loads(filter_text) if filter_text else None]
            kept = [token["sort_by"].lower().split(), token["filter_json"]]
            if (sort_by and sent[0] != kept[0]) or (filter_text and sent[1] != kept[1]):
                raise Refusal(
                    400,
                    "page token does not match the supplied sort by and/or filtering "
                    "criteria. Either specify the same criteria or leave the latter empty if "
                    "page token is specified.",
                )
            sort_by, start = token["sort_by"], token["offset"]
            filter_text = json.dumps(token["filter_json"]) if token["filter_json"] else ""
        words = sort_by.lower().split()
        if len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise Refusal(400, f"Received invalid sort by format {sort_by!r}")
        fields = LIST_FIELDS.get(field)
        key = words[0] if words else "created_at"
        if fields is not None:
            if key not in fields:
                raise Refusal(400, f"Invalid sorting field: {key!r}")
            key = fields[key]
        primary = LIST_KEYS.get(field, field[:-1] + "_id")
        found = sorted(found, key=lambda item: (str(item.get(key, "")), item[primary]))
        if len(words) == 2 and words[1] == "desc":
            found.reverse()
        size = int(self._query("page_size", "0") or 0)
        if size < 0:
            raise Refusal(400, f"The page size should be greater than 0. Got {size}")
        size = min(size or 20, 200)
        page = found[start : start + size]
        answer: dict[str, Any] = {field: page, "total_size": len(found)}
        if start + size < len(found):
            token = {
                "sort_by": sort_by,
                "filter_json": json.loads(filter_text) if filter_text else None,
                "offset": start + size,
            }
            answer["next_page_token"] = base64.b64encode(json.dumps(token).encode()).decode()
        return answer

    def _spec_of(self, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
        reference = body.get("pipeline_version_reference")
        if reference:
            version = self.server.versions.get(reference.get("pipeline_version_id") or "")
            if version is None or version["pipeline_id"] != reference.get("pipeline_id"):
                raise Refusal(
                    404,
                    "Failed to create a run: Failed to fetch a pipeline version: "
                    f"ResourceNotFoundError: PipelineVersion {reference.get('pipeline_version_id')}"
                    " not found",
                )
            return version["pipeline_spec"], reference
        spec = body.get("pipeline_spec")
        if not spec:
            raise Refusal(
                400,
                "Failed to create a run: Invalid input error: Pipeline spec or pipeline "
                "version reference is required",
            )
        return spec, None

    def _create_run(self, body: dict[str, Any], recurring: str | None = None) -> dict[str, Any]:
        server = self.server
        if not body.get("display_name"):
            raise Refusal(400, "The run name is empty. Please specify a valid name")
        namespace = server.experiment_namespaces.get(body.get("experiment_id", ""), "")
        if server.multi_user and not namespace:
            raise Refusal(400, "A run cannot have an empty namespace in multi-user mode")
        self._authorize(namespace, "create", "run")
        spec, reference = self._spec_of(body)
        run_id = f"run-{len(server.runs) + 1}"
        created = now()
        run = {
            **{k: v for k, v in body.items() if k != "pipeline_spec" or reference is None},
            "run_id": run_id,
            "state": "PENDING",
            "storage_state": "AVAILABLE",
            "service_account": "default-editor" if server.multi_user else "pipeline-runner",
            "namespace": namespace,
            # one second apart, in the order made (run-3 at 2026-01-01T00:00:02Z)
            "created_at": (RUNS_EPOCH + timedelta(seconds=len(server.runs))).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "scheduled_at": created,
            "finished_at": EPOCH,
            "state_history": [{"update_time": created, "state": "PENDING"}],
            "_tasks": pipeline_tasks(spec),
            "_workflow": f"run-{len(server.runs) + 1}-{uuid.uuid4().hex[:5]}",
        }
        if recurring:
            run["recurring_run_id"] = recurring
        server.runs[run_id] = run
        if not server.hold_runs:
            server.finish(run_id)
        return run

    def _run_action(self, run_id: str, action: str) -> Any:
        server = self.server
        run = self._run(run_id)
        if action == "terminate":
            if run["state"] in FINAL:
                raise Refusal(
                    400,
                    f"Failed to terminate run {run_id}: InvalidInputError: the run is "
                    f"{run['state']}, not in a terminable state",
                )
            server._set_state(run, "CANCELING")
            for task in run["_tasks"]:
                if task["state"] == "RUNNING":
                    task.update(state="CANCELED", end=now())
            server._end(run, "CANCELED")
            return {}
        if action == "retry":
            if run["state"] not in ("FAILED", "CANCELED"):
                raise Refusal(
                    400,
                    f"Failed to retry run {run_id}: Retry run failed.: "
                    "Workflow must be Failed/Error to retry",
                )
            for task in run["_tasks"]:
                if task["state"] in ("FAILED", "CANCELED"):
                    task.update(state="PENDING", end=None)
            run["finished_at"] = EPOCH
            server._set_state(run, "RUNNING")
            server.fail_task = None
            if not server.hold_runs:
                server.finish(run_id)
            return {}
        if action in ("archive", "unarchive"):
            run["storage_state"] = "ARCHIVED" if action == "archive" else "AVAILABLE"
            return {}
        return None

    def _delete(self, path: str, body: Any) -> Any:
        if path.startswith(f"{API}/runs/"):
            run_id = path.rsplit("/", 1)[1]
            self._run(run_id)
            del self.server.runs[run_id]
            return {}
        if path.startswith(f"{API}/recurringruns/"):
            recurring_id = path.rsplit("/", 1)[1]
            self._recurring(recurring_id)
            del self.server.recurring_runs[recurring_id]
            return {}
        return None

    # ---- pipelines --------------------------------------------------------------------
    def _uploaded_spec(self, body: Any) -> tuple[str, dict[str, Any]]:
        upload = (body.get("files") or {}).get("uploadfile") if isinstance(body, dict) else None
        if not upload:
            raise Refusal(400, "Failed to read pipeline from file", upload=True)
        documents = list(yaml.safe_load_all(upload["content"]))
        spec = documents[0] if len(documents) == 1 else {
            "pipeline_spec": documents[0], "platform_spec": documents[1]
        }  # fmt: skip
        return upload["filename"], spec

    def _upload_pipeline(self, body: Any) -> dict[str, Any]:
        server = self.server
        filename, spec = self._uploaded_spec(body)
        namespace = self._query("namespace")
        if server.multi_user and namespace:
            self._authorize(namespace, "create", "pipeline")
        name = self._query("name") or self._query("display_name") or filename
        if any(
            p["display_name"] == name and p["namespace"] == namespace
            for p in server.pipelines.values()
        ):
            raise Refusal(409, "Failed to create a pipeline and a pipeline version", upload=True)
        pipeline_id = str(uuid.uuid4())
        created = now()
        pipeline = {
            "pipeline_id": pipeline_id,
            "display_name": name,
            "name": name,
            "description": self._query("description"),
            # to the microsecond, counted in, so pipelines made within a second sort
            "created_at": f"{created[:-1]}.{len(server.pipelines) + 1:06d}Z",
            "namespace": namespace,
        }
        server.pipelines[pipeline_id] = pipeline
        self._add_version(pipeline_id, name, self._query("description"), spec, created)
        return pipeline

    def _upload_version(self, body: Any) -> dict[str, Any]:
        server = self.server
        filename, spec = self._uploaded_spec(body)
        pipeline_id = self._query("pipelineid")
        if pipeline_id not in server.pipelines:
            raise Refusal(400, "Failed to create a pipeline version", upload=True)
        namespace = server.pipelines[pipeline_id]["namespace"]
        if server.multi_user and namespace:
            self._authorize(namespace, "create", "pipeline")
        name = self._query("name") or self._query("display_name") or filename
        if any(
            v["pipeline_id"] == pipeline_id and v["display_name"] == name
            for v in server.versions.values()
        ):
            raise Refusal(409, "Failed to create a pipeline version", upload=True)
        return self._add_version(pipeline_id, name, self._query("description"), spec, now())

    def _add_version(
        self, pipeline_id: str, name: str, description: str, spec: dict[str, Any], created: str
    ) -> dict[str, Any]:
        version_id = str(uuid.uuid4())
        # created_at must order versions made within one second: count them in
        created = f"{created[:-1]}.{len(self.server.versions):06d}Z"
        version = {
            "pipeline_id": pipeline_id,
            "pipeline_version_id": version_id,
            "display_name": name,
            "name": name,
            "description": description,
            "created_at": created,
            "pipeline_spec": spec,
        }
        self.server.versions[version_id] = version
        return version

    # ---- recurring runs ---------------------------------------------------------------
    def _create_recurring(self, body: dict[str, Any]) -> dict[str, Any]:
        server = self.server
        self._spec_of(body)  # a pipeline spec or an existing version
        concurrency = int(body.get("max_concurrency") or 0)
        if not 1 <= concurrency <= 10:
            raise Refusal(
                400,
                "Failed to create a recurring run: Invalid input error: The max concurrency "
                f"of the recurring run is out of range. Support 1-10. Received {concurrency}.",
            )
        trigger = body.get("trigger") or {}
        cron = (trigger.get("cron_schedule") or {}).get("cron")
        periodic = trigger.get("periodic_schedule")
        if cron is not None:
            fields = cron.split()
            if not cron.startswith("@") and len(fields) not in (5, 6):
                raise Refusal(
                    400,
                    "Failed to create a recurring run: Invalid input error: Schedule cron is "
                    "not a supported format(https://godoc.org/github.com/robfig/cron). "
                    f"Error: Expected 5 or 6 fields, found {len(fields)}: {cron}",
                )
        if periodic is not None and int(periodic.get("interval_second") or 0) < 1:
            raise Refusal(
                400,
                "Failed to create a recurring run: Invalid input error: Found invalid period "
                f"schedule interval {periodic.get('interval_second') or 0}. Set at interval "
                "to least 1 second.",
            )
        namespace = server.experiment_namespaces.get(body.get("experiment_id", ""), "")
        if server.multi_user and not namespace:
            raise Refusal(400, "A recurring run cannot have an empty namespace in multi-user mode")
        self._authorize(namespace, "create", "job")
        recurring_id = str(uuid.uuid4())
        # to the microsecond, counted in, so recurring runs made within a second sort
        created = f"{now()[:-1]}.{len(server.recurring_runs) + 1:06d}Z"
        enabled = body.get("mode", "ENABLE") == "ENABLE"
        record = {
            **body,
            "recurring_run_id": recurring_id,
            "namespace": namespace,
            "max_concurrency": str(concurrency),
            "created_at": created,
            "updated_at": created,
            "status": "ENABLED" if enabled else "DISABLED",
            "mode": "ENABLE" if enabled else "DISABLE",
        }
        server.recurring_runs[recurring_id] = record
        return record


def serving(multi_user: bool = False) -> Iterator[KfpContractFake]:
    """A started fake, shut down afterwards (for pytest fixtures)."""
    server = KfpContractFake(multi_user=multi_user)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="KFP v2beta1 contract fake")
    parser.add_argument("--multi-user", action="store_true")
    args = parser.parse_args()
    server = KfpContractFake(multi_user=args.multi_user)
    print(f"KFP_FAKE_URL={server.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever(0.05)
    sys.exit(0)


if __name__ == "__main__":
    main()
