"""Which attached database is the interview database.

It is recognised by its schema, whatever the file is called; plugin config
`database: NAME` picks one explicitly. Worked out once, at startup, so hooks
that run for every cell or metadata lookup only read an attribute.
"""

from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict
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


class BoundedCache:
    """A least-recently-used map bounded by entries and by the bytes of its text values.

    Text (rendered pages) is counted by its length; other values (rows, computed
    figures) count as entries only, so bound those by `max_entries`.
    """

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, tuple[tuple, Any, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        """The keys, least recently used first."""
        return iter(list(self._entries))

    def get(self, key: str, version: tuple) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            return False, None
        self._entries.move_to_end(key)
        return True, entry[1]

    def put(self, key: str, version: tuple, value: Any) -> None:
        size = len(value) if isinstance(value, (str, bytes)) else 0
        if size > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old[2]
        self._entries[key] = (version, value, size)
        self.bytes += size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, (_, _, evicted) = self._entries.popitem(last=False)
            self.bytes -= evicted


# Computed once per file and used by every request (the round-type guide, every loop, the statistics): few keys.
SHARED_MAX_ENTRIES = 64
# Rendered plain pages: at 100x there are 6,800 checklists of about 90 kB; keep the most recent 32 MB of them.
PAGES_MAX_ENTRIES = 4_000
PAGES_MAX_BYTES = 32 * 1024 * 1024


def _cache(database: Database, name: str, max_entries: int, max_bytes: int) -> BoundedCache:
    attribute = f"_interview_prep_{name}_cache"
    cache = database.__dict__.get(attribute)
    if cache is None:
        cache = database.__dict__[attribute] = BoundedCache(max_entries, max_bytes)
    return cache


def page_cache(database: Database) -> BoundedCache:
    return _cache(database, "pages", PAGES_MAX_ENTRIES, PAGES_MAX_BYTES)


def shared_cache(database: Database) -> BoundedCache:
    return _cache(database, "shared", SHARED_MAX_ENTRIES, PAGES_MAX_BYTES)


def cached(database: Database, key: str) -> tuple[bool, Any]:
    """(True, page) if a page was stored under `key` for the current version of the database file."""
    version = _file_version(database)
    return page_cache(database).get(key, version) if version is not None else (False, None)


def store(database: Database, key: str, value: Any) -> None:
    """Keep a rendered page under `key` until the file changes or newer pages push it out (LRU)."""
    version = _file_version(database)
    if version is not None:
        page_cache(database).put(key, version, value)


async def per_database_file(database: Database, key: str, compute: Callable[[], Awaitable[T]]) -> T:
    """`await compute()` once per version of the database file, then from memory.

    For what every request would otherwise recompute from the same rows (the
    round-type guide, every company's loop, the statistics): the plugin only
    reads, and a rebuild writes a new file, so the file's identity is the key.
    Kept in a bounded LRU of its own, so that pages never push these out.
    """
    version = _file_version(database)
    if version is None:
        return await compute()
    cache = shared_cache(database)
    found, value = cache.get(key, version)
    if not found:
        value = await compute()
        cache.put(key, version, value)
    return value
