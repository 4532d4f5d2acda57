"""The run store's parts one at a time (issue 16, mutation testing of ``pipelines/runs.py``):
what a run answers (``view``), in which order and for whom runs are listed, the log tail's
cut, the process identity a cancel trusts, and waiting. Real processes and files only; each
test was aimed at mutants that survived the route and cancel tests, which reach these parts
only as a whole. The ``<run>`` shape is the one ``docs/pipelines.md`` gives the frontend.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from jupyter_kubeflow.errors import Conflict, NotFound
from jupyter_kubeflow.pipelines.runs import (
    RunStore,
    _group_alive,
    _ps_start,
    _read_json,
    log_tail,
    process_start,
    relative_notebook,
)

from .test_runs_retention import fake_record


def record_of(store: RunStore, **fields: Any) -> dict[str, Any]:
    """A run record as the service writes it, without progress.json (a KFP run, or a local
    run before its process wrote any progress)."""
    run_id, _ = store.new_dir()
    record = {
        "id": run_id,
        "mode": "local",
        "notebook": "nb.ipynb",
        "pipeline": "nb",
        "created": 1000.0,
        "steps": ["one", "two"],
        **fields,
    }
    store.save(record)
    return record


def write_progress(store: RunStore, run_id: str, **progress: Any) -> None:
    (store.root / run_id / "progress.json").write_text(json.dumps(progress))


def sleeper(*, seconds: float = 30, name: str | None = None) -> subprocess.Popen[bytes]:
    """A process in a group of its own, as a run's runner is; ``name`` sets what
    /proc/PID/stat calls it (a symlink to the interpreter by that name)."""
    program = sys.executable
    if name is not None:
        link = Path(os.environ.get("TMPDIR", "/tmp")) / f"jk-{os.getpid()}-{name}"
        link.unlink(missing_ok=True)
        link.symlink_to(sys.executable)
        program = str(link)
    return subprocess.Popen(
        [program, "-c", f"import time; time.sleep({seconds})"], start_new_session=True
    )


# --- view: the <run> a KFP run and a local run answer -------------------------------------


def test_a_kfp_run_answers_its_record_whole(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = record_of(
        store,
        mode="kfp",
        runner=None,
        status="RUNNING",
        finished=None,
        parameters={"n": 3},
        error=None,
        url="http://kfp/#/runs/details/r1",
        kfp_run_id="r1",
        kfp_run_name="nb r1",
        namespace="alice",
    )
    (store.root / record["id"] / "log.txt").write_text("submitted\n")
    assert store.get(record["id"]) == {
        "id": record["id"],
        "mode": "kfp",
        "runner": None,
        "notebook": "nb.ipynb",
        "pipeline": "nb",
        "status": "RUNNING",
        "created": 1000.0,
        "finished": None,
        "parameters": {"n": 3},
        "steps": [
            {"name": "one", "status": "PENDING", "seconds": None},
            {"name": "two", "status": "PENDING", "seconds": None},
        ],
        "metrics": {},
        "log_tail": "submitted\n",
        "error": None,
        "url": "http://kfp/#/runs/details/r1",
        "kfp_run_id": "r1",
        "kfp_run_name": "nb r1",
        "namespace": "alice",
        "outputs": [],
        "outputs_where": None,
    }


def test_a_record_without_optional_fields_gets_the_defaults(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = record_of(store, mode="kfp")
    run = store.get(record["id"])
    assert run["status"] == "PENDING"
    assert run["parameters"] == {}
    optional = ("runner", "finished", "error", "url", "kfp_run_id", "kfp_run_name", "namespace")
    assert [run[k] for k in optional] == [None] * len(optional)
    assert run["log_tail"] == ""


def test_a_local_run_answers_its_progress_without_the_cache_fields(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = record_of(store, runner="warm", error="from the record")
    steps = [
        {"name": "one", "status": "SUCCEEDED", "seconds": 1.5, "key": "k1", "artifacts": {}},
        {"name": "two", "status": "FAILED", "seconds": 0.5, "cachedFrom": None},
    ]
    write_progress(
        store,
        record["id"],
        status="FAILED",
        finished=1234.0,
        steps=steps,
        metrics={"acc": 0.9},
        outputs=[{"step": "one", "name": "model"}],
        error="boom in cell 3",
    )
    run = store.get(record["id"])
    assert run["runner"] == "warm"
    assert run["status"] == "FAILED" and run["finished"] == 1234.0
    assert run["steps"] == [
        {"name": "one", "status": "SUCCEEDED", "seconds": 1.5},
        {"name": "two", "status": "FAILED", "seconds": 0.5, "cachedFrom": None},
    ]
    assert run["metrics"] == {"acc": 0.9}
    assert run["outputs"] == [{"step": "one", "name": "model"}]
    assert run["error"] == "boom in cell 3"  # the process's error wins over the record's
    write_progress(
        store, record["id"], status="SUCCEEDED", steps=[], metrics={}, outputs=[], error=None
    )
    assert store.get(record["id"])["error"] == "from the record"


def test_a_cancelled_run_skips_pending_steps_and_fails_the_running_one(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = record_of(store, status="CANCELLED", finished=2000.0)
    steps = [
        {"name": "a", "status": "SUCCEEDED", "seconds": 1.0},
        {"name": "b", "status": "RUNNING", "seconds": None},
        {"name": "c", "status": "PENDING", "seconds": None},
    ]
    write_progress(
        store, record["id"], status="RUNNING", finished=None, steps=steps, metrics={}, outputs=[]
    )
    run = store.get(record["id"])
    assert run["status"] == "CANCELLED"
    assert run["finished"] == 2000.0
    assert [s["status"] for s in run["steps"]] == ["SUCCEEDED", "FAILED", "SKIPPED"]


def test_a_run_whose_process_is_gone_is_failed_with_the_reason(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = record_of(store, status="RUNNING", pid=None, pid_start=None)
    before = time.time()
    run = store.get(record["id"])
    assert run["status"] == "FAILED"
    assert run["error"] == "The run's process ended before the run finished"
    assert before <= run["finished"] <= time.time()
    # the progress's own finish time and error are kept
    write_progress(
        store,
        record["id"],
        status="RUNNING",
        finished=42.0,
        error="killed",
        steps=[],
        metrics={},
        outputs=[],
    )
    run = store.get(record["id"])
    assert (run["status"], run["finished"], run["error"]) == ("FAILED", 42.0, "killed")


def test_a_run_whose_process_lives_stays_running(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    process = sleeper()
    try:
        record = record_of(store, pid=process.pid, pid_start=process_start(process.pid))
        write_progress(
            store, record["id"], status="RUNNING", steps=[], metrics={}, outputs=[], error=None
        )
        run = store.get(record["id"])
        assert (run["status"], run["finished"], run["error"]) == ("RUNNING", None, None)
        store._processes[record["id"]] = process  # now as the store's own child
        assert store.get(record["id"])["status"] == "RUNNING"
        process.kill()
        process.wait()
        assert store.get(record["id"])["status"] == "FAILED"
    finally:
        process.kill()
        process.wait()


# --- get, list, prune, new_dir, delete ----------------------------------------------------


@pytest.mark.parametrize("run_id", ["", "../runs", "a/b", "missing"])
def test_get_refuses_what_is_not_a_run_id(tmp_path: Path, run_id: str) -> None:
    store = RunStore(tmp_path)
    (store.root / "a").mkdir(parents=True)
    (store.root / "a" / "b").mkdir()
    (store.root / "a" / "b" / "run.json").write_text(json.dumps({"id": "a/b"}))
    with pytest.raises(NotFound) as caught:
        store.get(run_id)
    assert caught.value.message == f"No run {run_id!r}"
    assert caught.value.where == run_id


def test_list_is_newest_first_skips_stray_folders_and_filters(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    assert store.list() == []  # no runs folder yet
    old = fake_record(store, "/root/x/old.ipynb")
    new = fake_record(store, "/root/new.ipynb")
    elsewhere = fake_record(store, "/other/e.ipynb")
    (store.root / "stray").mkdir()  # no run.json: not a run
    (store.root / "broken").mkdir()
    (store.root / "broken" / "run.json").write_text("{")
    assert [r["id"] for r in store.list()] == [elsewhere["id"], new["id"], old["id"]]
    only = store.list(notebook_path="/root/x/old.ipynb")
    assert [r["id"] for r in only] == [old["id"]]
    under = store.list(under=Path("/root"))
    assert [(r["id"], r["notebook"]) for r in under] == [
        (new["id"], "new.ipynb"),
        (old["id"], "x/old.ipynb"),
    ]


def test_relative_notebook_needs_an_absolute_path_under_the_root() -> None:
    assert relative_notebook({"notebook_path": "/r/a/b.ipynb"}, Path("/r")) == "a/b.ipynb"
    assert relative_notebook({"notebook_path": "/s/b.ipynb"}, Path("/r")) is None
    assert relative_notebook({"notebook": "b.ipynb"}, Path("/r")) is None  # an old record
    assert relative_notebook({"notebook_path": 3}, Path("/r")) is None


def test_prune_spares_a_run_still_going_and_deletes_only_past_keep(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    oldest = fake_record(store, "/n.ipynb")
    going = fake_record(store, "/n.ipynb", status="RUNNING", pid=os.getpid())
    going = {**going, "pid_start": process_start(os.getpid())}  # this test stands for it
    store.save(going)
    (store.root / going["id"] / "progress.json").unlink()
    newest = fake_record(store, "/n.ipynb")
    store._processes[oldest["id"]] = subprocess.Popen(["true"])  # its finished runner
    store._processes[oldest["id"]].wait()
    assert store.prune("/n.ipynb", keep=1) == [oldest["id"]]
    assert oldest["id"] not in store._processes
    assert {r["id"] for r in store.list()} == {going["id"], newest["id"]}
    assert store.prune("/n.ipynb", keep=-1) == []
    assert store.prune("/n.ipynb", keep=2) == []


def test_new_dir_makes_a_fresh_time_ordered_folder(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "not-yet")
    run_id, run_dir = store.new_dir()
    assert re.fullmatch(r"[0-9a-f]{11,}-[0-9a-f]{6}", run_id), run_id
    assert run_dir == store.root / run_id and run_dir.is_dir()
    assert abs(int(run_id.split("-")[0], 16) / 1000 - time.time()) < 60
    second, _ = store.new_dir()
    assert second != run_id


def test_save_update_and_record_round_trip(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    record = record_of(store, status="PENDING")
    store.update(record["id"], status="SUCCEEDED", kfp_run_id="k")
    assert store.record(record["id"]) == {**record, "status": "SUCCEEDED", "kfp_run_id": "k"}
    store.update("missing", status="FAILED")  # nothing to update: nothing written
    assert not (store.root / "missing").exists()
    assert store.record("missing") is None
    (store.root / record["id"] / "run.json").write_text("not json")
    assert _read_json(store.root / record["id"] / "run.json") is None


def test_delete_and_cancel_name_what_they_refuse(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    running = fake_record(store, status="RUNNING", pid=os.getpid())
    running = {**running, "pid_start": process_start(os.getpid())}
    store.save(running)
    (store.root / running["id"] / "progress.json").unlink()
    with pytest.raises(Conflict) as caught:
        store.delete(running["id"])
    assert caught.value.message == (
        f"Run {running['id']} is still running: cancel it before deleting it"
    )
    assert caught.value.where == running["id"]
    done = fake_record(store)
    store._processes[done["id"]] = subprocess.Popen(["true"])  # the run's finished runner
    store._processes[done["id"]].wait()
    store.delete(done["id"])
    assert done["id"] not in store._processes  # a long-lived server forgets it too
    kfp = record_of(store, mode="kfp", status="RUNNING")
    with pytest.raises(Conflict) as caught:
        store.cancel(kfp["id"])
    assert caught.value.message == (
        "Only local runs can be cancelled here; cancel KFP runs in Kubeflow"
    )
    finished = fake_record(store)
    assert store.cancel(finished["id"])["status"] == "SUCCEEDED"  # nothing to cancel


# --- the log tail -------------------------------------------------------------------------


def test_the_tail_keeps_the_last_lines(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("".join(f"{i}\n" for i in range(300)))
    assert log_tail(log) == "".join(f"{i}\n" for i in range(100, 300))  # 200 lines by default
    assert log_tail(log, lines=2) == "298\n299\n"


def test_a_cut_line_ending_the_window_is_marked(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"y" * 100 + b"\n")  # one line, longer than the window, ending in \n
    assert log_tail(log, max_bytes=10) == "\u2026" + "y" * 9 + "\n"
    log.write_bytes(b"a\n" + b"z" * 20)  # the window holds no newline at all
    assert log_tail(log, max_bytes=8) == "\u2026" + "z" * 8
    log.write_bytes(b"first\nsecond\n")  # the window starts right after a newline
    assert log_tail(log, max_bytes=7) == "second\n"
    log.write_bytes(b"exactly\n")  # the whole file fits: no cut, no mark
    assert log_tail(log, max_bytes=8) == "exactly\n"


def test_a_cut_inside_a_character_starts_at_the_next_one(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(("\u00e9" * 50).encode())  # 2 bytes each; a window of 5 cuts one
    assert log_tail(log, max_bytes=5) == "\u2026" + "\u00e9" * 2
    log.write_bytes(("\u00c0" * 50).encode())  # C3 80: the cut lands on the 0x80 byte
    assert log_tail(log, max_bytes=5) == "\u2026" + "\u00c0" * 2


def test_the_window_edges(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"\nline\n")  # the window skips only the first byte, a newline
    assert log_tail(log, max_bytes=5) == "line\n"
    log.write_bytes(b"0123456789yyyy\nz")  # the window's only newline is next to last
    assert log_tail(log, max_bytes=6) == "z"


def test_bytes_that_are_not_utf8_are_replaced(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"\xff\xfe ok\n")  # a step printing raw bytes must not break the run
    assert log_tail(log) == "\ufffd\ufffd ok\n"


# --- which process a run is: start times and groups ---------------------------------------


@pytest.mark.parametrize("pid", [None, 0, -1, True, "1", 1.0])
def test_process_start_takes_only_a_positive_int(pid: Any) -> None:
    assert process_start(pid) is None
    assert process_start(1) is not None  # PID 1 is a process like any other


def test_process_start_tells_a_process_by_boot_and_start_time() -> None:
    boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    mine = process_start(os.getpid())
    assert mine is not None and mine.startswith(boot + ":")
    assert mine.split(":", 1)[1].isdigit()
    process = sleeper()
    try:
        theirs = process_start(process.pid)
        assert theirs is not None and theirs != mine  # started later: another tick count
        assert int(theirs.split(":")[1]) >= int(mine.split(":")[1])
    finally:
        process.kill()
        process.wait()
    assert process_start(process.pid) is None  # gone (and reaped)


def test_a_zombie_is_no_longer_the_run(tmp_path: Path) -> None:
    process = sleeper(seconds=0)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline, "the child never ended"
        time.sleep(0.02)
    try:
        assert process_start(process.pid) is None
        assert not _group_alive(process.pid)
    finally:
        process.wait()


def test_a_program_name_with_a_parenthesis_and_spaces_is_parsed(tmp_path: Path) -> None:
    # /proc/PID/stat puts the name in parentheses unescaped: split at the last ")"
    process = sleeper(name="x) 1 2 3 4 5")
    try:
        deadline = time.monotonic() + 30
        while "x) 1 2" not in Path(f"/proc/{process.pid}/stat").read_text():
            assert time.monotonic() < deadline, "the renamed process never showed"
            time.sleep(0.02)
        start = process_start(process.pid)
        assert start is not None
        # the start time in clock ticks since boot: after this test's own, not past now
        ticks = int(start.split(":")[1])
        now = float(Path("/proc/uptime").read_text().split()[0]) * os.sysconf("SC_CLK_TCK")
        assert int(process_start(os.getpid()).split(":")[1]) <= ticks <= now + 1
        assert _group_alive(process.pid)
    finally:
        process.kill()
        process.wait()
    assert not _group_alive(process.pid)


def test_a_group_is_told_by_its_group_id_not_its_session() -> None:
    # a process group inside this test's session: group id and session id differ
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"],
        preexec_fn=os.setpgrp,  # its own group (3.10 has no process_group=)
    )
    try:
        assert os.getpgid(process.pid) == process.pid != os.getsid(process.pid)
        assert _group_alive(process.pid)
    finally:
        process.kill()
        process.wait()


def test_ps_gives_the_start_time_where_there_is_no_proc() -> None:
    # the branch taken on macOS; ps is here too, so it is called directly
    mine = _ps_start(os.getpid())
    assert mine is not None and re.search(r"\d\d:\d\d:\d\d", mine), mine
    process = sleeper(seconds=0)
    process.wait()
    assert _ps_start(process.pid) is None


# --- waiting and stopping -----------------------------------------------------------------


def test_wait_honours_its_timeout_for_a_child_and_for_a_keepers_run(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    child = sleeper()
    other = sleeper()
    try:
        store._processes["mine"] = child
        with pytest.raises(subprocess.TimeoutExpired):
            store.wait("mine", timeout=0.2)
        kept = record_of(store, pid=other.pid, pid_start=process_start(other.pid))
        started = time.monotonic()
        with pytest.raises(subprocess.TimeoutExpired) as caught:
            store.wait(kept["id"], timeout=0.3)
        assert 0.3 <= time.monotonic() - started < 10
        assert (caught.value.cmd, caught.value.timeout) == (str(other.pid), 0.3)
        with pytest.raises(subprocess.TimeoutExpired) as caught:
            store.wait(kept["id"], timeout=0)
        assert caught.value.timeout == 0
        other.kill()
        other.wait()  # reaped: the record's process is gone
        assert store.wait(kept["id"], timeout=5) is None
        assert store.wait(kept["id"]) is None  # no timeout: until it ends (it has)
        child.kill()
        assert store.wait("mine", timeout=5) == -signal.SIGKILL
    finally:
        for process in (child, other):
            process.kill()
            process.wait()


def test_stopping_a_group_that_already_ended_is_quiet(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    process = sleeper(seconds=0)
    process.wait()
    store.cancel_grace = 0.2
    store._stop_group(process.pid, process)  # ProcessLookupError from killpg, suppressed
    store._stop_group(process.pid, None)


# --- the run's process: where its output goes ---------------------------------------------


def test_a_steps_output_reaches_the_log_as_it_runs_and_stdin_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner and its steps (clean interpreters here) write unbuffered into log.txt,
    stderr included, and read end-of-file on stdin, not the server's own stdin (a pipe
    nobody writes to stands for a terminal here)."""
    from jupyter_kubeflow.pipelines.service import PipelinesService

    from .test_runs_cancel import notebook

    source = (
        "import os, sys, time\n"
        "print('to stdout')\n"  # no flush: shows only if the step's stdout is unbuffered
        "print('to stderr', file=sys.stderr)\n"
        "while not os.path.exists('go'):\n"
        "    time.sleep(0.05)\n"
        "try:\n"
        "    input()\n"
        "except EOFError:\n"
        "    print('stdin: end of file', flush=True)\n"
        "time.sleep(120)"
    )
    nb = notebook(tmp_path / "talk.ipynb", [(source, "step:talk")])
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # a server started without it
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    read_end, write_end = os.pipe()  # the server's stdin: open, never written
    saved_stdin = os.dup(0)
    os.dup2(read_end, 0)
    try:
        run = service.start_run_file(nb, "local", {}, runner="clean")
    finally:
        os.dup2(saved_stdin, 0)
        os.close(saved_stdin)
        os.close(read_end)

    def log_shows(*lines: str) -> None:
        deadline = time.monotonic() + 30
        while True:  # while the step still runs: nothing held back in a buffer
            current = service.runs.get(run["id"])
            if all(line in current["log_tail"] for line in lines):
                assert current["status"] == "RUNNING", current
                return
            assert current["status"] in ("PENDING", "RUNNING"), current["log_tail"]
            assert time.monotonic() < deadline, f"{lines} never showed: {current['log_tail']!r}"
            time.sleep(0.1)

    try:
        log_shows("to stdout", "to stderr")
        (tmp_path / "go").touch()
        log_shows("stdin: end of file")
    finally:
        service.runs.cancel(run["id"])
        service.runs.wait(run["id"], timeout=30)
        os.close(write_end)
