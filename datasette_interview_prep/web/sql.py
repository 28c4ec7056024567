"""Rows from the interview database as plain dicts, the shape every read module hands on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasette.database import Database

Row = dict[str, Any]


async def rows(db: Database, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    """Run one read-only query through Datasette (bound parameters only) and return its rows as dicts."""
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]
