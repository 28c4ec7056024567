"""Which attached database is the interview database, and the caches of what is read from it.

It is recognised by its schema, whatever the file is called; plugin config
`database: NAME` picks one explicitly. Worked out once, at startup, so hooks
that run for every cell or metadata lookup only read the plugin's state (state.py).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from datasette_interview_prep.web.cache import BoundedCache
from datasette_interview_prep.web.state import InterviewDatabase, database_caches, plugin_state

if TYPE_CHECKING:  # datasette.app imports plugins at import time
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request

PLUGIN_NAME = "datasette-interview-prep"
REQUIRED_TABLES = frozenset({"companies", "processes", "steps", "round_types", "sources"})
T = TypeVar("T")


def _configured_name(datasette: Datasette) -> str | None:
    name = (datasette.plugin_config(PLUGIN_NAME) or {}).get("database")
    return name if isinstance(name, str) else None


def is_interview_schema(name: str, tables: set[str], configured: str | None) -> bool:
    """The rule: the interview tables are all there, in the configured database if one is named."""
    return name != "_internal" and (not configured or name == configured) and tables >= REQUIRED_TABLES


async def detect_interview_databases(datasette: Datasette) -> list[InterviewDatabase]:
    """Find the attached databases with the interview schema (run by the startup hook)."""
    state = plugin_state(datasette)
    # Reading plugin config goes through metadata(), which asks this module again: it answers "none yet"
    # (state.databases is still None) until the look below is done.
    configured = _configured_name(datasette)
    found = []
    for name, database in datasette.databases.items():
        tables = set(await database.table_names())
        if is_interview_schema(name, tables, configured):
            found.append(InterviewDatabase(name, has_postings="postings_fts" in tables))
    state.databases = found
    return found


def is_interview_connection(datasette: Datasette, database: str, conn: sqlite3.Connection) -> bool:
    """Whether a new connection to `database` belongs to the interview database (prepare_connection asks).

    After startup this is the startup decision, read from memory. Datasette
    opens some connections before the startup hooks run (1.0a reads every
    schema first; 0.65 while this plugin's startup reads table names): those
    are decided by the same rule from the connection's own schema, once per
    database.
    """
    state = plugin_state(datasette)
    if state.databases is not None:
        return any(found.name == database for found in state.databases)
    if database not in state.early_decisions:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        state.early_decisions[database] = is_interview_schema(database, tables, _configured_name(datasette))
    return state.early_decisions[database]


def interview_databases(datasette: Datasette) -> list[InterviewDatabase]:
    return plugin_state(datasette).databases or []


def interview_database_names(datasette: Datasette) -> list[str]:
    return [database.name for database in interview_databases(datasette)]


def interview_database(datasette: Datasette) -> Database | None:
    """The interview database, or None when none is attached."""
    names = interview_database_names(datasette)
    return datasette.get_database(names[0]) if names else None


def query_key(request: Request) -> str:
    """The request's query string in a canonical order, for keys of answers that depend on all of it."""
    pairs = sorted((name, value) for name in request.args for value in request.args.getlist(name))
    return urlencode(pairs)


def anonymous_html_key(name: str, datasette: Datasette, request: Request, fmt: str | None, day: str = "") -> str | None:
    """The page-cache key of an HTML answer that, for an anonymous visitor, is a function of the database file,
    the site's base path, the request's path and query and, for pages that count days, `day` (today); None
    when the answer may depend on more (a signed-in actor) or is a download. The query as sent, not sorted:
    the order of repeated parameters matters (compare's companies are its columns)."""
    if fmt is not None or request.actor is not None:
        return None
    return f"{name}_html:{datasette.urls.path('/')}:{day}:{request.path}:{request.query_string}"


def _file_version(database: Database) -> tuple[int, int, int] | None:
    if database.is_memory or not database.path:
        return None
    stat = os.stat(database.path)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def page_cache(database: Database) -> BoundedCache:
    return database_caches(database).pages


def shared_cache(database: Database) -> BoundedCache:
    return database_caches(database).shared


def results_cache(database: Database) -> BoundedCache:
    return database_caches(database).results


def cached(database: Database, key: str) -> tuple[bool, Any]:
    """(True, page) if a page was stored under `key` for the current version of the database file."""
    version = _file_version(database)
    return page_cache(database).get(key, version) if version is not None else (False, None)


def store(database: Database, key: str, value: Any) -> None:
    """Keep a rendered page under `key` until the file changes or newer pages push it out (LRU)."""
    version = _file_version(database)
    if version is not None:
        page_cache(database).put(key, version, value)


async def per_parameters(database: Database, key: str, compute: Callable[[], Awaitable[T]]) -> T:
    """`await compute()` once per version of the file and `key` (which holds the parameters), then from memory.

    For small results that depend on a request's parameters (a search's page of hits, a company's
    similar companies): unlike per_database_file's few keys, these keys are as many as the parameters
    people send, so they live in an LRU of their own (RESULTS_MAX_ENTRIES), apart from the shared
    computations they would otherwise push out.
    """
    return await _computed_once(database, results_cache(database), key, compute)


async def per_database_file(database: Database, key: str, compute: Callable[[], Awaitable[T]]) -> T:
    """`await compute()` once per version of the database file, then from memory.

    For what every request would otherwise recompute from the same rows (the
    round-type guide, every company's loop, the statistics): the plugin only
    reads, and a rebuild writes a new file, so the file's identity is the key.
    Kept in a bounded LRU of its own, so that pages never push these out.
    """
    return await _computed_once(database, shared_cache(database), key, compute)


class _Abandoned(Exception):
    """What the waiters of a computation get when the request computing it was cancelled."""


async def _computed_once(database: Database, cache: BoundedCache, key: str, compute: Callable[[], Awaitable[T]]) -> T:
    """From `cache`, or computed by one request while the others that want it meanwhile wait for it.

    Without the wait, N clients arriving on a cold server each computed the same thing (every loop at
    100x, the question bank) at once: N times the work, and N copies in memory until they finished.
    If the request computing it is cancelled (its client went away), a waiting one computes it instead.
    """
    version = _file_version(database)
    if version is None:
        return await compute()
    pending = database_caches(database).pending
    while True:
        found, value = cache.get(key, version)
        if found:
            known: T = value
            return known
        in_flight = pending.get((key, version))
        if in_flight is None:
            break
        try:
            shared: T = await asyncio.shield(in_flight)
            return shared
        except _Abandoned:
            pass  # the computing request was cancelled: look again, and compute it here if nobody else is
    future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    pending[(key, version)] = future
    try:
        computed = await compute()
    except asyncio.CancelledError:
        future.set_exception(_Abandoned())
        future.exception()
        raise
    except BaseException as error:
        future.set_exception(error)
        future.exception()  # retrieved: the waiters (if any) get it; nobody is warned about an unread one
        raise
    finally:
        pending.pop((key, version), None)
    cache.put(key, version, computed)
    future.set_result(computed)
    return computed
