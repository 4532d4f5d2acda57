"""The loaded catalog in an in-memory SQLite index: search, filters, sorting and paging.

One index is built from the loaded sources and replaced whole when a file changes, so a
reader never sees half of a reload. Tables::

    model(id, source_id, name, ..., provider, license, language, tasks (JSON lists),
          search (lowercased text for q))  -- small rows: a scan reads no overflow page
    model_text(id, description, logo, readme)  -- the long texts, for the rare filter
    model_search                               -- FTS5 trigrams of search: q's candidates
    model_body(id, body)                       -- the API JSON, read for a page only
    model_list(model_id, list, value)          -- the elements of tasks and language
    model_property(model_id, name, kind, value) -- custom properties, typed
    artifact(id, model_id, artifact_type, metrics_type, uri, name, ..., body)
    artifact_property(artifact_id, model_id, name, kind, value) -- custom properties, uri,
          metricsType; indexed by (name, kind, value) so a filter starts from the matches

Pages are keyset pages (the sort value and id of the last row in an opaque token), so a
page is the same however deep it is, and a reload between two pages skips or repeats
nothing that did not change.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...errors import InvalidInput
from ..filter_query import TYPE_SUFFIXES
from .filters import MODEL_PROPERTIES, ArtifactFilter, ModelFilter
from .performance import (
    PerformanceProperties,
    minimum_latency,
    missing_properties,
    recommended,
    with_target_rps,
)
from .sources import Source

DEFAULT_PAGE_SIZE = 10  # Hub's
MAX_PAGE_SIZE = 1000
MODEL_ORDERS = {
    "ID": "m.id",
    "NAME": "m.name",
    "CREATE_TIME": "m.create_time",
    "LAST_UPDATE_TIME": "m.update_time",
}
ARTIFACT_ORDERS = {
    "ID": "a.id",
    "NAME": "a.name",
    "CREATE_TIME": "a.create_time",
    "LAST_UPDATE_TIME": "a.update_time",
}
RARE_MATCHES = 200  # a search held by fewer models than this is looked up in its index
ACCURACY_PROPERTY = "artifacts.overall_average.double_value"  # what Hub's ACCURACY sorts by
# Filter options: Hub lists a string property when it has fewer than 50 values of at most
# 100 characters; it leaves out source_id, logo and license_link (and metricsType).
MAX_OPTION_VALUES = 49
MAX_OPTION_CHARS = 100
_OPTION_COLUMNS = ("maturity", "provider", "license", "library_name")
_OPTION_LISTS = ("language", "tasks")
_STORED_KINDS = {
    "MetadataStringValue": "string_value",
    "MetadataIntValue": "int_value",
    "MetadataDoubleValue": "double_value",
    "MetadataBoolValue": "bool_value",
}

_SCHEMA = """
CREATE TABLE model (
    id INTEGER PRIMARY KEY, source_id TEXT NOT NULL, name TEXT NOT NULL, external_id TEXT,
    create_time INTEGER NOT NULL, update_time INTEGER NOT NULL,
    maturity TEXT, provider TEXT, license TEXT, library_name TEXT, license_link TEXT,
    language TEXT NOT NULL, tasks TEXT NOT NULL, search TEXT NOT NULL
);
CREATE TABLE model_text (id INTEGER PRIMARY KEY, description TEXT, logo TEXT, readme TEXT);
CREATE UNIQUE INDEX model_by_source_name ON model(source_id, name);
CREATE INDEX model_by_name ON model(name, id);
CREATE INDEX model_by_create ON model(create_time, id);
CREATE INDEX model_by_update ON model(update_time, id);
CREATE INDEX model_by_provider ON model(provider, id);
CREATE INDEX model_by_license ON model(license, id);
CREATE VIRTUAL TABLE model_search USING fts5(
    search, content='model', content_rowid='id', tokenize='trigram'
);
CREATE TABLE model_body (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE model_list (
    model_id INTEGER NOT NULL, list TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (list, value, model_id)
) WITHOUT ROWID;
CREATE TABLE model_property (
    model_id INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, value,
    PRIMARY KEY (model_id, name, kind)
) WITHOUT ROWID;
CREATE INDEX model_property_by_value ON model_property(name, kind, value, model_id);
CREATE TABLE artifact (
    id INTEGER PRIMARY KEY, model_id INTEGER NOT NULL, artifact_type TEXT NOT NULL,
    metrics_type TEXT, uri TEXT, name TEXT, external_id TEXT,
    create_time INTEGER NOT NULL, update_time INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX artifact_by_model ON artifact(model_id, id);
CREATE TABLE artifact_property (
    artifact_id INTEGER NOT NULL, model_id INTEGER NOT NULL, name TEXT NOT NULL,
    kind TEXT NOT NULL, value,
    PRIMARY KEY (artifact_id, name, kind)
) WITHOUT ROWID;
CREATE INDEX artifact_property_by_value ON artifact_property(name, kind, value, model_id);
"""


@dataclass
class LoadedSource:
    """A source as loaded: its entry, status (Hub's), error text and models."""

    source: Source
    status: str  # available | partially-available | error | disabled
    error: str | None = None
    models: list[dict[str, Any]] = field(default_factory=list)


class Ids:
    """Stable ids: a model keeps its id across reloads while its source and name do."""

    def __init__(self) -> None:
        self._ids: dict[tuple[Any, ...], int] = {}
        self._lock = threading.Lock()

    def of(self, *key: Any) -> int:
        with self._lock:
            found = self._ids.get(key)
            if found is None:
                found = self._ids[key] = len(self._ids) + 1
            return found


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_token: str
    page_size: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "size": len(self.items),
            "pageSize": self.page_size,
            "nextPageToken": self.next_token,
        }


@dataclass(frozen=True)
class Order:
    """A sort: an SQL expression (a value per row; NULL sorts last), maybe with the LEFT
    JOIN that gives it, a direction, and the name the token carries so a token is refused
    under another order. A sort on a column that is never NULL walks its index."""

    expression: str
    params: tuple[Any, ...]
    descending: bool
    name: str
    join: str = ""
    nullable: bool = True


class CatalogIndex:
    def __init__(self, loaded: list[LoadedSource], ids: Ids) -> None:
        self.loaded = loaded
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._db.executescript(_SCHEMA)
        with self._db:
            for entry in loaded:
                if entry.status in ("available", "partially-available"):
                    self._add(entry.source.id, entry.models, ids)
            self._db.execute("INSERT INTO model_search(model_search) VALUES ('rebuild')")
        self._db.execute("ANALYZE")
        self.options = self._filter_options()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- building -----------------------------------------------------------------------
    def _add(self, source_id: str, models: list[dict[str, Any]], ids: Ids) -> None:
        now = str(int(time.time() * 1000))
        model_rows, texts, bodies, lists, model_props = [], [], [], [], []
        artifact_rows, artifact_props = [], []
        for model in models:
            model_id = ids.of("model", source_id, model["name"])
            body = {k: v for k, v in model.items() if k != "artifacts"}
            body.update(id=str(model_id), sourceId=source_id)
            body.setdefault("createTimeSinceEpoch", now)
            body.setdefault("lastUpdateTimeSinceEpoch", body["createTimeSinceEpoch"])
            tasks = json.dumps(body.get("tasks") or [])
            search = "\n".join(
                text.lower()
                for text in (body["name"], body.get("description"), body.get("provider"), tasks)
                if text
            )
            model_rows.append(
                (
                    model_id,
                    source_id,
                    body["name"],
                    body.get("externalId"),
                    int(body["createTimeSinceEpoch"]),
                    int(body["lastUpdateTimeSinceEpoch"]),
                    body.get("maturity"),
                    body.get("provider"),
                    body.get("license"),
                    body.get("libraryName"),
                    body.get("licenseLink"),
                    json.dumps(body.get("language") or []),
                    tasks,
                    search,
                )
            )
            texts.append((model_id, body.get("description"), body.get("logo"), body.get("readme")))
            bodies.append((model_id, json.dumps(body)))
            for key in ("tasks", "language"):
                lists.extend((model_id, key, v) for v in dict.fromkeys(body.get(key) or []))
            model_props.extend(_property_rows(model_id, body.get("customProperties")))
            for index, artifact in enumerate(model["artifacts"]):
                artifact_id = ids.of("artifact", source_id, model["name"], index)
                art = {**artifact, "id": str(artifact_id)}
                art.setdefault("createTimeSinceEpoch", body["createTimeSinceEpoch"])
                art.setdefault("lastUpdateTimeSinceEpoch", art["createTimeSinceEpoch"])
                artifact_rows.append(
                    (
                        artifact_id,
                        model_id,
                        art["artifactType"],
                        art.get("metricsType"),
                        art.get("uri"),
                        art.get("name"),
                        art.get("externalId"),
                        int(art["createTimeSinceEpoch"]),
                        int(art["lastUpdateTimeSinceEpoch"]),
                        json.dumps(art),
                    )
                )
                for row in _property_rows(artifact_id, art.get("customProperties")):
                    artifact_props.append((row[0], model_id, *row[1:]))
                for key in ("uri", "metricsType"):  # Hub keeps these as properties too
                    if art.get(key):
                        artifact_props.append(
                            (artifact_id, model_id, key, "string_value", art[key])
                        )
        self._db.executemany(f"INSERT INTO model VALUES ({_marks(14)})", model_rows)
        self._db.executemany("INSERT INTO model_text VALUES (?, ?, ?, ?)", texts)
        self._db.executemany("INSERT INTO model_body VALUES (?, ?)", bodies)
        self._db.executemany("INSERT INTO model_list VALUES (?, ?, ?)", lists)
        self._db.executemany("INSERT INTO model_property VALUES (?, ?, ?, ?)", model_props)
        self._db.executemany(f"INSERT INTO artifact VALUES ({_marks(10)})", artifact_rows)
        self._db.executemany(
            "INSERT OR REPLACE INTO artifact_property VALUES (?, ?, ?, ?, ?)", artifact_props
        )

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError as e:  # a filter SQLite cannot run
                raise InvalidInput(f"invalid filterQuery: {e}", field="filterQuery") from None

    # -- models -------------------------------------------------------------------------
    def list_models(
        self,
        *,
        source_ids: list[str] | None,
        q: str,
        filter_query: str,
        order: Order,
        page_size: int,
        token: str,
    ) -> Page:
        where, params = self._model_where(source_ids, q, filter_query)
        base = (
            f"SELECT m.id AS id, {order.expression} AS v FROM model AS m {order.join} WHERE {where}"
        )
        rows, next_token = self._keyset(base, [*order.params, *params], order, page_size, token)
        bodies = self._bodies("model_body", [r[0] for r in rows])
        return Page([bodies[r[0]] for r in rows], next_token, page_size)

    def _model_where(
        self, source_ids: list[str] | None, q: str, filter_query: str
    ) -> tuple[str, list[Any]]:
        conditions, params = ["1"], []
        if source_ids is not None:
            conditions.append(f"m.source_id IN ({_marks(len(source_ids))})")
            params.extend(source_ids)
        if q:
            text = q.lower()
            phrase = '"' + text.replace('"', '""') + '"'
            if len(text) >= 3 and self._rare(phrase):
                # few models hold it: the trigram index finds them (instr still decides);
                # many: walking the page's order finds a page of them sooner
                conditions.append(
                    "+m.id IN (SELECT rowid FROM model_search WHERE model_search MATCH ?)"
                )
                params.append(phrase)
            conditions.append("instr(m.search, ?) > 0")
            params.append(text)
        if filter_query:
            sql, filter_params = ModelFilter().compile(filter_query)
            conditions.append(sql)
            params.extend(filter_params)
        return " AND ".join(conditions), params

    def _rare(self, phrase: str) -> bool:
        rows = self._query(
            "SELECT count(*) FROM (SELECT rowid FROM model_search WHERE model_search MATCH ? "
            "LIMIT ?)",
            (phrase, RARE_MATCHES),
        )
        return rows[0][0] < RARE_MATCHES

    def model_ids(self, source_ids: list[str] | None, q: str, filter_query: str) -> list[int]:
        where, params = self._model_where(source_ids, q, filter_query)
        return [r[0] for r in self._query(f"SELECT m.id FROM model AS m WHERE {where}", params)]

    def get_model(self, source_id: str, name: str) -> dict[str, Any] | None:
        rows = self._query(
            "SELECT m.id, b.body FROM model AS m JOIN model_body AS b ON b.id = m.id "
            "WHERE m.source_id = ? AND m.name = ?",
            (source_id, name),
        )
        if not rows:
            return None
        model = json.loads(rows[0][1])
        counts: dict[str, int] = {}
        for kind, metrics, n in self._query(
            "SELECT artifact_type, metrics_type, count(*) FROM artifact WHERE model_id = ? "
            "GROUP BY artifact_type, metrics_type",
            (rows[0][0],),
        ):
            key = metrics or kind
            counts[key] = counts.get(key, 0) + n
        if counts:
            model["artifactCounts"] = counts  # only on the single-model answer, as Hub
        return model

    # -- artifacts ----------------------------------------------------------------------
    def list_artifacts(
        self,
        model_id: int,
        *,
        types: list[str],
        filter_query: str,
        order: Order,
        page_size: int,
        token: str,
        metrics_type: str = "",
    ) -> Page:
        where, params = self._artifact_where(model_id, types, filter_query, metrics_type)
        base = f"SELECT a.id AS id, {order.expression} AS v FROM artifact AS a WHERE {where}"
        rows, next_token = self._keyset(base, [*order.params, *params], order, page_size, token)
        bodies = self._bodies("artifact", [r[0] for r in rows])
        return Page([bodies[r[0]] for r in rows], next_token, page_size)

    def all_artifacts(
        self, model_ids: list[int], filter_query: str, metrics_type: str
    ) -> dict[int, list[dict[str, Any]]]:
        """Every metrics artifact of ``metrics_type`` of these models, by model id."""
        out: dict[int, list[dict[str, Any]]] = {}
        for chunk in range(0, len(model_ids), 500):
            ids = model_ids[chunk : chunk + 500]
            where, params = self._artifact_where(None, [], filter_query, metrics_type)
            rows = self._query(
                f"SELECT a.model_id, a.body FROM artifact AS a WHERE {where} "
                f"AND a.model_id IN ({_marks(len(ids))}) ORDER BY a.id",
                [*params, *ids],
            )
            for model_id, body in rows:
                out.setdefault(model_id, []).append(json.loads(body))
        return out

    def _artifact_where(
        self, model_id: int | None, types: list[str], filter_query: str, metrics_type: str
    ) -> tuple[str, list[Any]]:
        conditions, params = ["1"], []
        if model_id is not None:
            conditions.append("a.model_id = ?")
            params.append(model_id)
        if types:
            conditions.append(f"a.artifact_type IN ({_marks(len(types))})")
            params.extend(types)
        if metrics_type:
            conditions.append("a.artifact_type = 'metrics-artifact' AND a.metrics_type = ?")
            params.append(metrics_type)
        if filter_query:
            sql, filter_params = ArtifactFilter().compile(filter_query)
            conditions.append(sql)
            params.extend(filter_params)
        return " AND ".join(conditions), params

    def performance(
        self,
        model_id: int,
        *,
        filter_query: str,
        order: Order,
        page_size: int,
        token: str,
        target_rps: int,
        recommendations: bool,
        props: PerformanceProperties,
    ) -> Page:
        if not recommendations:
            page = self.list_artifacts(
                model_id,
                types=[],
                filter_query=filter_query,
                order=order,
                page_size=page_size,
                token=token,
                metrics_type="performance-metrics",
            )
            _check_properties({model_id: page.items}, props)  # Hub checks the page it answers
            if target_rps > 0:
                return Page(
                    with_target_rps(page.items, target_rps, props), page.next_token, page_size
                )
            return page
        # recommendations need the whole list; then a page of it, by position after an id
        everything = self.list_artifacts(
            model_id,
            types=[],
            filter_query=filter_query,
            order=order,
            page_size=MAX_PAGE_SIZE,
            token="",
            metrics_type="performance-metrics",
        ).items
        _check_properties({model_id: everything}, props)
        chosen = recommended(with_target_rps(everything, max(target_rps, 1), props), props)
        start = 0
        if token:
            after = _decode_token(token, "recommended")
            start = next((i + 1 for i, a in enumerate(chosen) if a["id"] == str(after["i"])), 0)
        items = chosen[start : start + page_size]
        more = start + page_size < len(chosen)
        next_token = _encode_token("recommended", 0, None, int(items[-1]["id"])) if more else ""
        return Page(items, next_token, page_size)

    def recommended_models(
        self,
        *,
        source_ids: list[str] | None,
        q: str,
        filter_query: str,
        page_size: int,
        token: str,
        target_rps: int,
        props: PerformanceProperties,
        descending: bool,
    ) -> Page:
        """Hub's RECOMMENDED sort: by the lowest recommended latency, models without
        performance data last; the token is the position, as Hub's."""
        ids = self.model_ids(source_ids, q, filter_query)
        # Hub applies the models' artifacts. conditions to their performance artifacts too
        artifact_filter = filter_query.replace("artifacts.", "") if filter_query else ""
        try:
            by_model = self.all_artifacts(ids, artifact_filter, "performance-metrics")
        except InvalidInput:
            by_model = self.all_artifacts(ids, "", "performance-metrics")
        keyed = []
        for model_id in ids:
            latency = minimum_latency(by_model.get(model_id, []), props, target_rps)
            keyed.append((latency is None, latency or 0.0, model_id))
        keyed.sort(key=lambda k: (k[0], -k[1] if descending else k[1]))
        start = 0
        if token:
            if not token.isdigit() or len(token) > 9:
                raise InvalidInput("invalid nextPageToken", field="nextPageToken")
            start = min(int(token), len(keyed))
        chosen = [k[2] for k in keyed[start : start + page_size]]
        bodies = self._bodies("model_body", chosen)
        end = start + len(chosen)
        return Page([bodies[i] for i in chosen], str(end) if end < len(keyed) else "", page_size)

    # -- shared -------------------------------------------------------------------------
    def _keyset(
        self, base: str, params: list[Any], order: Order, page_size: int, token: str
    ) -> tuple[list[tuple[Any, ...]], str]:
        direction = "DESC" if order.descending else "ASC"
        after = "<" if order.descending else ">"
        cursor, cursor_params = "1", []
        if token:
            last = _decode_token(token, order.name)
            if last["n"]:  # the last row had no value: only rows without one, by id
                cursor = f"v IS NULL AND id {after} ?"
                cursor_params = [last["i"]]
            elif order.nullable:
                cursor = f"(v IS NULL OR v {after} ? OR (v = ? AND id {after} ?))"
                cursor_params = [last["v"], last["v"], last["i"]]
            else:
                cursor = f"(v, id) {after} (?, ?)"
                cursor_params = [last["v"], last["i"]]
        nulls_last = "v IS NULL, " if order.nullable else ""
        rows = self._query(
            f"SELECT id, v FROM ({base}) WHERE {cursor} "
            f"ORDER BY {nulls_last}v {direction}, id {direction} LIMIT ?",
            [*params, *cursor_params, page_size + 1],
        )
        if len(rows) <= page_size:
            return rows, ""
        rows = rows[:page_size]
        last_id, last_value = rows[-1]
        return rows, _encode_token(order.name, last_value is None, last_value, last_id)

    def _bodies(self, table: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        rows = self._query(f"SELECT id, body FROM {table} WHERE id IN ({_marks(len(ids))})", ids)
        return {row[0]: json.loads(row[1]) for row in rows}

    def model_id(self, source_id: str, name: str) -> int | None:
        rows = self._query(
            "SELECT id FROM model WHERE source_id = ? AND name = ?", (source_id, name)
        )
        return rows[0][0] if rows else None

    # -- filter options -----------------------------------------------------------------
    def _filter_options(self) -> dict[str, dict[str, Any]]:
        options: dict[str, dict[str, Any]] = {}
        for column in _OPTION_COLUMNS:
            values = [r[0] for r in self._query(f"SELECT DISTINCT {column} FROM model")]
            _string_option(options, column, values)
        for column in ("description", "readme"):  # short ones only, like any string
            rows = self._query(
                f"SELECT DISTINCT {column} FROM model_text WHERE length({column}) <= ? LIMIT ?",
                (MAX_OPTION_CHARS, MAX_OPTION_VALUES + 1),
            )
            longer = self._query(
                f"SELECT 1 FROM model_text WHERE length({column}) > ? LIMIT 1",
                (MAX_OPTION_CHARS,),
            )
            if not longer:
                _string_option(options, column, [r[0] for r in rows])
        for column in _OPTION_LISTS:
            rows = self._query(
                f"SELECT DISTINCT j.value FROM model, json_each(model.{column}) AS j"
            )
            _string_option(options, column, [r[0] for r in rows])
        for table, prefix in (("model_property", ""), ("artifact_property", "artifacts.")):
            rows = self._query(f"SELECT DISTINCT name, kind, value FROM {table}")
            grouped: dict[tuple[str, str], list[Any]] = {}
            for name, kind, value in rows:
                if prefix and name in ("uri", "metricsType"):
                    continue  # Hub keeps these as the artifact's own, not custom, properties
                grouped.setdefault((name, kind), []).append(value)
            for (name, kind), values in sorted(grouped.items()):
                key = f"{prefix}{name}.{kind}"
                if kind == "string_value":
                    _string_option(options, key, values)
                elif kind in ("int_value", "double_value"):
                    options[key] = {
                        "type": "number",
                        "range": {"min": float(min(values)), "max": float(max(values))},
                    }
        return options


def _string_option(options: dict[str, dict[str, Any]], key: str, values: list[Any]) -> None:
    distinct = sorted({v for v in values if isinstance(v, str) and v})
    if 0 < len(distinct) <= MAX_OPTION_VALUES and all(len(v) <= MAX_OPTION_CHARS for v in distinct):
        options[key] = {"type": "string", "values": distinct}


def _property_rows(owner: int, props: dict[str, Any] | None) -> list[tuple[Any, ...]]:
    rows = []
    for name, prop in (props or {}).items():
        kind = _STORED_KINDS.get(prop.get("metadataType", ""))
        if kind is None:
            continue  # structs and protos are shown, not filtered on
        value = prop[kind]
        if kind == "int_value" or kind == "bool_value":
            value = int(value)
        rows.append((owner, name, kind, value))
    return rows


def _check_properties(
    by_model: dict[int, list[dict[str, Any]]], props: PerformanceProperties
) -> None:
    artifacts = [a for items in by_model.values() for a in items]
    missing = missing_properties(artifacts, props)
    if missing:
        raise InvalidInput(
            "invalid custom properties: properties not found in any performance artifacts: "
            + ", ".join(missing)
        )


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


def _encode_token(order: str, missing: bool, value: Any, row_id: int) -> str:
    payload = json.dumps({"o": order, "n": bool(missing), "v": value, "i": row_id})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_token(token: str, order: str) -> dict[str, Any]:
    try:
        if len(token) > 4096:
            raise ValueError
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        last = json.loads(raw)
        valid = (
            isinstance(last, dict)
            and last.get("o") == order
            and isinstance(last.get("n"), bool)
            and isinstance(last.get("i"), int)
            and not isinstance(last.get("i"), bool)
            and (last["n"] or isinstance(last.get("v"), (str, int, float)))
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        valid = False
    if not valid:
        raise InvalidInput(
            "invalid nextPageToken: use the nextPageToken of the previous page, with the same "
            "orderBy and sortOrder",
            field="nextPageToken",
        )
    return last


def model_order(order_by: str, descending: bool) -> Order:
    """A models sort: Hub's names, ``<property>.<type>`` or ``artifacts.<property>.<type>``
    (the lowest value of the model's artifacts ascending, the highest descending)."""
    name = f"{order_by}:{'DESC' if descending else 'ASC'}"
    if order_by in MODEL_ORDERS:
        return Order(MODEL_ORDERS[order_by], (), descending, name, nullable=False)
    if order_by == "ACCURACY":
        order_by = ACCURACY_PROPERTY
    key, _, kind = order_by.rpartition(".")
    if not key or kind not in TYPE_SUFFIXES:
        raise InvalidInput(
            "orderBy must be one of ID, NAME, CREATE_TIME, LAST_UPDATE_TIME, ACCURACY, "
            "RECOMMENDED, or <property>.<string_value|int_value|double_value|bool_value>, "
            "or artifacts.<property>.<type>",
            field="orderBy",
        )
    if key.startswith("artifacts.") and len(key) > len("artifacts."):
        pick = "MAX" if descending else "MIN"
        join = (
            f"LEFT JOIN (SELECT model_id, {pick}(value) AS value FROM artifact_property "
            "WHERE name = ? AND kind = ? GROUP BY model_id) AS sa ON sa.model_id = m.id"
        )
        return Order("sa.value", (key[len("artifacts.") :], kind), descending, name, join)
    if key in MODEL_PROPERTIES and kind == "string_value":
        return Order(MODEL_PROPERTIES[key], (), descending, name)
    join = "LEFT JOIN model_property AS sp ON sp.model_id = m.id AND sp.name = ? AND sp.kind = ?"
    return Order("sp.value", (key, kind), descending, name, join)


def artifact_order(order_by: str, descending: bool) -> Order:
    """Hub's artifact sorts: a standard field, or ``<property>.<type>``; a name without a
    type sorts by id (as Hub); an unknown type is refused."""
    name = f"{order_by}:{'DESC' if descending else 'ASC'}"
    if not order_by or order_by in ARTIFACT_ORDERS:
        return Order(ARTIFACT_ORDERS.get(order_by or "ID", "a.id"), (), descending, name)
    key, dot, kind = order_by.rpartition(".")
    if not dot:
        return Order("a.id", (), descending, name)
    if not key or kind not in ("string_value", "int_value", "double_value"):
        raise InvalidInput(
            f"orderBy {order_by[:80]!r}: the type must be string_value, int_value or "
            "double_value, after a property name",
            field="orderBy",
        )
    expression = (
        "(SELECT ap.value FROM artifact_property AS ap WHERE ap.artifact_id = a.id "
        "AND ap.name = ? AND ap.kind = ?)"
    )
    return Order(expression, (key, kind), descending, name)
