"""Notebook -> pipeline speed: jupyter-kubeflow vs Kale 2.3.0 vs plain notebook execution.

    python benchmarks/pipelines/bench_pipelines.py [--repeat 3] [--skip-kale-run]

Prints wall-clock seconds (median of --repeat runs) and ratios for:
- convert (CLI) of a 4-step Kale-tagged notebook: `jupyter kubeflow convert` vs `kale --nb`;
- local run of the same notebook: `jupyter kubeflow run --local` vs Kale's compiled
  pipeline under kfp.local (SubprocessRunner, in Kale's venv) vs `jupyter execute` (nbclient);
- convert of a 100-step and of a 1000-cell notebook (CLI, and in-process without start-up).
Kale 2.3.0 is installed on first use into ~/.cache/jupyter-kubeflow/kale-2.3.0 (its own venv).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KALE_VENV = Path.home() / ".cache" / "jupyter-kubeflow" / "kale-2.3.0"
BIN = Path(sys.executable).parent

KFP_LOCAL_RUN = """
import sys, time
from kfp import components, local
use_venv = sys.argv[3:] == ["venv"]
local.init(runner=local.SubprocessRunner(use_venv=use_venv), pipeline_root=sys.argv[2])
pipeline = components.load_component_from_file(sys.argv[1])
pipeline()
"""


def notebook(cells: list[tuple[str, list[str]]]) -> dict[str, Any]:
    return {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"tags": tags},
                "outputs": [],
                "execution_count": None,
                "source": source,
            }
            for source, tags in cells
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def four_steps() -> dict[str, Any]:
    return notebook(
        [
            ("import math\nimport random", ["imports"]),
            ("n = 2000\nseed = 7", ["pipeline-parameters"]),
            ("random.seed(seed)\ndata = [random.random() for _ in range(n)]", ["step:load"]),
            ("squares = [x * x for x in data]", ["step:features", "prev:load"]),
            ("roots = [math.sqrt(x) for x in data]", ["step:roots", "prev:load"]),
            (
                "score = sum(squares) / n + sum(roots) / n\nprint(score)",
                ["step:train", "prev:features", "prev:roots"],
            ),
            ("print(score)", ["pipeline-metrics"]),
        ]
    )


def hundred_steps() -> dict[str, Any]:
    cells = [("import math", ["imports"]), ("n = 3", ["pipeline-parameters"])]
    for i in range(100):
        prev = "n" if i == 0 else f"v{i - 1}"
        cells.append((f"v{i} = {prev} + {i}\nw{i} = [v{i}] * 3", [f"step:s{i}"]))
    cells.append(("print(v99)", ["pipeline-metrics"]))
    return notebook(cells)


def thousand_cells() -> dict[str, Any]:
    cells = [("import math", ["imports"])]
    for i in range(1000):
        tags = [f"step:s{i // 10}"] if i % 10 == 0 else []
        source = f"x{i} = {i}\ny{i} = math.sqrt(x{i})\nfor k in range(3):\n    y{i} += k"
        cells.append((source, tags))
    return notebook(cells)


def timed(cmd: list[str], cwd: Path, repeat: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}
        )
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            output = result.stdout[-2000:] + result.stderr[-3000:]
            raise SystemExit(f"{' '.join(cmd)} failed:\n{output}")
        times.append(elapsed)
    return statistics.median(times)


def ensure_kale() -> Path:
    kale = KALE_VENV / "bin" / "kale"
    if not kale.exists():
        print(f"installing kubeflow-kale==2.3.0 into {KALE_VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(KALE_VENV)], check=True)
        subprocess.run(
            [str(KALE_VENV / "bin" / "pip"), "install", "-q", "kubeflow-kale==2.3.0"], check=True
        )
    return kale


def in_process_convert(path: Path, repeat: int) -> float:
    from jupyter_kubeflow.pipelines.analysis import analyse_notebook
    from jupyter_kubeflow.pipelines.compile import compile_yaml, import_kfp_for_compiling
    from jupyter_kubeflow.pipelines.notebook import read_notebook

    import_kfp_for_compiling()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        compile_yaml(analyse_notebook(read_notebook(path)), "python:3.11-slim")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(label: str, seconds: float | None, note: str = "") -> None:
    shown = f"{seconds:8.2f} s" if seconds is not None else "       n/a"
    print(f"  {label:<58}{shown}  {note}")


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-kale-run", action="store_true", help="skip Kale's ~1 min run")
    parser.add_argument(
        "--pip-variant",
        action="store_true",
        help="also run our cluster variant (pip installs into a venv per step) under kfp.local, "
        "to show what the local variant saves by skipping installs (needs PyPI)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pipelines-"))
    for name, nb in (
        ("four.ipynb", four_steps()),
        ("steps100.ipynb", hundred_steps()),
        ("cells1000.ipynb", thousand_cells()),
    ):
        (work / name).write_text(json.dumps(nb))
    kale = ensure_kale()
    jupyter = str(BIN / "jupyter")
    env = {"JUPYTER_KUBEFLOW_DATA_DIR": str(work / "data")}
    print(f"work dir {work}; median of {args.repeat}; load average {os.getloadavg()[0]:.1f}")

    ours_convert = timed([jupyter, "kubeflow", "convert", "four.ipynb"], work, args.repeat, env)
    kale_convert = timed([str(kale), "--nb", "four.ipynb"], work, args.repeat)
    ours_run = timed(
        [jupyter, "kubeflow", "run", "four.ipynb", "--local", "--json"], work, args.repeat, env
    )
    plain = timed([jupyter, "execute", "four.ipynb"], work, args.repeat)
    kale_run = None
    if not args.skip_kale_run:
        script = work / "kfp_local_run.py"
        script.write_text(KFP_LOCAL_RUN)
        kale_yaml = next((work / ".kale").glob("*.pipeline.yaml"))
        python = str(KALE_VENV / "bin" / "python")
        kale_run = timed([python, str(script), str(kale_yaml), str(work / "kale-out")], work, 1)
    pip_variant = None
    if args.pip_variant:
        script = work / "kfp_local_run.py"
        script.write_text(KFP_LOCAL_RUN)
        cmd = [sys.executable, str(script), str(work / "four.pipeline.yaml"), str(work / "pip-out")]
        pip_variant = timed([*cmd, "venv"], work, 1)
    cli100 = timed([jupyter, "kubeflow", "convert", "steps100.ipynb"], work, args.repeat, env)
    cli1000 = timed([jupyter, "kubeflow", "convert", "cells1000.ipynb"], work, args.repeat, env)
    lib100 = in_process_convert(work / "steps100.ipynb", args.repeat)
    lib1000 = in_process_convert(work / "cells1000.ipynb", args.repeat)

    print("\n4-step Kale-tagged notebook")
    row("convert, jupyter kubeflow convert (CLI)", ours_convert)
    row("convert, kale --nb (Kale 2.3.0 CLI)", kale_convert)
    print(f"  -> ours / Kale: {ratio(ours_convert, kale_convert)} (goal <= 0.33x)")
    row("local run, jupyter kubeflow run --local", ours_run)
    row("local run, Kale's pipeline under kfp.local", kale_run)
    row("plain execution, jupyter execute (nbclient)", plain)
    if pip_variant is not None:
        row("our cluster variant under kfp.local (pip installs per step)", pip_variant)
    print(f"  -> ours / Kale: {ratio(ours_run, kale_run)} (goal <= 0.33x)")
    print(f"  -> ours / plain nbclient: {ratio(ours_run, plain)}")
    print("\nlarge notebooks (convert)")
    row("100 steps, CLI", cli100)
    row("100 steps, in-process (no start-up)", lib100, "(goal < 1 s)")
    row("1000 cells, CLI", cli1000)
    row("1000 cells, in-process (no start-up)", lib1000, "(goal < 2 s)")


if __name__ == "__main__":
    main()
