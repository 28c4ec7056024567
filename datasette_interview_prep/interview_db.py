"""Which attached database is the interview database.

It is recognised by its schema, whatever the file is called; plugin config
`database: NAME` picks one explicitly. Worked out once, at startup, so hooks
that run for every cell or metadata lookup only read an attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # datasette.app imports plugins at import time
    from datasette.app import Datasette
    from datasette.database import Database

PLUGIN_NAME = "datasette-interview-prep"
REQUIRED_TABLES = frozenset({"companies", "processes", "steps", "round_types", "sources"})
_ATTRIBUTE = "_interview_prep_databases"


@dataclass(frozen=True)
class InterviewDatabase:
    name: str
    has_postings: bool


async def detect_interview_databases(datasette: Datasette) -> list[InterviewDatabase]:
    """Find the attached databases with the interview schema (run by the startup hook)."""
    # Reading plugin config goes through metadata(), which asks this module again: answer "none yet".
    setattr(datasette, _ATTRIBUTE, [])
    configured = (datasette.plugin_config(PLUGIN_NAME) or {}).get("database")
    found = []
    for name, database in datasette.databases.items():
        if name == "_internal" or (configured and name != configured):
            continue
        tables = set(await database.table_names())
        if REQUIRED_TABLES <= tables:
            found.append(InterviewDatabase(name, has_postings="postings_fts" in tables))
    setattr(datasette, _ATTRIBUTE, found)
    return found


def interview_databases(datasette: Datasette) -> list[InterviewDatabase]:
    return getattr(datasette, _ATTRIBUTE, [])


def interview_database_names(datasette: Datasette) -> list[str]:
    return [database.name for database in interview_databases(datasette)]


def interview_database(datasette: Datasette) -> Database | None:
    """The interview database, or None when none is attached."""
    names = interview_database_names(datasette)
    return datasette.get_database(names[0]) if names else None
