"""Rows from the interview database as plain dicts, the shape every read module hands on."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from datasette.database import Database

Row = dict[str, Any]
T = TypeVar("T")


async def rows(db: Database, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    """Run one read-only query through Datasette (bound parameters only) and return its rows as dicts."""
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def read_rows(db: Database, sql: str, params: dict[str, Any], read: Callable[[Iterable[Row]], T]) -> T:
    """`read(rows)` over one read-only query's rows, each a dict made as the cursor reaches it.

    For large reads kept in memory (the question bank: 48,600 rows at 100x): the
    rows are never all held as dicts at once, only what `read` makes of them."""

    def run(conn: sqlite3.Connection) -> T:
        cursor = conn.execute(sql, params)
        columns = [column[0] for column in cursor.description]

        def each() -> Iterator[Row]:
            for values in cursor:
                yield dict(zip(columns, values))

        return read(each())

    result: T = await db.execute_fn(run)
    return result
