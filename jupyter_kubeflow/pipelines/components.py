"""KFP v2 pipeline source generated from an :class:`Analysis`: readable, self-contained.

Each step becomes a lightweight ``@dsl.component`` whose body holds the step's code as a
string literal (``repr``) and runs it with ``exec``; pipeline parameters arrive as
component inputs (never spliced into code), values from earlier steps as ``Input[Artifact]``
files, deserialised by the code inside the component (this package is not needed there).
The same source is what ``--dsl`` writes and what :mod:`.compile` compiles.
"""

from __future__ import annotations

import textwrap

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
print(f"[step {step_name}] done", flush=True)
"""


def function_name(step: str) -> str:
    return "step_" + step.lower().replace("-", "_")


def _component(plan: StepPlan, analysis: Analysis, base_image: str, local: bool) -> str:
    params = {p.name: p for p in analysis.parameters}
    args = [f"{name}: {PY_TYPES[params[name].type]}" for name in plan.parameters]
    args += [f"in__{name}: Input[Artifact]" for name in plan.inputs]
    args += [f"out__{name}: Output[Artifact]" for name in plan.outputs]
    if plan.metrics:
        args.append("kfp_metrics: Output[Metrics]")
    image = plan.step.image or analysis.default_image or base_image
    if local:
        deco = f"@dsl.component(base_image={image!r}, install_kfp_package=False)"
    else:
        deco = f"@dsl.component(base_image={image!r}, packages_to_install={plan.packages!r})"
    prelude = "\n".join([*plan.imports, analysis.prelude])
    cells = ", ".join(str(c) for c in plan.step.cells)
    body = [
        f'"""Step {plan.name!r}: notebook cells {cells}."""',
        "exec(",
        "    _RUNNER,",
        "    {",
        f"        'step_name': {plan.name!r},",
        f"        'prelude': {prelude!r},",
        f"        'code': {plan.step.source!r},",
        "        'parameters': {" + ", ".join(f"{n!r}: {n}" for n in plan.parameters) + "},",
        "        'inputs': {" + ", ".join(f"{n!r}: in__{n}.path" for n in plan.inputs) + "},",
        "        'outputs': {" + ", ".join(f"{n!r}: out__{n}.path" for n in plan.outputs) + "},",
        f"        'metric_names': {plan.metrics!r},",
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


def _task(plan: StepPlan) -> list[str]:
    var = function_name(plan.name)[5:] + "_task"
    kwargs = [f"{n}={n}" for n in plan.parameters]
    kwargs += [
        f'in__{n}={function_name(src)[5:]}_task.outputs["out__{n}"]'
        for n, src in plan.inputs.items()
    ]
    lines = [f"{var} = {function_name(plan.name)}({', '.join(kwargs)})"]
    lines.append(f"{var}.set_display_name({plan.name!r})")
    for prev in plan.step.prev:
        lines.append(f"{var}.after({function_name(prev)[5:]}_task)")
    for resource, value in plan.step.limits.items():
        key = resource.lower()
        if key == "cpu":
            lines.append(f"{var}.set_cpu_limit({value!r})")
        elif key == "memory":
            lines.append(f"{var}.set_memory_limit({value!r})")
        else:
            lines.append(f"{var}.set_accelerator_type({GPU_ALIASES.get(key, resource)!r})")
            lines.append(f"{var}.set_accelerator_limit({value!r})")
    for key, value in plan.step.annotations.items():
        lines.append(f"kubernetes.add_pod_annotation({var}, {key!r}, {value!r})")
    for key, value in plan.step.labels.items():
        lines.append(f"kubernetes.add_pod_label({var}, {key!r}, {value!r})")
    return lines


def pipeline_source(analysis: Analysis, base_image: str, local: bool = False) -> str:
    """Python source that defines the components and the ``pipeline`` function."""
    parts = [
        f'"""Kubeflow pipeline {analysis.name!r}, generated by jupyter-kubeflow',
        f"from {analysis.path}.",
        "",
        "Compile it with: python THIS_FILE PIPELINE.yaml",
        '"""',
        "",
        "from kfp import dsl",
        "from kfp.dsl import Artifact, Input, Metrics, Output",
    ]
    if any(p.step.annotations or p.step.labels for p in analysis.plans):
        parts.append("from kfp import kubernetes  # kfp-kubernetes: pod annotations and labels")
    parts.append("")
    for plan in analysis.plans:
        parts += ["", _component(plan, analysis, base_image, local)]
    signature = ", ".join(
        f"{p.name}: {PY_TYPES[p.type]} = {p.default!r}" for p in analysis.parameters
    )
    body: list[str] = []
    for plan in analysis.plans:
        body += _task(plan)
    parts += [
        "",
        f"@dsl.pipeline(name={analysis.name!r})",
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
