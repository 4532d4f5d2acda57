"""What a real Kubeflow would refuse or do silently, made visible at conversion (issue 9
items 4-6): labels and annotations by Kubernetes' rules (kubernetes/apimachinery
IsQualifiedName / IsValidLabelValue: the pod would be refused only at run time), KFP
caching per step and per pipeline, and images used as they are (no pip installs)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from jupyter_kubeflow.errors import KubeflowError
from jupyter_kubeflow.pipelines.service import PipelinesService

from .kfp_fake import serving


def write(path: Path, cells: list[tuple[str, list[str]]], **kale: object) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    if kale:
        nb.metadata["kubeflow_notebook"] = kale
    nb.cells = [nbformat.v4.new_code_cell(src, metadata={"tags": tags}) for src, tags in cells]
    nbformat.write(nb, path)
    return path


def compile_spec(tmp_path: Path, cells: list[tuple[str, list[str]]], **kale: object) -> dict:
    path = write(tmp_path / "n.ipynb", cells, **kale)
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    done = service.compile_file(path)
    return next(yaml.safe_load_all(done.pipeline.read_text()))


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("label:team:ml/x", "Label team='ml/x' in cell 2"),  # the reported case
        ("label:team:" + "a" * 64, "a label value is empty or at most 63"),
        ("label:-team:ml", "Label key '-team' in cell 2"),
        ("label:Team.IO/x:ml", "prefix 'Team.IO' must be a lowercase DNS name"),
        ("annotation:bad key:v", "Annotation key 'bad key' in cell 2"),
        ("annotation:a/b/c:v", "prefix 'a/b'"),
        ("cache:maybe", "cache:false"),
        ("packages:all", "packages:none"),
    ],
)
def test_tags_kubernetes_would_refuse_are_refused_with_the_cell(
    tag: str, words: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "n.ipynb", [("x = 1", ["step:a"]), ("y = x", ["step:b", tag])])
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    with pytest.raises(KubeflowError) as info:
        service.compile_file(path)
    assert info.value.status == 422 and info.value.where == "cell 2"
    assert words in info.value.message, info.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.ipynb"]


def test_valid_labels_and_annotations_reach_the_pod_spec(tmp_path: Path) -> None:
    tags = [
        "step:a",
        "label:app.kubernetes.io/name:my-app",
        "annotation:example.com/owner:Anyone; any text: even colons",
    ]
    path = write(tmp_path / "n.ipynb", [("x = 1", tags)])
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    done = service.compile_file(path)
    docs = list(yaml.safe_load_all(done.pipeline.read_text()))
    pod = docs[1]["platforms"]["kubernetes"]["deploymentSpec"]["executors"]["exec-step-a"]
    assert pod["podMetadata"] == {
        "labels": {"app.kubernetes.io/name": "my-app"},
        "annotations": {"example.com/owner": "Anyone; any text: even colons"},
    }


def test_caching_per_step_and_per_pipeline(tmp_path: Path) -> None:
    cells = [("x = 1", ["step:a"]), ("y = x", ["step:b", "cache:false"]), ("z = y", ["step:c"])]
    tasks = compile_spec(tmp_path, cells)["root"]["dag"]["tasks"]
    # KFP's default (cached) where nothing is said; cache:false turns it off for that step
    assert tasks["step-a"]["cachingOptions"] == {"enableCache": True}
    assert tasks["step-b"]["cachingOptions"] == {}
    assert tasks["step-c"]["cachingOptions"] == {"enableCache": True}
    cells[2] = ("z = y", ["step:c", "cache:true"])
    tasks = compile_spec(tmp_path, cells, enable_caching=False)["root"]["dag"]["tasks"]
    assert tasks["step-a"]["cachingOptions"] == {}  # the notebook's default: off
    assert tasks["step-c"]["cachingOptions"] == {"enableCache": True}  # the step's own tag


def test_submit_without_cache_turns_it_off_for_every_step(
    notebook_dir: Path, tmp_path: Path
) -> None:
    for fake in serving():
        service = PipelinesService(root_dir=notebook_dir, data_dir=tmp_path / "data")
        service.start_run_file(
            notebook_dir / "parallel.ipynb", "kfp", host=fake.url, token="t", cache=False
        )
    sent = [r for r in fake.requests if r["path"] == "/apis/v2beta1/runs"][0]["body"]
    tasks = sent["pipeline_spec"]["root"]["dag"]["tasks"]
    assert {t["cachingOptions"].get("enableCache", False) for t in tasks.values()} == {False}


def test_use_the_image_as_it_is_per_step_and_per_pipeline(tmp_path: Path) -> None:
    cells = [("import yaml\nx = 1", ["step:a"]), ("y = x", ["step:b", "packages:none"])]
    executors = compile_spec(tmp_path, cells)["deploymentSpec"]["executors"]
    command = lambda name: " ".join(executors[name]["container"]["command"])  # noqa: E731
    assert "pip install" in command("exec-step-a") and "PyYAML==" in command("exec-step-a")
    assert "pip" not in command("exec-step-b")  # no kfp, no pins: the image as it is
    executors = compile_spec(tmp_path, cells, image_as_is=True)["deploymentSpec"]["executors"]
    assert not any("pip" in command(name) for name in executors)


def test_a_warning_when_pins_cannot_suit_the_images_python(tmp_path: Path) -> None:
    other = "3.9" if sys.version_info[:2] != (3, 9) else "3.12"
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    cells = [
        ("import yaml\nx = 1", ["step:a", f"image:python:{other}-slim"]),
        ("import yaml\ny = x", ["step:b", f"image:python:{other}-slim", "packages:none"]),
        ("import yaml\nz = y", ["step:c", f"image:python:{here}-slim"]),
    ]
    path = write(tmp_path / "n.ipynb", cells)
    service = PipelinesService(root_dir=tmp_path, data_dir=tmp_path / "data")
    warnings = [w.message for w in service.analyse_file(path).warnings]
    assert len(warnings) == 1 and "step 'a'" in warnings[0]
    assert f"Python {other}" in warnings[0] and f"Python {here}" in warnings[0]
    assert "packages:none" in warnings[0]
