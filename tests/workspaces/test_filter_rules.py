"""A WorkspaceKind's filterRules per namespace, and per-option workspace counts.

Upstream: kubeflow/notebooks notebooks-v2 ``internal/filterrules`` (first match wins, all of
a rule's conditions ANDed, label selectors over namespace labels and options'
``spawner.labels``, context not given -> the condition does not hold, a selector that does
not compile is dropped) as used by ``POST workspacekinds/{name}/podtemplate/options/listvalues``
(``restrictions.deny``/``denyMessage``, ``api.hide`` leaves the option out, ``ui.hide`` marks it
hidden, ``clusterMetrics.workspacesCount`` from the kind's ``status.podTemplateOptions``); the
CRD says ``api.deny`` "rejects any workspace create/update which selects it".
"""

from __future__ import annotations

import copy
import json
import subprocess
from typing import Any

import pytest

from jupyter_kubeflow.workspaces.filter_rules import (
    IMAGE_CONFIG,
    POD_CONFIG,
    WORKSPACE_KIND,
    Context,
    annotate_summary,
    evaluate,
)
from jupyter_kubeflow.workspaces.kinds import kind_summary

from .cluster import (
    ENV,
    KIND,
    KUBECONFIG,
    KUBECTL,
    kubectl,
    kubectl_apply_json,
    kubectl_json,
    unique_name,
    workspace_manifest,
)

OPEN_NS, CLOSED_NS = "ws-filter-rules", "ws-filter-rules-closed"  # kept between runs

RULES = [
    {"scope": WORKSPACE_KIND,
     "effect": {"api": {"deny": True, "denyMessage": {"text": "Closed to this team"}}},
     "match": [{"matchNamespace": {"selector": {"matchLabels": {"tier": "closed"}}}}]},
    {"scope": IMAGE_CONFIG,
     "effect": {"api": {"deny": True, "denyMessage": {"text": "Old Python is not allowed"}}},
     "match": [{"matchNamespace": {"selector": {"matchLabels": {"tier": "restricted"}}}},
               {"matchImageConfig": {"selector": {"matchLabels": {"python_version": "3.11.10"}}}}]},
    {"scope": POD_CONFIG,
     "effect": {"api": {"hide": True}},
     "match": [{"matchNamespace": {"selector": {"matchLabels": {"tier": "restricted"}}}},
               {"matchPodConfig": {"selector": {"matchLabels": {"gpu": "1"}}}}]},
    {"scope": POD_CONFIG,
     "effect": {"api": {"deny": True}},
     "match": [{"matchNamespace": {"selector": {"matchLabels": {"tier": "restricted"}}}},
               {"matchPodConfig": {"selector": {"matchExpressions": [
                   {"key": "cpu", "operator": "In", "values": ["1000m"]}]}}}]},
]  # fmt: skip


# ---- the rule engine, unit ---------------------------------------------------------------------
def rule(scope: str, effect: dict, *match: dict) -> dict[str, Any]:
    return {"scope": scope, "effect": effect, "match": list(match)}


def ns_selector(**selector: Any) -> dict[str, Any]:
    return {"matchNamespace": {"selector": selector}}


DENY = {"api": {"deny": True}}
HIDE = {"ui": {"hide": True}}


def test_first_matching_rule_of_the_scope_wins() -> None:
    rules = [
        rule(POD_CONFIG, DENY, ns_selector()),  # other scope: skipped
        rule(IMAGE_CONFIG, HIDE, ns_selector(matchLabels={"tier": "dev"})),
        rule(IMAGE_CONFIG, DENY, ns_selector()),  # empty selector: every namespace
    ]
    dev = evaluate(rules, IMAGE_CONFIG, {}, Context(namespace_labels={"tier": "dev"}))
    assert (dev.ui_hide, dev.restrictions["deny"]) == (True, False)
    prod = evaluate(rules, IMAGE_CONFIG, {}, Context(namespace_labels={"tier": "prod"}))
    assert (prod.ui_hide, prod.restrictions["deny"]) == (False, True)


def test_conditions_are_anded_and_selectors_follow_kubernetes() -> None:
    rules = [
        rule(
            IMAGE_CONFIG,
            DENY,
            ns_selector(matchExpressions=[{"key": "team", "operator": "NotIn", "values": ["a"]}]),
            {"matchImageConfig": {"selector": {"matchExpressions": [
                {"key": "gpu", "operator": "Exists"}]}}},
        )
    ]  # fmt: skip
    denied = evaluate(rules, IMAGE_CONFIG, {"gpu": "1"}, Context(namespace_labels={}))
    assert denied.restrictions["deny"] is True  # NotIn holds when the key is missing
    team_a = Context(namespace_labels={"team": "a"})
    assert evaluate(rules, IMAGE_CONFIG, {"gpu": "1"}, team_a).restrictions["deny"] is False
    no_gpu = evaluate(rules, IMAGE_CONFIG, {}, Context(namespace_labels={}))
    assert no_gpu.restrictions["deny"] is False


def test_a_condition_on_unknown_context_does_not_hold() -> None:
    """No namespace given, no image chosen: nothing is denied on their account."""
    rules = [
        rule(POD_CONFIG, DENY, ns_selector()),
        rule(POD_CONFIG, DENY, {"matchImageConfig": {"selector": {}}}),
    ]
    assert evaluate(rules, POD_CONFIG, {}, Context()).restrictions["deny"] is False
    chosen = Context(image_labels={"python_version": "3.11"})
    assert evaluate(rules, POD_CONFIG, {}, chosen).restrictions["deny"] is True


def test_a_selector_that_cannot_be_read_is_dropped_from_its_rule() -> None:
    bad = {"matchExpressions": [{"key": "x", "operator": "Near", "values": ["1"]}]}
    only_bad = [rule(IMAGE_CONFIG, DENY, ns_selector(**bad))]
    ctx = Context(namespace_labels={"x": "1"})
    assert evaluate(only_bad, IMAGE_CONFIG, {}, ctx).restrictions["deny"] is False
    bad_and_good = [rule(IMAGE_CONFIG, DENY, ns_selector(**bad), ns_selector())]
    assert evaluate(bad_and_good, IMAGE_CONFIG, {}, ctx).restrictions["deny"] is True


def test_the_sample_kinds_own_rule_hints_hiding_it_outside_team_1() -> None:
    """The sample kind: ui.hide in namespaces not labelled workspace_team=team_1; a hint
    (uiHide) kept apart from the admin's ``hidden``, and no namespace given: no hint."""
    sample = kubectl_json("get", "workspacekind", KIND)
    other = annotate_summary(kind_summary(sample), sample, {"tier": "x"})
    team_1 = annotate_summary(kind_summary(sample), sample, {"workspace_team": "team_1"})
    unknown = annotate_summary(kind_summary(sample), sample, None)
    assert other and team_1 and unknown
    assert (other["uiHide"], team_1["uiHide"], unknown["uiHide"]) == (True, False, False)
    assert other["hidden"] is False and other["restrictions"]["deny"] is False


# ---- against the API server ----------------------------------------------------------------------
@pytest.fixture
def ruled_kind(cluster) -> str:
    """A copy of the sample kind with RULES and the controller's counts in its status;
    two namespaces labelled tier=restricted and tier=closed."""
    for namespace, tier in ((OPEN_NS, "restricted"), (CLOSED_NS, "closed")):
        manifest = {"apiVersion": "v1", "kind": "Namespace",
                    "metadata": {"name": namespace, "labels": {"tier": tier}}}  # fmt: skip
        apply(manifest)
    name = unique_name("fr")
    kind = kubectl_json("get", "workspacekind", KIND)
    kind["metadata"] = {"name": name, "labels": {"test": "pytest"}}
    kind.pop("status", None)
    kind["spec"]["filterRules"] = copy.deepcopy(RULES)
    kubectl_apply_json(kind)
    status = {
        "podTemplateOptions": {
            "imageConfig": [{"id": "jupyter-scipy:v1.10.0", "workspaces": 3}],
            "podConfig": [{"id": "tiny_cpu", "workspaces": 2}],
        },
        "spawnerIcon": {},
        "spawnerLogo": {},
        "workspaces": 5,
    }
    kubectl("patch", "workspacekind", name, "--subresource=status", "--type=merge",
            "-p", json.dumps({"status": status}))  # fmt: skip
    yield name
    for namespace in (OPEN_NS, CLOSED_NS):
        kubectl("-n", namespace, "delete", "workspaces", "-l", f"fr-kind={name}",
                "--ignore-not-found", "--wait=false")  # fmt: skip
    kubectl("delete", "workspacekind", name, "--ignore-not-found", "--wait=false")


def apply(obj: dict[str, Any]) -> None:
    subprocess.run(
        [KUBECTL, "--kubeconfig", str(KUBECONFIG), "--context", "admin", "apply", "-f", "-"],
        input=json.dumps(obj), check=True, capture_output=True, text=True, timeout=60, env=ENV,
    )  # fmt: skip


def manifest(kind: str, image: str, pod: str) -> dict[str, Any]:
    body = workspace_manifest(unique_name())
    body["metadata"]["labels"]["fr-kind"] = kind
    body["spec"]["kind"] = kind
    body["spec"]["podTemplate"]["options"] = {"imageConfig": image, "podConfig": pod}
    # No volumes: make cluster's sample PVCs are in team-a only (mounts must exist).
    body["spec"]["podTemplate"]["volumes"] = {}
    return body


async def kind_for(api, name: str, namespace: str | None) -> dict[str, Any]:
    params = {"namespace": namespace} if namespace else {}
    code, body = await api("workspacekinds", params=params)
    assert code == 200, body
    return next(k for k in body["items"] if k["name"] == name)


def option(kind: dict[str, Any], which: str, option_id: str) -> dict[str, Any] | None:
    return next((o for o in kind[which]["options"] if o["id"] == option_id), None)


async def test_kinds_for_a_namespace_say_what_it_may_use_and_counts(api, ruled_kind) -> None:
    """listvalues for a namespace: restrictions.deny with its message, api.hide left out,
    workspacesCount per option (cluster-wide, the controller's status counts)."""
    kind = await kind_for(api, ruled_kind, OPEN_NS)
    assert kind["restrictions"] == {"deny": False, "denyMessage": None}
    assert kind["workspacesCount"] == 5
    old = option(kind, "imageConfig", "jupyter-scipy:v1.9.2")
    assert old["restrictions"]["deny"] is True
    assert old["restrictions"]["denyMessage"]["text"] == "Old Python is not allowed"
    newest = option(kind, "imageConfig", "jupyter-scipy:v1.10.0")
    assert newest["restrictions"]["deny"] is False and newest["workspacesCount"] == 3
    assert option(kind, "podConfig", "big_gpu") is None  # api.hide
    assert option(kind, "podConfig", "small_cpu")["restrictions"]["deny"] is True
    tiny = option(kind, "podConfig", "tiny_cpu")
    assert tiny["restrictions"]["deny"] is False and tiny["workspacesCount"] == 2
    assert option(kind, "podConfig", "small_cpu")["workspacesCount"] == 0

    anywhere = await kind_for(api, ruled_kind, None)  # no namespace: its rules do not apply
    assert option(anywhere, "podConfig", "big_gpu") is not None
    assert option(anywhere, "imageConfig", "jupyter-scipy:v1.9.2")["restrictions"]["deny"] is False

    closed = await kind_for(api, ruled_kind, CLOSED_NS)
    assert closed["restrictions"] == {
        "deny": True,
        "denyMessage": {"text": "Closed to this team", "level": "Warning"},
    }


async def test_create_with_a_denied_choice_is_422_naming_it_and_writes_nothing(
    api, ruled_kind
) -> None:
    """api.deny (and api.hide) refuse a create which selects the item."""
    cases = [
        (OPEN_NS, "jupyter-scipy:v1.9.2", "tiny_cpu", "spec.podTemplate.options.imageConfig"),
        (OPEN_NS, "jupyter-scipy:v1.10.0", "small_cpu", "spec.podTemplate.options.podConfig"),
        (OPEN_NS, "jupyter-scipy:v1.10.0", "big_gpu", "spec.podTemplate.options.podConfig"),
        (CLOSED_NS, "jupyter-scipy:v1.10.0", "tiny_cpu", "spec.kind"),
    ]
    for namespace, image, pod, field in cases:
        body = manifest(ruled_kind, image, pod)
        code, answer = await api(f"workspaces/{namespace}", "POST", body)
        assert (code, answer.get("field")) == (422, field), (image, pod, answer)
        assert "may not be used in this namespace" in answer["message"]
        outside = kubectl("-n", namespace, "get", "workspace", body["metadata"]["name"],
                          check=False)  # fmt: skip
        assert outside.returncode != 0  # nothing written
    code, answer = await api(f"workspaces/{OPEN_NS}", "POST", manifest(ruled_kind,
                             "jupyter-scipy:v1.10.0", "tiny_cpu"))  # fmt: skip
    assert code == 201, answer


async def test_edit_to_a_denied_option_is_422_but_other_edits_pass(api, ruled_kind) -> None:
    """An update which selects a denied option is refused; one that does not change the
    (already denied) option is not."""
    body = manifest(ruled_kind, "jupyter-scipy:v1.9.2", "tiny_cpu")  # made outside the panel
    body.update(apiVersion="kubeflow.org/v1beta1", kind="Workspace")
    body["metadata"]["namespace"] = OPEN_NS
    apply(body)
    name = body["metadata"]["name"]
    code, answer = await api(f"workspaces/{OPEN_NS}/{name}", "PATCH", {"podConfig": "small_cpu"})
    assert (code, answer.get("field")) == (422, "podConfig"), answer
    outside = kubectl_json("-n", OPEN_NS, "get", "workspace", name)
    assert outside["spec"]["podTemplate"]["options"]["podConfig"] == "tiny_cpu"
    code, answer = await api(f"workspaces/{OPEN_NS}/{name}", "PATCH", {"displayName": "Renamed"})
    assert code == 200, answer
    code, answer = await api(
        f"workspaces/{OPEN_NS}/{name}", "PATCH", {"imageConfig": "jupyter-scipy:v1.10.0"}
    )
    assert code == 200, answer


async def test_bad_namespace_parameter_is_400(api) -> None:
    code, body = await api("workspacekinds", params={"namespace": "Not_A_Namespace"})
    assert (code, body["field"]) == (400, "namespace")
