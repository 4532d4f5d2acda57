"""A local run's log on disk, bounded: its first and last bytes kept, the cut said.

A step printing without end filled the disk (a 3 GB ``log.txt`` was seen). The run's
process, and every step it starts, writes its output into a pipe; a relay process (forked
before anything else runs, so it holds no lock and no thread) writes it to the log:
everything while the log is under ``limit`` bytes, then the first half of ``limit`` stays
and the rest is the newest output, with one line between them saying how many bytes were
cut. The file stays under ``limit`` plus a line and one read (64 KiB).

The newest part is kept in the relay's memory and rewritten after the head each time it
has doubled (so each byte is written at most twice). A reader may find the log shorter
for the instant of a rewrite; the next read is whole again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

READ = 64 * 1024
# What the run waits for the relay to write the last output before it says it is over; a
# process the run left behind that still holds the pipe only makes it wait this long.
SETTLE_SECONDS = 2.0

_relay: tuple[int, Path] | None = None  # (pid, log path) of this process's relay


def marker(cut: int, limit: int) -> bytes:
    return (
        f"\n[jupyter-kubeflow: {cut:,} bytes of this log were cut here; a run's log keeps "
        f"its first and last bytes, {limit:,} in all (pipeline_log_max_bytes)]\n"
    ).encode()


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _CappedLog:
    """The log file as the relay writes it: ``head`` bytes, then the marker and ``kept``."""

    def __init__(self, fd: int, limit: int) -> None:
        self.fd = fd
        self.limit = limit
        self.head = limit // 2
        self.tail = limit - self.head
        self.size = os.lseek(fd, 0, os.SEEK_END)
        self.cut = 0
        self.kept: bytearray | None = None  # the newest bytes, once cutting

    def add(self, chunk: bytes) -> None:
        if self.kept is None:
            if self.size + len(chunk) <= self.limit:
                _write_all(self.fd, chunk)
                self.size += len(chunk)
                return
            self.kept = bytearray(os.pread(self.fd, self.size - self.head, self.head))
            self.kept += chunk
            self._rewrite()
            return
        self.kept += chunk
        if len(self.kept) > self.tail:
            self._rewrite()
        else:
            _write_all(self.fd, chunk)

    def _rewrite(self) -> None:
        """Drop the oldest kept bytes down to half the tail (from a line start when one is
        near), and write the marker and what is kept after the head."""
        assert self.kept is not None
        drop = max(0, len(self.kept) - self.tail // 2)
        newline = self.kept.find(b"\n", drop, drop + 4096)
        if newline >= 0:
            drop = newline + 1
        self.cut += drop
        del self.kept[:drop]
        data = marker(self.cut, self.limit) + self.kept
        os.lseek(self.fd, self.head, os.SEEK_SET)
        _write_all(self.fd, data)
        os.ftruncate(self.fd, self.head + len(data))


def _serve(read_fd: int, log_path: Path, limit: int) -> None:
    # Cancel signals the run's process group: the relay stays until the output ends (the
    # writers are gone), so the run's last words reach the log; SIGKILL still ends it.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    log_fd = os.open(log_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    low = 3  # close every other descriptor inherited from the run (sockets, files)
    for fd in sorted((read_fd, log_fd)):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # hold no copy of the pipe's writing end, or it never ends
        os.dup2(devnull, fd)
    log: _CappedLog | None = _CappedLog(log_fd, limit)
    while chunk := os.read(read_fd, READ):
        if log is None:
            continue  # the log cannot be written (disk full): the run goes on without it
        try:
            log.add(chunk)
        except OSError:
            log = None


def start(log_path: Path, limit: int) -> None:
    """From now on this process's stdout and stderr, and its children's, go through a
    relay that keeps ``log_path`` bounded by ``limit`` bytes."""
    global _relay
    if not hasattr(os, "fork") or limit <= 0:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the relay
        code = 0
        try:
            os.close(write_fd)
            _serve(read_fd, log_path, limit)
        except BaseException:  # noqa: BLE001 - nowhere to report to; the run goes on
            code = 1
        finally:
            os._exit(code)
    os.close(read_fd)
    os.dup2(write_fd, 1)
    os.dup2(write_fd, 2)
    os.close(write_fd)
    _relay = (pid, log_path)


def settle() -> None:
    """Let the relay write the last output before the run reports its end: this process
    writes straight to the log from now on (its few last lines), and waits (a bounded
    time) for the relay to finish. Nothing when no relay was started."""
    global _relay
    if _relay is None:
        return
    pid, log_path = _relay
    _relay = None
    sys.stdout.flush()
    sys.stderr.flush()
    direct = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    os.dup2(direct, 1)
    os.dup2(direct, 2)
    os.close(direct)
    deadline = time.monotonic() + SETTLE_SECONDS
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(pid, os.WNOHANG) == (0, 0) and time.monotonic() < deadline:
            time.sleep(0.01)
