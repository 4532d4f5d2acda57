"""Real S3 and OCI servers for the storage tests, started from their binaries.

- S3: versitygw (an S3 gateway over a POSIX folder), built by ``install_peers.sh``.
- OCI: Debian's ``docker-registry`` (the CNCF distribution registry), with ``skopeo``.
Both are installed by ``install_peers.sh`` when missing (``make test`` runs it first).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .standalone import free_port

HERE = Path(__file__).parent
BIN = Path(os.environ.get("JUPYTER_KUBEFLOW_BIN", Path.home() / ".cache/jupyter-kubeflow/bin"))
VERSITYGW_VERSION = os.environ.get("VERSITYGW_VERSION", "v1.8.0")
VERSITYGW = BIN / f"versitygw-{VERSITYGW_VERSION}"


def ensure_installed() -> None:
    if (
        not VERSITYGW.exists()
        or not shutil.which("skopeo")
        or not Path("/usr/bin/docker-registry").exists()
    ):
        subprocess.run(["bash", str(HERE / "install_peers.sh")], check=True, timeout=1500)


def _wait_port(port: int, proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} in 30 s")


class S3Server:
    access_key = "jk-test-access"
    secret_key = "jk-test-secret-8f3a9c"  # a test credential; checked to never leak

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> S3Server:
        ensure_installed()
        data = self.root / "s3-data"
        data.mkdir(parents=True, exist_ok=True)
        log = (self.root / "versitygw.log").open("ab")
        self.proc = subprocess.Popen(
            [
                str(VERSITYGW),
                "--access",
                self.access_key,
                "--secret",
                self.secret_key,
                "--port",
                f"127.0.0.1:{self.port}",
                "posix",
                str(data),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_port(self.port, self.proc, "versitygw")
        return self

    def client(self):  # noqa: ANN201 - boto3 client
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


class OciRegistry:
    """``readonly``: the registry's maintenance mode, which refuses every push (a real
    push failure). Deletes are enabled, so a failed registration can remove its image."""

    def __init__(self, root: Path, readonly: bool = False) -> None:
        self.root = root
        self.readonly = readonly
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> OciRegistry:
        ensure_installed()
        config = self.root / "oci-registry.yml"
        readonly = "  maintenance:\n    readonly:\n      enabled: true\n" if self.readonly else ""
        config.write_text(
            "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
            f"    rootdirectory: {self.root / 'oci-data'}\n  delete:\n    enabled: true\n"
            f"{readonly}http:\n  addr: {self.host}\n"
        )
        log = (self.root / "oci-registry.log").open("ab")
        self.proc = subprocess.Popen(
            ["/usr/bin/docker-registry", "serve", str(config)], stdout=log, stderr=subprocess.STDOUT
        )
        _wait_port(self.port, self.proc, "docker-registry")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{self.host}/v2/", timeout=2)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        else:  # fail here, naming the peer, rather than later in a test that needs it
            raise RuntimeError(f"docker-registry on {self.host} did not answer /v2/ in 10 s")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
