"""Read Datasette's answers the same way on both tested lines, 0.65.5 and 1.0a41.

What differs (and what these helpers hide):
- table JSON on 1.0a leaves out facets and counts unless `?_extra=` asks;
  `facet_results` is {"results": {...}, "timed_out": [...]} there and the
  facets themselves on 0.65; the count is `count` on 1.0a and
  `filtered_table_rows_count` on 0.65;
- rows are lists (with `columns`) on 0.65's default shape, objects on 1.0a;
- `?sql=` is taken by /db on 0.65 and /db/-/query on 1.0a;
- the database page lists every canned query on 0.65 and 5 stored queries
  (with a link to /db/-/queries) on 1.0a;
- metadata is read with metadata()/table_metadata() on 0.65 and the async
  get_*_metadata() plus table_config() on 1.0a.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from datasette_interview_prep.web import compat

TABLE_EXTRAS = [
    ("_extra", "count"),
    ("_extra", "facet_results"),
    ("_extra", "suggested_facets"),
    ("_extra", "human_description_en"),
]


def _pairs(params: dict[str, Any] | list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    if params is None:
        return []
    if isinstance(params, dict):
        return [(key, value) for key, value in params.items()]
    return list(params)


async def table_json(client, path: str, params: dict[str, Any] | list[tuple[str, str]] | None = None) -> dict:
    """A table's (or a query's) .json with its count and facets on either line; asserts a 200."""
    path, _, query = path.partition("?")
    # httpx replaces (not extends) a query string in the path when given params.
    response = await client.get(path, params=parse_qsl(query, keep_blank_values=True) + _pairs(params) + TABLE_EXTRAS)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response.json()


def facet_results(data: dict) -> dict[str, dict]:
    """{facet name: facet} from a table's JSON."""
    results = data["facet_results"]
    if set(results) == {"results", "timed_out"} and isinstance(results["timed_out"], list):
        return results["results"]
    return results


def row_count(data: dict) -> int:
    return data["count"] if "count" in data else data["filtered_table_rows_count"]


def rows_of(data: dict) -> list[dict]:
    """Rows as dicts, whichever shape they came in."""
    rows = data["rows"]
    if rows and not isinstance(rows[0], dict):
        return [dict(zip(data["columns"], row)) for row in rows]
    return rows


def sql_path(datasette, database: str) -> str:
    return compat.sql_page_path(datasette, database)


async def sql_json(datasette, database: str, sql: str, expect: int | None = 200):
    """The response to `sql` run through Datasette's SQL page as JSON."""
    response = await datasette.client.get(f"{sql_path(datasette, database)}.json", params={"sql": sql})
    if expect is not None:
        assert response.status_code == expect, (sql, response.status_code, response.text[:300])
    return response


def queries_page(database: str) -> str:
    """The page that lists every canned (0.65) or stored (1.0a) query of a database."""
    return f"/{database}/-/queries" if compat.HAS_STORED_QUERIES else f"/{database}"


async def query_names(datasette, database: str) -> list[str]:
    """Every canned/stored query the database offers."""
    data = (await datasette.client.get(f"{queries_page(database)}.json")).json()
    return [query["name"] for query in data["queries"]]


async def instance_metadata(datasette, key: str) -> Any:
    if compat.HAS_METADATA_TABLES:
        return (await datasette.get_instance_metadata()).get(key)
    return datasette.metadata(key)


async def table_settings(datasette, database: str, table: str) -> dict[str, Any]:
    """A table's metadata and configuration (description, facets, sort, ...), wherever they live."""
    if compat.HAS_METADATA_TABLES:
        return {
            **await datasette.get_resource_metadata(database, table),
            **await compat.table_config(datasette, database, table),
        }
    return datasette.table_metadata(database, table)
