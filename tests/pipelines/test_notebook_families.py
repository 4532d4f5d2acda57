"""Notebooks as people write them (issue 9 items 8 and 9): ``for``/``with``-heavy data
preparation, names bound in ``if``/``try`` bodies, and parameters that are also metrics
(as Kale's own test notebooks do). Each converts with no false warning and no false data
edge, and runs locally to the metrics its own execution (nbclient, a real kernel) gives.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from jupyter_kubeflow.errors import KubeflowError
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import execute_metrics


def write(path: Path, cells: list[tuple[str, list[str]]]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nb.cells = [nbformat.v4.new_code_cell(src, metadata={"tags": tags}) for src, tags in cells]
    nbformat.write(nb, path)
    return path


FOR_WITH = [
    ("import csv\nimport json\nimport os", ["imports"]),
    ("rows = 40\nthreshold = 0.5", ["pipeline-parameters"]),
    (
        # with ... as f, for over a file, names bound in if/try bodies and read later
        "with open('data.csv', 'w', newline='') as f:\n"
        "    writer = csv.writer(f)\n"
        "    for i in range(rows):\n"
        "        writer.writerow([i, (i * 37 % 100) / 100])\n"
        "data = []\n"
        "with open('data.csv') as f:\n"
        "    for line in csv.reader(f):\n"
        "        try:\n"
        "            value = float(line[1])\n"
        "        except ValueError:\n"
        "            value = 0.0\n"
        "        if value > threshold:\n"
        "            label = 1\n"
        "        else:\n"
        "            label = 0\n"
        "        data.append({'i': int(line[0]), 'value': value, 'label': label})",
        ["step:load"],
    ),
    (
        # the Titanic pattern: a loop variable changed in place, the list it iterates
        # over read later; a walrus in a condition
        "combined = [data[: len(data) // 2], data[len(data) // 2 :]]\n"
        "for part in combined:\n"
        "    for row in part:\n"
        "        row['scaled'] = row['value'] * 2\n"
        "if (n := len(combined)) == 2:\n"
        "    halves = n",
        ["step:prepare"],
    ),
    (
        "positives = 0\n"
        "for part in combined:\n"
        "    positives += sum(r['label'] for r in part)\n"
        "with open('summary.json', 'w') as out:\n"
        "    json.dump({'positives': positives}, out)\n"
        "mean_scaled = sum(r['scaled'] for part in combined for r in part) / rows\n"
        "os.remove('summary.json')",
        ["step:score"],
    ),
    ("positives\nmean_scaled\nhalves\nrows\nthreshold", ["pipeline-metrics"]),
]


def test_for_and_with_heavy_notebook_has_no_false_warning_or_edge(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "prep.ipynb", FOR_WITH)
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    analysis = service.analyse_file(path)
    assert [w.message for w in analysis.warnings] == []
    edges = {(e["source"], e["target"]): e["values"] for e in analysis.edges()}
    # f, line, value, label, part, row, out: bound in their own statements, never passed on
    assert edges == {("load", "prepare"): ["data"], ("prepare", "score"): ["combined"]}
    assert analysis.metrics == ["positives", "mean_scaled", "halves", "rows", "threshold"]


def test_for_and_with_heavy_notebook_runs_to_its_own_metrics(tmp_path: Path) -> None:
    path = write(tmp_path / "prep.ipynb", FOR_WITH)
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    started = service.start_run_file(path, "local", parameters={"rows": 40})
    assert service.runs.wait(started["id"], timeout=240) == 0
    run = service.runs.get(started["id"])
    assert run["status"] == "SUCCEEDED", run["log_tail"]
    expected = execute_metrics(path, list(run["metrics"]))
    assert run["metrics"] == pytest.approx(expected)
    assert run["metrics"]["rows"] == 40 and run["metrics"]["threshold"] == 0.5


def test_a_str_parameter_cannot_be_a_metric(tmp_path: Path) -> None:
    path = write(
        tmp_path / "s.ipynb",
        [
            ("name = 'x'", ["pipeline-parameters"]),
            ("y = 1", ["step:a"]),
            ("name", ["pipeline-metrics"]),
        ],
    )
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    with pytest.raises(KubeflowError) as info:
        service.analyse_file(path)
    assert info.value.status == 422 and info.value.where == "cell 3"
    assert "'name'" in info.value.message and "str parameter" in info.value.message
