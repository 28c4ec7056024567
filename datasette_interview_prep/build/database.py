"""Write a validated Dataset into interview.db, atomically.

The database is built in a temporary file beside the target, checked (row
counts, `PRAGMA integrity_check`, FTS integrity) and only then renamed over
the old one with os.replace: a failed or killed build never leaves a
half-written database behind.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from datasette_interview_prep.build.load import Dataset
from datasette_interview_prep.build.search_index import check_search_index, write_search_index
from datasette_interview_prep.core.durations import parse_duration, parse_leading_duration
from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPES, ROUND_TYPES_BY_SLUG, classify
from datasette_interview_prep.core.text import unique
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.core.urls import host_of, platform_of

Row = dict[str, Any]  # a row to insert

TEMP_MARKER = ".building-"

FTS_COLUMNS = {
    "processes": ["company_name", "role", "name", "summary", "notes"],
    "steps": ["company_name", "name", "details", "questions", "topics"],
    "sources": ["title", "community", "section", "summary", "topics"],
    "questions": ["question", "format", "topic_label"],
}


class BuildError(Exception):
    pass


@dataclass
class BuildResult:
    db_path: Path
    counts: dict[str, int] = field(default_factory=dict)


def process_label(company_name: str, kind: str, role: str | None, name: str | None, level: str | None) -> str:
    """What a process is called in Datasette's tables (its label column): never empty.

    Candidate reports often name no role ("Virtual onsite reported by ..."), a few
    give neither role nor name; the label then says whose report it is."""
    described = role or name or level
    if described:
        return described
    return f"{company_name} {'candidate report' if kind == 'candidate_report' else 'job posting'}"


def _json(values: list) -> str:
    return json.dumps(values, ensure_ascii=False)


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("round_types").create(
        {
            "slug": str,
            "label": str,
            "family": str,
            "family_label": str,
            "is_interview": int,
            "position": int,
            "what_candidates_report": str,
            "reported_duration": str,
            "reported_minutes_low": int,
            "reported_minutes_high": int,
            "weight": float,
            "prep_item_count": int,
        },
        pk="slug",
    )
    db.table("companies").create(
        {
            "slug": str,
            "name": str,
            "category": str,
            "note": str,
            "website": str,
            "process_count": int,
            "kinds": str,
            "round_types": str,
            "source_count": int,
            "files": str,
            "aggregate": int,
        },
        pk="slug",
    )
    db.table("processes").create(
        {
            "id": str,
            "company": str,
            "company_name": str,
            "position": int,
            "kind": str,
            "name": str,
            "role": str,
            "level": str,
            "label": str,
            "reported": str,
            "timeline": str,
            "summary": str,
            "notes": str,
            "step_count": int,
            "interview_stage_count": int,
            "round_types": str,
            "families": str,
            "known_minutes_low": int,
            "known_minutes_high": int,
            "posting_ids": str,
            "source_count": int,
        },
        pk="id",
        foreign_keys=[("company", "companies", "slug")],
    )
    db.table("steps").create(
        {
            "id": int,
            "process_id": str,
            "company": str,
            "company_name": str,
            "position": int,
            "name": str,
            "duration": str,
            "minutes_low": int,
            "minutes_high": int,
            "minutes_source": str,
            "details": str,
            "questions": str,
            "topics": str,
            "round_type": str,
            "family": str,
            "is_interview": int,
            "round_type_source": str,
        },
        pk="id",
        foreign_keys=[
            ("process_id", "processes", "id"),
            ("company", "companies", "slug"),
            ("round_type", "round_types", "slug"),
        ],
    )
    db.table("prep_items").create(
        {"id": str, "round_type": str, "position": int, "text": str, "sources": str},
        pk="id",
        foreign_keys=[("round_type", "round_types", "slug")],
    )
    db.table("sources").create(
        {
            "id": int,
            "url": str,
            "domain": str,
            "title": str,
            "platform": str,
            "community": str,
            "score": int,
            "published": str,
            "year": int,
            "inventory": str,
            "section": str,
            "companies": str,
            "round_types": str,
            "topics": str,
            "summary": str,
            "file": str,
        },
        pk="id",
    )
    db.table("process_sources").create(
        {"process_id": str, "source_id": int},
        pk=("process_id", "source_id"),
        foreign_keys=[("process_id", "processes", "id"), ("source_id", "sources", "id")],
    )
    db.table("process_postings").create(
        {"process_id": str, "posting_id": str},
        pk=("process_id", "posting_id"),
        foreign_keys=[("process_id", "processes", "id")],
    )
    db.table("source_companies").create(
        {"source_id": int, "company": str},
        pk=("source_id", "company"),
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("source_round_types").create(
        {"source_id": int, "round_type": str},
        pk=("source_id", "round_type"),
        foreign_keys=[("source_id", "sources", "id"), ("round_type", "round_types", "slug")],
    )
    db.table("prep_item_sources").create(
        {"prep_item_id": str, "source_id": int},
        pk=("prep_item_id", "source_id"),
        foreign_keys=[("prep_item_id", "prep_items", "id"), ("source_id", "sources", "id")],
    )
    db.table("questions").create(
        {
            "id": str,
            "question": str,
            "round_type": str,
            "family": str,
            "topic": str,
            "topic_label": str,
            "companies": str,
            "sources": str,
            "encounters": int,
            "reported": str,
            "year": int,
            "format": str,
            "file": str,
        },
        pk="id",
        foreign_keys=[("round_type", "round_types", "slug")],
    )
    # No foreign key to companies: a question may name a company that has no loop in data/processes.
    db.table("question_companies").create(
        {"question_id": str, "company_slug": str},
        pk=("question_id", "company_slug"),
        foreign_keys=[("question_id", "questions", "id")],
    )
    db.table("report_figures").create(
        {"key": str, "position": int, "label": str, "value": str, "section": str, "note": str}, pk="key"
    )


def _source_rows(dataset: Dataset) -> list[dict]:
    rows = []
    for index, (file, source) in enumerate(dataset.sources, start=1):
        platform = source.platform or platform_of(source.url)
        rows.append(
            {
                "id": index,
                "url": source.url,
                "domain": host_of(source.url),
                "title": source.title,
                "platform": platform,
                "community": source.community,
                "score": source.score,
                "published": source.published,
                "year": int(source.published[:4]) if source.published else None,
                "inventory": source.inventory,
                "section": source.section,
                "companies": _json(source.companies),
                "round_types": _json(source.round_types),
                "topics": _json(source.topics),
                "summary": source.summary,
                "file": file,
            }
        )
    return rows


def _question_rows(dataset: Dataset, source_rows: list[dict]) -> list[dict]:
    sources_by_url = {row["url"]: row for row in source_rows}
    rows = []
    for file, question in dataset.questions:
        urls = unique(question.sources)
        rows.append(
            {
                "id": question.id,
                "question": question.question,
                "round_type": question.round_type,
                "family": ROUND_TYPES_BY_SLUG[question.round_type].family,
                "topic": question.topic,
                "topic_label": QUESTION_TOPICS[question.topic],
                "companies": _json(unique(question.companies)),
                "sources": _json(
                    [
                        {key: sources_by_url[url][key] for key in ("url", "title", "platform", "published")}
                        for url in urls
                    ]
                ),
                "encounters": len(urls),
                "reported": question.reported,
                "year": int(question.reported[:4]) if question.reported else None,
                "format": question.format,
                "file": file,
            }
        )
    return rows


def _insert_round_types(db: sqlite_utils.Database, dataset: Dataset) -> None:
    guides = {guide.round_type: guide for guide in dataset.round_guides}
    rows, items = [], []
    for position, round_type in enumerate(ROUND_TYPES, start=1):
        guide = guides.get(round_type.slug)
        minutes = parse_duration(guide.reported_duration) if guide and guide.reported_duration else None
        rows.append(
            {
                "slug": round_type.slug,
                "label": round_type.label,
                "family": round_type.family,
                "family_label": FAMILIES[round_type.family],
                "is_interview": int(round_type.is_interview),
                "position": position,
                "what_candidates_report": guide.what_candidates_report if guide else None,
                "reported_duration": guide.reported_duration if guide else None,
                "reported_minutes_low": minutes[0] if minutes else None,
                "reported_minutes_high": minutes[1] if minutes else None,
                "weight": guide.weight if guide else 1.0,
                "prep_item_count": len(guide.prep) if guide else 0,
            }
        )
        for item_position, item in enumerate(guide.prep if guide else [], start=1):
            items.append(
                {
                    "id": item.id,
                    "round_type": round_type.slug,
                    "position": item_position,
                    "text": item.text,
                    "sources": _json(item.sources),
                }
            )
    db.table("round_types").insert_all(rows)
    db.table("prep_items").insert_all(items)


def _write(db: sqlite_utils.Database, dataset: Dataset) -> None:
    _create_tables(db)
    _insert_round_types(db, dataset)
    source_rows = _source_rows(dataset)
    db.table("sources").insert_all(source_rows)
    source_ids = {row["url"]: row["id"] for row in source_rows}
    db.table("source_companies").insert_all(
        {"source_id": row["id"], "company": slug}
        for row in source_rows
        for slug in unique(json.loads(row["companies"]))
    )
    db.table("source_round_types").insert_all(
        {"source_id": row["id"], "round_type": slug}
        for row in source_rows
        for slug in unique(json.loads(row["round_types"]))
    )
    db.table("prep_item_sources").insert_all(
        {"prep_item_id": item.id, "source_id": source_ids[url]}
        for guide in dataset.round_guides
        for item in guide.prep
        for url in unique(item.sources)
    )
    question_rows = _question_rows(dataset, source_rows)
    db.table("questions").insert_all(question_rows)
    db.table("question_companies").insert_all(
        {"question_id": row["id"], "company_slug": slug}
        for row in question_rows
        for slug in json.loads(row["companies"])
    )
    sources_per_company: dict[str, int] = {}
    for row in source_rows:
        for slug in unique(json.loads(row["companies"])):
            sources_per_company[slug] = sources_per_company.get(slug, 0) + 1

    company_rows: list[Row] = []
    process_rows: list[Row] = []
    step_rows: list[Row] = []
    process_sources: list[Row] = []
    process_postings: list[Row] = []
    for company in dataset.companies:
        company_round_types: list[str] = []
        for position, (process_id, process) in enumerate(company.processes, start=1):
            steps: list[Row] = []
            for step_position, step in enumerate(process.steps, start=1):
                round_type = step.round_type or classify(step.name, step.details or "")
                minutes = parse_duration(step.duration)
                minutes_source = "duration" if minutes else None
                if minutes is None and step.duration is None:
                    minutes = parse_leading_duration(step.details)
                    minutes_source = "details" if minutes else None
                is_interview = (
                    step.interview if step.interview is not None else ROUND_TYPES_BY_SLUG[round_type].is_interview
                )
                steps.append(
                    {
                        "process_id": process_id,
                        "company": company.slug,
                        "company_name": company.name,
                        "position": step_position,
                        "name": step.name,
                        "duration": step.duration,
                        "minutes_low": minutes[0] if minutes else None,
                        "minutes_high": minutes[1] if minutes else None,
                        "minutes_source": minutes_source,
                        "details": step.details,
                        "questions": _json(step.questions),
                        "topics": _json(step.topics),
                        "round_type": round_type,
                        "family": ROUND_TYPES_BY_SLUG[round_type].family,
                        "is_interview": int(is_interview),
                        "round_type_source": "data" if step.round_type else "classifier",
                    }
                )
            step_rows.extend(steps)
            round_types = unique(step["round_type"] for step in steps)
            company_round_types.extend(round_types)
            # Live interview time, as the checklist totals it: a take-home's window (up to days) is not an interview.
            interview_minutes = [
                step
                for step in steps
                if step["is_interview"] and step["minutes_low"] is not None and step["family"] != "take_home"
            ]
            process_rows.append(
                {
                    "id": process_id,
                    "company": company.slug,
                    "company_name": company.name,
                    "position": position,
                    "kind": process.kind,
                    "name": process.name,
                    "role": process.role,
                    "level": process.level,
                    "label": process_label(company.name, process.kind, process.role, process.name, process.level),
                    "reported": process.reported,
                    "timeline": process.timeline,
                    "summary": process.summary or process.process_summary,
                    "notes": _json(process.notes),
                    "step_count": len(steps),
                    "interview_stage_count": sum(step["is_interview"] for step in steps),
                    "round_types": _json(round_types),
                    "families": _json(unique(step["family"] for step in steps)),
                    "known_minutes_low": sum(step["minutes_low"] for step in interview_minutes)
                    if interview_minutes
                    else None,
                    "known_minutes_high": sum(step["minutes_high"] for step in interview_minutes)
                    if interview_minutes
                    else None,
                    "posting_ids": _json(process.posting_ids()),
                    "source_count": len(unique(process.sources)),
                }
            )
            process_sources.extend(
                {"process_id": process_id, "source_id": source_ids[url]} for url in unique(process.sources)
            )
            process_postings.extend(
                {"process_id": process_id, "posting_id": posting} for posting in process.posting_ids()
            )
        company_rows.append(
            {
                "slug": company.slug,
                "name": company.name,
                "category": company.category,
                "note": company.note,
                "website": company.website,
                "process_count": len(company.processes),
                "kinds": _json(unique(process.kind for _, process in company.processes)),
                "round_types": _json(unique(company_round_types)),
                "source_count": sources_per_company.get(company.slug, 0),
                "files": _json(company.files),
                "aggregate": int(company.aggregate),
            }
        )
    db.table("companies").insert_all(company_rows)
    db.table("processes").insert_all(process_rows)
    db.table("steps").insert_all(step_rows)
    db.table("process_sources").insert_all(process_sources)
    db.table("process_postings").insert_all(process_postings)
    if dataset.report:
        db.table("report_figures").insert_all(
            {
                "key": figure.key,
                "position": position,
                "label": figure.label,
                "value": str(figure.value),
                "section": figure.section,
                "note": figure.note,
            }
            for position, figure in enumerate(dataset.report.figures, start=1)
        )
    _index_and_search(db)


def _index_and_search(db: sqlite_utils.Database) -> None:
    for table, columns in {
        "processes": ["company", "kind", "step_count", "interview_stage_count"],
        "steps": ["process_id", "company", "round_type", "family"],
        "sources": ["platform", "community", "year", "inventory", "domain"],
        "companies": ["category"],
        "prep_items": ["round_type"],
        "source_companies": ["company"],
        "source_round_types": ["round_type"],
        "process_sources": ["source_id"],
        "process_postings": ["posting_id"],
        "prep_item_sources": ["source_id"],
        "questions": ["round_type", "topic", "year"],
        "question_companies": ["company_slug"],
    }.items():
        for column in columns:
            db.table(table).create_index([column])
    db.table("steps").create_index(["process_id", "position"], unique=True)
    db.table("sources").create_index(["url"], unique=True)
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(columns, fts_version="FTS5", tokenize="porter", create_triggers=True)


def _check(db: sqlite_utils.Database, expected: dict[str, int]) -> dict[str, int]:
    counts = {table: db[table].count for table in expected}
    wrong = {table: (counts[table], expected[table]) for table in expected if counts[table] != expected[table]}
    if wrong:
        raise BuildError(f"row counts do not match the data: {wrong}")
    result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BuildError(f"integrity check failed: {result}")
    for table in FTS_COLUMNS:
        db.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES('integrity-check')")
        fts_rows = db.execute(f"SELECT count(*) FROM [{table}_fts]").fetchone()[0]
        if fts_rows != counts[table]:
            raise BuildError(f"{table}_fts has {fts_rows} rows, {table} has {counts[table]}")
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
    """Remove temp files of builds that were killed (their process is gone)."""
    for leftover in db_path.parent.glob(f".{db_path.name}{TEMP_MARKER}*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)):
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
