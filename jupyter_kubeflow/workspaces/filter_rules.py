"""A WorkspaceKind's ``spec.filterRules``: which kinds and options a namespace may use.

As upstream's backend evaluates them (kubeflow/notebooks notebooks-v2,
``internal/filterrules``; used by ``podtemplate/options/listvalues`` and ``workspacekinds``):
rules are read top to bottom and the first whose ``scope`` is the item's and whose
``match`` conditions ALL hold decides (firewall-style, first match wins); no match: allowed.
A condition is a label selector over the namespace's labels (``matchNamespace``), an image
config's ``spawner.labels`` (``matchImageConfig``) or a pod config's (``matchPodConfig``):
for an option of the same scope, its own labels; for another scope, those of the option
chosen (unknown -> the condition does not hold: nothing is hidden or denied without the
context). Effects: ``api.hide`` leaves the item out, ``ui.hide`` marks it hidden,
``api.deny`` returns it with ``restrictions.deny`` and refuses a create/update that picks it.
A selector that cannot be evaluated (unknown operator, In without values) is dropped from
its rule, as upstream drops a selector that does not compile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Unprocessable
from .kinds import kind_summary
from .kube import REQUEST_TIMEOUT, api_error

WORKSPACE_KIND, IMAGE_CONFIG, POD_CONFIG = "WORKSPACE_KIND", "IMAGE_CONFIG", "POD_CONFIG"
SCOPE_OF = {"imageConfig": IMAGE_CONFIG, "podConfig": POD_CONFIG}
CONDITION_KEYS = {"matchNamespace", "matchImageConfig", "matchPodConfig"}
NAME_LABEL = "kubernetes.io/metadata.name"  # set by the API server on every namespace


@dataclass(frozen=True)
class Context:
    """What a rule may look at; None: not known (conditions on it do not hold)."""

    namespace_labels: dict[str, str] | None = None
    image_labels: dict[str, str] | None = None
    pod_labels: dict[str, str] | None = None


@dataclass
class Result:
    api_hide: bool = False
    ui_hide: bool = False
    restrictions: dict[str, Any] = field(
        default_factory=lambda: {"deny": False, "denyMessage": None}
    )


# ---- label selectors (metav1.LabelSelector) -----------------------------------------------
class InvalidSelector(ValueError):
    pass


def selector_matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Kubernetes label selector semantics: matchLabels and matchExpressions, all ANDed;
    an empty selector matches everything. Raises InvalidSelector when it cannot be read."""
    if not isinstance(selector, dict):
        raise InvalidSelector("not an object")
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        if not _expression_matches(expression, labels):
            return False
    return True


def _expression_matches(expression: dict[str, Any], labels: dict[str, str]) -> bool:
    key, operator = expression.get("key"), expression.get("operator")
    values = expression.get("values") or []
    if not key or not isinstance(values, list):
        raise InvalidSelector("no key")
    if operator in ("In", "NotIn"):
        if not values:
            raise InvalidSelector(f"{operator} needs values")
        present = key in labels and labels[key] in values
        return present if operator == "In" else not present
    if operator in ("Exists", "DoesNotExist"):
        if values:
            raise InvalidSelector(f"{operator} takes no values")
        return (key in labels) == (operator == "Exists")
    raise InvalidSelector(f"unknown operator {operator!r}")


# ---- rules ----------------------------------------------------------------------------------
def spawner_labels(value: dict[str, Any]) -> dict[str, str]:
    """An option's ``spawner.labels`` (a list of key/value) as a label map."""
    return {
        str(label.get("key", "")): str(label.get("value", ""))
        for label in ((value.get("spawner") or {}).get("labels") or [])
        if isinstance(label, dict)
    }


def _condition_holds(
    condition: dict[str, Any], scope: str, own: dict[str, str] | None, context: Context
) -> bool | None:
    """True/False, or None when the condition cannot be evaluated (dropped)."""
    present = CONDITION_KEYS & set(condition)
    if len(present) != 1:
        return None
    which = present.pop()
    if which == "matchNamespace":
        labels = context.namespace_labels
    elif which == "matchImageConfig":
        labels = own if scope == IMAGE_CONFIG else context.image_labels
    else:
        labels = own if scope == POD_CONFIG else context.pod_labels
    selector = (condition.get(which) or {}).get("selector")
    try:
        matched = selector_matches(selector if selector is not None else {}, labels or {})
    except InvalidSelector:
        return None
    return matched if labels is not None else False


def evaluate(
    rules: list[dict[str, Any]],
    scope: str,
    own_labels: dict[str, str] | None,
    context: Context,
) -> Result:
    """The first rule of ``scope`` whose (valid) conditions all hold decides."""
    for rule in rules:
        if not isinstance(rule, dict) or rule.get("scope") != scope:
            continue
        verdicts = [
            _condition_holds(c, scope, own_labels, context)
            for c in rule.get("match") or []
            if isinstance(c, dict)
        ]
        valid = [v for v in verdicts if v is not None]
        if not valid or not all(valid):
            continue
        return _result(rule.get("effect") or {})
    return Result()


def _result(effect: dict[str, Any]) -> Result:
    api = effect.get("api") or {}
    ui = effect.get("ui") or {}
    result = Result(api_hide=bool(api.get("hide")), ui_hide=bool(ui.get("hide")))
    if api.get("deny"):
        message = api.get("denyMessage")
        result.restrictions = {
            "deny": True,
            "denyMessage": (
                {"text": message.get("text", ""), "level": message.get("level") or "Warning"}
                if isinstance(message, dict)
                else None
            ),
        }
    return result


def rules_of(kind: dict[str, Any]) -> list[dict[str, Any]]:
    rules = (kind.get("spec") or {}).get("filterRules") or []
    return rules if isinstance(rules, list) else []


def _values(kind: dict[str, Any], which: str) -> list[dict[str, Any]]:
    options = ((kind.get("spec") or {}).get("podTemplate") or {}).get("options") or {}
    return (options.get(which) or {}).get("values") or []


def _option_labels(kind: dict[str, Any], which: str, option_id: str | None) -> dict | None:
    if not option_id:
        return None
    value = next((v for v in _values(kind, which) if v.get("id") == option_id), None)
    return spawner_labels(value) if value is not None else None


def workspace_counts(kind: dict[str, Any], which: str) -> dict[str, int]:
    """Workspaces using each option, cluster-wide, as the controller counts them in the
    kind's ``status.podTemplateOptions`` (upstream's ``clusterMetrics.workspacesCount``)."""
    metrics = ((kind.get("status") or {}).get("podTemplateOptions") or {}).get(which) or []
    return {
        str(m.get("id")): int(m.get("workspaces") or 0)
        for m in metrics
        if isinstance(m, dict) and isinstance(m.get("workspaces", 0), int)
    }


# ---- what the routes use ----------------------------------------------------------------------
def annotate_summary(
    summary: dict[str, Any], kind: dict[str, Any], namespace_labels: dict[str, str] | None
) -> dict[str, Any] | None:
    """The kind summary (kinds.kind_summary) with ``restrictions`` on the kind and each
    option, ``uiHide`` (``ui.hide``; on options also merged into ``hidden``, as upstream's
    listvalues), ``api.hide`` items left out (None: the kind itself), and
    ``workspacesCount`` on the kind and each option (cluster-wide, the controller's counts)."""
    rules = rules_of(kind)
    context = Context(namespace_labels=namespace_labels)
    kind_result = evaluate(rules, WORKSPACE_KIND, None, context)
    if kind_result.api_hide:
        return None
    summary["restrictions"] = kind_result.restrictions
    # The UI hint, apart from the admin's ``hidden``: the sample kind's own rule hides it
    # in every namespace not labelled workspace_team=team_1, so merging would hide it.
    summary["uiHide"] = kind_result.ui_hide
    summary["workspacesCount"] = int((kind.get("status") or {}).get("workspaces") or 0)
    for which, scope in SCOPE_OF.items():
        labels_by_id = {v.get("id"): spawner_labels(v) for v in _values(kind, which)}
        counts = workspace_counts(kind, which)
        kept = []
        for option in summary[which]["options"]:
            result = evaluate(rules, scope, labels_by_id.get(option["id"], {}), context)
            if result.api_hide:
                continue
            option["hidden"] = bool(option.get("hidden")) or result.ui_hide  # as upstream
            option["uiHide"] = result.ui_hide
            option["restrictions"] = result.restrictions
            option["workspacesCount"] = counts.get(option["id"], 0)
            kept.append(option)
        summary[which]["options"] = kept
    return summary


def check_allowed(
    kind: dict[str, Any] | None,
    namespace_labels: dict[str, str],
    image_config: str | None,
    pod_config: str | None,
    fields: tuple[str, str, str] = (
        "spec.kind",
        "spec.podTemplate.options.imageConfig",
        "spec.podTemplate.options.podConfig",
    ),
) -> None:
    """422 when the kind, or the image or pod config chosen, is denied in this namespace
    (the chosen options are each other's context, as upstream's listvalues ``context``)."""
    if kind is None:
        return
    rules = rules_of(kind)
    if not rules:
        return
    context = Context(
        namespace_labels=namespace_labels,
        image_labels=_option_labels(kind, "imageConfig", image_config),
        pod_labels=_option_labels(kind, "podConfig", pod_config),
    )
    name = (kind.get("metadata") or {}).get("name", "")
    checks = [(WORKSPACE_KIND, None, fields[0], f"WorkspaceKind {name!r}")]
    if image_config:
        checks.append(
            (IMAGE_CONFIG, context.image_labels, fields[1], f"image config {image_config!r}")
        )
    if pod_config:
        checks.append((POD_CONFIG, context.pod_labels, fields[2], f"pod config {pod_config!r}"))
    for scope, own, field_name, what in checks:
        if scope != WORKSPACE_KIND and own is None:
            continue  # not an option of the kind: the option check says so
        result = evaluate(rules, scope, own, context)
        if result.restrictions["deny"] or result.api_hide:
            message = (result.restrictions.get("denyMessage") or {}).get("text") or ""
            raise Unprocessable(
                f"{field_name}: {what} may not be used in this namespace"
                + (f": {message}" if message else ""),
                field=field_name,
            )


# ---- reading the namespace, and the service's hooks (blocking: worker threads) ---------------
def namespace_labels(api: client.ApiClient, namespace: str) -> dict[str, str]:
    """The namespace's labels; a user who may not read the namespace still gets the label the
    API server sets on every namespace, ``kubernetes.io/metadata.name``."""
    try:
        ns = client.CoreV1Api(api).read_namespace(namespace, _request_timeout=REQUEST_TIMEOUT)
    except ApiException as e:
        if e.status in (403, 404):
            return {NAME_LABEL: namespace}
        raise api_error(e, "get", "namespaces", None) from None
    except Exception as e:
        raise api_error(e, "get", "namespaces", None) from None
    return dict(ns.metadata.labels or {})


def kind_summaries(
    objects: list[dict[str, Any]], labels: dict[str, str] | None
) -> list[dict[str, Any]]:
    """What ``GET workspacekinds[?namespace=]`` answers: each kind's summary with its rules'
    verdicts for that namespace (no namespace: rules on namespaces do not apply)."""
    summaries = (annotate_summary(kind_summary(o), o, labels) for o in objects)
    return sorted((s for s in summaries if s is not None), key=lambda k: k["name"])


def check_spec_allowed(
    api: client.ApiClient,
    namespace: str,
    spec: dict[str, Any],
    get_kind: Callable[[str], dict[str, Any] | None],
) -> None:
    """Create: 422 when the kind or an option chosen is denied in the namespace."""
    kind = get_kind(str(spec.get("kind") or ""))
    if kind is None or not rules_of(kind):
        return
    options = (spec.get("podTemplate") or {}).get("options") or {}
    check_allowed(
        kind,
        namespace_labels(api, namespace),
        options.get("imageConfig"),
        options.get("podConfig"),
    )


def guard_edit(
    mutate: Callable[[dict[str, Any]], None],
    changes: dict[str, Any],
    namespace: str,
    api: Callable[[], client.ApiClient],
    get_kind: Callable[[str], dict[str, Any] | None],
) -> Callable[[dict[str, Any]], None]:
    """Update: the edit, then 422 when it newly picks a denied image or pod config (an option
    the workspace already had is not refused for an unrelated edit)."""
    picked = {k for k in ("imageConfig", "podConfig") if k in changes}
    if not picked:
        return mutate

    def guarded(obj: dict[str, Any]) -> None:
        options = ((obj.get("spec") or {}).get("podTemplate") or {}).get("options") or {}
        before = dict(options)
        mutate(obj)
        options = ((obj.get("spec") or {}).get("podTemplate") or {}).get("options") or {}
        kind = get_kind(str((obj.get("spec") or {}).get("kind") or ""))
        if kind is None or not rules_of(kind):
            return
        changed = {k for k in picked if options.get(k) != before.get(k)}
        if not changed:
            return
        check_allowed(
            kind,
            namespace_labels(api(), namespace),
            options.get("imageConfig") if "imageConfig" in changed else None,
            options.get("podConfig") if "podConfig" in changed else None,
            fields=("kind", "imageConfig", "podConfig"),
        )

    return guarded
