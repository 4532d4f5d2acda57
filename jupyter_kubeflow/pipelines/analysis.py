"""A notebook's pipeline: steps with their data flow, parameters, metrics and packages.

Data dependencies come from the code: a step reads a name that an earlier step (in
notebook order) last defined, so that step's value crosses as an artifact. ``prev:`` adds
ordering on top. Cycles and unknown ``prev:`` steps are refused with the step names.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from ..errors import Unprocessable
from .dataflow import BUILTINS, analyse_code, global_reads, with_callees
from .notebook import Notebook
from .pip_args import PipRequest
from .steps import ConvertWarning, Parameter, Split, Step, slug, split_notebook
from .tags import check_image

# Installed by KFP itself (install_kfp_package), or needed by no component.
NOT_PINNED = {"kfp", "kfp-pipeline-spec", "kfp-server-api"}


@dataclass
class StepPlan:
    """One step and what it exchanges with the rest of the pipeline."""

    step: Step
    inputs: dict[str, str] = field(default_factory=dict)  # name -> producing step
    parameters: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)  # import statements from earlier steps
    metrics: list[str] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)
    # Where its packages come from (pip -i/--extra-index-url/--trusted-host in its cells,
    # the imports and functions cells, and the steps whose values it reads).
    index: PipRequest = field(default_factory=PipRequest)

    @property
    def name(self) -> str:
        return self.step.name

    def to_dict(self) -> dict[str, Any]:
        s = self.step
        return {
            "name": s.name,
            "cells": s.cells,
            "inputs": list(self.inputs),
            "outputs": self.outputs,
            "after": s.prev,
            "image": s.image,
            "limits": s.limits,
            "annotations": s.annotations,
            "labels": s.labels,
            "cache": s.cache,
            "image_as_is": s.image_as_is,
            "source": s.source,
            "pip_index_urls": self.index.index_urls,
        }


@dataclass
class Analysis:
    name: str
    path: str
    plans: list[StepPlan]
    prelude: str
    parameters: list[Parameter]
    metrics: list[str]
    warnings: list[ConvertWarning]
    split: str
    default_image: str | None = None  # Kale's docker_image: before the configured base image
    experiment: str | None = None  # Kale's experiment_name: the default experiment
    # Stored with the notebook (metadata kubeflow_notebook): KFP caching of every step
    # without a cache: tag (None: KFP's default, on), and "use the images as they are".
    cache: bool | None = None
    image_as_is: bool = False

    def edges(self) -> list[dict[str, Any]]:
        edges: dict[tuple[str, str], list[str]] = {}
        for plan in self.plans:
            for value, source in plan.inputs.items():
                edges.setdefault((source, plan.name), []).append(value)
            for prev in plan.step.prev:
                edges.setdefault((prev, plan.name), [])
        return [{"source": s, "target": t, "values": v} for (s, t), v in edges.items()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "split": self.split,
            "steps": [p.to_dict() for p in self.plans],
            "edges": self.edges(),
            "parameters": [p.to_dict() for p in self.parameters],
            "metrics": self.metrics,
            "warnings": [w.to_dict() for w in self.warnings],
            "cache": self.cache,
            "image_as_is": self.image_as_is,
        }


@functools.lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


@functools.lru_cache(maxsize=512)
def _pin(module: str) -> tuple[str, ...] | None:
    """``dist==version`` for the distributions providing a module; None if not installed."""
    dists = _distributions().get(module)
    if not dists:
        return None
    pins = []
    for dist in dict.fromkeys(dists):
        if dist.lower() in NOT_PINNED:
            continue
        try:
            pins.append(f"{dist}=={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return tuple(pins)


def pinned_packages(modules: set[str]) -> tuple[list[str], list[str]]:
    """(pinned requirements, modules that are not installed here)."""
    pins: list[str] = []
    missing: list[str] = []
    for module in sorted(modules):
        if module in sys.stdlib_module_names or module.startswith("_"):
            continue
        found = _pin(module)
        if found is None:
            missing.append(module)
        else:
            pins += [p for p in found if p not in pins]
    return pins, missing


def _find_cycle(graph: dict[str, list[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in graph:
        if node not in state and (found := visit(node)):
            return found
    return []


_IMAGE_PYTHON = re.compile(r"(?:^|[/:_-])(?:python|py)[-:]?(3)\.?(\d{1,2})(?!\d)")


def image_python(image: str) -> tuple[int, int] | None:
    """The Python version an image's name says (python:3.9-slim, x:py310, y:python-3.12)."""
    m = _IMAGE_PYTHON.search(image.lower())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _python_warnings(plans: list[StepPlan], default_image: str | None) -> list[ConvertWarning]:
    here = sys.version_info[:2]
    out = []
    for plan in plans:
        image = plan.step.image or default_image
        version = image_python(image) if image else None
        if plan.packages and not plan.step.image_as_is and version and version != here:
            out.append(
                ConvertWarning(
                    f"step {plan.name!r} runs in {image} (Python {version[0]}.{version[1]}), "
                    f"but its packages are pinned from Python {here[0]}.{here[1]} here and may "
                    "not install there: use an image with this Python, or tag the step "
                    "packages:none to use the image as it is",
                    plan.step.cells[0],
                )
            )
    return out


def _flag(nb: Notebook, key: str) -> bool | None:
    value = nb.kale.get(key)
    if value is None or isinstance(value, bool):
        return value
    where = f"notebook metadata kubeflow_notebook.{key}"
    raise Unprocessable(f"{where} must be true or false, not {value!r}", where=where)


def _kale_image(nb: Notebook) -> str | None:
    image = nb.kale.get("docker_image")
    if not image:
        return None
    where = "notebook metadata kubeflow_notebook.docker_image"
    if not isinstance(image, str):
        raise Unprocessable(f"{where} must be a string, not {image!r}", where=where)
    return check_image(image, where)


def analyse_notebook(
    nb: Notebook, split: str | None = None, pipeline_name: str | None = None
) -> Analysis:
    cut: Split = split_notebook(nb, split)
    warnings = list(cut.warnings)
    prelude = "\n\n".join(code for _, code in cut.prelude if code.strip())
    prelude_tree = ast.parse(prelude)
    prelude_usage = analyse_code(prelude_tree)
    # A step calling a functions-cell function reads what that function reads.
    prelude_callees = global_reads(prelude_tree)
    params = {p.name for p in cut.parameters}
    # name -> ("param", name) | ("step", step) | ("import", statement) from a step |
    # ("prelude", "") or ("prelude-import", "") from the imports and functions cells
    last: dict[str, tuple[str, str]] = {
        n: ("prelude-import" if n in prelude_usage.imports else "prelude", "")
        for n in prelude_usage.defines
    }
    last.update({n: ("param", n) for n in params})
    plans = [StepPlan(step) for step in cut.steps]
    by_name = {p.name: p for p in plans}
    for plan in plans:
        usage = analyse_code(ast.Module(body=plan.step.statements, type_ignores=[]))
        for name in with_callees(usage.reads, prelude_callees):
            kind, value = last.get(name, ("", ""))
            if kind == "param":
                plan.parameters.append(name)
            elif kind == "import":
                plan.imports.append(value)
            elif kind == "step" and value != plan.name:
                plan.inputs[name] = value
            elif not kind and name not in BUILTINS:
                warnings.append(
                    ConvertWarning(
                        f"step {plan.name!r} reads {name!r}, which no earlier step defines",
                        plan.step.cells[0],
                    )
                )
        for name in usage.defines:
            if name in usage.mutated_only and last.get(name, ("",))[0] in (
                "prelude-import",
                "import",
            ):
                continue  # ``np.random.seed(0)`` leaves np a module, imported where used
            imported = usage.imports.get(name)
            last[name] = ("import", imported) if imported else ("step", plan.name)
        modules = usage.modules | prelude_usage.modules
        for stmt in plan.imports:
            modules |= analyse_code(ast.parse(stmt)).modules
        pins, missing = pinned_packages(modules)
        plan.packages = pins + [
            p for p in cut.prelude_packages + plan.step.packages if p not in pins
        ]
        plan.index.merge(cut.prelude_pip, f"cell {plan.step.cells[0] + 1}")
        plan.index.merge(plan.step.pip, f"cell {plan.step.cells[0] + 1}")
        plan.index.packages, plan.index.warnings = [], []  # only its index options here
        for module in missing:
            warnings.append(
                ConvertWarning(
                    f"step {plan.name!r} imports {module!r}, which is not installed here: "
                    "it is not added to the step's packages",
                    plan.step.cells[0],
                )
            )
    for plan in plans:  # notebook order: producers come first
        for value, source in plan.inputs.items():
            producer = by_name[source]
            if value not in producer.outputs:
                producer.outputs.append(value)
            # Reading a value may need its producer's packages (a numpy array needs numpy),
            # from where the producer installs them (never a private name from PyPI).
            plan.packages += [p for p in producer.packages if p not in plan.packages]
            plan.index.merge(producer.index, f"cell {plan.step.cells[0] + 1}")
    serialiser = _pin("cloudpickle")
    for plan in plans:
        if (plan.inputs or plan.outputs) and serialiser:
            # Classes and functions defined in the notebook only cross steps by value.
            plan.packages += [p for p in serialiser if p not in plan.packages]
    metrics: list[str] = []
    parameter_types = {p.name: p.type for p in cut.parameters}
    for metric, cell in cut.metrics:
        kind, value = last.get(metric, ("", ""))
        if kind == "param":
            if metric in metrics:
                continue
            # Kale: a parameter listed as a metric is a metric whose value is the
            # parameter's (the last step logs it, so it shows with the run's results).
            if parameter_types[metric] not in ("int", "float", "bool"):
                raise Unprocessable(
                    f"Metric {metric!r} (cell {cell + 1}) is a {parameter_types[metric]} "
                    "parameter; a metric is a number",
                    where=f"cell {cell + 1}",
                    field=metric,
                )
            metrics.append(metric)
            logger = plans[-1]
            if metric not in logger.parameters:
                logger.parameters.append(metric)
            logger.metrics.append(metric)
            continue
        if kind != "step":
            raise Unprocessable(
                f"Metric {metric!r} (cell {cell + 1}) is not computed by any pipeline step",
                where=f"cell {cell + 1}",
                field=metric,
            )
        if metric not in metrics:
            metrics.append(metric)
            by_name[value].metrics.append(metric)
    graph: dict[str, list[str]] = {p.name: [] for p in plans}
    for plan in plans:
        for prev in plan.step.prev:
            if prev not in by_name:
                raise Unprocessable(
                    f"Step {plan.name!r} (cell {plan.step.cells[0] + 1}) has prev:{prev}, "
                    f"but there is no step {prev!r}",
                    where=f"cell {plan.step.cells[0] + 1}",
                )
            graph[prev].append(plan.name)
        for source in plan.inputs.values():
            graph[source].append(plan.name)
    cycle = _find_cycle(graph)
    if cycle:
        raise Unprocessable(
            f"Steps form a cycle: {' -> '.join(cycle)} (check their prev: tags and the "
            "values they read)",
            where=", ".join(dict.fromkeys(cycle)),
        )
    image_as_is = bool(_flag(nb, "image_as_is"))
    if image_as_is:
        for plan in plans:
            plan.step.image_as_is = True
    warnings += _python_warnings(plans, _kale_image(nb))
    return Analysis(
        name=slug(pipeline_name or str(nb.kale.get("pipeline_name") or "") or nb.stem, "pipeline"),
        path=str(nb.path),
        plans=plans,
        prelude=prelude,
        parameters=cut.parameters,
        metrics=metrics,
        warnings=warnings,
        split=cut.split,
        default_image=_kale_image(nb),
        experiment=str(nb.kale.get("experiment_name") or "") or None,
        cache=_flag(nb, "enable_caching"),
        image_as_is=image_as_is,
    )
