"""50,000 workspaces in 1,000 namespaces on make cluster's API server, made fast and kept
between runs (bench_scale.py measures the sidebar against them).

Namespaces ``scale-0000`` .. ``scale-0999`` hold 50 workspaces each, ``w00000`` ..
``w49999`` (so a name is unique across the cluster and a search for one finds one), each
labelled ``bench=scale`` and ``team=t0``..``t9``; every 10th on an older image (a redirect
of the sample kind), every 7th on the GPU pod config. Each then gets a status as the
Notebooks controller writes it: Running, Paused, Pending or Error. Creation is many
requests at once (the API server's etcd takes them as fast as it can commit); etcd's
quota (2 GiB in make cluster) holds the lot with room to spare.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from common import KUBECONFIG
from kubernetes import client, config

from jupyter_kubeflow.workspaces.kube import GROUP, VERSION, WORKSPACES

NAMESPACES = 1000
PER_NAMESPACE = 50
TOTAL = NAMESPACES * PER_NAMESPACE
LABEL = "bench=scale"
EMPTY = "scale-empty"  # a namespace with no workspaces: the "before" of the memory figure
THREADS = 48


def namespace_of(index: int) -> str:
    return f"scale-{index // PER_NAMESPACE:04d}"


def name_of(index: int) -> str:
    return f"w{index:05d}"


STATES = ["Running", "Running", "Running", "Paused", "Paused", "Pending", "Error"]


def manifest(index: int) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/{VERSION}",
        "kind": "Workspace",
        "metadata": {
            "name": name_of(index),
            "namespace": namespace_of(index),
            "labels": {"bench": "scale", "team": f"t{index % 10}"},
        },
        "spec": {
            "kind": "jupyterlab",
            "displayName": f"Scale {index}",
            "paused": STATES[index % len(STATES)] == "Paused",
            "podTemplate": {
                "options": {
                    "imageConfig": (
                        "jupyter-scipy:v1.9.2" if index % 10 == 5 else "jupyter-scipy:v1.10.0"
                    ),
                    "podConfig": "big_gpu" if index % 7 == 6 else "tiny_cpu",
                },
                "volumes": {"data": []},
            },
        },
    }


def status(index: int, state: str | None = None, message: str | None = None) -> dict[str, Any]:
    state = state or STATES[index % len(STATES)]
    now = int(time.time() * 1000)
    return {
        "status": {
            "state": state,
            "stateMessage": message or f"Workspace is {state.lower()}",
            "pendingRestart": False,
            "pauseTime": 0,
            "lastRunningTime": 0,
            "activity": {"lastActivity": now - (index * 7919) % 86_400_000, "lastUpdate": now},
            "podTemplatePod": {"name": f"ws-{name_of(index)}-0", "nodeName": "node-1"},
            "podTemplateOptions": {
                "imageConfig": {"desired": "jupyter-scipy:v1.10.0", "redirectChain": []},
                "podConfig": {"desired": "tiny_cpu", "redirectChain": []},
            },
        }
    }


def api_client(threads: int = THREADS) -> client.ApiClient:
    """The admin's client, with a connection per thread (the default pool keeps 4)."""
    configuration = client.Configuration()
    config.load_kube_config(str(KUBECONFIG), context="admin", client_configuration=configuration)
    configuration.connection_pool_maxsize = threads
    return client.ApiClient(configuration)


def in_parallel(work: Callable[[Any], None], items: Iterable[Any], what: str) -> None:
    items = list(items)
    if not items:
        return
    print(f"  {what}: {len(items)}...", flush=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        for done, _ in enumerate(pool.map(work, items), 1):
            if done % 5000 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"    {done} ({rate:.0f}/s)", flush=True)
    print(f"  {what}: {len(items)} in {time.perf_counter() - started:.0f} s", flush=True)


def existing(custom: client.CustomObjectsApi) -> dict[str, str]:
    """The bench's workspaces already there: namespace/name -> state (paged list)."""
    found: dict[str, str] = {}
    token = None
    while True:
        page = custom.list_cluster_custom_object(
            GROUP, VERSION, WORKSPACES, label_selector=LABEL, limit=5000, _continue=token
        )
        for obj in page["items"]:
            meta = obj["metadata"]
            found[f"{meta['namespace']}/{meta['name']}"] = (obj.get("status") or {}).get(
                "state", ""
            )
        token = page["metadata"].get("continue")
        if not token:
            return found


def populate() -> None:
    """Make what is missing (namespaces, workspaces, their status)."""
    api = api_client()
    core, custom = client.CoreV1Api(api), client.CustomObjectsApi(api)
    print(f"the cluster: {TOTAL} workspaces in {NAMESPACES} namespaces (made once, kept)")
    have_ns = {ns.metadata.name for ns in core.list_namespace().items}
    wanted_ns = [f"scale-{n:04d}" for n in range(NAMESPACES)] + [EMPTY]
    in_parallel(
        lambda ns: core.create_namespace({"metadata": {"name": ns}}),
        [ns for ns in wanted_ns if ns not in have_ns],
        "namespaces made",
    )
    have = existing(custom)

    def create(index: int) -> None:
        body = manifest(index)
        custom.create_namespaced_custom_object(
            GROUP, VERSION, body["metadata"]["namespace"], WORKSPACES, body
        )

    in_parallel(
        create,
        [i for i in range(TOTAL) if f"{namespace_of(i)}/{name_of(i)}" not in have],
        "workspaces made",
    )

    def set_status(index: int) -> None:
        custom.patch_namespaced_custom_object_status(
            GROUP, VERSION, namespace_of(index), WORKSPACES, name_of(index), status(index)
        )

    have = existing(custom)
    in_parallel(
        set_status,
        [i for i in range(TOTAL) if not have.get(f"{namespace_of(i)}/{name_of(i)}")],
        "statuses written (as the controller does)",
    )
    api.close()


if __name__ == "__main__":
    populate()
