"""Table search that ranks: `?_search=` on the interview tables sorts by relevance.

Datasette 0.65 filters a table with `rowid in (select rowid from {table}_fts
where ... match ...)` and keeps the table's own order (sources: by score), so
the best match can be on page three; it has no relevance sort. Here:

- `relevance` is a sortable column of every table with a full-text index
  (metadata `sortable_columns`, from `sortable_columns()`);
- the guard adds `_sort=relevance` to a table request with `_search` and no
  sort of its own (`ranked_scope()`), so the page says "sorted by relevance"
  and its next-page links keep the order; without `_search` the table's
  default order is untouched;
- for such a request, the database's `execute` (wrapped once at startup by
  `install()`, through compat.wrap_execute) reads the table through a subquery of the same name that adds
  `relevance`, each row's position in bm25 order with the table's declared
  column weights (core/search.py `table_rank_sql`; an integer, so Datasette's
  `_next` tokens compare as numbers). Statements that do not mention
  `relevance` (counts, facets) run unchanged.

The guard says which search is being served through state.serving(); the
columns of each ranked table live in the plugin's state.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from datasette_interview_prep.core.search import RANKED_TABLES, table_rank_sql
from datasette_interview_prep.web import compat
from datasette_interview_prep.web.state import RankedSearch, current_request, plugin_state

if TYPE_CHECKING:
    from datasette.app import Datasette

RELEVANCE = "relevance"
_RELEVANCE_WORD = re.compile(rf"\b{RELEVANCE}\b")


async def install(datasette: Datasette, database_names: list[str]) -> None:
    """Note each ranked table's columns, and wrap the interview databases' execute (once)."""
    columns: dict[str, dict[str, list[str]]] = {}
    for name in database_names:
        database = datasette.get_database(name)
        tables = set(await database.table_names())
        columns[name] = {
            table: await database.table_columns(table)
            for table in RANKED_TABLES
            if table in tables and f"{table}_fts" in tables
        }
        compat.wrap_execute(database, _ranking_execute)
    plugin_state(datasette).ranked_columns = columns


def sortable_columns(datasette: Datasette, database: str) -> dict[str, list[str]]:
    """table -> its columns and `relevance`, for the metadata of `database`."""
    return {
        table: [*columns, RELEVANCE]
        for table, columns in plugin_state(datasette).ranked_columns.get(database, {}).items()
    }


def ranked_scope(
    datasette: Datasette, database: str, table: str, scope: dict[str, Any]
) -> tuple[dict[str, Any], RankedSearch | None]:
    """The request as Datasette should see it, and the ranked search it asks for (or None).

    Raises ValueError (for a 400) on a relevance sort without a search.
    """
    if table not in plugin_state(datasette).ranked_columns.get(database, {}):
        return scope, None
    args = parse_qsl((scope.get("query_string") or b"").decode("latin-1"), keep_blank_values=True)
    search = next((value for key, value in args if key == "_search"), "")
    if any(key == "_searchmode" and value == "raw" for key, value in args):
        return scope, None  # raw FTS syntax is the caller's: ranking it would run it twice, escaped once
    sorts = {key: value for key, value in args if key in ("_sort", "_sort_desc") and value}
    by_relevance = RELEVANCE in sorts.values()
    if by_relevance and not search.strip():
        raise ValueError("Sorting by relevance needs a search: add _search=words.")
    if not search.strip() or (sorts and not by_relevance):
        return scope, None
    if not sorts:
        query = urlencode([*args, ("_sort", RELEVANCE)]).encode("latin-1")
        scope = {**scope, "query_string": query}
    return scope, RankedSearch(table, search)


def ranked_sql(sql: str, params: Any, ranked: RankedSearch) -> tuple[str, Any]:
    """`sql` reading `ranked.table` through a subquery that adds the relevance column."""
    table = ranked.table
    subquery = (
        f"(select {table}.rowid as rowid, {table}.*, _ranked.{RELEVANCE} from {table} join ("
        f"select rowid as _ranked_rowid, cast(row_number() over (order by {table_rank_sql(table)}) as integer)"
        f" as {RELEVANCE} from {table}_fts where {table}_fts match escape_fts(:_relevance_search)"
        f") as _ranked on _ranked._ranked_rowid = {table}.rowid) as {table}"
    )
    # Datasette reads the next page's token from the sort column, so the rows must carry it even when the
    # select list names the table's columns one by one (as the HTML page of a table with a primary key does).
    sql = re.sub(
        rf"\bselect\s+(?P<columns>[^()]*?)\s+from\s+{table}\b",
        lambda m: (
            m[0]
            if _RELEVANCE_WORD.search(m["columns"]) or m["columns"].strip().endswith("*")
            else f"select {m['columns']}, {RELEVANCE} from {table}"
        ),
        sql,
        count=1,
        flags=re.IGNORECASE,
    )
    rewritten, replaced = re.subn(rf"\bfrom {table}\b", f"from {subquery}", sql, count=1)
    if not replaced:
        return sql, params
    params = dict(params or {})
    params["_relevance_search"] = ranked.search
    return rewritten, params


Execute = Callable[..., Awaitable[Any]]


def _ranking_execute(execute: Execute) -> Execute:
    async def execute_ranked(sql: Any, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        ranked = current_request().ranked
        if ranked is None or not isinstance(sql, str) or not _RELEVANCE_WORD.search(sql):
            return await execute(sql, params, *args, **kwargs)
        sql, params = ranked_sql(sql, params, ranked)
        results = await execute(sql, params, *args, **kwargs)
        if results.description and results.description[-1][0] == RELEVANCE:
            # The rows carry relevance for Datasette's next-page token (rows[-2]["relevance"]); the page does
            # not show it as a column, which it is not: it is the last one, so zip(row, columns) drops it.
            results.description = results.description[:-1]
        return results

    return execute_ranked
