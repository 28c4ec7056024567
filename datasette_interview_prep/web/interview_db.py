"""Which attached database is the interview database.

It is recognised by its schema, whatever the file is called; plugin config
`database: NAME` picks one explicitly. Worked out once, at startup, so hooks
that run for every cell or metadata lookup only read an attribute.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # datasette.app imports plugins at import time
    from datasette.app import Datasette
    from datasette.database import Database

PLUGIN_NAME = "datasette-interview-prep"
REQUIRED_TABLES = frozenset({"companies", "processes", "steps", "round_types", "sources"})
_ATTRIBUTE = "_interview_prep_databases"
_EARLY = "_interview_prep_early_decisions"
T = TypeVar("T")


@dataclass(frozen=True)
class InterviewDatabase:
    name: str
    has_postings: bool


def _configured_name(datasette: Datasette) -> str | None:
    return (datasette.plugin_config(PLUGIN_NAME) or {}).get("database")


def is_interview_schema(name: str, tables: set[str], configured: str | None) -> bool:
    """The rule: the interview tables are all there, in the configured database if one is named."""
    return name != "_internal" and (not configured or name == configured) and tables >= REQUIRED_TABLES


async def detect_interview_databases(datasette: Datasette) -> list[InterviewDatabase]:
    """Find the attached databases with the interview schema (run by the startup hook)."""
    # Reading plugin config goes through metadata(), which asks this module again: answer "none yet".
    setattr(datasette, _ATTRIBUTE, [])
    configured = _configured_name(datasette)
    found = []
    for name, database in datasette.databases.items():
        tables = set(await database.table_names())
        if is_interview_schema(name, tables, configured):
            found.append(InterviewDatabase(name, has_postings="postings_fts" in tables))
    setattr(datasette, _ATTRIBUTE, found)
    return found


def is_interview_connection(datasette: Datasette, database: str, conn: sqlite3.Connection) -> bool:
    """Whether a new connection to `database` belongs to the interview database (prepare_connection asks).

    After startup this is the startup decision, read from memory. Datasette
    opens some connections before the startup hooks run (1.0a reads every
    schema first; 0.65 while this plugin's startup reads table names): those
    are decided by the same rule from the connection's own schema, once per
    database.
    """
    detected = getattr(datasette, _ATTRIBUTE, None)
    if detected:
        return any(found.name == database for found in detected)
    if detected is not None and getattr(datasette, "_startup_invoked", False):
        return False  # startup ran and found no interview database
    early = datasette.__dict__.setdefault(_EARLY, {})
    if database not in early:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        early[database] = is_interview_schema(database, tables, _configured_name(datasette))
    return early[database]


def interview_databases(datasette: Datasette) -> list[InterviewDatabase]:
    return getattr(datasette, _ATTRIBUTE, [])


def interview_database_names(datasette: Datasette) -> list[str]:
    return [database.name for database in interview_databases(datasette)]


def interview_database(datasette: Datasette) -> Database | None:
    """The interview database, or None when none is attached."""
    names = interview_database_names(datasette)
    return datasette.get_database(names[0]) if names else None


def _file_version(database: Database) -> tuple | None:
    if database.is_memory or not database.path:
        return None
    stat = os.stat(database.path)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def cached(database: Database, key: str) -> tuple[bool, Any]:
    """(True, value) if `key` was stored for the current version of the database file, else (False, None)."""
    version = _file_version(database)
    entry = database.__dict__.get("_interview_prep_cache", {}).get(key)
    if version is not None and entry is not None and entry[0] == version:
        return True, entry[1]
    return False, None


def store(database: Database, key: str, value: Any) -> None:
    """Keep `value` under `key` until the database file changes (nothing is kept for in-memory databases)."""
    version = _file_version(database)
    if version is not None:
        database.__dict__.setdefault("_interview_prep_cache", {})[key] = (version, value)


async def per_database_file(database: Database, key: str, compute: Callable[[], Awaitable[T]]) -> T:
    """`await compute()` once per version of the database file, then from memory.

    For what every request would otherwise recompute from the same rows (the
    round-type guide, every company's loop, the statistics): the plugin only
    reads, and a rebuild writes a new file, so the file's identity is the key.
    """
    found, value = cached(database, key)
    if not found:
        value = await compute()
        store(database, key, value)
    return value
