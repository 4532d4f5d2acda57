"""A notebook's pipeline kept on Kubeflow Pipelines: uploaded as a named KFP pipeline, again
as a new version whenever it changed (the version's description says from what: the
notebook's hash and the time), its versions listed and run; and the namespace's
experiments. All through ``kfp.Client``'s own methods, in the profile namespace on a
multi-user KFP.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, NotFound
from .kfp_runs import _get, filter_equals, kfp_time
from .kfp_session import KfpSession

# What a version's description starts with, so the next upload can tell "unchanged".
MARK = "pipeline sha256:"
_MARKED = re.compile(r"pipeline sha256:([0-9a-f]{12})")
MAX_EXPERIMENTS = 2000  # a bound on what one listing reads (ten pages of 200)
MAX_VERSIONS = 1000  # a pipeline's newest versions listed (five pages)
# pipelines whose name equals a notebook's but for case (KFP's filter ignores case) read at most
MAX_NAMESAKES = 200
MAX_NAME = 128  # KFP's pipeline and version names are varchar(128) (its ValidateFieldLength)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def version_description(package: Path, notebook: Path, relative: str) -> str:
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    return (
        f"{MARK}{digest(package.read_bytes())}, from notebook {relative} "
        f"(sha256:{digest(notebook.read_bytes())}), uploaded {when}"
    )


def find_pipeline(session: KfpSession, name: str) -> Any | None:
    """The KFP pipeline named ``name`` in the session's namespace (shared ones on a
    single-user KFP), or None."""
    # KFP's EQUALS ignores case (filter.go compares LOWER()s; MySQL's collation too), so
    # "Train" and "TRAIN" answer as well: every page of them, for the one named exactly
    for pipeline in session.each(
        session.client.list_pipelines,
        "pipelines",
        MAX_NAMESAKES,
        filter=filter_equals("display_name", name),
        namespace=session.namespace,
    ):
        if _get(pipeline, "display_name") == name:
            return pipeline
    return None


def versions(
    session: KfpSession, pipeline_id: str, limit: int = MAX_VERSIONS
) -> list[dict[str, Any]]:
    """The pipeline's versions, newest first (every page, ``limit`` at most)."""
    out = []
    for version in session.each(
        session.client.list_pipeline_versions,
        "pipeline_versions",
        limit,
        pipeline_id,
        sort_by="created_at desc",
        client_error=NotFound,
    ):
        out.append(
            {
                "id": _get(version, "pipeline_version_id"),
                "name": _get(version, "display_name"),
                "description": _get(version, "description") or "",
                "created": kfp_time(_get(version, "created_at")),
                "url": session.url(
                    f"pipelines/details/{pipeline_id}/version/"
                    f"{_get(version, 'pipeline_version_id')}"
                ),
            }
        )
    return out


def upload(
    session: KfpSession, package: Path, name: str, description: str, always: bool = False
) -> dict[str, Any]:
    """Upload ``package`` as pipeline ``name``: a new pipeline, else a new version of it,
    unless its newest version is this very package (same hash) and not ``always``.
    ``{pipeline_id, pipeline_name, version_id, version_name, created, unchanged, url}``."""
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Pipeline name is longer than {MAX_NAME} characters", field="name")
    pipeline = find_pipeline(session, name)
    if pipeline is None:
        created = session.call(
            session.client.upload_pipeline,
            str(package),
            pipeline_name=name,
            description=description,
            namespace=session.namespace,
        )
        pipeline_id = _get(created, "pipeline_id")
        newest = versions(session, pipeline_id, limit=1)
        return _answer(session, pipeline_id, name, newest[0], unchanged=False)
    pipeline_id = _get(pipeline, "pipeline_id")
    newest = versions(session, pipeline_id, limit=1)
    mark = _MARKED.search(description)
    if newest and not always and mark and mark.group(0) in newest[0]["description"]:
        return _answer(session, pipeline_id, name, newest[0], unchanged=True)
    now = time.time()  # to the millisecond: version names are unique per pipeline
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}"
    version_name = f"{name} {stamp}"
    if mark:
        version_name += f" {mark.group(1)[:7]}"
    version = session.call(
        session.client.upload_pipeline_version,
        str(package),
        pipeline_version_name=version_name[:MAX_NAME],
        pipeline_id=pipeline_id,
        description=description,
    )
    made = {
        "id": _get(version, "pipeline_version_id"),
        "name": _get(version, "display_name"),
        "description": _get(version, "description") or description,
        "created": kfp_time(_get(version, "created_at")),
    }
    return _answer(session, pipeline_id, name, made, unchanged=False)


def _answer(
    session: KfpSession, pipeline_id: str, name: str, version: dict[str, Any], unchanged: bool
) -> dict[str, Any]:
    return {
        "pipeline_id": pipeline_id,
        "pipeline_name": name,
        "version_id": version["id"],
        "version_name": version["name"],
        "description": version["description"],
        "created": version["created"],
        "unchanged": unchanged,
        "url": session.url(f"pipelines/details/{pipeline_id}/version/{version['id']}"),
    }


def experiments(session: KfpSession) -> list[dict[str, Any]]:
    """The namespace's experiments, newest first, every page of them: KFP answers at most
    200 a page (its list.maxPageSize) and a ``next_page_token`` while more are left."""
    found = session.each(
        session.client.list_experiments,
        "experiments",
        MAX_EXPERIMENTS,
        sort_by="created_at desc",
        namespace=session.namespace,
    )
    return [
        {
            "id": _get(e, "experiment_id"),
            "name": _get(e, "display_name"),
            "description": _get(e, "description") or "",
            "created": kfp_time(_get(e, "created_at")),
            "archived": _get(e, "storage_state") == "ARCHIVED",
            "url": session.url(f"experiments/details/{_get(e, 'experiment_id')}"),
        }
        for e in found
    ]


def experiment_id(session: KfpSession, name: str) -> str:
    """The experiment named ``name`` in the namespace, created when there is none."""
    made = session.call(session.client.create_experiment, name, namespace=session.namespace)
    return _get(made, "experiment_id")


def run_version(
    session: KfpSession,
    pipeline_id: str,
    version_id: str,
    experiment: str,
    run_name: str,
    arguments: dict[str, Any],
) -> str:
    """Start a run of a pipeline version; its KFP run id."""
    exp_id = experiment_id(session, experiment or "Default")
    run = session.call(
        session.client.run_pipeline,
        exp_id,
        run_name,
        params=arguments,
        pipeline_id=pipeline_id,
        version_id=version_id,
    )
    return _get(run, "run_id")
