"""The plugin's HTTP edge: an ASGI wrapper that answers some requests before Datasette does.

Datasette 0.65 answers a number of malformed requests with a 500 (an unknown
`_sort` column, `_sort` with `_sort_desc`, a `_facet` or `_through` that is not
the JSON it expects, `_timelimit=x`, `id__gt=` a number over 64 bits, `__in=[`
unclosed, a NUL in `_where` or a column name, a POST to a table or to a
read-only canned query, a path that is not ASCII); 1.0a41 some more (a
`_facet` on an unknown column, `_facet_array` on a column that holds no JSON
arrays). On the interview database this wrapper answers them with a 4xx and a
plain reason instead, so the site never shows a 500 for bad input. It also:

- refuses query strings over MAX_QUERY_STRING bytes with a 414 on the
  interview database and the plugin's pages (100 KB of `_search` came back as
  5 MB of HTML: every facet link repeats the query string);
- answers HEAD on the plugin's pages and the interview database's pages with
  headers only (Datasette sends the body);
- answers addresses under /-/prep and /-/interview-stats that match no page
  with its own 404: Datasette 0.65's 404 page raises inside `rich` when that
  package is installed.

Refusals are errors.HttpError, answered by errors.error_response. Everything
else reaches Datasette untouched; other databases are left alone, whatever
their tables are called.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from datasette.filters import Filters
from datasette.utils import escape_sqlite, tilde_decode
from datasette.utils.asgi import Request

from datasette_interview_prep.web import answer_headers, compat, ranked_tables, registry, table_pages
from datasette_interview_prep.web.errors import (
    HttpError,
    error_response,
    format_of_path,
    method_not_allowed,
    page_not_found,
)
from datasette_interview_prep.web.interview_db import interview_database_names
from datasette_interview_prep.web.state import RankedSearch, RequestState, serving

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

MAX_QUERY_STRING = 16_384
# Datasette's table and canned-query route: /{database}/{table}[.{format}]
_NAMED_PAGE = re.compile(r"^/(?P<database>[^/.]+)/(?P<name>[^/.]+)(?:\.\w+)?$")
_TIMELIMIT = re.compile(r"^[0-9]{1,9}$")
# str.isdigit() accepts '²', which int() then refuses: Datasette checks the one and calls the other.
_SIZE = re.compile(r"^([0-9]{1,9}|max)?$")
_INT64 = range(-(2**63), 2**63)
# A parameter name is named in a message when it is a plain identifier, else described: never echoed.
_PLAIN_NAME = re.compile(r"^_?[A-Za-z0-9_]{1,40}$")


class BadRequest(HttpError):
    """A refusal of a malformed request: a 400 unless told otherwise."""

    def __init__(self, message: str, status: int = 400, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, HTTPStatus(status).phrase, message, headers=headers)


def asgi_wrapper(datasette: Datasette) -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Callable[..., Awaitable[Any]], send: Send) -> None:
            if scope["type"] != "http":
                return await app(scope, receive, send)
            await datasette.invoke_startup()  # a no-op once run; the interview database is found there
            path, ascii_path = route_path(datasette, scope)
            database = _interview_database_of(datasette, path)
            plugin_page = registry.in_namespace(path)
            if database is None and not plugin_page:
                return await app(scope, receive, send)
            try:
                if not ascii_path:
                    raise BadRequest("The address must be ASCII: percent-encode other characters.")
                await check_request(datasette, scope, path, database)
                scope, ranked, table_page = _table_request(datasette, scope, path)
            except HttpError as refusal:
                request = Request(scope, receive)
                response = await error_response(
                    datasette, request, refusal, format_of_path(path), plugin_page=plugin_page
                )
                if plugin_page:  # the plugin's answer: its cache and security headers, as from its views
                    inputs = answer_headers.cache_inputs(datasette, request, None)
                    response = await answer_headers.finish(datasette, response, inputs)
                await response.asgi_send(_headers_only(send) if scope["method"] == "HEAD" else send)
                return
            if scope["method"] == "HEAD":
                return await app(scope, receive, _headers_only(send))
            with serving(RequestState(ranked=ranked, table_page=table_page)):
                await app(scope, receive, send)

        return guarded

    return wrap


def route_path(datasette: Datasette, scope: Scope) -> tuple[str, bool]:
    """The path Datasette routes on (the raw, still percent-encoded path, without base_url), and if it is ASCII.

    A raw path that is not ASCII is read as Latin-1, only to see which
    database it is for: Datasette 0.65 answers it with a 500 (1.0a41 too, on
    the interview database), but that is the guard's business only on the
    interview database and the plugin's pages.
    """
    raw_path = scope.get("raw_path")
    is_ascii = raw_path is None or raw_path.isascii()
    path = raw_path.decode("latin-1") if raw_path else scope["path"]
    path = path.partition("?")[0]
    base_url = datasette.setting("base_url")
    if base_url != "/" and path.startswith(base_url):
        path = "/" + path[len(base_url) :]
    return path, is_ascii


async def check_request(datasette: Datasette, scope: Scope, path: str, database: str | None) -> None:
    """Raise HttpError for a request Datasette would answer with a 500 (or that is too long).

    `database` is the interview database the path is under, or None for the plugin's own pages.
    """
    if len(scope.get("query_string") or b"") > MAX_QUERY_STRING:
        raise BadRequest(f"The query string is over {MAX_QUERY_STRING:,} bytes.", status=414)
    if database is None:
        if not registry.is_plugin_route(path):
            raise page_not_found()
        return  # the plugin's own views check their methods and parameters
    named = _NAMED_PAGE.match(path)
    name = tilde_decode(named["name"]) if named else None
    if scope["method"] == "POST" and name is not None and not await _is_write_query(datasette, database, name):
        raise method_not_allowed()
    if scope["method"] not in ("GET", "HEAD"):
        return
    args = parse_qsl((scope.get("query_string") or b"").decode("latin-1"), keep_blank_values=True)
    if not args:
        return
    check_any_page(args)
    if name is not None and _table_arguments(args):
        db = datasette.get_database(database)
        if await compat.named_query(datasette, database, name) is None and (
            name in await db.table_names() or name in await db.view_names()
        ):
            await check_table_page(datasette, db, name, args)


def _table_request(
    datasette: Datasette, scope: Scope, path: str
) -> tuple[Scope, RankedSearch | None, tuple[str, str] | None]:
    """A table page of the interview database as Datasette should see it: sorted by relevance when it
    searches (unless it asks for a sort), default columns on the HTML page; and which table page it is."""
    database = _interview_database_of(datasette, path)
    named = _NAMED_PAGE.match(path)
    if database is None or named is None or scope["method"] not in ("GET", "HEAD"):
        return scope, None, None
    table = tilde_decode(named["name"])
    try:
        scope, ranked = ranked_tables.ranked_scope(datasette, database, table, scope)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    html = table_pages.is_html_table_page(path)
    scope = table_pages.default_scope(table, scope, html)
    return scope, ranked, (database, table) if html else None


def _interview_database_of(datasette: Datasette, path: str) -> str | None:
    """The name of the interview database whose pages `path` is under, or None."""
    first = path[1:].split("/", 1)[0].split(".", 1)[0]
    if not first or first == "-":
        return None
    route = tilde_decode(first)
    for name in interview_database_names(datasette):
        if datasette.get_database(name).route == route:
            return name
    return None


async def _is_write_query(datasette: Datasette, database: str, name: str) -> bool:
    query = await compat.named_query(datasette, database, name)
    return bool(query and query["write"])


def _table_arguments(args: list[tuple[str, str]]) -> bool:
    return any(
        not key.startswith("_") or "__" in key or key.startswith(("_sort", "_facet", "_through")) for key, _ in args
    )


def check_any_page(args: list[tuple[str, str]]) -> None:
    """Checks for every page of the interview database: tables, canned queries, the SQL page."""
    for key, value in args:
        if "\x00" in key:
            raise BadRequest("A parameter name contains a NUL character.")
        if key == "_timelimit" and not _TIMELIMIT.match(value):
            raise BadRequest("_timelimit must be a whole number of milliseconds.")
        if key in ("_size", "_facet_size") and not _SIZE.match(value):
            raise BadRequest(f"{key} must be a whole number or max.")
        if key == "_where" and "\x00" in value:
            raise BadRequest("_where contains a NUL character.")


async def check_table_page(datasette: Datasette, db: Database, table: str, args: list[tuple[str, str]]) -> None:
    """Checks of a table's sort, facet, _through and filter parameters, as Datasette 0.65 reads them."""
    await _check_sort(datasette, db, table, args)
    for key, value in args:
        if key.startswith("_facet") and key != "_facet_size":  # _facet_size is a number, checked above
            await _check_facet(db, table, key, value)
        elif key == "_through":
            await _check_through(db, table, value)
    _check_filters(table, args)


async def _check_sort(datasette: Datasette, db: Database, table: str, args: list[tuple[str, str]]) -> None:
    sorts = [(key, value) for key, value in args if key in ("_sort", "_sort_desc") and value]
    if len({key for key, _ in sorts}) > 1:
        raise BadRequest("Give _sort or _sort_desc, not both.")
    if not sorts:
        return
    config = await compat.table_config(datasette, db.name, table)
    sortable = set(config["sortable_columns"]) if "sortable_columns" in config else set(await db.table_columns(table))
    if not await db.primary_keys(table):
        sortable.add("rowid")
    for key, value in sorts:
        if value not in sortable:
            raise BadRequest(f"Cannot sort {table} by that column: {key} takes one of its sortable columns.")


async def _check_facet(db: Database, table: str, key: str, value: str) -> None:
    """A facet names a column of the table; an array facet, one that holds JSON arrays.

    Datasette answers an unknown column with "Invalid SQL" (0.65) or a 500
    (1.0a41), and an array facet over plain text the same way.
    """
    if key != "_facet" and not key.startswith("_facet_"):  # Datasette 0.65 raises UnboundLocalError on "_facet0"
        raise BadRequest(f"Unknown facet parameter {_named(key)}: use _facet, _facet_array or _facet_date.")
    key = _named(key)
    if "\x00" in value:
        raise BadRequest(f"{key} contains a NUL character.")
    column = value
    if value.startswith("{"):
        try:
            config = json.loads(value)
        except ValueError:
            raise BadRequest(f"{key} starts with {{ but is not JSON.") from None
        if not (isinstance(config, dict) and isinstance(config.get("simple"), str) and "\x00" not in config["simple"]):
            raise BadRequest(f'{key} as JSON must be {{"simple": "column"}}.')
        column = config["simple"]
    if not column:
        if key == "_facet":
            return  # Datasette ignores an empty _facet (1.0a41 answers an empty _facet_array with a 500)
        raise BadRequest(f"{key} needs a column name.")
    if column not in await db.table_columns(table):
        raise BadRequest(f"Cannot facet {table} by that column ({key}): it has no such column.")
    if key == "_facet_array" and not await _holds_only_arrays(db, table, column):
        raise BadRequest(f"Cannot facet {table} by {column!r} as an array: it holds values that are not JSON arrays.")


def _named(key: str) -> str:
    return key if _PLAIN_NAME.match(key) else "(a facet parameter)"


async def _holds_only_arrays(db: Database, table: str, column: str) -> bool:
    quoted = escape_sqlite(column)
    rows = await db.execute(
        f"select 1 from {escape_sqlite(table)} where {quoted} is not null and {quoted} != '' "
        f"and (json_valid({quoted}) = 0 or json_type({quoted}) != 'array') limit 1"
    )
    return not rows.rows


async def _check_through(db: Database, table: str, value: str) -> None:
    message = '_through must be JSON: {"table": ..., "column": ..., "value": ...} naming a table that links here.'
    try:
        through = json.loads(value)
    except ValueError:
        raise BadRequest(message) from None
    if not (
        isinstance(through, dict)
        and isinstance(through.get("table"), str)
        and isinstance(through.get("column"), str)
        and _is_sql_value(through.get("value"))
        and through["value"] is not None
    ):
        raise BadRequest(message)
    if through["table"] not in await db.table_names():
        raise BadRequest(message)
    if through["column"] not in await db.table_columns(through["table"]):
        raise BadRequest(message)
    if not any(fk["other_table"] == table for fk in await db.foreign_keys_for_table(through["table"])):
        raise BadRequest(message)


def _check_filters(table: str, args: list[tuple[str, str]]) -> None:
    """Build the filters as Datasette's table view does, and refuse what would crash it or SQLite."""
    filter_args = [(key, value) for key, value in args if not (key.startswith("_") and "__" not in key)]
    if not filter_args:
        return
    try:
        _, params = Filters(sorted(filter_args)).build_where_clauses(table)
    except (ValueError, TypeError):  # e.g. id__gt=² (a digit to str.isdigit, not to int), id__in=[1
        raise BadRequest("A filter value is not valid for its operator (?column__op=value).") from None
    if not all(_is_sql_value(param) for param in params.values()):
        raise BadRequest("Filter values must be text or numbers that fit in 64 bits.")


def _is_sql_value(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value in _INT64
    return value is None or isinstance(value, (str, float))


def _headers_only(send: Send) -> Send:
    async def send_without_body(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_without_body
