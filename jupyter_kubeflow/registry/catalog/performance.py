"""Performance artifacts as Kubeflow Hub computes them (``performance_artifact_service.go``).

- ``targetRPS``: each configuration gains ``replicas`` (how many copies reach the target
  requests per second) and ``total_requests_per_second`` (what those replicas serve).
- ``recommendations``: per hardware type, drop configurations that are both slower and no
  cheaper (hardware count x replicas) than another, then keep only those that improve
  latency meaningfully (5 %, 10 % once latency is at most 100) over the last one kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

INT32_MAX = 2**31 - 1
_EPSILON, _FAST_EPSILON, _FAST_THRESHOLD = 0.05, 0.1, 100


@dataclass(frozen=True)
class PerformanceProperties:
    rps: str = "requests_per_second"
    latency: str = "ttft_p90"
    hardware_count: str = "hardware_count"
    hardware_type: str = "hardware_type"

    def names(self) -> tuple[str, ...]:
        return (self.rps, self.latency, self.hardware_count, self.hardware_type)


def _number(artifact: dict[str, Any], name: str, default: float) -> float:
    prop = (artifact.get("customProperties") or {}).get(name) or {}
    if "double_value" in prop:
        return float(prop["double_value"])
    if "int_value" in prop:
        return float(prop["int_value"])
    return default


def _integer(artifact: dict[str, Any], name: str, default: int) -> int:
    prop = (artifact.get("customProperties") or {}).get(name) or {}
    return int(prop["int_value"]) if "int_value" in prop else default


def _string(artifact: dict[str, Any], name: str) -> str:
    prop = (artifact.get("customProperties") or {}).get(name) or {}
    value = prop.get("string_value")
    return value if isinstance(value, str) else ""


def missing_properties(artifacts: list[dict[str, Any]], props: PerformanceProperties) -> list[str]:
    """The named properties no artifact has (Hub refuses the request then)."""
    if not artifacts:
        return []
    present = {name for a in artifacts for name in (a.get("customProperties") or {})}
    return sorted({name for name in props.names() if name and name not in present})


def with_target_rps(
    artifacts: list[dict[str, Any]], target: int, props: PerformanceProperties
) -> list[dict[str, Any]]:
    out = []
    for artifact in artifacts:
        rps = _number(artifact, props.rps, 1.0)
        rps = rps if rps > 0 else 1.0
        replicas = min(max(math.ceil(target / rps), 1), INT32_MAX)
        custom = dict(artifact.get("customProperties") or {})
        custom["replicas"] = {"metadataType": "MetadataIntValue", "int_value": str(replicas)}
        custom["total_requests_per_second"] = {
            "metadataType": "MetadataDoubleValue",
            "double_value": replicas * rps,
        }
        out.append({**artifact, "customProperties": custom})
    return out


def recommended(
    artifacts: list[dict[str, Any]], props: PerformanceProperties
) -> list[dict[str, Any]]:
    """The Pareto-recommended configurations, in the order given."""
    keep: set[str] = set()
    groups: dict[str, list[dict[str, Any]]] = {}
    for artifact in artifacts:
        groups.setdefault(_string(artifact, props.hardware_type), []).append(artifact)

    def latency_key(artifact: dict[str, Any]) -> tuple[float, int]:
        latency = _number(artifact, props.latency, math.inf)
        count = _integer(artifact, props.hardware_count, INT32_MAX)
        return (latency if latency > 0 else math.inf, count if count > 0 else INT32_MAX)

    for group in groups.values():
        cheapest = INT32_MAX
        cheaper = []  # by latency: keep each that costs less than every faster one
        for artifact in sorted(group, key=latency_key):
            cost = _integer(artifact, props.hardware_count, 1) * _integer(artifact, "replicas", 1)
            if cost < cheapest:
                cheaper.append(artifact)
                cheapest = cost
        cheaper.reverse()  # now by cost, cheapest first
        epsilon = _EPSILON
        last = _number(cheaper[0], props.latency, 0.0)
        keep.add(cheaper[0]["id"])
        for artifact in cheaper[1:]:
            if last <= _FAST_THRESHOLD:
                epsilon = _FAST_EPSILON
            latency = _number(artifact, props.latency, last)
            if last and (last - latency) / last > epsilon:
                keep.add(artifact["id"])
                last = latency
    return [a for a in artifacts if a["id"] in keep]


def minimum_latency(
    artifacts: list[dict[str, Any]], props: PerformanceProperties, target: int = 1
) -> float | None:
    """The lowest latency among the recommended configurations (the RECOMMENDED sort key)."""
    values = [
        _number(a, props.latency, math.nan)
        for a in recommended(with_target_rps(artifacts, max(target, 1), props), props)
    ]
    values = [v for v in values if not math.isnan(v)]
    return min(values) if values else None
