"""SQLite storage of the embedded registry: every entity type in one table.

Durability: WAL journal with ``synchronous=FULL``, so a write acknowledged to a client
(its transaction committed) survives the process being killed. Each thread has its own
connection (SQLite connections are not shared across threads); writes in this process
take a lock so they queue instead of failing with "database is locked", and other
processes on the same file wait up to ``busy_timeout``.

The layout and its numbered migrations are in :mod:`.schema`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Conflict, InvalidInput
from .entities import ARTIFACT_FIELDS, TYPES
from .filter_query import INT, INT64_MAX, INT64_MIN, UNICODE_LOWER, Target, compile_filter
from .schema import MIGRATIONS, migrate

ORDER_COLUMNS = {
    "ID": "e.id",
    "NAME": "COALESCE(e.name, '')",
    "CREATE_TIME": "e.create_time",
    "LAST_UPDATE_TIME": "e.update_time",
}
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
# a token carries one sort value (a name at most) and an id: base64 of a short JSON array
MAX_TOKEN_LENGTH = 8192

_COLUMNS = "e.id, e.type, e.artifact_type, e.name, e.external_id, e.create_time, "
_COLUMNS += "e.update_time, e.fields, e.custom"


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _render(row: tuple[Any, ...]) -> dict[str, Any]:
    return _render_parsed(row, json.loads(row[7]), json.loads(row[8]))


def _render_page(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Like ``_render`` for each row, with the JSON of the whole page parsed in one call (a
    parse per row costs more than the query of a page)."""
    parsed = json.loads("[" + ",".join(f"[{r[7]},{r[8]}]" for r in rows) + "]")
    pairs = zip(rows, parsed, strict=True)
    return [_render_parsed(row, fields, custom) for row, (fields, custom) in pairs]


def _render_parsed(row: tuple[Any, ...], fields: dict[str, Any], custom: Any) -> dict[str, Any]:
    id_, type_, artifact_type, name, external_id, ct, ut = row[:7]
    out: dict[str, Any] = {"id": str(id_)}
    if name is not None:
        out["name"] = name
    if external_id is not None:
        out["externalId"] = external_id
    out.update(fields)
    out["customProperties"] = custom
    out["createTimeSinceEpoch"] = str(ct)
    out["lastUpdateTimeSinceEpoch"] = str(ut)
    if type_ == "artifact":
        out["artifactType"] = artifact_type
    return out


def _encode_token(value: Any, id_: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, id_]).encode()).decode().rstrip("=")


def _decode_token(token: str, order_by: str) -> tuple[Any, int]:
    """The (sort value, id) a token carries, checked against the order it is used with:
    anything else, or a number beyond 64 bits, is a 400 (never an error from SQLite)."""
    try:
        if len(token) > MAX_TOKEN_LENGTH:
            raise ValueError
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value, id_ = json.loads(raw)
        value_type = str if order_by == "NAME" else int
        if not (_is_int64(id_) and id_ >= 0 and type(value) is value_type):
            raise ValueError
        if value_type is int and not _is_int64(value):
            raise ValueError
        if value_type is str:
            value.encode("utf-8")  # a lone surrogate (JSON's \ud800) is no name: ValueError
        return value, id_
    except (ValueError, binascii.Error, TypeError, UnicodeDecodeError, RecursionError):
        raise InvalidInput("invalid nextPageToken", field="nextPageToken") from None


def _is_int64(value: Any) -> bool:
    return type(value) is int and INT64_MIN <= value <= INT64_MAX


class RegistryStore:
    """Thread-safe access to the registry database at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        # every thread's connection, so close() can close them all (worker threads outlive
        # a store that is closed, e.g. between tests or at server shutdown)
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._generation = 0
        self._migrate()

    # -- connections ----------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "generation", -1) != self._generation:
            conn = None  # closed by close(): open a fresh one
        if conn is None:
            # check_same_thread=False only so close() may close it from another thread; each
            # connection is otherwise used by the one thread that opened it.
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            # LIKE is case-sensitive as in the Model Registry; ILIKE is the insensitive one.
            conn.execute("PRAGMA case_sensitive_like=ON")
            conn.create_function(UNICODE_LOWER, 1, _unicode_lower, deterministic=True)
            self._local.conn = conn
            self._local.generation = self._generation
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    def _migrate(self) -> None:
        with self._write_lock:
            migrate(self._conn(), MIGRATIONS)

    def close(self) -> None:
        """Close every thread's connection; a later call reopens one per thread."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
            self._generation += 1
        for conn in connections:
            conn.close()

    def _write(self, fn: Any) -> Any:
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
                conn.execute("COMMIT")
                return result
            except sqlite3.IntegrityError as e:
                conn.execute("ROLLBACK")
                raise Conflict(_conflict_message(str(e))) from None
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # -- reads ----------------------------------------------------------------------------
    def get(self, kind: str, id_: int | str) -> dict[str, Any] | None:
        row = (
            self._conn()
            .execute(f"SELECT {_COLUMNS} FROM entity e WHERE e.id = ? AND e.type = ?", (id_, kind))
            .fetchone()
        )
        return _render(row) if row else None

    def parent_of(self, id_: int | str) -> int:
        row = self._conn().execute("SELECT parent_id FROM entity WHERE id = ?", (id_,)).fetchone()
        return int(row[0]) if row else 0

    def find(
        self,
        kind: str,
        *,
        name: str | None = None,
        external_id: str | None = None,
        parent_id: int | None = None,
        artifact_type: str | None = None,
    ) -> dict[str, Any] | None:
        where, params = ["e.type = ?"], [kind]
        if name is not None:
            where.append("e.name = ?")
            params.append(name)
        if external_id is not None:
            where.append("e.external_id = ?")
            params.append(external_id)
        if parent_id is not None:
            where.append("e.parent_id = ?")
            params.append(parent_id)
        if artifact_type is not None:
            where.append("e.artifact_type = ?")
            params.append(artifact_type)
        sql = f"SELECT {_COLUMNS} FROM entity e WHERE {' AND '.join(where)} ORDER BY e.id LIMIT 1"
        row = self._conn().execute(sql, params).fetchone()
        return _render(row) if row else None

    def list(
        self,
        kind: str,
        *,
        parent_id: int | None = None,
        artifact_type: str | None = None,
        name: str | None = None,
        external_id: str | None = None,
        filter_query: str | None = None,
        order_by: str = "ID",
        sort_order: str = "ASC",
        page_size: int = DEFAULT_PAGE_SIZE,
        page_token: str | None = None,
    ) -> tuple[list[dict[str, Any]], str]:
        """One page, ordered by ``order_by`` then id; keyset paging via the opaque token."""
        where, params = ["e.type = ?"], [kind]
        for column, value in (
            ("e.parent_id", parent_id),
            ("e.artifact_type", artifact_type),
            ("e.name", name),
            ("e.external_id", external_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if filter_query:
            target = _target(self._conn(), kind, artifact_type)
            compiled = compile_filter(filter_query, target)
            where.append(compiled.sql)
            params.extend(compiled.params)
        column = ORDER_COLUMNS[order_by]
        desc = sort_order == "DESC"
        cmp = "<" if desc else ">"
        if page_token:
            value, last_id = _decode_token(page_token, order_by)
            # keyset: the first comparison is an index range (seek to the last row seen);
            # the OR only sorts out rows with the same sort value
            if order_by == "ID":
                where.append(f"e.id {cmp} ?")
                params.append(last_id)
            else:
                where.append(f"{column} {cmp}= ? AND ({column} {cmp} ? OR e.id {cmp} ?)")
                params.extend([value, value, last_id])
        direction = "DESC" if desc else "ASC"
        order = (
            f"e.id {direction}" if order_by == "ID" else f"{column} {direction}, e.id {direction}"
        )
        sql = (
            f"SELECT {_COLUMNS}, {column} FROM entity e WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ?"
        )
        params.append(page_size + 1)
        rows = self._conn().execute(sql, params).fetchall()
        next_token = ""
        if len(rows) > page_size:
            rows = rows[:page_size]
            last = rows[-1]
            next_token = _encode_token(last[-1], last[0])
        return _render_page(rows), next_token

    # -- writes ---------------------------------------------------------------------------
    def create(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        parent_id: int = 0,
        artifact_type: str | None = None,
    ) -> dict[str, Any]:
        new_id = self._write(lambda conn: _insert(conn, kind, data, parent_id, artifact_type))
        created = self.get(kind, new_id)
        assert created is not None
        return created

    def create_many(self, kind: str, items: Iterable[dict[str, Any]], *, parent_id: int = 0) -> int:
        """Insert many (validated) entities of one kind in ONE transaction, one fsync: for
        imports and benchmarks. All or nothing; returns how many were inserted."""

        def insert_all(conn: sqlite3.Connection) -> int:
            count = 0
            for data in items:
                _insert(conn, kind, data, parent_id, None)
                count += 1
            return count

        return int(self._write(insert_all))

    def update(
        self,
        kind: str,
        id_: int | str,
        data: dict[str, Any],
        *,
        parent_id: int | None = None,
    ) -> dict[str, Any] | None:
        """Merge ``data`` into the entity (customProperties, when given, replace the set)."""
        data = dict(data)

        def apply(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT fields, custom, external_id, update_time FROM entity "
                "WHERE id = ? AND type = ?",
                (id_, kind),
            ).fetchone()
            if row is None:
                return False
            fields = json.loads(row[0])
            custom = json.loads(row[1])
            external_id = data.pop("externalId", row[2])
            if "customProperties" in data:
                custom = data.pop("customProperties")
            data.pop("name", None)
            fields.update(data)
            # Timestamps only move forward, even if the clock steps back.
            now = max(_now_ms(), int(row[3]))
            sql = "UPDATE entity SET fields = ?, custom = ?, external_id = ?, update_time = ?"
            params: list[Any] = [json.dumps(fields), json.dumps(custom), external_id, now]
            if parent_id is not None:
                sql += ", parent_id = ?"
                params.append(parent_id)
            conn.execute(sql + " WHERE id = ?", [*params, id_])
            return True

        if not self._write(apply):
            return None
        return self.get(kind, id_)

    def count(self, kind: str) -> int:
        row = self._conn().execute("SELECT COUNT(*) FROM entity WHERE type = ?", (kind,)).fetchone()
        return int(row[0])


def _insert(
    conn: sqlite3.Connection,
    kind: str,
    data: dict[str, Any],
    parent_id: int,
    artifact_type: str | None,
) -> int:
    """One INSERT; the derived tables follow by the schema's triggers."""
    data = dict(data)
    name = data.pop("name", None)
    external_id = data.pop("externalId", None)
    custom = data.pop("customProperties", {})
    now = _now_ms()
    cur = conn.execute(
        "INSERT INTO entity (type, artifact_type, name, parent_id, external_id, "
        "create_time, update_time, fields, custom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            kind,
            artifact_type,
            name,
            parent_id,
            external_id,
            now,
            now,
            json.dumps(data),
            json.dumps(custom),
        ),
    )
    return int(cur.lastrowid or 0)


_NUMERIC_TEXT = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*", re.ASCII)
_INTEGER_TEXT = re.compile(r"\s*[+-]?\d+\s*", re.ASCII)


def _integer_affinity(value: Any) -> Any:
    """``value`` as SQLite's INTEGER affinity would compare it: a text that is a whole
    well-formed number becomes that number, any other value stays as it is."""
    if not isinstance(value, str) or not _NUMERIC_TEXT.fullmatch(value):
        return value
    if _INTEGER_TEXT.fullmatch(value) and INT64_MIN <= int(value) <= INT64_MAX:
        return int(value)
    return float(value)


def _conflict_message(detail: str) -> str:
    if "external_id" in detail:
        return "an entity of this type with that externalId already exists"
    return "an entity of this type with that name already exists here"


# How a filter on a custom property or a name substring runs depends on how many rows match
# (counted up to this many, through the index): few -> fetch exactly those rows and sort
# them; many -> walk the page's order and test each row, which finds a page of matches
# after about (page size x rows / matches) rows. Either way a page stays well under the cost
# of reading the whole table.
SELECTIVE = 3000
# Few matches: the entities whose property satisfies the predicate (an index range).
_CUSTOM_FEW = (
    "e.id IN (SELECT p.entity_id FROM property p WHERE p.type = ? AND p.name = ? "
    "AND p.kind IN ({kinds}) AND {predicate})"
)
# Many matches: does this entity's property satisfy it (a primary key lookup per row).
_CUSTOM_MANY = (
    "EXISTS (SELECT 1 FROM property p WHERE p.entity_id = e.id AND p.name = ? "
    "AND p.kind IN ({kinds}) AND {predicate})"
)
_CUSTOM_COUNT = (
    "SELECT count(*) FROM (SELECT 1 FROM property p WHERE p.type = ? AND p.name = ? "
    "AND p.kind IN ({kinds}) AND {predicate} LIMIT ?)"
)
# Rows whose name holds the trigram query's substrings (case-insensitively: a superset).
_NAME_TRIGRAM = "e.id IN (SELECT rowid FROM entity_name_trigram WHERE entity_name_trigram MATCH ?)"
_NAME_TRIGRAM_COUNT = (
    "SELECT count(*) FROM (SELECT rowid FROM entity_name_trigram "
    "WHERE entity_name_trigram MATCH ? LIMIT ?)"
)


def _target(conn: sqlite3.Connection, kind: str, artifact_type: str | None) -> Target:
    """Map filterQuery's names to SQL: standard fields, else custom properties."""
    if kind == "artifact":
        fields: set[str] = set()
        for type_fields in ARTIFACT_FIELDS.values():
            fields.update(type_fields)
    else:
        fields = set(TYPES[kind].fields)
    fields.add("description")
    columns = {
        "id": "e.id",
        "name": "e.name",
        "externalId": "e.external_id",
        "createTimeSinceEpoch": "e.create_time",
        "lastUpdateTimeSinceEpoch": "e.update_time",
    }
    if kind == "artifact":
        columns["artifactType"] = "e.artifact_type"

    def resolve(name: str) -> str | None:
        if name in columns:
            return columns[name]
        if name in fields:
            # ``name`` is one of our own field names (checked above), never user text.
            return f"json_extract(e.fields, '$.{name}')"
        return None

    def custom(
        key: str, kinds: tuple[str, ...], predicate: str, params: list[Any]
    ) -> tuple[str, list[Any]]:
        parts = {"kinds": ", ".join("?" for _ in kinds), "predicate": predicate}
        parts["predicate"] = predicate.format(value="p.value")
        if kinds == (INT,) and " LIKE " not in predicate:
            # An int_value was compared as CAST(... AS INTEGER), whose INTEGER affinity turns
            # a numeric text literal into a number; the property column has no affinity.
            params = [_integer_affinity(v) for v in params]
        count_sql = _CUSTOM_COUNT.format(**parts)
        matches = conn.execute(count_sql, [kind, key, *kinds, *params, SELECTIVE + 1]).fetchone()
        if matches[0] <= SELECTIVE:
            return _CUSTOM_FEW.format(**parts), [kind, key, *kinds, *params]
        return _CUSTOM_MANY.format(**parts), [key, *kinds, *params]

    def substring_index(column: str, query: str) -> tuple[str, list[Any]] | None:
        if column != "e.name":
            return None
        matches = conn.execute(_NAME_TRIGRAM_COUNT, [query, SELECTIVE + 1]).fetchone()
        if matches[0] > SELECTIVE:
            return None  # dense: testing each row of the page's walk is cheaper
        return _NAME_TRIGRAM, [query]

    return Target(resolve, custom, substring_index)
