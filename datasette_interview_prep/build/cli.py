"""The command line behind build_db.py: data/ (and optionally job postings) -> interview.db."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click
import sqlite_utils

from datasette_interview_prep.build.comments import CommentsRead, CommentsStep, read_comments_cache
from datasette_interview_prep.build.database import build_database
from datasette_interview_prep.build.errors import BuildError
from datasette_interview_prep.build.load import DataErrors, load_data
from datasette_interview_prep.build.postings_files import (
    PostingsFolderError,
    PostingsRead,
    find_posting_files,
    read_posting_files,
)
from datasette_interview_prep.build.postings_table import PostingsStep
from datasette_interview_prep.core.discussions import CACHE_ENV_VAR, default_cache_dir


@click.command()
@click.option(
    "--data",
    "data_dir",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Data folder: the project's layout (processes/, sources/, rounds.yaml, report.yaml) "
    "or a bare folder of process files such as the field guide's job-descriptions/",
)
@click.option(
    "--db",
    "db_path",
    default="interview.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database to write (replaced atomically)",
)
@click.option(
    "--postings",
    "postings_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also import job postings from a folder laid out like the field guide's job-market/ "
    "(data_structured/*.yaml and/or data_raw/*.yaml)",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail, leaving the database unchanged, if a posting file is skipped or a process "
    "names a posting that is not in the postings folder",
)
@click.option(
    "--comments-cache",
    "comments_cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Load the threads `interview-prep fetch-discussions` fetched from this folder into the comments "
    f"table [default: ${CACHE_ENV_VAR}, else {default_cache_dir({})}; nothing when it is absent or empty]",
)
@click.option("--no-comments", is_flag=True, help="Do not load the discussions cache, even if there is one")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success (skipped files are still reported)")
def main(
    data_dir: Path,
    db_path: Path,
    postings_dir: Path | None,
    strict: bool,
    comments_cache: Path | None,
    no_comments: bool,
    quiet: bool,
) -> None:
    """Validate every file in the data folder and build the SQLite database.

    On any problem in the data folder nothing is written: each problem is
    printed as 'file: field: reason' and the command exits with status 1.
    A malformed posting file is reported and skipped (with --strict: the
    command fails instead).
    """
    started = time.perf_counter()
    cache = comments_cache or default_cache_dir()
    postings: PostingsRead | None = None
    postings_step: PostingsStep | None = None
    try:
        dataset = load_data(data_dir)
        if postings_dir:
            postings = _read_postings(postings_dir, show_progress=not quiet)
            if strict and postings.skipped:
                _report_skipped(postings)
                _fail(f"{len(postings.skipped)} posting file(s) skipped (--strict)", db_path)
            postings_step = PostingsStep(postings.rows, strict=strict)
        comments = CommentsStep(CommentsRead() if no_comments else read_comments_cache(cache))
        steps: list[Callable[[sqlite_utils.Database], None]] = [postings_step] if postings_step else []
        result = build_database(dataset, db_path, extra_steps=[*steps, comments])
    except DataErrors as errors:
        for error in errors.errors:
            click.echo(f"error: {error}", err=True)
        _fail(f"{len(errors.errors)} problem(s)", db_path)
    except (BuildError, PostingsFolderError, OSError) as error:
        _fail(f"error: {error}", db_path)
    if postings and postings_step:
        _report_skipped(postings)
        for process_id, posting_id in postings_step.unresolved:
            click.echo(
                f"warning: process {process_id} names posting {posting_id}, not found in {postings_dir}", err=True
            )
    _report_comments(comments, cache, quiet)
    if not quiet:
        summary = ", ".join(
            f"{count:,} {table}"
            for table, count in result.counts.items()
            if table
            in (
                "companies",
                "processes",
                "steps",
                "sources",
                "prep_items",
                "questions",
                "question_outlines",
                "postings",
                "comments",
            )
        )
        click.echo(f"Built {db_path} in {time.perf_counter() - started:.2f}s: {summary}")
        if postings and postings_step:
            click.echo(
                f"Postings: {len(postings.rows):,} imported, {postings_step.linked:,} of them linked to a process; "
                f"{len(postings.skipped):,} file(s) skipped" + (" (listed above)" if postings.skipped else "")
            )


def _read_postings(folder: Path, show_progress: bool) -> PostingsRead:
    """Read the postings, with a progress bar on a terminal (the build's one long step)."""
    files = find_posting_files(folder)
    if not (show_progress and sys.stderr.isatty()):
        return read_posting_files(files, folder)
    with click.progressbar(files, label="Reading postings", file=sys.stderr) as bar:
        return read_posting_files(bar, folder)


def _report_comments(comments: CommentsStep, cache: Path, quiet: bool) -> None:
    """Nothing when the cache held nothing: the build then reads exactly as it did without one."""
    for skipped in comments.read.skipped:
        click.echo(f"skipped: {skipped}", err=True)
    if comments.read.threads and not quiet:
        click.echo(
            f"Comments: {comments.loaded:,} loaded from {len(comments.read.threads):,} cached thread(s) in {cache}"
            f" ({comments.left_out:,} deleted, removed or empty left out)"
            + (f"; {len(comments.read.skipped):,} file(s) skipped (listed above)" if comments.read.skipped else "")
        )


def _report_skipped(postings: PostingsRead) -> None:
    for skipped in postings.skipped:
        click.echo(f"skipped: {skipped}", err=True)


def _fail(message: str, db_path: Path) -> NoReturn:
    click.echo(f"{message}; {db_path} was not changed.", err=True)
    sys.exit(1)
