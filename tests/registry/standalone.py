"""Run ``jupyter kubeflow registry serve`` as a real subprocess for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StandaloneRegistry:
    """The standalone server on a data dir; start/stop/kill/restart it."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        debug_log: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self.debug_log = debug_log  # log at DEBUG (every logger), e.g. to look for a leak
        self.port = port or free_port()
        self.args = args  # more options of `registry serve` (--token, --allowed-host)
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/api/model_registry/v1"

    def start(self) -> StandaloneRegistry:
        # ``serve`` sets up INFO logging unless logging is already set up: set DEBUG first.
        debug = (
            "import logging, sys; logging.basicConfig(level=logging.DEBUG, "
            "format='%(levelname)s %(name)s %(message)s'); "
            "from jupyter_kubeflow.cli import main; sys.exit(main(sys.argv[1:]))"
        )
        cmd = [
            sys.executable,
            *(["-c", debug] if self.debug_log else ["-m", "jupyter_kubeflow.cli"]),
            "registry",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            *self.args,
        ]
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env}
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"registry server exited with {self.proc.returncode}")
            try:
                urllib.request.urlopen(f"{self.api}/registered_models?pageSize=1", timeout=1)
                return self
            except urllib.error.HTTPError as e:
                if e.code == 401:  # up, and asking for its token
                    return self
                time.sleep(0.1)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("registry server did not start in 30 s")

    @property
    def log_path(self) -> Path:
        return self.data_dir.parent / f"registry-{self.port}.log"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=20)
