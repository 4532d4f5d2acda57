"""All namespaces at once, against make cluster (goals of issue 13: listing 5,000 workspaces
across all namespaces from the cache under 50 ms; a status change reaching the panel under
100 ms p95).

Makes 5,000 workspaces spread over 5 namespaces (bench-all-0..4), then measures, for two
users:
  - admin: may list workspaces cluster-wide -> one cluster-wide watch;
  - a service account allowed in those 5 namespaces only (its own token) -> one watch per
    namespace, merged;
  * the list: what GET /kubeflow/api/workspaces sends (cache + cached scope and access
    reviews), JSON ready to send, after the first call;
  * the latency: a status change written through the status subresource (as the Notebooks
    controller does) until the event is in the queue the SSE handler reads (the handler
    then writes one line), through the all-namespaces stream.
The workspaces are deleted at the end (the shared cluster is not left with 5,000 of them)
unless --keep. The namespaces stay (without a controller-manager a namespace never finishes
terminating).
Run: python benchmarks/workspaces/bench_all_namespaces.py [--keep] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from kubernetes import client

sys.path.insert(0, str(Path(__file__).parent))
from common import KUBECONFIG, REPO, manifest, service, start_cluster  # noqa: E402

from jupyter_kubeflow.workspaces.kube import GROUP, VERSION, WORKSPACES  # noqa: E402
from jupyter_kubeflow.workspaces.service import WorkspacesService  # noqa: E402

NAMESPACES = [f"bench-all-{i}" for i in range(5)]
COUNT = 5000
LABEL = "bench=all-namespaces"
SA, SA_NAMESPACE = "bench-lister", "default"


def kubectl(*args: str, input: str | None = None) -> str:
    cmd = subprocess.run(
        ["bash", "-c", f'source "{REPO}/cluster/versions.sh" && printf %s "$KUBECTL"'],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    out = subprocess.run(
        [cmd, "--kubeconfig", str(KUBECONFIG), "--context", "admin", *args],
        input=input, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout


def ensure(custom: client.CustomObjectsApi, core: client.CoreV1Api) -> None:
    existing_ns = {n.metadata.name for n in core.list_namespace().items}
    for ns in NAMESPACES:
        if ns not in existing_ns:
            core.create_namespace({"metadata": {"name": ns}})
    per = COUNT // len(NAMESPACES)
    wanted = [(ns, f"ws-{i:05d}") for ns in NAMESPACES for i in range(per)]
    have = {
        (o["metadata"]["namespace"], o["metadata"]["name"])
        for ns in NAMESPACES
        for o in custom.list_namespaced_custom_object(
            GROUP, VERSION, ns, WORKSPACES, label_selector=LABEL
        )["items"]
    }
    missing = [w for w in wanted if w not in have]
    if not missing:
        return
    print(f"creating {len(missing)} workspaces over {len(NAMESPACES)} namespaces...", flush=True)
    started = time.perf_counter()

    def create(key: tuple[str, str]) -> None:
        body = manifest(*key)
        body["metadata"]["labels"] = {"bench": "all-namespaces"}
        custom.create_namespaced_custom_object(GROUP, VERSION, key[0], WORKSPACES, body)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, missing))
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)


def lister_kubeconfig(folder: Path) -> Path:
    """A token of a service account allowed to list/watch workspaces in NAMESPACES only."""
    objects = [
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": SA, "namespace": SA_NAMESPACE}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
         "metadata": {"name": SA}, "rules": [
             {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["list"]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
         "metadata": {"name": SA},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": SA},
         "subjects": [{"kind": "ServiceAccount", "name": SA, "namespace": SA_NAMESPACE}]},
    ]  # fmt: skip
    for ns in NAMESPACES:
        objects += [
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
             "metadata": {"name": SA, "namespace": ns}, "rules": [
                 {"apiGroups": ["kubeflow.org"], "resources": ["workspaces"],
                  "verbs": ["get", "list", "watch"]}]},
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
             "metadata": {"name": SA, "namespace": ns},
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": SA},
             "subjects": [{"kind": "ServiceAccount", "name": SA, "namespace": SA_NAMESPACE}]},
        ]  # fmt: skip
    kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List",
                                                  "items": objects}))  # fmt: skip
    token = kubectl("-n", SA_NAMESPACE, "create", "token", SA, "--duration=1h").strip()
    admin = yaml.safe_load(KUBECONFIG.read_text())
    cluster = admin["clusters"][0]["name"]
    config = {
        "apiVersion": "v1", "kind": "Config", "clusters": admin["clusters"],
        "users": [{"name": SA, "user": {"token": token}}],
        "contexts": [{"name": SA, "context": {"cluster": cluster, "user": SA,
                                              "namespace": NAMESPACES[0]}}],
        "current-context": SA,
    }  # fmt: skip
    path = folder / "kubeconfig"
    path.write_text(json.dumps(config))
    os.chmod(path, 0o600)
    return path


def status(message: str) -> dict:
    return {"status": {
        "state": "Running", "stateMessage": message, "pendingRestart": False, "pauseTime": 0,
        "lastRunningTime": 0, "activity": {"lastActivity": 0, "lastUpdate": 0},
        "podTemplatePod": {"name": "pod", "nodeName": "node"},
        "podTemplateOptions": {
            "imageConfig": {"desired": "jupyter-scipy:v1.10.0", "redirectChain": []},
            "podConfig": {"desired": "tiny_cpu", "redirectChain": []}},
    }}  # fmt: skip


async def measure(label: str, svc: WorkspacesService, admin: client.CustomObjectsApi,
                  rounds: int) -> None:  # fmt: skip
    started = time.perf_counter()
    first = json.loads(await svc.list_all_workspaces_json())
    cold = (time.perf_counter() - started) * 1000
    listed = [i for i in first["items"] if i["namespace"] in NAMESPACES]
    assert len(listed) >= COUNT, len(listed)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        body = await svc.list_all_workspaces_json()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"[{label}] {len(first['items'])} workspaces in {len(first['namespaces'])} "
          f"namespaces listed ({len(body) / 1e6:.1f} MB of JSON); forbidden: "
          f"{len(first['forbidden'])}")  # fmt: skip
    print(f"[{label}] first list (LISTs + access reviews): {cold:.0f} ms")
    print(f"[{label}] cached list, JSON ready to send: median {statistics.median(times):.1f} "
          f"ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms "
          f"over {rounds} rounds (goal < 50 ms)")  # fmt: skip

    view, subscriber = await svc.open_stream(None)
    await view.items()
    latencies = []
    try:
        for i in range(rounds):
            ns, name = NAMESPACES[i % len(NAMESPACES)], f"ws-{i:05d}"
            message = f"{label} round {i} {time.time()}"
            t0 = time.perf_counter()
            await asyncio.to_thread(
                admin.patch_namespaced_custom_object_status,
                GROUP, VERSION, ns, WORKSPACES, name, status(message),
            )  # fmt: skip
            while True:
                _, data = await asyncio.wait_for(subscriber.queue.get(), 10)
                item = data.get("item") or {}
                if item.get("stateMessage") == message:
                    break
            latencies.append((time.perf_counter() - t0) * 1000)
    finally:
        view.unsubscribe(subscriber)
    latencies.sort()
    print(f"[{label}] status change -> all-namespaces stream subscriber (includes the PATCH "
          f"round trip): median {statistics.median(latencies):.1f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms, max {latencies[-1]:.1f} ms "
          f"over {rounds} rounds (goal p95 < 100 ms)")  # fmt: skip


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep the 5,000 workspaces")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    start_cluster()
    admin_svc = service()
    api = admin_svc.connection.get().api
    custom, core = client.CustomObjectsApi(api), client.CoreV1Api(api)
    ensure(custom, core)
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min)")
    try:
        await measure("admin, cluster-wide watch", admin_svc, custom, args.rounds)
        with tempfile.TemporaryDirectory() as folder:
            config = lister_kubeconfig(Path(folder))
            lister = WorkspacesService(str(config), SA, "/workspace/{namespace}/{name}/")
            try:
                await measure("5-namespace user, 5 watches", lister, custom, args.rounds)
            finally:
                await lister.aclose()
    finally:
        print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min)")
        await admin_svc.aclose()
        if not args.keep:
            for ns in NAMESPACES:
                custom.delete_collection_namespaced_custom_object(
                    GROUP, VERSION, ns, WORKSPACES, label_selector=LABEL
                )
            print("benchmark workspaces deleted (--keep keeps them)")


if __name__ == "__main__":
    asyncio.run(main())
