"""Write postings into the database being built, and link processes to them.

`PostingsStep(rows)` is an `extra_steps` callable for `build.build_database`:
it runs inside the build's transaction after the core tables are written, so a
failure here leaves the previous database untouched like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from datasette_interview_prep.build.errors import BuildError
from datasette_interview_prep.build.table_writer import (
    Row,
    check_full_text,
    create_indexes,
    create_table,
    enable_full_text,
    insert_rows,
)
from datasette_interview_prep.core.tables import POSTINGS, PROCESS_POSTINGS


@dataclass
class PostingsStep:
    """Writes `rows` (from postings.read_postings) as the `postings` table; an `extra_steps` callable.

    Process postings that are not among the rows are kept in `unresolved` (process id, posting id);
    with `strict` they fail the build instead. The foreign key process_postings.posting_id ->
    postings.job_id is declared only when every posting resolves, so the build's
    foreign_key_check holds either way.
    """

    rows: list[dict[str, Any]]
    strict: bool = False
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    linked: int = 0  # postings that a process names

    def __call__(self, db: sqlite_utils.Database) -> None:
        processes_by_posting = _processes_by_posting(db)
        create_table(db, POSTINGS)
        insert_rows(db, POSTINGS, (_row(row, processes_by_posting.get(row["job_id"], [])) for row in self.rows))
        self.linked = sum(1 for row in self.rows if row["job_id"] in processes_by_posting)
        create_indexes(db, [POSTINGS])
        # Indexing after the insert: one bulk FTS load, then triggers for later writes.
        enable_full_text(db, POSTINGS)
        self.unresolved = unresolved_posting_ids(db)
        if self.unresolved and self.strict:
            shown = ", ".join(f"{process} -> {posting}" for process, posting in self.unresolved[:10])
            more = f" and {len(self.unresolved) - 10} more" if len(self.unresolved) > 10 else ""
            raise BuildError(f"{len(self.unresolved)} process posting(s) not among the postings: {shown}{more}")
        if not self.unresolved:
            db.table("process_postings").add_foreign_key("posting_id", "postings", "job_id")
            # sqlite-utils 3.x adds a foreign key by rebuilding the table, without its indexes.
            create_indexes(db, [PROCESS_POSTINGS], if_missing=True)
        _check(db, len(self.rows))


def unresolved_posting_ids(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(process id, posting id) pairs whose posting is not in the postings table."""
    return [
        (process_id, posting_id)
        for process_id, posting_id in db.execute(
            "SELECT process_id, posting_id FROM process_postings"
            " WHERE posting_id NOT IN (SELECT job_id FROM postings) ORDER BY process_id, posting_id"
        ).fetchall()
    ]


def _processes_by_posting(db: sqlite_utils.Database) -> dict[str, list[str]]:
    linked: dict[str, list[str]] = {}
    for process_id, posting_id in db.execute(
        "SELECT process_id, posting_id FROM process_postings ORDER BY process_id"
    ).fetchall():
        linked.setdefault(posting_id, []).append(process_id)
    return linked


def _row(row: dict[str, Any], process_ids: list[str]) -> Row:
    """A posting as read, and the processes that name it."""
    return {**row, "has_process": int(bool(process_ids)), "process_ids": json.dumps(process_ids)}


def _check(db: sqlite_utils.Database, expected: int) -> None:
    count = db.table("postings").count
    if count != expected:
        raise BuildError(f"postings has {count} rows, expected {expected}")
    check_full_text(db, POSTINGS)
