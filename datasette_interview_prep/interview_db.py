"""Which attached database is the interview database.

It is recognised by its schema, whatever the file is called; plugin config
`database: NAME` picks one explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # datasette.app imports plugins at import time
    from datasette.app import Datasette
    from datasette.database import Database

PLUGIN_NAME = "datasette-interview-prep"
REQUIRED_TABLES = frozenset({"companies", "processes", "steps", "round_types", "sources"})


def _configured_name(datasette: Datasette) -> str | None:
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    return config.get("database")


async def detect_interview_databases(datasette: Datasette) -> list[str]:
    """Names of the attached databases that have the interview schema (run at startup)."""
    names = []
    for name, database in datasette.databases.items():
        if name == "_internal":
            continue
        tables = set(await database.table_names())
        if REQUIRED_TABLES <= tables:
            names.append(name)
    datasette._interview_prep_databases = names
    return names


def interview_database_names(datasette: Datasette) -> list[str]:
    configured = _configured_name(datasette)
    if configured:
        return [configured] if configured in datasette.databases else []
    return list(getattr(datasette, "_interview_prep_databases", []))


def interview_database(datasette: Datasette) -> Database | None:
    """The interview database, or None when none is attached."""
    names = interview_database_names(datasette)
    return datasette.get_database(names[0]) if names else None
