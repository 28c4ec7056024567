"""The command line behind build_db.py: data/ -> interview.db."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .build import BuildError, build_database
from .load import DataErrors, load_data


@click.command()
@click.option("--data", "data_dir", default="data", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Data folder: the project's layout (processes/, sources/, rounds.yaml, report.yaml) "
                   "or a bare folder of process files such as the field guide's job-descriptions/")
@click.option("--db", "db_path", default="interview.db", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Database to write (replaced atomically)")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success")
def main(data_dir: Path, db_path: Path, quiet: bool) -> None:
    """Validate every file in the data folder and build the SQLite database.

    On any problem nothing is written: each problem is printed as
    'file: field: reason' and the command exits with status 1.
    """
    started = time.perf_counter()
    try:
        dataset = load_data(data_dir)
        result = build_database(dataset, db_path)
    except DataErrors as errors:
        for error in errors.errors:
            click.echo(f"error: {error}", err=True)
        click.echo(f"{len(errors.errors)} problem(s); {db_path} was not changed.", err=True)
        sys.exit(1)
    except (BuildError, OSError) as error:
        click.echo(f"error: {error}; {db_path} was not changed.", err=True)
        sys.exit(1)
    if not quiet:
        summary = ", ".join(f"{count:,} {table}" for table, count in result.counts.items()
                            if table in ("companies", "processes", "steps", "sources", "prep_items", "postings"))
        click.echo(f"Built {db_path} in {time.perf_counter() - started:.2f}s: {summary}")
