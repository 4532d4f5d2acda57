"""``filterQuery`` of the catalog, compiled to SQL over the index (see ``index.py``).

The language and its bounds are the registry's (``registry/filter_query.py`` parses it);
what a name means follows Kubeflow Hub's catalog (``catalog/internal/db/filter``):

- models: ``id``, ``name``, ``externalId``, ``createTimeSinceEpoch``,
  ``lastUpdateTimeSinceEpoch`` are columns; ``source_id``, ``description``, ``provider``,
  ``license`` (as shown, e.g. ``Apache 2.0``), ``license_link``, ``library_name``,
  ``maturity``, ``logo``, ``readme`` are the model's properties, with or without a
  ``.string_value`` suffix; ``tasks`` and ``language`` are lists: ``=`` means "holds",
  ``IN`` "holds one of", ``!=`` "does not hold", other operators read the list's JSON text;
  any other name is a custom property (typed by its suffix or by the literal);
  ``artifacts.<property>`` holds when one of the model's artifacts has it, and the
  ``artifacts.`` conditions joined by ``AND`` must all hold for one and the same artifact
  (a performance configuration that is both fast enough and on the right hardware);
- artifacts: ``id``, ``name``, ``externalId``, ``uri``, ``artifactType``, the times, and
  every other name a custom property (``metricsType`` too).

User text only ever becomes bound parameters.
"""

from __future__ import annotations

from typing import Any

from ..filter_query import (
    BoolOp,
    Comparison,
    Node,
    literal_kinds,
    parse_filter,
    predicate_of,
    split_type,
)

MODEL_COLUMNS = {
    "id": "m.id",
    "name": "m.name",
    "externalId": "m.external_id",
    "createTimeSinceEpoch": "m.create_time",
    "lastUpdateTimeSinceEpoch": "m.update_time",
}
# Hub keeps these as the model's own properties: no custom-property lookup for them.
MODEL_PROPERTIES = {
    "source_id": "m.source_id",
    "description": "(SELECT t.description FROM model_text AS t WHERE t.id = m.id)",
    "library_name": "m.library_name",
    "license_link": "m.license_link",
    "license": "m.license",
    "logo": "(SELECT t.logo FROM model_text AS t WHERE t.id = m.id)",
    "maturity": "m.maturity",
    "provider": "m.provider",
    "readme": "(SELECT t.readme FROM model_text AS t WHERE t.id = m.id)",
    # known to Hub, never set by a catalog file
    "owner": "NULL",
    "state": "NULL",
    "verifiedSource": "NULL",
}
MODEL_LISTS = {"tasks": "m.tasks", "language": "m.language", "tags": "NULL"}
ARTIFACT_COLUMNS = {
    "id": "a.id",
    "name": "a.name",
    "externalId": "a.external_id",
    "createTimeSinceEpoch": "a.create_time",
    "lastUpdateTimeSinceEpoch": "a.update_time",
    "uri": "a.uri",
    "artifactType": "a.artifact_type",
    "state": "NULL",
}
ARTIFACTS_PREFIX = "artifacts."
# A property condition is a set of model ids (found through the property's index) tested
# for each model; the unary + keeps SQLite from driving the query from that set, so a page
# in the sort's order walks the sort's index and stops when it is full: at 10,000 models
# ten times faster for a filter matching many (docs/registry.md, benchmark).
MEMBER = "+m.id IN"

SQL = tuple[str, list[Any]]


def _params(values: list[Any]) -> list[Any]:
    return [int(v) if isinstance(v, bool) else v for v in values]


def _kinds(node: Comparison, explicit: tuple[str, ...]) -> tuple[str, ...]:
    return explicit or literal_kinds(node.values[0])


def _property_test(alias: str, node: Comparison, kinds: tuple[str, ...]) -> SQL:
    """``<alias>.kind IN kinds AND predicate(<alias>.value)``."""
    predicate, values = predicate_of(node)
    marks = ", ".join("?" for _ in kinds)
    sql = f"{alias}.kind IN ({marks}) AND " + predicate.format(value=f"{alias}.value")
    return sql, [*kinds, *_params(values)]


class ModelFilter:
    """filterQuery of ``GET /models`` over ``model AS m``."""

    def compile(self, text: str) -> SQL:
        return self.node(parse_filter(text))

    def node(self, node: Node) -> SQL:
        if isinstance(node, Comparison):
            return self.comparison(node)
        if node.op == "OR":
            return self.join("OR", [self.node(p) for p in node.parts])
        # AND: the artifacts. conditions (through nested ANDs) go to one artifact
        terms = _and_terms(node)
        on_artifacts = [t for t in terms if isinstance(t, Comparison) and _is_artifact(t)]
        others = [t for t in terms if not (isinstance(t, Comparison) and _is_artifact(t))]
        parts = [self.node(t) for t in others]
        if len(on_artifacts) > 1:
            parts.append(self.one_artifact(on_artifacts))
        else:
            parts.extend(self.node(t) for t in on_artifacts)
        return self.join("AND", parts)

    @staticmethod
    def join(op: str, parts: list[SQL]) -> SQL:
        if len(parts) == 1:
            return parts[0]
        return "(" + f" {op} ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]

    def comparison(self, node: Comparison) -> SQL:
        if _is_artifact(node):
            return self.one_artifact([node])
        if node.name in MODEL_COLUMNS:
            predicate, values = predicate_of(node)
            return predicate.format(value=MODEL_COLUMNS[node.name]), _params(values)
        key, explicit = split_type(node.name)
        if key in MODEL_LISTS and not explicit:
            return self.list_test(key, node)
        column = MODEL_PROPERTIES.get(key) or MODEL_LISTS.get(key)
        if column is not None:
            predicate, values = predicate_of(node)
            return predicate.format(value=column), _params(values)
        test, params = _property_test("p", node, _kinds(node, explicit))
        return (
            f"{MEMBER} (SELECT p.model_id FROM model_property AS p WHERE p.name = ? AND {test})",
            [key, *params],
        )

    @staticmethod
    def list_test(key: str, node: Comparison) -> SQL:
        """Hub's JSON-array properties: =, IN and != look at the elements (indexed in
        ``model_list``); other operators read the list's JSON text."""
        column = MODEL_LISTS[key]
        values = _params(list(node.values))
        holds = f"{MEMBER} (SELECT l.model_id FROM model_list AS l WHERE l.list = ? AND l.value"
        if node.op == "=":
            return f"{holds} = ?)", [key, *values]
        if node.op == "IN":
            return f"{holds} IN ({', '.join('?' for _ in values)}))", [key, *values]
        if node.op in ("!=", "<>"):
            return f"({column} IS NOT NULL AND NOT {holds} = ?))", [key, *values]
        predicate, params = predicate_of(node)
        return predicate.format(value=column), _params(params)

    @staticmethod
    def one_artifact(nodes: list[Comparison]) -> SQL:
        """The models with an artifact that has every one of these properties (one
        artifact for all: they join on the artifact's id)."""
        joins, tests, params_join, params_test = [], [], [], []
        for i, node in enumerate(nodes):
            key, explicit = split_type(node.name[len(ARTIFACTS_PREFIX) :])
            alias = f"ap{i}"
            if i == 0:
                tests.append(f"{alias}.name = ?")
                params_test.append(key)
            else:
                joins.append(
                    f"JOIN artifact_property AS {alias} ON {alias}.artifact_id = ap0.artifact_id "
                    f"AND {alias}.name = ?"
                )
                params_join.append(key)
            test, params = _property_test(alias, node, _kinds(node, explicit))
            tests.append(test)
            params_test.extend(params)
        sql = (
            f"{MEMBER} (SELECT ap0.model_id FROM artifact_property AS ap0 {' '.join(joins)} "
            f"WHERE {' AND '.join(tests)})"
        )
        return sql, [*params_join, *params_test]


class ArtifactFilter:
    """filterQuery of a model's artifacts over ``artifact AS a``."""

    def compile(self, text: str) -> SQL:
        return self.node(parse_filter(text))

    def node(self, node: Node) -> SQL:
        if isinstance(node, BoolOp):
            return ModelFilter.join(node.op, [self.node(p) for p in node.parts])
        if node.name in ARTIFACT_COLUMNS:
            predicate, values = predicate_of(node)
            return predicate.format(value=ARTIFACT_COLUMNS[node.name]), _params(values)
        key, explicit = split_type(node.name)
        test, params = _property_test("ap", node, _kinds(node, explicit))
        return (
            "EXISTS (SELECT 1 FROM artifact_property AS ap "
            f"WHERE ap.artifact_id = a.id AND ap.name = ? AND {test})",
            [key, *params],
        )


def _is_artifact(node: Comparison) -> bool:
    return node.name.startswith(ARTIFACTS_PREFIX) and len(node.name) > len(ARTIFACTS_PREFIX)


def _and_terms(node: Node) -> list[Node]:
    if isinstance(node, BoolOp) and node.op == "AND":
        return [t for part in node.parts for t in _and_terms(part)]
    return [node]
