"""The rows of every table a build writes from data/, computed from a validated Dataset (no I/O).

`dataset_rows(dataset)` maps each table core/tables.py declares (postings aside) to its rows, dicts
keyed by the declared columns, in rowid order; lists are JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from datasette_interview_prep.build.load import Company, Dataset
from datasette_interview_prep.build.schema import Process, Step
from datasette_interview_prep.core.durations import parse_duration, parse_leading_duration
from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPES, ROUND_TYPES_BY_SLUG, classify
from datasette_interview_prep.core.text import unique
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.core.urls import host_of, platform_of

Value = str | int | float | None
Row = dict[str, Value]


def process_label(company_name: str, kind: str, role: str | None, name: str | None, level: str | None) -> str:
    """What a process is called in Datasette's tables (its label column): never empty.

    Candidate reports often name no role ("Virtual onsite reported by ..."), a few
    give neither role nor name; the label then says whose report it is."""
    described = role or name or level
    if described:
        return described
    return f"{company_name} {'candidate report' if kind == 'candidate_report' else 'job posting'}"


def dataset_rows(dataset: Dataset) -> dict[str, list[Row]]:
    """Table name -> its rows."""
    rows: dict[str, list[Row]] = {}
    rows["round_types"], rows["prep_items"] = _round_type_rows(dataset)
    sources = _source_rows(dataset)
    source_ids = {str(row["url"]): row["id"] for row in sources}
    rows["sources"] = sources
    rows["source_companies"] = [
        {"source_id": row["id"], "company": slug}
        for row, (_, source) in zip(sources, dataset.sources)
        for slug in unique(source.companies)
    ]
    rows["source_round_types"] = [
        {"source_id": row["id"], "round_type": slug}
        for row, (_, source) in zip(sources, dataset.sources)
        for slug in unique(source.round_types)
    ]
    rows["prep_item_sources"] = [
        {"prep_item_id": item.id, "source_id": source_ids[url]}
        for guide in dataset.round_guides
        for item in guide.prep
        for url in unique(item.sources)
    ]
    rows["questions"] = _question_rows(dataset, sources)
    rows["question_companies"] = [
        {"question_id": question.id, "company_slug": slug}
        for _, question in dataset.questions
        for slug in unique(question.companies)
    ]
    rows["question_outlines"] = [
        {
            "question_id": outline.id,
            "tests": outline.tests,
            "key_points": _json(outline.key_points),
            "pitfalls": _json(outline.pitfalls),
            "follow_ups": _json([follow_up.model_dump() for follow_up in outline.follow_ups]),
            "file": file,
        }
        for file, outline in dataset.outlines
    ]
    loops = _loop_rows(dataset, source_ids)
    rows["companies"] = loops.companies
    rows["processes"] = loops.processes
    rows["steps"] = loops.steps
    rows["process_sources"] = loops.process_sources
    rows["process_postings"] = loops.process_postings
    rows["report_figures"] = _report_figure_rows(dataset)
    return rows


def _json(values: Sequence[object]) -> str:
    return json.dumps(values, ensure_ascii=False)


def _round_type_rows(dataset: Dataset) -> tuple[list[Row], list[Row]]:
    """The round types, in the taxonomy's order, with what data/rounds.yaml says of each; and their prep items."""
    guides = {guide.round_type: guide for guide in dataset.round_guides}
    rows: list[Row] = []
    items: list[Row] = []
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
    return rows, items


def _source_rows(dataset: Dataset) -> list[Row]:
    rows: list[Row] = []
    for index, (file, source) in enumerate(dataset.sources, start=1):
        rows.append(
            {
                "id": index,
                "url": source.url,
                "domain": host_of(source.url),
                "title": source.title,
                "platform": source.platform or platform_of(source.url),
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


def _question_rows(dataset: Dataset, source_rows: list[Row]) -> list[Row]:
    sources_by_url = {row["url"]: row for row in source_rows}
    rows: list[Row] = []
    for file, question in dataset.questions:
        urls = unique(question.sources)
        cited = [{key: sources_by_url[url][key] for key in ("url", "title", "platform", "published")} for url in urls]
        rows.append(
            {
                "id": question.id,
                "question": question.question,
                "round_type": question.round_type,
                "family": ROUND_TYPES_BY_SLUG[question.round_type].family,
                "topic": question.topic,
                "topic_label": QUESTION_TOPICS[question.topic],
                "companies": _json(unique(question.companies)),
                "sources": _json(cited),
                "encounters": len(urls),
                "reported": question.reported,
                "year": int(question.reported[:4]) if question.reported else None,
                "format": question.format,
                "file": file,
            }
        )
    return rows


def _report_figure_rows(dataset: Dataset) -> list[Row]:
    if not dataset.report:
        return []
    return [
        {
            "key": figure.key,
            "position": position,
            "label": figure.label,
            "value": str(figure.value),
            "section": figure.section,
            "note": figure.note,
        }
        for position, figure in enumerate(dataset.report.figures, start=1)
    ]


@dataclass
class _LoopRows:
    """The rows of the companies' loops: companies, their processes and steps, and what processes cite."""

    companies: list[Row] = field(default_factory=list)
    processes: list[Row] = field(default_factory=list)
    steps: list[Row] = field(default_factory=list)
    process_sources: list[Row] = field(default_factory=list)
    process_postings: list[Row] = field(default_factory=list)


class _StepFacts(NamedTuple):
    """What a process's row totals from its steps."""

    round_type: str
    family: str
    is_interview: bool
    minutes: tuple[int, int] | None


def _loop_rows(dataset: Dataset, source_ids: dict[str, Value]) -> _LoopRows:
    sources_per_company: dict[str, int] = {}
    for _, source in dataset.sources:
        for slug in unique(source.companies):
            sources_per_company[slug] = sources_per_company.get(slug, 0) + 1
    loops = _LoopRows()
    for company in dataset.companies:
        company_round_types: list[str] = []
        for position, (process_id, process) in enumerate(company.processes, start=1):
            facts = []
            for step_position, step in enumerate(process.steps, start=1):
                row, fact = _step_row(len(loops.steps) + 1, process_id, company, step_position, step)
                loops.steps.append(row)
                facts.append(fact)
            round_types = unique(fact.round_type for fact in facts)
            company_round_types.extend(round_types)
            loops.processes.append(_process_row(company, position, process_id, process, facts, round_types))
            loops.process_sources.extend(
                {"process_id": process_id, "source_id": source_ids[url]} for url in unique(process.sources)
            )
            loops.process_postings.extend(
                {"process_id": process_id, "posting_id": posting} for posting in process.posting_ids()
            )
        loops.companies.append(
            _company_row(company, unique(company_round_types), sources_per_company.get(company.slug, 0))
        )
    return loops


def _step_row(step_id: int, process_id: str, company: Company, position: int, step: Step) -> tuple[Row, _StepFacts]:
    """A step's row (its round type from the data, else the classifier; its length from its duration, else
    from the start of its details when it gives no duration), and the facts its process totals."""
    round_type = step.round_type or classify(step.name, step.details or "")
    family = ROUND_TYPES_BY_SLUG[round_type].family
    minutes = parse_duration(step.duration)
    minutes_source = "duration" if minutes else None
    if minutes is None and step.duration is None:
        minutes = parse_leading_duration(step.details)
        minutes_source = "details" if minutes else None
    is_interview = step.interview if step.interview is not None else ROUND_TYPES_BY_SLUG[round_type].is_interview
    row: Row = {
        "id": step_id,
        "process_id": process_id,
        "company": company.slug,
        "company_name": company.name,
        "position": position,
        "name": step.name,
        "duration": step.duration,
        "minutes_low": minutes[0] if minutes else None,
        "minutes_high": minutes[1] if minutes else None,
        "minutes_source": minutes_source,
        "details": step.details,
        "questions": _json(step.questions),
        "topics": _json(step.topics),
        "round_type": round_type,
        "family": family,
        "is_interview": int(is_interview),
        "round_type_source": "data" if step.round_type else "classifier",
    }
    return row, _StepFacts(round_type, family, is_interview, minutes)


def _process_row(
    company: Company,
    position: int,
    process_id: str,
    process: Process,
    steps: list[_StepFacts],
    round_types: list[str],
) -> Row:
    # Live interview time, as the checklist totals it: a take-home's window (up to days) is not an interview.
    timed = [step.minutes for step in steps if step.is_interview and step.minutes and step.family != "take_home"]
    return {
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
        "interview_stage_count": sum(step.is_interview for step in steps),
        "round_types": _json(round_types),
        "families": _json(unique(step.family for step in steps)),
        "known_minutes_low": sum(low for low, _ in timed) if timed else None,
        "known_minutes_high": sum(high for _, high in timed) if timed else None,
        "posting_ids": _json(process.posting_ids()),
        "source_count": len(unique(process.sources)),
    }


def _company_row(company: Company, round_types: list[str], source_count: int) -> Row:
    return {
        "slug": company.slug,
        "name": company.name,
        "category": company.category,
        "note": company.note,
        "website": company.website,
        "process_count": len(company.processes),
        "kinds": _json(unique(process.kind for _, process in company.processes)),
        "round_types": _json(round_types),
        "source_count": source_count,
        "files": _json(company.files),
        "aggregate": int(company.aggregate),
    }
