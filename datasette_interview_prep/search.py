"""Full-text search helpers: safe FTS5 queries from any user input."""

from __future__ import annotations


def register_sql_functions(conn) -> None:
    pass
