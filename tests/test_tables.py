"""The table declarations (core/tables.py): the build creates exactly them and writes only rows that fit them."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from conftest import DATA_DIR
from test_postings import small_market, write_data

from datasette_interview_prep.build import database
from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.errors import BuildError
from datasette_interview_prep.build.load import load_data
from datasette_interview_prep.build.postings_files import COLUMNS, read_postings
from datasette_interview_prep.build.postings_table import PostingsStep
from datasette_interview_prep.build.rows import dataset_rows
from datasette_interview_prep.build.table_writer import create_table, insert_rows
from datasette_interview_prep.core.tables import (
    POSTING_FILE_COLUMNS,
    POSTINGS,
    TABLES,
    TABLES_BY_NAME,
    Column,
    ForeignKey,
    Table,
    parents_first,
)

# As sqlite-utils writes them: 3.x spells a float column FLOAT, 4.x REAL (the same affinity).
SQL_TYPES = {"TEXT": str, "INTEGER": int, "REAL": float, "FLOAT": float}


@pytest.fixture(scope="module")
def postings_db(tmp_path_factory) -> Path:
    """A small build with a few job postings, every one a process names among them."""
    folder = tmp_path_factory.mktemp("postings")
    path = folder / "interview.db"
    postings = read_postings(small_market(folder)).rows
    build_database(load_data(write_data(folder)), path, extra_steps=[PostingsStep(postings, strict=True)])
    return path


def _declared_tables(path: Path) -> list[tuple[sqlite3.Connection, Table]]:
    conn = sqlite3.connect(path)
    present = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    return [(conn, table) for table in TABLES_BY_NAME.values() if table.name in present]


def test_every_built_table_is_declared_and_every_declared_table_is_built(db_path):
    conn = sqlite3.connect(db_path)
    built = {
        name
        for (name,) in conn.execute("select name from sqlite_master where type = 'table'")
        if not name.startswith(("search_", "sqlite_")) and "_fts" not in name
    }
    assert built == {table.name for table in TABLES}


@pytest.mark.parametrize("which", ["data/", "data/ and postings"])
def test_every_table_has_the_declared_columns_types_keys_and_indexes(db_path, postings_db, which):
    tables = _declared_tables(db_path if which == "data/" else postings_db)
    assert ("postings" in {table.name for _, table in tables}) == (which != "data/")
    for conn, table in tables:
        info = conn.execute(f"pragma table_info([{table.name}])").fetchall()
        assert [(row[1], SQL_TYPES[row[2]]) for row in info] == [(c.name, c.type) for c in table.columns], table.name
        assert [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]] == list(table.pk), table.name
        keys = {(row[3], row[2], row[4]) for row in conn.execute(f"pragma foreign_key_list([{table.name}])").fetchall()}
        declared = {(key.column, key.table, key.other_column) for key in table.foreign_keys}
        if table.name == "process_postings" and which != "data/":
            declared.add(("posting_id", "postings", "job_id"))  # added once every posting resolves
        assert keys == declared, table.name
        indexes = {
            (tuple(column for (_, _, column) in conn.execute(f"pragma index_info([{name}])")), bool(unique))
            for (_, name, unique, origin, _) in conn.execute(f"pragma index_list([{table.name}])")
            if origin == "c"
        }
        assert indexes == {((column,), False) for column in table.indexes} | {
            (columns, True) for columns in table.unique_indexes
        }, table.name
        fts = [row[1] for row in conn.execute(f"pragma table_info([{table.fts_table}])")]
        assert fts == list(table.fts_columns), table.name


def test_postings_read_the_columns_the_table_declares():
    assert tuple(column.name for column in POSTING_FILE_COLUMNS) == COLUMNS
    assert POSTINGS.column_names[: len(COLUMNS)] == COLUMNS


def test_the_rows_of_a_dataset_are_keyed_by_the_declared_columns():
    rows = dataset_rows(load_data(DATA_DIR))
    assert set(rows) == {table.name for table in TABLES}
    for name, table_rows in rows.items():
        assert table_rows or name == "report_figures", name
        for row in table_rows:
            assert set(row) == set(TABLES_BY_NAME[name].column_names), name


# The writer


TINY = Table("tiny", (Column("id", int), Column("name", str), Column("share", float)), pk=("id",))


@pytest.fixture
def tiny_db() -> sqlite_utils.Database:
    db = sqlite_utils.Database(sqlite3.connect(":memory:"))
    create_table(db, TINY)
    return db


def test_the_writer_inserts_in_the_declared_order_whatever_the_order_of_the_keys(tiny_db):
    insert_rows(tiny_db, TINY, [{"share": 0.5, "name": "a", "id": 1}, {"id": 2, "name": None, "share": 2}])
    assert tiny_db.execute("select id, name, share from tiny order by id").fetchall() == [(1, "a", 0.5), (2, None, 2.0)]


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ({"id": 1, "name": "a", "share": 0.5, "shares": 2}, "tiny: row 1 has column shares, which the table does not"),
        ({"id": 1, "share": 0.5}, "tiny: row 1 has no column name, which the table declares"),
        ({"id": "1", "name": "a", "share": 0.5}, "tiny: row 1: column id is declared int, the row has str '1'"),
        ({"id": 1, "name": ["a"], "share": 0.5}, "tiny: row 1: column name is declared str, the row has list ['a']"),
    ],
    ids=["undeclared key", "missing key", "wrong type", "a list where text belongs"],
)
def test_the_writer_refuses_a_row_that_does_not_fit_the_declaration(tiny_db, row, words):
    with pytest.raises(BuildError) as error:
        insert_rows(tiny_db, TINY, [row])
    assert str(error.value).startswith(words)
    assert tiny_db.execute("select count(*) from tiny").fetchone()[0] == 0


def test_a_row_the_declaration_lacks_fails_the_build_and_names_table_and_column(tmp_path, monkeypatch):
    """A column added to a row but not declared (or the reverse) stops the build; the old database stays."""
    target = tmp_path / "interview.db"
    dataset = load_data(DATA_DIR)
    build_database(dataset, target)
    before = target.read_bytes()
    fewer = replace(TABLES_BY_NAME["steps"], columns=TABLES_BY_NAME["steps"].columns[:-1])
    monkeypatch.setattr(database, "TABLES", tuple(fewer if table.name == "steps" else table for table in TABLES))
    with pytest.raises(BuildError, match=r"^steps: row 1 has column round_type_source, which the table does not"):
        build_database(dataset, target)
    assert target.read_bytes() == before


def test_parents_come_first():
    child = Table(
        "child", (Column("parent", str),), pk=("parent",), foreign_keys=(ForeignKey("parent", "parent", "id"),)
    )
    parent = Table("parent", (Column("id", str),), pk=("id",))
    assert [table.name for table in parents_first([child, parent])] == ["parent", "child"]
    ordered = [table.name for table in parents_first(TABLES)]
    for table in TABLES:
        for key in table.foreign_keys:
            assert ordered.index(key.table) < ordered.index(table.name), (table.name, key.table)
    loop = replace(parent, foreign_keys=(ForeignKey("id", "child", "parent"),))
    with pytest.raises(ValueError, match="cycle"):
        parents_first([child, loop])


def test_rows_for_a_table_nobody_declared_fail_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "dataset_rows", lambda dataset: {**dataset_rows(dataset), "notes": []})
    with pytest.raises(BuildError, match=r"rows for undeclared tables \['notes'\]"):
        build_database(load_data(DATA_DIR), tmp_path / "interview.db")
    assert list(tmp_path.iterdir()) == []
