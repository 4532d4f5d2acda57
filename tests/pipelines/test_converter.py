"""The converter on small notebooks: steps, data flow, parameters, metrics, magics, YAML."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import yaml

from jupyter_kubeflow.pipelines.analysis import analyse_notebook
from jupyter_kubeflow.pipelines.compile import compile_yaml
from jupyter_kubeflow.pipelines.notebook import read_notebook
from jupyter_kubeflow.pipelines.service import PipelinesService

from .conftest import NOTEBOOKS


def analyse(name: str, split: str | None = None) -> dict:
    return analyse_notebook(read_notebook(NOTEBOOKS / name), split).to_dict()


def steps_by_name(result: dict) -> dict[str, dict]:
    return {s["name"]: s for s in result["steps"]}


def test_kale_tags_give_steps_cells_and_untagged_cells_join_the_step_above() -> None:
    result = analyse("kale_tagged.ipynb")
    steps = steps_by_name(result)
    assert list(steps) == ["load", "prep", "augment", "train"]
    assert steps["load"]["cells"] == [4, 5]  # cell 5 is untagged: it joins 'load'
    assert steps["train"]["cells"] == [9]  # the skip cell (8) is left out
    assert "skipped" not in "".join(s["source"] for s in result["steps"])


def test_data_flow_follows_the_last_writer_and_mutation() -> None:
    result = analyse("kale_tagged.ipynb")
    steps = steps_by_name(result)
    assert steps["prep"]["inputs"] == ["xs"]
    # augment appends to xs: train must get xs from augment, in its mutated state
    assert steps["augment"]["inputs"] == ["xs"] and "xs" in steps["augment"]["outputs"]
    assert sorted(steps["train"]["inputs"]) == ["extra", "xs", "ys"]
    edges = {(e["source"], e["target"]): e["values"] for e in result["edges"]}
    assert edges[("augment", "train")] == ["xs", "extra"]
    assert edges[("prep", "train")] == ["ys"]
    assert edges[("load", "prep")] == ["xs"]
    assert ("load", "train") not in edges  # xs comes from its last writer only
    assert steps["prep"]["after"] == ["load"]


def test_independent_steps_stay_parallel() -> None:
    result = analyse("parallel.ipynb")
    pairs = {(e["source"], e["target"]) for e in result["edges"]}
    assert pairs == {("left", "join"), ("right", "join"), ("join", "finish")}
    finish = steps_by_name(result)["finish"]
    assert finish["inputs"] == ["box"] and finish["outputs"] == []


def test_parameters_are_typed_from_their_defaults() -> None:
    params = {p["name"]: p for p in analyse("kale_tagged.ipynb")["parameters"]}
    assert {n: p["type"] for n, p in params.items()} == {
        "n": "int",
        "rate": "float",
        "message": "str",
        "flag": "bool",
        "sizes": "list",
        "options": "dict",
    }
    assert params["message"]["default"] == 'it\'s "quoted" \\ back\nslash'
    assert params["options"]["default"] == {"depth": 2, "name": "x"}


def test_metrics_and_resources_are_read() -> None:
    result = analyse("kale_tagged.ipynb")
    assert result["metrics"] == ["total", "message_length", "score"]
    train = steps_by_name(result)["train"]
    assert train["limits"] == {"cpu": "1", "memory": "1Gi", "nvidia.com/gpu": "1"}
    assert train["image"] == "python:3.11"
    assert train["annotations"] == {"team": "ml"} and train["labels"] == {"stage": "train"}


def test_old_block_tags_work_like_step_tags() -> None:
    result = analyse("block_tags.ipynb")
    assert [s["name"] for s in result["steps"]] == ["first", "second"]
    assert result["metrics"] == ["b"]


def test_untagged_notebook_is_one_step_named_after_it() -> None:
    result = analyse("untagged.ipynb")
    assert result["split"] == "single"
    assert [(s["name"], s["cells"]) for s in result["steps"]] == [("untagged", [1, 2])]


def test_headings_split_at_top_level_headings() -> None:
    result = analyse("headings.ipynb", split="headings")
    steps = steps_by_name(result)
    assert list(steps) == ["start", "load-data", "train-the-model", "load-data-2"]
    assert steps["load-data"]["cells"] == [2, 4]  # the '##' heading does not split
    assert steps["train-the-model"]["inputs"] == ["data", "count"]
    assert steps["load-data"]["inputs"] == ["base"]


def test_magics_are_dropped_with_warnings_and_pip_becomes_a_package() -> None:
    nb = read_notebook(NOTEBOOKS / "magics.ipynb")
    analysis = analyse_notebook(nb)
    messages = [(w.cell, w.message) for w in analysis.warnings]
    assert any(c == 0 and "%matplotlib inline" in m for c, m in messages)
    assert any(c == 1 and "%%bash" in m and "dropped" in m for c, m in messages)
    assert any(c == 3 and "files = !ls" in m for c, m in messages)
    plan = analysis.plans[0]
    assert "requests==2.32.3" in plan.packages
    assert "echo hello" not in plan.step.source
    assert "value = 41" in plan.step.source  # %%time keeps its Python body


def test_packages_are_pinned_to_installed_versions_and_stdlib_is_left_out(tmp_path: Path) -> None:
    nb_path = tmp_path / "imports.ipynb"
    nb_path.write_text(
        '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], '
        '"execution_count": null, "source": "import yaml\\nimport os\\nimport json\\n'
        'import not_a_real_module_xyz\\nv = 1"}], "metadata": {}, "nbformat": 4, '
        '"nbformat_minor": 5}'
    )
    analysis = analyse_notebook(read_notebook(nb_path))
    assert analysis.plans[0].packages == [f"PyYAML=={importlib.metadata.version('PyYAML')}"]
    assert any("not_a_real_module_xyz" in w.message for w in analysis.warnings)


def test_compiled_yaml_carries_limits_image_packages_and_defaults() -> None:
    analysis = analyse_notebook(read_notebook(NOTEBOOKS / "kale_tagged.ipynb"))
    text, _ = compile_yaml(analysis, "registry.example/base:1")
    spec, platform = yaml.safe_load_all(text)
    pod = platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"]["exec-step-train"]
    assert pod["podMetadata"] == {"annotations": {"team": "ml"}, "labels": {"stage": "train"}}
    executors = spec["deploymentSpec"]["executors"]
    train = executors["exec-step-train"]["container"]
    assert train["image"] == "python:3.11"
    assert train["resources"]["cpuLimit"] == 1.0
    assert train["resources"]["memoryLimit"] == 1.073741824
    assert train["resources"]["accelerator"]["resourceType"] == "nvidia.com/gpu"
    assert executors["exec-step-load"]["container"]["image"] == "registry.example/base:1"
    params = spec["root"]["inputDefinitions"]["parameters"]
    assert params["message"]["defaultValue"] == 'it\'s "quoted" \\ back\nslash'
    assert params["flag"]["parameterType"] == "BOOLEAN"
    # parallel where the notebook allows it: augment waits for nothing but load
    tasks = spec["root"]["dag"]["tasks"]
    assert tasks["step-augment"]["dependentTasks"] == ["step-load"]
    assert sorted(tasks["step-train"]["dependentTasks"]) == ["step-augment", "step-prep"]
    assert "this cell is skipped" not in text


def test_dsl_file_builds_the_same_pipeline(notebook_dir: Path, tmp_path: Path) -> None:
    service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
    done = service.compile_file(
        notebook_dir / "kale_tagged.ipynb", dsl=notebook_dir / "kale_tagged.pipeline.py"
    )
    assert done.pipeline == notebook_dir / "kale_tagged.pipeline.yaml"
    out = tmp_path / "from_dsl.yaml"
    subprocess.run([sys.executable, str(done.dsl), str(out)], check=True)  # as its doc says
    ours, ours_platform = yaml.safe_load_all(done.pipeline.read_text())
    # kfp's own header comment breaks on a default holding a newline (which ours fixes):
    # compare the documents after it.
    raw = out.read_text()
    theirs, theirs_platform = yaml.safe_load_all(raw[raw.index("\ncomponents:") :])
    assert ours_platform == theirs_platform
    assert ours["root"] == theirs["root"]
    assert ours["deploymentSpec"] == theirs["deploymentSpec"]
    assert ours["components"] == theirs["components"]


def write_notebook(path: Path, cells: list[dict], metadata: dict | None = None) -> Path:
    full = [
        {
            "cell_type": c.get("type", "code"),
            "metadata": {"tags": c.get("tags", [])},
            "source": c["source"],
            **({"outputs": [], "execution_count": None} if c.get("type", "code") == "code" else {}),
        }
        for c in cells
    ]
    path.write_text(
        json.dumps({"cells": full, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def test_headings_split_at_the_highest_level_used_outside_code_fences(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path / "h2.ipynb",
        [
            {"type": "markdown", "source": "Intro text\n\n## Prepare\n```\n## not a heading\n```"},
            {"source": "a = 1"},
            {"type": "markdown", "source": "### A detail"},
            {"source": "b = a + 1"},
            {"type": "markdown", "source": "## Report"},
            {"source": "c = b * 2"},
        ],
    )
    result = analyse_notebook(read_notebook(nb), "headings").to_dict()
    assert [(s["name"], s["cells"]) for s in result["steps"]] == [
        ("prepare", [1, 3]),
        ("report", [5]),
    ]


def test_kale_notebook_metadata_gives_defaults(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path / "k.ipynb",
        [
            {"source": "a = 1", "tags": ["step:one"]},
            {"source": "b = a", "tags": ["step:two", "image:custom/step:1"]},
        ],
        {
            "kubeflow_notebook": {
                "pipeline_name": "Kale Named",
                "docker_image": "kale/img:2",
                "experiment_name": "kale-exp",
            }
        },
    )
    analysis = analyse_notebook(read_notebook(nb))
    assert (analysis.name, analysis.experiment) == ("kale-named", "kale-exp")
    spec = yaml.safe_load(compile_yaml(analysis, "configured/base:1")[0])
    images = {k: v["container"]["image"] for k, v in spec["deploymentSpec"]["executors"].items()}
    assert images == {"exec-step-one": "kale/img:2", "exec-step-two": "custom/step:1"}


def test_readers_get_their_producers_packages_and_cloudpickle(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path / "np.ipynb",
        [
            {"source": "import numpy as np\narr = np.arange(3)", "tags": ["step:make"]},
            {"source": "total = int(arr.sum())", "tags": ["step:use"]},  # no numpy import
            {"source": "import hashlib\nh = hashlib.md5(b'x')", "tags": ["step:alone"]},
        ],
    )
    plans = {p.name: p for p in analyse_notebook(read_notebook(nb)).plans}
    numpy_pin = f"numpy=={importlib.metadata.version('numpy')}"
    cloudpickle_pin = f"cloudpickle=={importlib.metadata.version('cloudpickle')}"
    assert plans["use"].packages == [numpy_pin, cloudpickle_pin]
    assert plans["make"].packages == [numpy_pin, cloudpickle_pin]
    assert plans["alone"].packages == []  # stdlib only, nothing crosses steps


def test_parameter_names_the_generated_code_needs_are_refused(tmp_path: Path) -> None:
    from jupyter_kubeflow.errors import Unprocessable

    for name in ("step_load", "load_task", "dsl", "kfp_metrics", "in__x"):
        nb = write_notebook(
            tmp_path / "r.ipynb",
            [
                {"source": f"{name} = 1", "tags": ["pipeline-parameters"]},
                {"source": f"a = {name}", "tags": ["step:load"]},
            ],
        )
        try:
            analyse_notebook(read_notebook(nb))
        except Unprocessable as e:
            assert f"Parameter name {name!r} (cell 1) is reserved" in e.message
        else:
            raise AssertionError(f"{name} accepted")


def test_calls_on_modules_never_turn_modules_into_artifacts(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path / "mods.ipynb",
        [
            {"source": "import random", "tags": ["imports"]},
            {
                "source": "random.seed(1)\nxs = [random.random() for _ in range(3)]",
                "tags": ["step:a"],
            },
            {
                "source": "import math\nmath.floor(1.5)\nys = [math.floor(x) for x in xs]",
                "tags": ["step:b"],
            },
            {"source": "zs = [random.random(), math.pi, len(ys)]", "tags": ["step:c"]},
        ],
    )
    plans = {p.name: p for p in analyse_notebook(read_notebook(nb)).plans}
    assert plans["a"].outputs == ["xs"]
    assert list(plans["b"].inputs) == ["xs"] and plans["b"].outputs == ["ys"]
    assert list(plans["c"].inputs) == ["ys"]
    assert plans["c"].imports == ["import math"]  # re-imported, not passed


def test_a_functions_cell_value_changed_in_a_step_passes_on_changed(tmp_path: Path) -> None:
    nb = write_notebook(
        tmp_path / "cfg.ipynb",
        [
            {"source": "config = {'depth': 1}", "tags": ["functions"]},
            {"source": "config['depth'] = 5", "tags": ["step:tune"]},
            {"source": "depth = config['depth']", "tags": ["step:use"]},
        ],
    )
    plans = {p.name: p for p in analyse_notebook(read_notebook(nb)).plans}
    assert plans["tune"].outputs == ["config"] and plans["use"].inputs == {"config": "tune"}


def test_kale_example_shapes_convert_as_kale_reads_them() -> None:
    """Kale's examples: an empty ``block:`` tag is no step tag (Kale's parse_cell_metadata
    takes it as untagged: the cell joins the step above), and ``pip install -r
    requirements.txt`` above the first step is what every step installs (issues 21.8, 21.9)."""
    analysis = analyse_notebook(read_notebook(NOTEBOOKS / "kale_examples" / "kale_shaped.ipynb"))
    plans = {p.name: p for p in analysis.plans}
    assert list(plans) == ["load", "sum"]
    assert plans["load"].step.cells == [3, 4] and plans["sum"].step.cells == [5, 6]
    for plan in plans.values():
        assert "pyyaml>=6" in plan.packages and "requirements.txt" not in plan.packages
    messages = [w.message for w in analysis.warnings]
    assert any("cell 1: its packages are installed in every step" in m for m in messages)


def test_names_local_to_a_function_are_not_reads_of_notebook_values() -> None:
    """A dict a function fills by subscripts, a list whose method it calls: its own locals,
    not notebook-level values an earlier step must define (issue 21 item 10)."""
    analysis = analyse_notebook(read_notebook(NOTEBOOKS / "builtin_names.ipynb"))
    assert not [w.message for w in analysis.warnings if "no earlier step defines" in w.message]
    plans = {p.name: p for p in analysis.plans}
    assert "outputs" not in plans["shape"].outputs and "seen" not in plans["shape"].outputs


def test_parameters_and_values_named_like_builtins_reach_their_steps() -> None:
    """``type``, ``input`` and ``min`` are the notebook's parameters and ``list`` a step's
    value: the kernel's later cells see them, so the steps get them (issue 24 item 9)."""
    plans = {
        p.name: p for p in analyse_notebook(read_notebook(NOTEBOOKS / "builtin_names.ipynb")).plans
    }
    assert sorted(plans["shape"].parameters) == ["input", "type"]
    assert sorted(plans["area"].parameters) == ["min", "type"]
    assert plans["area"].inputs == {"sized": "shape", "list": "shadow"}
