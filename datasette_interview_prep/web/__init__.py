"""Datasette plugin hooks; each delegates to the module that owns the feature.

The pages themselves are listed once, in registry.py (imported first: the view
modules import it back).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from markupsafe import Markup

from datasette_interview_prep.web import (
    compat,
    fts,
    guard,
    homepage,
    links,
    metadata,
    ranked_tables,
    registry,
    template_vars,
)
from datasette_interview_prep.web.interview_db import detect_interview_databases, is_interview_connection

if TYPE_CHECKING:
    from datasette.app import Datasette


@hookimpl
def startup(datasette: Datasette) -> Callable[[], Awaitable[None]]:
    async def inner() -> None:
        found = await detect_interview_databases(datasette)
        await ranked_tables.install(datasette, [database.name for database in found])
        # Datasette 1.0a no longer asks get_metadata: it gets the same metadata, config and queries once, here.
        await compat.apply_metadata(datasette, metadata.plugin_metadata(datasette))

    return inner


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[guard.ASGIApp], guard.ASGIApp]:
    return guard.asgi_wrapper(datasette)


@hookimpl
def get_metadata(datasette: Datasette, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    return metadata.plugin_metadata(datasette)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Datasette) -> None:
    fts.register_sql_functions(conn, is_interview_connection(datasette, database, conn))


@hookimpl
def register_routes(datasette: Datasette) -> list[tuple[str, Any]]:
    return list(registry.routes())


@hookimpl
def extra_template_vars(template: str, datasette: Datasette) -> dict[str, Any]:
    return template_vars.template_vars(template, datasette)


@hookimpl
def top_homepage(datasette: Datasette, request: Any) -> Awaitable[Markup | None]:
    """Datasette 1.0a only (0.65 has no such hook and never calls it): the company picker on /."""
    return homepage.top_homepage(datasette, request)


@hookimpl
def menu_links(datasette: Datasette, actor: dict[str, Any] | None, request: Any) -> list[dict[str, str]]:
    return links.menu_links(datasette)


@hookimpl
def database_actions(
    datasette: Datasette, actor: dict[str, Any] | None, database: str, request: Any
) -> list[dict[str, str]]:
    return links.database_actions(datasette, database)


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | None:
    return links.render_cell(row, value, column, table, database, datasette)
