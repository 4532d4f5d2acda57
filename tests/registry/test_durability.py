"""Concurrency and durability of the standalone embedded registry (a real subprocess)."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .standalone import StandaloneRegistry


def post(api: str, path: str, body: dict[str, Any], timeout: float = 10) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{api}/{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def get(api: str, path: str) -> Any:
    with urllib.request.urlopen(f"{api}/{path}", timeout=10) as response:
        return json.loads(response.read())


def all_models(api: str) -> list[dict[str, Any]]:
    items, token = [], ""
    while True:
        page = get(api, f"registered_models?pageSize=500&nextPageToken={token}")
        items += page["items"]
        token = page["nextPageToken"]
        if not token:
            return items


def _writer_process(api: str, prefix: str, count: int, out: Any) -> None:
    ok = 0
    for n in range(count):
        status, _ = post(api, "registered_models", {"name": f"{prefix}-{n}"})
        ok += status == 201
    out.put((prefix, ok))


def test_many_concurrent_writers(standalone: StandaloneRegistry) -> None:
    # 4 processes x 25 models, plus 8 threads racing on the same 10 names.
    queue: Any = multiprocessing.get_context("spawn").Queue()
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_writer_process, args=(standalone.api, f"p{i}", 25, queue))
        for i in range(4)
    ]
    for proc in procs:
        proc.start()

    def race(n: int) -> int:
        return post(standalone.api, "registered_models", {"name": f"shared-{n % 10}"})[0]

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(race, range(80)))
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    results = dict(queue.get(timeout=5) for _ in procs)
    assert results == {f"p{i}": 25 for i in range(4)}
    # each shared name created exactly once; the other attempts are clean 409s
    assert statuses.count(201) == 10 and statuses.count(409) == 70
    names = [m["name"] for m in all_models(standalone.api)]
    assert len(names) == len(set(names)) == 110
    ids = [int(m["id"]) for m in all_models(standalone.api)]
    assert len(set(ids)) == 110


def test_sigkill_mid_write_loses_no_acknowledged_write(standalone: StandaloneRegistry) -> None:
    acknowledged: list[str] = []
    stop = threading.Event()

    def write_loop(worker: int) -> None:
        n = 0
        while not stop.is_set():
            name = f"w{worker}-{n}"
            n += 1
            try:
                status, body = post(standalone.api, "registered_models", {"name": name}, 5)
            except OSError:
                return  # server gone: this write was never acknowledged
            if status == 201:
                acknowledged.append(body["name"])

    threads = [threading.Thread(target=write_loop, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 150:  # the writers' own pace; a stalled server fails loudly
        if time.monotonic() > deadline or not any(t.is_alive() for t in threads):
            stop.set()
            raise AssertionError(f"only {len(acknowledged)} writes acknowledged in 60 s")
        threading.Event().wait(0.01)
    standalone.kill()  # SIGKILL while the writers are still writing
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    standalone.start()
    stored = {m["name"] for m in all_models(standalone.api)}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost"
    assert len(acknowledged) >= 150
