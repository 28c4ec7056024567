"""Create the tables core/tables.py declares and write rows into them, checked against the declaration.

Tables are created with sqlite-utils from their declaration (columns in order, types, primary key,
foreign keys). `insert_rows` takes rows as dicts whose keys must be exactly the declared columns,
with values of the declared type or None, and inserts them in the declared column order with one
prepared statement: a row with a key the table lacks, a missing key or a value of another type is a
BuildError naming the table, the column and the row, never a silently dropped or NULL cell.
Indexes and full-text indexes (FTS5, porter, kept in step by triggers) follow the declaration too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import sqlite_utils

from datasette_interview_prep.build.errors import BuildError
from datasette_interview_prep.core.tables import ColumnType, Table

Value = str | int | float | None
Row = Mapping[str, Value]

# The Python types a declared column takes (bool is an int to SQLite, an int a float).
_ACCEPTED: dict[ColumnType, tuple[type, ...]] = {str: (str,), int: (int,), float: (float, int)}


def create_table(db: sqlite_utils.Database, table: Table) -> None:
    """An empty table as declared."""
    db.table(table.name).create(
        {column.name: column.type for column in table.columns},
        pk=table.pk[0] if len(table.pk) == 1 else table.pk,
        foreign_keys=[(key.column, key.table, key.other_column) for key in table.foreign_keys],
        column_order=list(table.column_names),
    )


def insert_rows(db: sqlite_utils.Database, table: Table, rows: Iterable[Row]) -> None:
    """Insert `rows` into `table`, each checked against the declaration first (one prepared statement)."""
    names = table.column_names
    columns = ", ".join(f"[{name}]" for name in names)
    db.conn.executemany(
        f"INSERT INTO [{table.name}] ({columns}) VALUES ({', '.join('?' for _ in names)})", _checked(table, rows)
    )


def _checked(table: Table, rows: Iterable[Row]) -> Iterator[tuple[Value, ...]]:
    names = table.column_names
    declared = set(names)
    accepted = [(column.name, _ACCEPTED[column.type]) for column in table.columns]
    for number, row in enumerate(rows, start=1):
        if row.keys() != declared:
            raise BuildError(_key_problem(table, number, row.keys(), declared))
        values = tuple(row[name] for name in names)
        for value, (name, types) in zip(values, accepted):
            if value is not None and not isinstance(value, types):
                raise BuildError(
                    f"{table.name}: row {number}: column {name} is declared {_type_name(table, name)},"
                    f" the row has {type(value).__name__} {value!r}"
                )
        yield values


def _key_problem(table: Table, number: int, keys: Iterable[str], declared: set[str]) -> str:
    extra = sorted(set(keys) - declared)
    if extra:
        return f"{table.name}: row {number} has column {extra[0]}, which the table does not declare"
    missing = [name for name in table.column_names if name not in set(keys)]
    return f"{table.name}: row {number} has no column {missing[0]}, which the table declares"


def _type_name(table: Table, name: str) -> str:
    return next(column.type.__name__ for column in table.columns if column.name == name)


def create_indexes(db: sqlite_utils.Database, tables: Sequence[Table], if_missing: bool = False) -> None:
    """The declared indexes: every table's plain ones, then every table's unique ones, in `tables` order;
    with `if_missing`, only those that do not exist (SQLite stores the same CREATE INDEX either way)."""
    for table in tables:
        for column in table.indexes:
            db.table(table.name).create_index([column], if_not_exists=if_missing)
    for table in tables:
        for columns in table.unique_indexes:
            db.table(table.name).create_index(list(columns), unique=True, if_not_exists=if_missing)


def enable_full_text(db: sqlite_utils.Database, table: Table) -> None:
    """`<table>_fts` over the declared columns, loaded in bulk now, then kept in step by triggers."""
    db.table(table.name).enable_fts(
        list(table.fts_columns), fts_version="FTS5", tokenize="porter", create_triggers=True
    )


def check_full_text(db: sqlite_utils.Database, table: Table) -> None:
    """FTS5's integrity check, and one index row per table row; raise BuildError."""
    db.execute(f"INSERT INTO [{table.fts_table}]([{table.fts_table}]) VALUES('integrity-check')")
    indexed = db.execute(f"SELECT count(*) FROM [{table.fts_table}]").fetchone()[0]
    rows = db.execute(f"SELECT count(*) FROM [{table.name}]").fetchone()[0]
    if indexed != rows:
        raise BuildError(f"{table.fts_table} has {indexed} rows, {table.name} has {rows}")
