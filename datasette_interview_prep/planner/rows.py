"""The database rows the planner reads, typed.

The web layer reads them with SQL (web/prep_read.py, web/questions_read.py) and
hands them in as plain mappings (`RawRow`, `HeldRow`). Each builder views them as one of the
shapes below, which name the columns it reads and their types in the database
(build/database.py creates the tables). The view is a cast: no copy and no
check, so the rows reach the builders as they were read, and a hand-made row in
a test needs only the columns the code under test reads.

Text columns the code uses as identifiers (ids, slugs, URLs) are `str`; a
column the code allows to be empty is `| None`; the columns of a shape that some
rows leave out are in its `total=False` part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

RawRow = Mapping[str, object]  # a row as the web layer reads it from SQLite
# The rows checklist.Knowledge and CompanyRows hold: the web layer reads some of them back (a company's
# slug, a round type's weight), so their values keep the type they were read with.
HeldRow = Mapping[str, Any]


class _RoundTypeLabels(TypedDict):
    slug: str
    label: str
    family: str
    is_interview: int
    weight: float | None
    source_count: int | None


class RoundTypeRow(_RoundTypeLabels, total=False):
    """`round_types`, with `source_count` (sources tagged with the round type); a database older than the
    taxonomy has only the labels (checklist.Knowledge.round_type)."""

    what_candidates_report: str | None
    reported_duration: str | None
    reported_minutes_low: int | None
    reported_minutes_high: int | None


class PrepItemRow(TypedDict):
    """`prep_items`, with `source_links`: a JSON array of its sources ({url, title, platform, published,
    score, companies})."""

    id: str
    round_type: str
    position: int
    text: str
    sources: str | None  # JSON array of URLs, in the order the item cites them
    source_links: str | list[object] | None


class _SourceUrl(TypedDict):
    url: str


class SourceRow(_SourceUrl, total=False):
    """A source: a row of `sources` (with `process_id` or `round_type` where the query joins them), or one
    of a prep item's `source_links`."""

    title: str | None
    platform: str | None
    published: str | None
    score: int | None
    round_types: str | None  # JSON array of slugs
    companies: str | list[object] | None  # JSON array of slugs (parsed, in a prep item's source_links)
    process_id: str
    round_type: str


class CompanyRow(TypedDict):
    slug: str
    name: str
    category: str | None
    note: str | None
    website: str | None
    source_count: int | None


class ProcessRow(TypedDict):
    id: str
    kind: str | None
    name: str | None
    role: str | None
    level: str | None
    reported: str | None
    timeline: str | None
    summary: str | None
    notes: str | None  # JSON array
    step_count: int | None
    interview_stage_count: int | None
    posting_ids: str | None  # JSON array
    source_count: int | None


class StepRow(TypedDict):
    process_id: str
    position: int
    name: str
    round_type: str
    is_interview: int
    duration: str | None
    minutes_low: int | None
    minutes_high: int | None
    details: str | None
    questions: str | None  # JSON array
    topics: str | None  # JSON array


class StepPlaceRow(TypedDict):
    """Where a step stands in its process: the input of base_rates.compute_base_rates."""

    process_id: str
    position: int
    round_type: str


class LoopStepRow(TypedDict):
    """A step with its company: the input of similar.loops_from_rows."""

    company: str
    company_name: str
    process_id: str
    position: int
    round_type: str
    is_interview: int


class CompanyCategoryRow(TypedDict):
    slug: str
    category: str | None
    aggregate: int | None


class CompanySourceRow(TypedDict):
    company: str
    source_id: int


class QuestionRow(TypedDict):
    """`questions`: `companies` a JSON array of slugs, `sources` one of {url, title, platform, published}."""

    id: str
    question: str
    round_type: str
    topic: str | None
    topic_label: str | None
    companies: str | None
    sources: str | None
    encounters: int | None
    reported: str | None
    format: str | None
