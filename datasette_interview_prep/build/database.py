"""Write a validated Dataset into interview.db, atomically.

The database is built in a temporary file beside the target, checked (row
counts, `PRAGMA integrity_check`, FTS integrity) and only then renamed over
the old one with os.replace: a failed or killed build never leaves a
half-written database behind. Every table is created, filled and indexed as
core/tables.py declares it (build/table_writer.py), from the rows
build/rows.py computes.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from datasette_interview_prep.build.errors import BuildError
from datasette_interview_prep.build.load import Dataset
from datasette_interview_prep.build.rows import dataset_rows
from datasette_interview_prep.build.search_index import check_search_index, write_search_index
from datasette_interview_prep.build.table_writer import (
    check_full_text,
    create_indexes,
    create_table,
    enable_full_text,
    insert_rows,
)
from datasette_interview_prep.core.rounds import ROUND_TYPES
from datasette_interview_prep.core.tables import TABLES, parents_first

TEMP_MARKER = ".building-"
_TEMP_PID = re.compile(rf"{re.escape(TEMP_MARKER)}([0-9]+)(?:-journal)?$")  # the building process's id


@dataclass
class BuildResult:
    db_path: Path
    counts: dict[str, int] = field(default_factory=dict)


def _write(db: sqlite_utils.Database, dataset: Dataset) -> None:
    """Every declared table, created and filled from the dataset (parents first), then indexed."""
    tables = parents_first(TABLES)
    for table in tables:
        create_table(db, table)
    rows = dataset_rows(dataset)
    declared = {table.name for table in TABLES}
    if set(rows) != declared:
        undeclared, unwritten = sorted(set(rows) - declared), sorted(declared - set(rows))
        raise BuildError(f"rows for undeclared tables {undeclared}, no rows for declared tables {unwritten}")
    for table in tables:
        insert_rows(db, table, rows[table.name])
    _index_and_search(db)


def _index_and_search(db: sqlite_utils.Database) -> None:
    create_indexes(db, TABLES)
    for table in TABLES:
        if table.full_text:
            enable_full_text(db, table)


def _check(db: sqlite_utils.Database, expected: dict[str, int]) -> dict[str, int]:
    counts = {table: db[table].count for table in expected}
    wrong = {table: (counts[table], expected[table]) for table in expected if counts[table] != expected[table]}
    if wrong:
        raise BuildError(f"row counts do not match the data: {wrong}")
    result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BuildError(f"integrity check failed: {result}")
    for table in TABLES:
        if table.full_text:
            check_full_text(db, table)
    if db.execute("PRAGMA foreign_key_check").fetchall():
        raise BuildError("foreign key check failed")
    problem = check_search_index(db)
    if problem:
        raise BuildError(problem)
    return {
        table: db[table].count
        for table in db.table_names()
        if not table.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content")) and table != "search_top"
    }


def remove_stale_temp_files(db_path: Path) -> None:
    """Remove temp files of builds that were killed (their process is gone), with the rollback journal
    SQLite leaves beside one killed inside its transaction."""
    for leftover in db_path.parent.glob(f".{db_path.name}{TEMP_MARKER}*"):
        found = _TEMP_PID.search(leftover.name)
        if found and not _process_alive(int(found[1])):
            leftover.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_database(
    dataset: Dataset,
    db_path: Path,
    extra_steps: Sequence[Callable[[sqlite_utils.Database], None]] = (),
) -> BuildResult:
    """Build `db_path` from `dataset`; `extra_steps` add optional tables (postings) before the checks."""
    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(db_path)
    temp_path = db_path.parent / f".{db_path.name}{TEMP_MARKER}{os.getpid()}"
    temp_path.unlink(missing_ok=True)
    expected = {
        "companies": len(dataset.companies),
        "processes": dataset.process_count,
        "steps": sum(len(process.steps) for company in dataset.companies for _, process in company.processes),
        "sources": len(dataset.sources),
        "round_types": len(ROUND_TYPES),
        "questions": len(dataset.questions),
        "question_companies": sum(len(set(question.companies)) for _, question in dataset.questions),
        "question_outlines": len(dataset.outlines),
    }
    try:
        connection = sqlite3.connect(temp_path)
        try:
            db = sqlite_utils.Database(connection)
            db.execute("PRAGMA foreign_keys = ON")
            with connection:
                _write(db, dataset)
                for step in extra_steps:
                    step(db)
                # Last, so that it indexes every kind the other steps wrote (postings, questions).
                write_search_index(db)
            counts = _check(db, expected)
            # sqlite-utils 3.x leaves the FTS integrity-check INSERT's transaction open (4.x commits it),
            # and VACUUM refuses to run inside one.
            connection.commit()
            connection.execute("VACUUM")
        finally:
            connection.close()
        with open(temp_path, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp_path, db_path)
    finally:
        temp_path.unlink(missing_ok=True)
    return BuildResult(db_path, counts)
