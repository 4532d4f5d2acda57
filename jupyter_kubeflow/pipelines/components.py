"""KFP v2 pipeline source generated from an :class:`Analysis`: readable, self-contained.

Each step becomes a lightweight ``@dsl.component`` whose body holds the step's code as a
string literal (``repr``) and runs it with ``exec``; pipeline parameters arrive as
component inputs (never spliced into code), values from earlier steps as ``Input[Artifact]``
files, deserialised by the code inside the component (this package is not needed there).
The same source is what ``--dsl`` writes and what :mod:`.compile` compiles.
"""

from __future__ import annotations

import ast
import math
import textwrap
from pathlib import Path
from typing import Any

from .analysis import Analysis, StepPlan

PY_TYPES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "list": "list",
    "dict": "dict",
}
GPU_ALIASES = {"gpu": "nvidia.com/gpu", "gpus": "nvidia.com/gpu"}

# The body every component runs. It only reads the locals set above it in the component.
RUNNER = """
import os
import pickle
import sys

try:
    import cloudpickle as _pickler
except ImportError:
    _pickler = pickle


def _load(path):
    # An artifact is a folder holding one file; its extension says how it was written.
    if os.path.exists(os.path.join(path, "value.npy")):
        import numpy
        return numpy.load(os.path.join(path, "value.npy"), allow_pickle=False)
    if os.path.exists(os.path.join(path, "value.parquet")):
        import pandas
        return pandas.read_parquet(os.path.join(path, "value.parquet"))
    with open(os.path.join(path, "value.pkl"), "rb") as f:
        return pickle.load(f)


def _save(value, path):
    os.makedirs(path, exist_ok=True)
    kind = type(value).__module__.split(".")[0] + "." + type(value).__name__
    if kind == "numpy.ndarray" and value.dtype != object:
        import numpy
        numpy.save(os.path.join(path, "value.npy"), value, allow_pickle=False)
        return
    if kind == "pandas.DataFrame":
        try:
            value.to_parquet(os.path.join(path, "value.parquet"))
            return
        except Exception:  # no parquet engine, or columns parquet cannot hold
            pass
    with open(os.path.join(path, "value.pkl"), "wb") as f:
        _pickler.dump(value, f)


namespace = {"__name__": "__main__", "display": print}
namespace.update(parameters)
print(f"[step {step_name}] start", flush=True)
# The imports and functions cells first: values from earlier steps then replace what
# they set up (a dict from the functions cell changed by an earlier step arrives changed).
exec(compile(prelude, f"<step {step_name}: imports and functions>", "exec"), namespace)
for _name, _path in inputs.items():
    namespace[_name] = _load(_path)
exec(compile(code, f"<step {step_name}>", "exec"), namespace)
for _name, _path in outputs.items():
    if _name not in namespace:
        raise RuntimeError(f"step {step_name} did not define {_name!r}, which a later step reads")
    _save(namespace[_name], _path)
for _name in metric_names:
    try:
        _value = float(namespace[_name])
    except (TypeError, ValueError):
        raise TypeError(f"metric {_name!r} must be a number, not {namespace[_name]!r}") from None
    metrics_out.log_metric(_name, _value)
if metric_names:
    # Also in the artifact's own file, which KFP's launcher uploads to the object store:
    # there a Kubeflow run's metrics can be read without ML Metadata (KFP's UI reads them
    # from ML Metadata, where log_metric put them; kfp.local ignores the file).
    import json

    os.makedirs(os.path.dirname(metrics_out.path) or ".", exist_ok=True)
    with open(metrics_out.path, "w") as _file:
        json.dump(metrics_out.metadata, _file)  # a NaN metric as NaN, as json reads it
print(f"[step {step_name}] done", flush=True)
"""


def literal(value: Any) -> str:
    """``value`` as a Python literal, by the built-in types' own ``repr`` (a str subclass
    cannot choose its text), checked to read back equal: the only way anything from a
    notebook, a tag, a name or a request enters the generated source."""
    kind = type(value)
    if value is None or isinstance(value, bool):
        text = repr(value is True) if value is not None else "None"
    elif isinstance(value, int):
        text = int.__repr__(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no literal")  # refused upstream; a bug here
        text = float.__repr__(value)
    elif isinstance(value, str):
        text = str.__repr__(value)
    elif isinstance(value, list):
        text = "[" + ", ".join(literal(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    else:
        raise ValueError(f"no literal for a {kind.__name__}")
    if ast.literal_eval(text) != value:
        raise ValueError(f"{value!r} does not read back from its literal")
    return text


def function_name(step: str) -> str:
    """The component's Python name; step names are checked (tags.STEP_NAME) before this."""
    name = "step_" + step.lower().replace("-", "_")
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"step name {step!r} cannot name a component")  # a bug upstream
    return name


def _component(plan: StepPlan, analysis: Analysis, base_image: str, local: bool) -> str:
    params = {p.name: p for p in analysis.parameters}
    args = [f"{name}: {PY_TYPES[params[name].type]}" for name in plan.parameters]
    args += [f"in__{name}: Input[Artifact]" for name in plan.inputs]
    args += [f"out__{name}: Output[Artifact]" for name in plan.outputs]
    if plan.metrics:
        args.append("kfp_metrics: Output[Metrics]")
    image = plan.step.image or analysis.default_image or base_image
    if local or plan.step.image_as_is:  # as it is: the image brings kfp and the packages
        deco = f"@dsl.component(base_image={literal(image)}, install_kfp_package=False)"
    else:
        packages = literal(plan.packages)
        deco = f"@dsl.component(base_image={literal(image)}, packages_to_install={packages}"
        if plan.index.index_urls:  # pip's -i/--extra-index-url/--trusted-host from the cells
            deco += (
                f", pip_index_urls={literal(plan.index.index_urls)}"
                f", pip_trusted_hosts={literal(plan.index.trusted_hosts)}"
            )
        deco += ")"
    prelude = "\n".join([*plan.imports, analysis.prelude])
    cells = ", ".join(str(c) for c in plan.step.cells)
    body = [
        # A docstring, but as a repr literal: a name holding quotes cannot end it.
        literal(f"Step {plan.name!r}: notebook cells {cells}."),
        "exec(",
        "    _RUNNER,",
        "    {",
        f"        'step_name': {literal(plan.name)},",
        f"        'prelude': {literal(prelude)},",
        f"        'code': {literal(plan.step.source)},",
        "        'parameters': {" + ", ".join(f"{literal(n)}: {n}" for n in plan.parameters) + "},",
        "        'inputs': {"
        + ", ".join(f"{literal(n)}: in__{n}.path" for n in plan.inputs)
        + "},",
        "        'outputs': {"
        + ", ".join(f"{literal(n)}: out__{n}.path" for n in plan.outputs)
        + "},",
        f"        'metric_names': {literal(plan.metrics)},",
        "        'metrics_out': " + ("kfp_metrics" if plan.metrics else "None") + ",",
        "    },",
        ")",
    ]
    signature = ",\n    ".join(args)
    head = (
        f"def {function_name(plan.name)}(\n    {signature},\n):"
        if args
        else (f"def {function_name(plan.name)}():")
    )
    # The runner literal's lines stay unindented: indenting them would change its code.
    runner = "    _RUNNER = '''" + RUNNER + "'''\n"
    doc, rest = body[0], body[1:]
    return f"{deco}\n{head}\n    {doc}\n{runner}" + textwrap.indent("\n".join(rest), "    ") + "\n"


def _task(plan: StepPlan, cache_default: bool | None = None) -> list[str]:
    var = function_name(plan.name)[5:] + "_task"
    kwargs = [f"{n}={n}" for n in plan.parameters]
    kwargs += [
        f'in__{n}={function_name(src)[5:]}_task.outputs["out__{n}"]'
        for n, src in plan.inputs.items()
    ]
    lines = [f"{var} = {function_name(plan.name)}({', '.join(kwargs)})"]
    lines.append(f"{var}.set_display_name({literal(plan.name)})")
    for prev in plan.step.prev:
        lines.append(f"{var}.after({function_name(prev)[5:]}_task)")
    cache = plan.step.cache if plan.step.cache is not None else cache_default
    if cache is not None:  # None: KFP's default (cached)
        lines.append(f"{var}.set_caching_options({literal(cache)})")
    for resource, value in plan.step.limits.items():
        key = resource.lower()
        if key == "cpu":
            lines.append(f"{var}.set_cpu_limit({literal(value)})")
        elif key == "memory":
            lines.append(f"{var}.set_memory_limit({literal(value)})")
        else:
            lines.append(f"{var}.set_accelerator_type({literal(GPU_ALIASES.get(key, resource))})")
            lines.append(f"{var}.set_accelerator_limit({literal(value)})")
    for key, value in plan.step.annotations.items():
        lines.append(f"kubernetes.add_pod_annotation({var}, {literal(key)}, {literal(value)})")
    for key, value in plan.step.labels.items():
        lines.append(f"kubernetes.add_pod_label({var}, {literal(key)}, {literal(value)})")
    return lines


def pipeline_source(analysis: Analysis, base_image: str, local: bool = False) -> str:
    """Python source that defines the components and the ``pipeline`` function."""
    # Nothing from outside in the docstring: the notebook's name (a file name may hold
    # quotes, backslashes and newlines) appears only as a repr literal below it.
    parts = [
        '"""Kubeflow pipeline generated by jupyter-kubeflow from a notebook (NOTEBOOK).',
        "",
        "Compile it with: python THIS_FILE PIPELINE.yaml",
        '"""',
        "",
        "from kfp import dsl",
        "from kfp.dsl import Artifact, Input, Metrics, Output",
    ]
    if any(p.step.annotations or p.step.labels for p in analysis.plans):
        parts.append("from kfp import kubernetes  # kfp-kubernetes: pod annotations and labels")
    parts += ["", f"NOTEBOOK = {literal(Path(analysis.path).name)}", ""]
    for plan in analysis.plans:
        parts += ["", _component(plan, analysis, base_image, local)]
    signature = ", ".join(
        f"{p.name}: {PY_TYPES[p.type]} = {literal(p.default)}" for p in analysis.parameters
    )
    body: list[str] = []
    for plan in analysis.plans:
        body += _task(plan, analysis.cache)
    parts += [
        "",
        f"@dsl.pipeline(name={literal(analysis.name)})",
        f"def pipeline({signature}):",
        *textwrap.indent("\n".join(body), "    ").splitlines(),
        "",
        "",
        'if __name__ == "__main__":',
        "    import sys",
        "",
        "    from kfp import compiler",
        "",
        '    output = sys.argv[1] if sys.argv[1:] else "pipeline.yaml"',
        "    compiler.Compiler().compile(pipeline, output)",
        "",
    ]
    return "\n".join(parts)
