"""Everything the plugin remembers, in one place: per Datasette instance, per database, per request.

- `plugin_state(datasette)`: the interview databases found at startup, the early decisions made
  before startup ran, the ranked tables' columns and the entry links' HTML. Kept in a weak map keyed
  by the Datasette object: the plugin sets no attribute on Datasette's objects.
- `database_caches(database)`: the rendered-page LRU, the per-file computations and the per-parameter
  results of one database (interview_db.cached / store / per_database_file / per_parameters use them),
  likewise in a weak map.
- `current_request()`: what the guard decided about the request being served (a table search to
  rank by relevance, the table page whose cells to shorten), for the code Datasette calls without
  the request: the wrapped `execute` and `render_cell`. One context variable, set by `serving()`.
"""

from __future__ import annotations

import asyncio
import contextvars
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from datasette_interview_prep.web.cache import BoundedCache

if TYPE_CHECKING:  # datasette.app imports plugins at import time
    from datasette.app import Datasette
    from datasette.database import Database


@dataclass(frozen=True)
class InterviewDatabase:
    name: str
    has_postings: bool


@dataclass
class PluginState:
    # None until the startup hook has looked; then the interview databases it found (maybe none).
    databases: list[InterviewDatabase] | None = None
    # Connections opened before startup ran, decided from their own schema: database name -> is interview.
    early_decisions: dict[str, bool] = field(default_factory=dict)
    # database -> table -> columns, for the tables whose `_search` ranks by relevance.
    ranked_columns: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    entry_links_html: Any = None  # Markup, built on first use (base_url is fixed by then)
    template_helpers: dict[str, Any] | None = None  # template_vars.py, built on first use
    content_security_policy: str | None = None  # security_headers.py, built on first use


_PLUGIN_STATES: weakref.WeakKeyDictionary[Datasette, PluginState] = weakref.WeakKeyDictionary()


def plugin_state(datasette: Datasette) -> PluginState:
    state = _PLUGIN_STATES.get(datasette)
    if state is None:
        state = _PLUGIN_STATES[datasette] = PluginState()
    return state


# Computed once per file and used by every request (the round-type guide, every loop, the statistics): few keys.
SHARED_MAX_ENTRIES = 64
# Rendered plain pages: at 100x there are 6,800 checklists of about 90 kB; keep the most recent 32 MB of them.
PAGES_MAX_ENTRIES = 4_000
PAGES_MAX_BYTES = 32 * 1024 * 1024
# Answers to requests with parameters (a search's hits, a company's similar companies): small values, many keys.
RESULTS_MAX_ENTRIES = 1_000


@dataclass
class DatabaseCaches:
    pages: BoundedCache = field(default_factory=lambda: BoundedCache(PAGES_MAX_ENTRIES, PAGES_MAX_BYTES))
    shared: BoundedCache = field(default_factory=lambda: BoundedCache(SHARED_MAX_ENTRIES, PAGES_MAX_BYTES))
    results: BoundedCache = field(default_factory=lambda: BoundedCache(RESULTS_MAX_ENTRIES, PAGES_MAX_BYTES))
    # (key, file version) -> the computation in flight, that concurrent requests for the same key wait for.
    pending: dict[tuple[str, Any], asyncio.Future[Any]] = field(default_factory=dict)


_DATABASE_CACHES: weakref.WeakKeyDictionary[Database, DatabaseCaches] = weakref.WeakKeyDictionary()


def database_caches(database: Database) -> DatabaseCaches:
    caches = _DATABASE_CACHES.get(database)
    if caches is None:
        caches = _DATABASE_CACHES[database] = DatabaseCaches()
    return caches


@dataclass(frozen=True)
class RankedSearch:
    table: str
    search: str


@dataclass(frozen=True)
class RequestState:
    ranked: RankedSearch | None = None  # a table search the wrapped execute ranks by relevance
    table_page: tuple[str, str] | None = None  # (database, table) of an HTML table page being rendered


_NO_REQUEST = RequestState()
_current: contextvars.ContextVar[RequestState] = contextvars.ContextVar("interview_prep_request", default=_NO_REQUEST)


def current_request() -> RequestState:
    return _current.get()


@contextmanager
def serving(request_state: RequestState) -> Iterator[None]:
    token = _current.set(request_state)
    try:
        yield
    finally:
        _current.reset(token)
