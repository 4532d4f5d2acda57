"""The sidebar at 50,000 workspaces in 1,000 namespaces (issue 23): figures, not pass/fail.

Runs a control plane of its own with make cluster's script and binaries (cluster/up.sh
with CLUSTER_STATE=.cluster-scale and its own ports, so the 50,000 stay out of the
cluster the tests share), fills it once (scale_cluster.py: kept between runs), then:

* in this process, the workspaces service (what the Jupyter server runs): how long the
  first list of all namespaces takes, the memory its cache holds, and what a query
  (search, filter, sort, one page) costs over the 50,000;
* a real ``jupyter lab`` with Debian's Chromium (scale_browser.cjs): first rows after
  choosing "All namespaces" (the server's cache cold, then warm), a search narrowing to its
  one row, scrolling, a status change reaching its row, the page's DOM nodes, the bytes
  the browser receives for each; and the Jupyter server's memory with no workspaces shown
  and after all that (goals: < 1 s, < 300 ms, < 3,000 nodes, < 1 s, < 300 MB more).

Run: python benchmarks/workspaces/bench_scale.py [--stop] (--stop: stop the bench's
control plane afterwards; its data stays in .cluster-scale for the next run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STATE = REPO / ".cluster-scale"
# Ports: apart from every checkout's make cluster (20000-23999), chosen from this path.
PORT_BASE = 24000 + sum(str(REPO).encode()) % 1000 * 4
os.environ.update(CLUSTER_STATE=str(STATE), CLUSTER_PORT_BASE=str(PORT_BASE))

sys.path.insert(0, str(HERE))
import common  # noqa: E402

common.KUBECONFIG = STATE / "kubeconfig"  # the bench's own cluster
import scale_cluster  # noqa: E402

from jupyter_kubeflow.workspaces.service import WorkspacesService  # noqa: E402


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def in_process() -> None:
    """The service without a Jupyter server: the cache's cost and the queries' speed."""
    before = rss_mb()
    svc = WorkspacesService(str(common.KUBECONFIG), "admin", "")
    started = time.perf_counter()
    page = json.loads(await svc.query_json(None, {"limit": "50"}))
    first = time.perf_counter() - started
    print(
        f"[service] first page of all namespaces, cache cold: {page['total']} rows in "
        f"{ms(first)}, still loading {page.get('loading')}"
    )
    while "loading" in page:  # the rest of the first list (paged LISTs of 500)
        await asyncio.sleep(0.2)
        page = json.loads(await svc.query_json(None, {"limit": "50"}))
    loaded = time.perf_counter() - started
    print(
        f"[service] whole first list of all namespaces: {page['total']} workspaces in "
        f"{ms(loaded)} (each item described and encoded once)"
    )
    await asyncio.sleep(2)  # let the watch settle before reading memory
    print(f"[service] memory held by the cache: {rss_mb() - before:.0f} MB (this process' RSS)")
    queries = {
        "one name (search)": {"search": "w04217"},
        "a search matching 1,000 (w01...)": {"search": "w01"},
        "state Error": {"state": "Error"},
        "label team=t3": {"labels": "team=t3"},
        "image contains v1.9.2, by GPU desc": {"image": "v1.9.2", "sort": "gpu", "order": "desc"},
        "all, by last activity desc": {"sort": "lastActivity", "order": "desc"},
        "all, rows 25,000-25,060": {"offset": "25000", "limit": "60"},
    }
    for label, params in queries.items():
        times, size, total = [], 0, 0
        for _ in range(10):
            t0 = time.perf_counter()
            body = await svc.query_json(None, {"limit": "60", **params})
            times.append(time.perf_counter() - t0)
            size, total = len(body), json.loads(body)["total"]
        print(
            f"[service] query {label}: {total} match, one page of {size / 1000:.0f} kB "
            f"in median {ms(statistics.median(times))} (max {ms(max(times))})"
        )
    await svc.aclose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(port: int) -> subprocess.Popen:
    lab = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--config", "jupyter_server_test_config.py",
            f"--port={port}", "--no-browser",
            f"--KubeflowExtension.kubeconfig={common.KUBECONFIG}",
            "--KubeflowExtension.kube_context=admin",
        ],
        cwd=REPO / "ui-tests", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=2)
            return lab
        except OSError:
            time.sleep(0.25)
    lab.kill()
    raise RuntimeError("jupyter lab did not start")


def whole_list_size(port: int) -> int:
    """What the list used to send the browser for "All namespaces" (GET workspaces)."""
    route = f"http://127.0.0.1:{port}/kubeflow/api/workspaces"
    with urllib.request.urlopen(route, timeout=120) as answer:
        return len(answer.read())


def in_browser() -> None:
    port = free_port()
    lab = start_lab(port)
    try:
        node = subprocess.Popen(
            ["node", str(HERE / "scale_browser.cjs"), f"http://127.0.0.1:{port}/",
             str(common.KUBECONFIG), scale_cluster.EMPTY],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )  # fmt: skip
        assert node.stdout is not None and node.stdin is not None
        memory: dict[str, float] = {}
        for line in node.stdout:
            message = json.loads(line)
            if "pause" in message:
                time.sleep(3)  # settle (the watch's first list, the garbage collector)
                memory[message["pause"]] = rss_mb(lab.pid)
                node.stdin.write("go\n")
                node.stdin.flush()
                continue
            name = message.pop("figure")
            print(f"[browser] {name}: {json.dumps(message)}", flush=True)
        if node.wait() != 0:
            raise RuntimeError("the browser run failed")
        print(
            f"[server] Jupyter server RSS: {memory['before']:.0f} MB before the sidebar "
            f"opened (no workspaces read), {memory['after']:.0f} MB after all namespaces "
            f"(+{memory['after'] - memory['before']:.0f} MB; goal < 300 MB more)"
        )
        print(
            f"[server] the whole list (GET workspaces, what the browser used to get): "
            f"{whole_list_size(port) / 1e6:.1f} MB"
        )
    finally:
        lab.terminate()
        lab.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stop", action="store_true", help="stop the bench's control plane")
    args = parser.parse_args()
    subprocess.run([str(REPO / "cluster" / "up.sh")], check=True)
    scale_cluster.populate()
    try:
        asyncio.run(in_process())
        in_browser()
    finally:
        if args.stop:
            subprocess.run([str(REPO / "cluster" / "down.sh")], check=True)


if __name__ == "__main__":
    main()
