"""SQLite storage of the embedded registry: every entity type in one table.

Durability: WAL journal with ``synchronous=FULL``, so a write acknowledged to a client
(its transaction committed) survives the process being killed. Each thread has its own
connection (SQLite connections are not shared across threads); writes in this process
take a lock so they queue instead of failing with "database is locked", and other
processes on the same file wait up to ``busy_timeout``.

Schema changes are numbered migrations tracked in ``PRAGMA user_version``.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from ..errors import Conflict, InvalidInput
from .entities import ARTIFACT_FIELDS, TYPES
from .filter_query import INT64_MAX, INT64_MIN, UNICODE_LOWER, compile_filter

MIGRATIONS: list[str] = [
    # 1: one table for all entity types; type-specific fields and custom properties as JSON
    """
    CREATE TABLE entity (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        artifact_type TEXT,
        name TEXT,
        parent_id INTEGER NOT NULL DEFAULT 0,
        external_id TEXT,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL,
        fields TEXT NOT NULL DEFAULT '{}',
        custom TEXT NOT NULL DEFAULT '{}'
    );
    CREATE UNIQUE INDEX entity_name ON entity(type, parent_id, name) WHERE name IS NOT NULL;
    CREATE UNIQUE INDEX entity_external_id ON entity(type, external_id)
        WHERE external_id IS NOT NULL;
    CREATE INDEX entity_parent ON entity(type, parent_id, id);
    CREATE INDEX entity_by_name ON entity(type, name, id);
    CREATE INDEX entity_by_create ON entity(type, create_time, id);
    CREATE INDEX entity_by_update ON entity(type, update_time, id);
    """,
    # 2: ORDER BY NAME sorts on COALESCE(name, '') (artifacts may be nameless); index that
    # expression so a page by name is an index walk, not a sort of the whole type.
    """
    CREATE INDEX entity_by_sort_name ON entity(type, COALESCE(name, ''), id);
    """,
]

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
    id_, type_, artifact_type, name, external_id, ct, ut, fields, custom = row
    out: dict[str, Any] = {"id": str(id_)}
    if name is not None:
        out["name"] = name
    if external_id is not None:
        out["externalId"] = external_id
    out.update(json.loads(fields))
    out["customProperties"] = json.loads(custom)
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
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                    for statement in script.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version={number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

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
            compiled = compile_filter(filter_query, _resolver(kind, artifact_type), "e.custom")
            where.append(compiled.sql)
            params.extend(compiled.params)
        column = ORDER_COLUMNS[order_by]
        desc = sort_order == "DESC"
        if page_token:
            value, last_id = _decode_token(page_token, order_by)
            cmp = "<" if desc else ">"
            where.append(f"({column} {cmp} ? OR ({column} = ? AND e.id {cmp} ?))")
            params.extend([value, value, last_id])
        direction = "DESC" if desc else "ASC"
        sql = (
            f"SELECT {_COLUMNS}, {column} FROM entity e WHERE {' AND '.join(where)} "
            f"ORDER BY {column} {direction}, e.id {direction} LIMIT ?"
        )
        params.append(page_size + 1)
        rows = self._conn().execute(sql, params).fetchall()
        next_token = ""
        if len(rows) > page_size:
            rows = rows[:page_size]
            last = rows[-1]
            next_token = _encode_token(last[-1], last[0])
        return [_render(r[:-1]) for r in rows], next_token

    # -- writes ---------------------------------------------------------------------------
    def create(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        parent_id: int = 0,
        artifact_type: str | None = None,
    ) -> dict[str, Any]:
        data = dict(data)
        name = data.pop("name", None)
        external_id = data.pop("externalId", None)
        custom = data.pop("customProperties", {})
        now = _now_ms()

        def insert(conn: sqlite3.Connection) -> int:
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

        new_id = self._write(insert)
        created = self.get(kind, new_id)
        assert created is not None
        return created

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


def _conflict_message(detail: str) -> str:
    if "external_id" in detail:
        return "an entity of this type with that externalId already exists"
    return "an entity of this type with that name already exists here"


def _resolver(kind: str, artifact_type: str | None) -> Any:
    """Map filterQuery's standard field names to SQL; anything else is a custom property."""
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

    return resolve
