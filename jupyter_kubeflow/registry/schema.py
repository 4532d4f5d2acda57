"""The registry database's layout and its numbered migrations (``PRAGMA user_version``).

A database is brought to the newest layout when a store opens it, in one transaction: a
database made by an older version is migrated on first start, nothing lost, or left as it
was if a step fails.

The ``entity`` table holds every entity (custom properties as JSON in ``custom``, what the
API returns). Two derived tables make filters fast, and triggers keep them in step with
``entity`` in the same transaction as each write, so no writer can forget them:

- ``property``: one row per custom property and value kind (``string_value``,
  ``int_value``, ``double_value``, ``bool_value``), with the value exactly as
  ``json_extract`` reads it from ``custom`` (``int_value`` cast to an integer), indexed by
  (entity type, property name, kind, value, entity id): a typed comparison is an index
  range, and an equality comes out ordered by id.
- ``entity_name_trigram``: an FTS5 trigram index of names (SQLite >= 3.34), so that
  ``name LIKE '%text%'`` looks up candidate rows instead of reading every name.
"""

from __future__ import annotations

import sqlite3

# The typed values a filterQuery can compare, and how each is read from a property's JSON.
_KINDS = '\'["string_value", "int_value", "double_value", "bool_value"]\''
_TYPED_VALUE = (
    "CASE k.value WHEN 'int_value' THEN CAST(json_extract(p.value, '$.int_value') AS INTEGER) "
    "ELSE json_extract(p.value, '$.' || k.value) END"
)


def _properties_of(entity: str) -> str:
    """INSERT of the property rows of ``entity`` (a row alias: ``new`` or a table alias)."""
    return (
        "INSERT INTO property (entity_id, type, name, kind, value) "
        f"SELECT {entity}.id, {entity}.type, p.key, k.value, {_TYPED_VALUE} "
        # a row stored before numbers were checked may hold Infinity, which is not JSON to
        # SQLite: such a row gets no property rows instead of failing the write or migration
        f"FROM json_each(iif(json_valid({entity}.custom), {entity}.custom, '{{}}')) AS p, "
        f"json_each({_KINDS}) AS k "
        "WHERE p.type = 'object' AND json_extract(p.value, '$.' || k.value) IS NOT NULL"
    )


MIGRATIONS: list[tuple[str, ...]] = [
    # 1: one table for all entity types; type-specific fields and custom properties as JSON
    (
        """CREATE TABLE entity (
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
        )""",
        "CREATE UNIQUE INDEX entity_name ON entity(type, parent_id, name) WHERE name IS NOT NULL",
        "CREATE UNIQUE INDEX entity_external_id ON entity(type, external_id) "
        "WHERE external_id IS NOT NULL",
        "CREATE INDEX entity_parent ON entity(type, parent_id, id)",
        "CREATE INDEX entity_by_name ON entity(type, name, id)",
        "CREATE INDEX entity_by_create ON entity(type, create_time, id)",
        "CREATE INDEX entity_by_update ON entity(type, update_time, id)",
    ),
    # 2: ORDER BY NAME sorts on COALESCE(name, '') (artifacts may be nameless); index that
    # expression so a page by name is an index walk, not a sort of the whole type.
    ("CREATE INDEX entity_by_sort_name ON entity(type, COALESCE(name, ''), id)",),
    # 3: filters served by indexes (see the module's docstring): a page in id order walks
    # (type, id); state, the registry tab's filter, is indexed with id; custom properties
    # and name trigrams get their derived tables, filled from what is there.
    (
        "CREATE INDEX entity_by_id ON entity(type, id)",
        "CREATE INDEX entity_by_state ON entity(type, json_extract(fields, '$.state'), id)",
        """CREATE TABLE property (
            entity_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            value,
            PRIMARY KEY (entity_id, name, kind)
        ) WITHOUT ROWID""",
        "CREATE INDEX property_by_value ON property(type, name, kind, value, entity_id)",
        _properties_of("e").replace("FROM json_each", "FROM entity AS e, json_each", 1),
        f"""CREATE TRIGGER entity_property_insert AFTER INSERT ON entity BEGIN
            {_properties_of("new")};
        END""",
        f"""CREATE TRIGGER entity_property_update AFTER UPDATE OF custom, type ON entity BEGIN
            DELETE FROM property WHERE entity_id = old.id;
            {_properties_of("new")};
        END""",
        """CREATE TRIGGER entity_property_delete AFTER DELETE ON entity BEGIN
            DELETE FROM property WHERE entity_id = old.id;
        END""",
        "CREATE VIRTUAL TABLE entity_name_trigram USING fts5("
        "name, content='entity', content_rowid='id', tokenize='trigram')",
        "INSERT INTO entity_name_trigram(entity_name_trigram) VALUES ('rebuild')",
        """CREATE TRIGGER entity_name_insert AFTER INSERT ON entity BEGIN
            INSERT INTO entity_name_trigram(rowid, name) VALUES (new.id, new.name);
        END""",
        """CREATE TRIGGER entity_name_update AFTER UPDATE OF name ON entity BEGIN
            INSERT INTO entity_name_trigram(entity_name_trigram, rowid, name)
                VALUES ('delete', old.id, old.name);
            INSERT INTO entity_name_trigram(rowid, name) VALUES (new.id, new.name);
        END""",
        """CREATE TRIGGER entity_name_delete AFTER DELETE ON entity BEGIN
            INSERT INTO entity_name_trigram(entity_name_trigram, rowid, name)
                VALUES ('delete', old.id, old.name);
        END""",
    ),
    # 4: artifact names are unique per kind within their parent, as in the real registry
    # (ML Metadata keys names by type): a doc and a model artifact of one version may share
    # a name. Other entities have no artifact_type, so their rule is unchanged.
    (
        "DROP INDEX entity_name",
        "CREATE UNIQUE INDEX entity_name ON entity(type, parent_id, COALESCE(artifact_type, ''), "
        "name) WHERE name IS NOT NULL",
    ),
]


def migrate(conn: sqlite3.Connection, migrations: list[tuple[str, ...]] = MIGRATIONS) -> int:
    """Apply the ``migrations`` that ``conn``'s database lacks, in one transaction; return
    the version it had. The caller holds the write lock; ``conn`` is in autocommit mode."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number, statements in enumerate(migrations[version:], start=version + 1):
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number}")
        conn.execute("COMMIT")
        return version
    except BaseException:
        conn.execute("ROLLBACK")
        raise
