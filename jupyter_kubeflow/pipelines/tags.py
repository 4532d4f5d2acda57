"""Kale's cell-tag language, read unchanged.

``imports``, ``functions``, ``pipeline-parameters``, ``pipeline-metrics``, ``skip``,
``step:NAME`` (and the older ``block:NAME``), ``prev:NAME``, ``image:IMAGE``,
``limit:RESOURCE:VALUE``, ``annotation:KEY:VALUE``, ``label:KEY:VALUE``.
Tags outside this language (e.g. papermill's ``parameters``) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Unprocessable

KINDS = ("imports", "functions", "pipeline-parameters", "pipeline-metrics", "skip")
STEP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,62}$")
KALE_PREFIXES = ("step:", "block:", "prev:", "image:", "limit:", "annotation:", "label:")
# Ours, beside Kale's: cache:false|true (KFP caching of the step), packages:none (use the
# image as it is: no pip installs at pod start, kfp itself included).
OWN_PREFIXES = ("cache:", "packages:")


@dataclass
class CellTags:
    """What a cell's tags say."""

    kind: str | None = None  # one of KINDS, or None
    step: str | None = None
    prev: list[str] = field(default_factory=list)
    image: str | None = None
    limits: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    cache: bool | None = None
    image_as_is: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.cache is not None
            or self.image_as_is
            or self.kind
            or self.step
            or self.prev
            or self.image
            or self.limits
            or self.annotations
            or self.labels
        )


def is_kale_tag(tag: str) -> bool:
    return tag in KINDS or tag.startswith(KALE_PREFIXES + OWN_PREFIXES)


# A container image reference (registry/path:tag@digest), at most 512 characters: what
# Kubernetes takes as an image, nothing that could end a quoted string or a line.
IMAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-/:@+]{0,511}")


def check_image(image: str, where: str) -> str:
    if not IMAGE.fullmatch(image):
        raise Unprocessable(
            f"Image {image!r} in {where} is not an image reference such as "
            "python:3.11-slim or registry.example.com/team/image:tag",
            where=where,
        )
    return image


def check_step_name(name: str, where: str) -> str:
    if not STEP_NAME.fullmatch(name):
        raise Unprocessable(
            f"Invalid step name {name!r} in {where}: use letters, digits, '_' or '-', "
            "starting with a letter, at most 63 characters",
            where=where,
        )
    return name


# What kfp accepts (kfp.dsl.PipelineTask.set_cpu_limit / set_memory_limit / accelerators).
_CPU = re.compile(r"^([0-9]*[.])?[0-9]+m?$")
_MEMORY = re.compile(r"^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$")
_COUNT = re.compile(r"^[0-9]+$")


def check_limit(resource: str, value: str, where: str) -> str:
    """A ``limit:RESOURCE:VALUE`` kfp can set; anything else is refused here, by cell."""
    key = resource.lower()
    if key == "cpu":
        ok, hint = _CPU.fullmatch(value), "a number of cores such as 2, 0.5 or 500m"
    elif key == "memory":
        ok, hint = _MEMORY.fullmatch(value), "a size such as 512Mi, 4Gi or 1G"
    elif key in ("gpu", "gpus") or "/" in key:
        ok, hint = _COUNT.fullmatch(value), "a whole number of devices"
    else:
        raise Unprocessable(
            f"Unknown resource {resource!r} in limit: tag of {where}: use cpu, memory, gpu "
            "or an accelerator such as nvidia.com/gpu",
            where=where,
        )
    if not ok:
        raise Unprocessable(
            f"Limit {resource}:{value} in {where} is not valid: use {hint}", where=where
        )
    return value


# Kubernetes' rules (apimachinery validation: IsQualifiedName, IsValidLabelValue,
# IsDNS1123Subdomain): checked here, as the pod would be refused only at run time.
_NAME = re.compile(r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_NAME_RULE = (
    "at most 63 characters: letters, digits, '-', '_' or '.', starting and ending with a "
    "letter or digit"
)
ANNOTATIONS_MAX_BYTES = 256 * 1024


def check_key(kind: str, key: str, where: str) -> str:
    """A label or annotation key: ``[prefix/]name``, prefix a DNS subdomain (253)."""
    prefix, _, name = key.rpartition("/")
    problem = ""
    if not name or len(name) > 63 or not _NAME.fullmatch(name):
        problem = f"its name part {name!r} must be {_NAME_RULE}"
    elif "/" in key and (len(prefix) > 253 or not _DNS_SUBDOMAIN.fullmatch(prefix)):
        problem = f"its prefix {prefix!r} must be a lowercase DNS name such as example.com"
    if problem:
        raise Unprocessable(
            f"{kind.capitalize()} key {key!r} in {where} is not valid in Kubernetes: {problem}",
            where=where,
        )
    return key


def check_label_value(key: str, value: str, where: str) -> str:
    if len(value) > 63 or not _NAME.fullmatch(value):
        raise Unprocessable(
            f"Label {key}={value!r} in {where} is not valid in Kubernetes: a label value is "
            f"empty or {_NAME_RULE}",
            where=where,
        )
    return value


def _key_value(tag: str, where: str) -> tuple[str, str]:
    parts = tag.split(":", 2)
    if len(parts) != 3 or not parts[1] or not parts[2]:
        raise Unprocessable(
            f"Tag {tag!r} in {where} must look like {parts[0]}:KEY:VALUE", where=where
        )
    return parts[1], parts[2]


def parse_tags(tags: list[str], where: str) -> CellTags:
    """Parse one cell's tags; ``where`` (e.g. ``cell 3``) names the cell in errors."""
    out = CellTags()
    for tag in tags:
        tag = tag.strip()
        if tag in KINDS:
            if out.kind and out.kind != tag:
                raise Unprocessable(
                    f"{where} has both {out.kind!r} and {tag!r} tags; a cell has one role",
                    where=where,
                )
            out.kind = tag
        elif tag.startswith(("step:", "block:")):
            if not tag.split(":", 1)[1]:
                # Kale: an empty block:/step: (its labextension writes one) is no step tag;
                # the cell joins the step above it.
                continue
            name = check_step_name(tag.split(":", 1)[1], where)
            if out.step and out.step != name:
                raise Unprocessable(
                    f"{where} is tagged with two steps, {out.step!r} and {name!r}", where=where
                )
            out.step = name
        elif tag.startswith("prev:"):
            out.prev.append(check_step_name(tag.split(":", 1)[1], where))
        elif tag.startswith("image:"):
            image = tag.split(":", 1)[1]
            if not image:
                raise Unprocessable(f"Empty image tag in {where}", where=where)
            out.image = check_image(image, where)
        elif tag.startswith("limit:"):
            key, value = _key_value(tag, where)
            out.limits[key] = check_limit(key, value, where)
        elif tag.startswith("annotation:"):
            key, value = _key_value(tag, where)
            out.annotations[check_key("annotation", key, where)] = value
            if sum(len(k) + len(v.encode()) for k, v in out.annotations.items()) > (
                ANNOTATIONS_MAX_BYTES
            ):
                raise Unprocessable(
                    f"The annotations of {where} are over Kubernetes' 256 KiB", where=where
                )
        elif tag.startswith("cache:"):
            value = tag.split(":", 1)[1].lower()
            if value not in ("true", "false"):
                raise Unprocessable(
                    f"Tag {tag!r} in {where}: use cache:false (run the step every time) or "
                    "cache:true",
                    where=where,
                )
            out.cache = value == "true"
        elif tag.startswith("packages:"):
            if tag != "packages:none":
                raise Unprocessable(
                    f"Tag {tag!r} in {where}: packages:none is the one packages: tag (use the "
                    "image as it is, with no installs)",
                    where=where,
                )
            out.image_as_is = True
        elif tag.startswith("label:"):
            key, value = _key_value(tag, where)
            out.labels[check_key("label", key, where)] = check_label_value(key, value, where)
    return out
