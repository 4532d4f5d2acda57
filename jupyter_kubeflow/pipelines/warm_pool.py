"""A preloaded runner kept between runs of a notebook, so a re-run does not import pandas,
scikit-learn & co. again.

After a warm run, the run's process forks a *keeper*: a process in its own session that
holds the modules the notebook imports and waits (``keep_warm`` seconds at most) on a Unix
socket under ``data_dir/warm/``. The next run of a notebook with the same imports, folder,
interpreter and environment asks it to run: the keeper forks a runner, which starts its own
session (so cancel stops that run and nothing else), writes to the run's log and runs
``run_local.run`` as the spawned runner would. The keeper refuses, and ends, when a module
it holds changed on disk since it loaded it (an edited helper module, an upgraded package):
the run then starts in a fresh process. Socket and folder are the user's own (0700).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

# Variables that differ between two runs of the same setup without changing what runs.
VOLATILE_ENV = ("JPY_SESSION_NAME", "_", "OLDPWD", "SHLVL", "PWD", "TERM_SESSION_ID")
MAX_SOCKET_PATH = 100  # AF_UNIX paths hold about 108 bytes


def key(request: dict[str, Any], cwd: Path, environ: dict[str, str]) -> str:
    """What a keeper must share with a run to serve it: the imports (not the rest of the
    code: editing a step keeps the keeper), the notebook, folder, interpreter, environment."""
    from .warm import import_statements

    env = {k: v for k, v in environ.items() if k not in VOLATILE_ENV}
    identity = {
        "imports": import_statements([s for s in request.get("preload", []) if isinstance(s, str)]),
        "notebook": request.get("notebook_path"),
        "cwd": str(cwd.resolve()),
        "python": sys.executable,
        "env": sorted(env.items()),
    }
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:20]


def socket_path(runs_root: Path, pool_key: str) -> Path | None:
    path = runs_root.parent / "warm" / f"{pool_key}.sock"
    return path if len(str(path)) <= MAX_SOCKET_PATH else None


def ask(
    runs_root: Path, run_dir: Path, request: dict[str, Any], cwd: Path, environ: dict[str, str]
) -> int | None:
    """Have a waiting keeper start the run: the runner's pid, or None (start it yourself).
    ``environ``: the environment the run's own process would get."""
    path = socket_path(runs_root, key(request, cwd, environ))
    if path is None or not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(5)
            conn.connect(str(path))
            conn.sendall(json.dumps({"run_dir": str(run_dir)}).encode() + b"\n")
            answer = json.loads(_read_line(conn))
    except (OSError, ValueError):
        return None
    pid = answer.get("pid")
    return pid if isinstance(pid, int) and pid > 0 else None


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n") and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _module_files() -> dict[str, int]:
    files = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str):
            with contextlib.suppress(OSError):
                files[path] = os.stat(path).st_mtime_ns
    return files


def _unchanged(files: dict[str, int]) -> bool:
    for path, mtime in files.items():
        try:
            if os.stat(path).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


def keep(runs_root: Path, pool_key: str, seconds: float) -> None:
    """In the run's process, once its run is over: leave a keeper behind (fork, new session).
    ``pool_key``: computed when the process started, before the run changed its environment."""
    if seconds <= 0 or not hasattr(os, "fork"):
        return
    path = socket_path(runs_root, pool_key)
    if path is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    if os.fork() != 0:
        return
    code = 0
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        _serve(runs_root, path, seconds)
    except BaseException:  # noqa: BLE001 - a keeper that fails just goes away
        code = 1
    finally:
        os._exit(code)


def _serve(runs_root: Path, path: Path, seconds: float) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if path.exists():
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as probe:
            probe.connect(str(path))
            return  # another keeper serves this setup already
        path.unlink(missing_ok=True)
    files = _module_files()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    pid_file = path.with_suffix(".pid")  # who the keeper is, for people and tests
    pid_file.write_text(str(os.getpid()))
    server.settimeout(1.0)
    idle_since = time.monotonic()
    try:
        while time.monotonic() - idle_since < seconds and Path.cwd().exists():
            with contextlib.suppress(ChildProcessError):
                while os.waitpid(-1, os.WNOHANG)[0]:
                    pass  # runners that ended
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                request = json.loads(_read_line(conn) or b"{}")
                run_dir = Path(str(request.get("run_dir", "")))
                if run_dir.parent != runs_root or not (run_dir / "request.json").is_file():
                    conn.sendall(b'{"refused": "not a run of this data folder"}\n')
                    continue
                if not _unchanged(files):
                    conn.sendall(b'{"refused": "a module changed on disk"}\n')
                    return
                pid = _start_runner(run_dir, server, conn)
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            idle_since = time.monotonic()
    finally:
        server.close()
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
            pid_file.unlink(missing_ok=True)


def _start_runner(run_dir: Path, server: socket.socket, conn: socket.socket) -> int:
    pid = os.fork()
    if pid != 0:
        return pid
    code = 1
    try:
        server.close()
        conn.close()
        os.setsid()  # its own process group: cancelling this run stops this run only
        log = os.open(run_dir / "log.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        from . import run_local

        code = run_local.run(run_dir, keep_warm=False)
    except BaseException:  # noqa: BLE001 - reported in the run's log
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
