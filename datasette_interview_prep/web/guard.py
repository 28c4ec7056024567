"""The plugin's HTTP edge: an ASGI wrapper that answers some requests before Datasette does.

Datasette 0.65 answers a number of malformed requests with a 500 (an unknown
`_sort` column, `_sort` with `_sort_desc`, a `_facet` or `_through` that is not
the JSON it expects, `_timelimit=x`, `id__gt=` a number over 64 bits, `__in=[`
unclosed, a NUL in `_where` or a column name, a POST to a table or to a
read-only canned query, a path that is not ASCII). On the interview database
this wrapper answers them with a 4xx and a plain reason instead, so the site
never shows a 500 for bad input. It also:

- refuses query strings over MAX_QUERY_STRING bytes with a 414 on the
  interview database and the plugin's pages (100 KB of `_search` came back as
  5 MB of HTML: every facet link repeats the query string);
- answers HEAD on the plugin's pages with headers only (Datasette sends the body).

Everything else reaches Datasette untouched; other databases are left alone.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from datasette.filters import Filters
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from datasette_interview_prep.web import ranked_tables, table_pages
from datasette_interview_prep.web.interview_db import interview_database_names

MAX_QUERY_STRING = 16_384
PLUGIN_PAGE = re.compile(r"^/-/(prep|interview-stats|search)(?:[/.]|$)")
# Datasette's table and canned-query route: /{database}/{table}[.{format}]
_NAMED_PAGE = re.compile(r"^/(?P<database>[^/.]+)/(?P<name>[^/.]+)(?:\.\w+)?$")
_TIMELIMIT = re.compile(r"^[0-9]{1,9}$")
_INT64 = range(-(2**63), 2**63)


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message, self.status, self.headers = message, status, headers or {}


def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            path = None
            try:
                path = route_path(datasette, scope)
                await datasette.invoke_startup()  # a no-op once run; the interview database is found there
                await check_request(datasette, scope, path)
                scope, ranked, table_page = _table_request(datasette, scope, path)
            except BadRequest as refusal:
                response = await _error_response(datasette, path or "", refusal)
                return await response.asgi_send(send)
            if scope["method"] == "HEAD" and PLUGIN_PAGE.match(path):
                return await app(scope, receive, _headers_only(send))
            ranked_token, page_token = ranked_tables.enter(ranked), table_pages.enter(*table_page)
            try:
                await app(scope, receive, send)
            finally:
                table_pages.leave(page_token)
                ranked_tables.leave(ranked_token)

        return guarded

    return wrap


def route_path(datasette, scope) -> str:
    """The path Datasette routes on: the raw (still percent-encoded) path, without base_url."""
    raw_path = scope.get("raw_path")
    try:
        path = raw_path.decode("ascii") if raw_path else scope["path"]
    except UnicodeDecodeError:
        raise BadRequest("The address must be ASCII: percent-encode other characters.") from None
    path = path.partition("?")[0]
    base_url = datasette.setting("base_url")
    if base_url != "/" and path.startswith(base_url):
        path = "/" + path[len(base_url) :]
    return path


async def check_request(datasette, scope, path: str) -> None:
    """Raise BadRequest for a request Datasette would answer with a 500 (or that is too long)."""
    database = _interview_database_of(datasette, path)
    if database is None and not PLUGIN_PAGE.match(path):
        return
    if len(scope.get("query_string") or b"") > MAX_QUERY_STRING:
        raise BadRequest(f"The query string is over {MAX_QUERY_STRING:,} bytes.", status=414)
    if database is None:
        return  # the plugin's own views check their parameters
    named = _NAMED_PAGE.match(path)
    name = tilde_decode(named["name"]) if named else None
    if scope["method"] == "POST" and name is not None and not await _is_write_query(datasette, database, name):
        raise BadRequest(
            "This page is read-only: it answers GET and HEAD.", status=405, headers={"Allow": "GET, HEAD, OPTIONS"}
        )
    if scope["method"] not in ("GET", "HEAD"):
        return
    args = parse_qsl((scope.get("query_string") or b"").decode("latin-1"), keep_blank_values=True)
    if not args:
        return
    check_any_page(args)
    if name is not None and _table_arguments(args):
        db = datasette.get_database(database)
        if await datasette.get_canned_query(database, name, None) is None and (
            name in await db.table_names() or name in await db.view_names()
        ):
            await check_table_page(datasette, db, name, args)


def _table_request(
    datasette, scope, path: str
) -> tuple[dict, ranked_tables.RankedSearch | None, tuple[str | None, str | None]]:
    """A table page of the interview database as Datasette should see it: sorted by relevance when it
    searches (unless it asks for a sort), default columns on the HTML page; and which table page it is."""
    database = _interview_database_of(datasette, path)
    named = _NAMED_PAGE.match(path)
    if database is None or named is None or scope["method"] not in ("GET", "HEAD"):
        return scope, None, (None, None)
    table = tilde_decode(named["name"])
    try:
        scope, ranked = ranked_tables.ranked_scope(datasette, database, table, scope)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    html = table_pages.is_html_table_page(path)
    scope = table_pages.default_scope(table, scope, html)
    return scope, ranked, (database, table) if html else (None, None)


def _interview_database_of(datasette, path: str) -> str | None:
    """The name of the interview database whose pages `path` is under, or None."""
    first = path[1:].split("/", 1)[0].split(".", 1)[0]
    if not first or first == "-":
        return None
    route = tilde_decode(first)
    for name in interview_database_names(datasette):
        if datasette.get_database(name).route == route:
            return name
    return None


async def _is_write_query(datasette, database: str, name: str) -> bool:
    query = await datasette.get_canned_query(database, name, None)
    return bool(query and query.get("write"))


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
        if key == "_where" and "\x00" in value:
            raise BadRequest("_where contains a NUL character.")


async def check_table_page(datasette, db, table: str, args: list[tuple[str, str]]) -> None:
    """Checks of a table's sort, facet, _through and filter parameters, as Datasette 0.65 reads them."""
    await _check_sort(datasette, db, table, args)
    for key, value in args:
        if key.startswith("_facet"):
            _check_facet(key, value)
        elif key == "_through":
            await _check_through(db, table, value)
    _check_filters(table, args)


async def _check_sort(datasette, db, table: str, args: list[tuple[str, str]]) -> None:
    sorts = [(key, value) for key, value in args if key in ("_sort", "_sort_desc") and value]
    if len({key for key, _ in sorts}) > 1:
        raise BadRequest("Give _sort or _sort_desc, not both.")
    if not sorts:
        return
    metadata = datasette.table_metadata(db.name, table)
    sortable = (
        set(metadata["sortable_columns"]) if "sortable_columns" in metadata else set(await db.table_columns(table))
    )
    if not await db.primary_keys(table):
        sortable.add("rowid")
    for _key, value in sorts:
        if value not in sortable:
            raise BadRequest(f"Cannot sort {table} by {value!r}: not a sortable column.")


def _check_facet(key: str, value: str) -> None:
    if "\x00" in value:
        raise BadRequest(f"{key} contains a NUL character.")
    if not value.startswith("{"):
        return
    try:
        config = json.loads(value)
    except ValueError:
        raise BadRequest(f"{key} starts with {{ but is not JSON.") from None
    if not (isinstance(config, dict) and isinstance(config.get("simple"), str) and "\x00" not in config["simple"]):
        raise BadRequest(f'{key} as JSON must be {{"simple": "column"}}.')


async def _check_through(db, table: str, value: str) -> None:
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


async def _error_response(datasette, path: str, refusal: BadRequest) -> Response:
    """Datasette's own error page (or JSON, for a .json address) with the reason."""
    info = {"ok": False, "error": refusal.message, "status": refusal.status, "title": None}
    if path.endswith(".json"):
        return Response.json(info, status=refusal.status, headers=refusal.headers)
    template = datasette.jinja_env.select_template([f"{refusal.status}.html", "error.html"])
    html = await template.render_async(
        dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=list)
    )
    return Response.html(html, status=refusal.status, headers=refusal.headers)


def _headers_only(send):
    async def send_without_body(message):
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_without_body
