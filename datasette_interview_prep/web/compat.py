"""Every difference between Datasette 0.65 and 1.0a that the plugin meets, in one place.

The rest of web/ calls these functions and never asks which Datasette it runs
on. The lines are told apart by feature checks on the Datasette class, made
once at import:

- metadata: 0.65 asks the `get_metadata` hook on every lookup; 1.0a (since
  1.0a14) keeps instance/database/table/column metadata in its internal
  database, written with `set_*_metadata()`, and never calls the hook;
- table configuration (facets, sort, label_column, ...): 0.65 reads it from
  metadata; 1.0a from `datasette.config` (datasette.yaml), read through
  `table_config()` on every request. No plugin hook supplies it, so the
  plugin's defaults are merged into `datasette.config` at startup, under
  whatever the user configured;
- canned queries: metadata on 0.65; stored queries on 1.0a (since 1.0a31),
  added with `add_query(..., is_trusted=True)` and read with `get_query()`;
- permissions: `permission_allowed()` on 0.65, `allowed(action=, resource=)`
  on 1.0a (since 1.0a20);
- the SQL page: `/db?sql=` on 0.65, `/db/-/query?sql=` on 1.0a;
- Datasette's error page: 0.65 renders error.html with `jinja_env` and
  `app_css_hash`, both gone in 1.0a; `render_template()` works on both;
- neither line has a hook to rewrite the SQL of a table page: `wrap_execute()`
  wraps a database's `execute` (once), for ranked table search.

The feature checks are made on first use, not at import: Datasette imports
its plugins while `datasette.app` is still being imported.
"""

from __future__ import annotations

import functools
import json
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request

# compat.HAS_STORED_QUERIES and the others: module attributes computed on first use (see __getattr__).
_FEATURES = {
    "HAS_STORED_QUERIES": "add_query",
    "HAS_METADATA_TABLES": "set_resource_metadata",
    "HAS_RESOURCE_PERMISSIONS": "allowed",
    "HAS_TABLE_CONFIG": "table_config",
}


@functools.cache
def _datasette_has(attribute: str) -> bool:
    from datasette.app import Datasette

    return hasattr(Datasette, attribute)


def __getattr__(name: str) -> bool:
    if name in _FEATURES:
        return _datasette_has(_FEATURES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def has_stored_queries() -> bool:
    return _datasette_has("add_query")


def has_metadata_tables() -> bool:
    return _datasette_has("set_resource_metadata")


# What 1.0a reads from configuration rather than metadata (datasette.utils._table_config_keys).
TABLE_CONFIG_KEYS = (
    "hidden",
    "sort",
    "sort_desc",
    "size",
    "sortable_columns",
    "label_column",
    "facets",
    "fts_table",
    "fts_pk",
    "searchmode",
)
# A canned query's keys on 0.65 -> add_query()'s arguments on 1.0a.
_QUERY_ARGUMENTS = {
    "title": "title",
    "description": "description",
    "description_html": "description_html",
    "hide_sql": "hide_sql",
    "fragment": "fragment",
    "params": "parameters",
}


# Permissions ---------------------------------------------------------------


async def can_execute_sql(datasette: Datasette, actor: dict[str, Any] | None, database: str) -> bool:
    """Whether `actor` may run arbitrary SQL against `database` (Datasette's execute-sql)."""
    if _datasette_has("allowed"):
        from datasette.resources import DatabaseResource

        allowed: bool = await datasette.allowed(action="execute-sql", resource=DatabaseResource(database), actor=actor)
        return allowed
    permitted: bool = await datasette.permission_allowed(actor, "execute-sql", database, default=True)
    return permitted


# How long an anonymous visitor's execute-sql answer is kept for choosing links (sql_links_allowed).
ANONYMOUS_SQL_LINKS_SECONDS = 5.0
_clock = time.monotonic  # the tests move it on
_ANONYMOUS_SQL: weakref.WeakKeyDictionary[Datasette, dict[str, tuple[float, bool]]] = weakref.WeakKeyDictionary()


async def sql_links_allowed(datasette: Datasette, actor: dict[str, Any] | None, database: str) -> bool:
    """Whether a page should link to ?sql= for `actor`: can_execute_sql(), kept a few seconds for anonymous visitors.

    Only for choosing links (the SQL page checks the permission itself). On 1.0a every
    answer is a query of Datasette's internal database in its thread pool: under 20
    clients the statistics page waited behind the other pages' SQL for it (390 ms median
    against 121 ms on 0.65.5 in the same mix). An actor's answer is never kept.
    """
    if actor is not None:
        return await can_execute_sql(datasette, actor, database)
    now = _clock()
    known = _ANONYMOUS_SQL.setdefault(datasette, {}).get(database)
    if known is not None and now - known[0] < ANONYMOUS_SQL_LINKS_SECONDS:
        return known[1]
    allowed = await can_execute_sql(datasette, None, database)
    _ANONYMOUS_SQL[datasette][database] = (now, allowed)
    return allowed


# Queries, table configuration ----------------------------------------------


async def named_query(datasette: Datasette, database: str, name: str) -> dict[str, Any] | None:
    """The canned (0.65) or stored (1.0a) query `name` as {"sql": ..., "write": bool}, or None."""
    if has_stored_queries():
        stored = await datasette.get_query(database, name)
        return None if stored is None else {"sql": stored.sql, "write": bool(stored.is_write)}
    query = await datasette.get_canned_query(database, name, None)
    return None if query is None else {"sql": query["sql"], "write": bool(query.get("write"))}


async def table_config(datasette: Datasette, database: str, table: str) -> dict[str, Any]:
    """A table's sort/facet/label configuration, wherever this Datasette keeps it."""
    config: dict[str, Any] = (
        await datasette.table_config(database, table)
        if _datasette_has("table_config")
        else datasette.table_metadata(database, table)
    )
    return config


def sql_page_path(datasette: Datasette, database: str) -> str:
    """The path that takes ?sql= for `database` (base_url included)."""
    database_path = datasette.urls.database(database)
    return f"{database_path}/-/query" if hasattr(datasette.urls, "database_query") else database_path


# Rendering -----------------------------------------------------------------


def template_request(request: Request | None) -> Request | None:
    """`request` as render_template() can use it from an ASGI wrapper, outside Datasette's CSRF middleware.

    0.65's render_template reads scope["csrftoken"], which that middleware
    sets: a wrapper's request has none (error pages hold no forms to protect).
    """
    if request is None or "csrftoken" in request.scope:
        return request
    from datasette.utils.asgi import Request

    return Request({**request.scope, "csrftoken": lambda: ""}, request.receive)


async def render_template(datasette: Datasette, template: str, context: dict[str, Any], request: Request | None) -> str:
    html: str = await datasette.render_template(template, context, request=template_request(request))
    return html


async def render_error_page(
    datasette: Datasette, request: Request | None, status: int, title: str | None, message: str
) -> str:
    """Datasette's own error page (error.html, or {status}.html when a template overrides it)."""
    context = {"ok": False, "error": message, "status": status, "title": title}
    html: str = await datasette.render_template(
        [f"{status}.html", "error.html"], context, request=template_request(request)
    )
    return html


# Startup on 1.0a: what 0.65 reads from the get_metadata hook ------------------


async def apply_metadata(datasette: Datasette, metadata: dict[str, Any]) -> None:
    """Give 1.0a the plugin's metadata, table configuration and queries; a no-op on 0.65.

    `metadata` has 0.65's shape (the get_metadata hook's answer). What the
    user set (metadata.yml, datasette.yaml, configured queries) was applied
    before the startup hooks run and wins, key by key.
    """
    if not has_metadata_tables():
        return
    instance = await datasette.get_instance_metadata()
    for key, value in metadata.items():
        if key != "databases" and key not in instance:
            await datasette.set_instance_metadata(key, _stored(value))
    for database, block in (metadata.get("databases") or {}).items():
        await _apply_database(datasette, database, block)


async def _apply_database(datasette: Datasette, database: str, block: dict[str, Any]) -> None:
    existing = await datasette.get_database_metadata(database)
    for key, value in block.items():
        if key not in ("tables", "queries") and key not in existing:
            await datasette.set_database_metadata(database, key, _stored(value))
    for table, table_block in (block.get("tables") or {}).items():
        await _apply_table(datasette, database, table, table_block)
    if has_stored_queries():
        for name, query in (block.get("queries") or {}).items():
            await _add_query(datasette, database, name, query)


async def _apply_table(datasette: Datasette, database: str, table: str, block: dict[str, Any]) -> None:
    existing = await datasette.get_resource_metadata(database, table)
    for key, value in block.items():
        if key == "columns":
            for column, description in value.items():
                if "description" not in await datasette.get_column_metadata(database, table, column):
                    await datasette.set_column_metadata(database, table, column, "description", description)
        elif key not in TABLE_CONFIG_KEYS and key not in existing:
            await datasette.set_resource_metadata(database, table, key, _stored(value))
    config = {key: value for key, value in block.items() if key in TABLE_CONFIG_KEYS}
    if config:
        configured = _config_tables(datasette, database).setdefault(table, {})
        for key, value in config.items():
            configured.setdefault(key, value)


def _config_tables(datasette: Datasette, database: str) -> dict[str, Any]:
    if datasette.config is None:
        datasette.config = {}
    databases = datasette.config.setdefault("databases", {})
    tables: dict[str, Any] = databases.setdefault(database, {}).setdefault("tables", {})
    return tables


async def _add_query(datasette: Datasette, database: str, name: str, query: dict[str, Any]) -> None:
    if await datasette.get_query(database, name) is not None:
        return  # the user's own query of that name (datasette.yaml) stays
    arguments = {argument: query[key] for key, argument in _QUERY_ARGUMENTS.items() if key in query}
    await datasette.add_query(
        database,
        name,
        query["sql"],
        is_write=bool(query.get("write")),
        # The plugin's own SQL, reviewed with it: it runs even where execute-sql is denied, as on 0.65.
        is_trusted=True,
        source="plugin",
        **arguments,
    )


def _stored(value: Any) -> str:
    """1.0a stores metadata values as text; lists and dicts as JSON (as its own metadata loader does)."""
    return value if isinstance(value, str) else json.dumps(value)


# Table search ranked by relevance (ranked_tables.py) -------------------------

_WRAPPED: weakref.WeakSet[Database] = weakref.WeakSet()
ExecuteWrapper = Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]


def wrap_execute(database: Database, wrapper: ExecuteWrapper) -> None:
    """Replace `database.execute` with `wrapper(database.execute)`, once per database object.

    Datasette (either line) offers no hook that sees the SQL of a table page
    before it runs; this is the one place the plugin replaces a method of one
    of Datasette's objects.
    """
    if database in _WRAPPED:
        return
    database.execute = wrapper(database.execute)
    _WRAPPED.add(database)
