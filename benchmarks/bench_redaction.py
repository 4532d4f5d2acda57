"""What redaction costs: ``redact`` on typical lines, and a log record with and without the
process-wide record redaction (``install_log_redaction``), with a few remembered
credentials (a server's usual) and with the most it keeps (256). Prints microseconds.

    python benchmarks/bench_redaction.py [--repeat 20000]
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jupyter_kubeflow import redaction  # noqa: E402

LINES = {
    "access log line": "200 GET /lab/api/settings?1733400000 (u@127.0.0.1) 12.34ms "
    "referer=http://localhost:8888/lab",
    "error with a URL": "the model registry at https://registry.example.com failed (502): "
    "upstream connect error or disconnect/reset before headers",
    "line with a credential": "GET https://alice:pa55@kfp.example.com/apis?token=abc123 "
    "Authorization: Bearer abcdefgh12345678",
}


def micros(call: object, repeat: int) -> float:
    return timeit.timeit(call, number=repeat) / repeat * 1e6  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20000)
    repeat = parser.parse_args().repeat
    for count in (5, redaction.MAX_REMEMBERED):
        redaction.remember(*(secrets.token_urlsafe(24) for _ in range(count)))
        for name, line in LINES.items():
            cost = micros(lambda line=line: redaction.redact(line), repeat)
            print(f"redact, {count:3d} remembered, {name:22s} {cost:7.1f} µs")
    logging.basicConfig(stream=open("/dev/null", "w"), level=logging.INFO)  # noqa: SIM115
    log = logging.getLogger("bench")
    line = LINES["access log line"]
    plain = micros(lambda: log.info("%s", line), repeat)
    redaction.install_log_redaction()
    redacted = micros(lambda: log.info("%s", line), repeat)
    print(f"log.info of an access log line: {plain:.1f} µs, {redacted:.1f} µs redacted")


if __name__ == "__main__":
    main()
