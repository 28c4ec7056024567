"""The prep checklist: plain rows from the interview database -> a `Checklist`.

Three kinds of checklist share one model:

- `company`: a company's loop as the data describes it (`build_checklist`);
- `custom`: the rounds a candidate was told about, for a company that is not
  in the data (`build_custom_checklist`);
- `typical`: the loop the base rates suggest (`build_typical_checklist`):
  every round type seen in at least `TYPICAL_MIN_SHARE` of the processes,
  in its usual order. Base rates, not any one company's loop.

Everything here is pure: rows are plain dicts (as `prep_read` returns them),
no Datasette object is touched, so it is tested on hand-made rows.

Stable ids. Each prep item of a checklist has `id = f"{checklist.key}:{prep_item_id}"`,
e.g. `anthropic-1:coding-practise-concurrency`. `checklist.key` is the
process id (`custom-<company-slug>` or `typical` for the other kinds) and
`prep_item_id` is the id in data/rounds.yaml, which is never renamed. Round
positions are deliberately left out, so progress saved in the browser under
these ids survives a data change that inserts a step earlier in the loop.
A round type met twice in one loop (two coding rounds) lists its prep once,
at its first round; the later round points back with `same_prep_as`.

An onsite or panel round is several interviews in one: the round types its
description names ("4 rounds, including distributed systems design") are
listed in `includes`, and their prep joins the round's own (each item keeps
its `round_type`), unless an earlier round already covers that type.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from datasette_interview_prep.core.durations import format_range
from datasette_interview_prep.core.rounds import ROUND_TYPES, ROUND_TYPES_BY_SLUG, classify
from datasette_interview_prep.core.slugs import slugify

FORMAT_VERSION = 1
EVIDENCE_LINKS = 5  # sources listed per round; the count covers them all
TYPICAL_MIN_SHARE = 0.25  # a round type joins the typical loop when a quarter of the processes have it
MAX_CUSTOM_ROUNDS = 20
# A take-home's days of work would swamp the hours spent in interviews, so its time is totalled apart.
TAKE_HOME_FAMILY = "take_home"

Row = Mapping[str, Any]

KIND_LABELS = {
    "job_posting": "From a job posting",
    "candidate_report": "Candidate report",
}


# --- The model (its JSON is the `.json` format; see prep_render) -------------------------------------


class SourceLink(BaseModel):
    url: str
    title: str
    platform: str | None = None
    published: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    score: int | None = None


class Evidence(BaseModel):
    """Sources about this round type: at this company (`scope: company`) or anywhere (`all_companies`)."""

    scope: Literal["company", "all_companies"]
    count: int
    platforms: dict[str, int] = Field(description="Platform -> number of sources, most frequent first")
    latest: str | None = Field(description="The most recent publication date among them")
    sources: list[SourceLink] = Field(description=f"The {EVIDENCE_LINKS} most recent")
    all_companies_count: int = Field(description="Sources about this round type at any company")


class ChecklistItem(BaseModel):
    id: str = Field(description="Stable id: '<checklist key>:<prep item id>'")
    prep_item_id: str
    round_type: str = Field(description="The round type the item prepares for")
    text: str
    sources: list[SourceLink]
    cites_company: bool = Field(False, description="One of its sources is about this checklist's company")


class BaseRate(BaseModel):
    """How common a round type is across the processes in the data, and where it usually comes."""

    round_type: str
    label: str
    process_count: int = Field(description="Processes with at least one round of this type")
    total_processes: int
    share: float = Field(description="process_count / total_processes")
    usual_step: int = Field(description="Median step number of its first round in those processes")
    relative_position: float = Field(description="Median of (step - 1) / (steps - 1): 0 first, 1 last")


class IncludedRoundType(BaseModel):
    round_type: str
    label: str
    prep_in: int = Field(description="Position of the round whose items cover it (this round, or an earlier one)")


class Round(BaseModel):
    position: int = Field(description="1-based place in the loop")
    name: str
    round_type: str
    round_type_label: str
    family: str
    is_interview: bool
    duration: str | None = Field(description="Length as the data states it (typical length for custom/typical)")
    minutes_low: int | None
    minutes_high: int | None
    duration_basis: Literal["stated", "typical"] | None = Field(
        description="'stated' by the company's data, 'typical' from what candidates report, None when unknown"
    )
    details: str | None = Field(description="What this company's round involves")
    questions: list[str]
    what_candidates_report: str | None = Field(description="What candidates report about this round type in general")
    weight: float = Field(description="Relative prep effort of the round type (data/rounds.yaml)")
    includes: list[IncludedRoundType] = Field([], description="Round types a panel/onsite round's description names")
    items: list[ChecklistItem]
    same_prep_as: int | None = Field(description="Position of an earlier round of the same type that lists the prep")
    evidence: Evidence
    base_rate: BaseRate | None = None


class ProcessSummary(BaseModel):
    id: str
    kind: str
    kind_label: str
    label: str = Field(description="Name, role or level, whichever the data gives")
    name: str | None = None
    role: str | None = None
    level: str | None = None
    reported: str | None = None
    timeline: str | None = None
    summary: str | None = None
    notes: list[str] = []
    step_count: int = 0
    interview_stage_count: int = 0
    posting_ids: list[str] = []
    source_count: int = 0


class CompanyInfo(BaseModel):
    slug: str
    name: str
    category: str | None = None
    note: str | None = None
    website: str | None = None
    source_count: int = 0


class Totals(BaseModel):
    rounds: int
    interview_stages: int
    known_minutes_low: int | None = Field(
        description="Sum of the live interview stages with a known length "
        "(take-homes and work trials are counted apart)"
    )
    known_minutes_high: int | None
    take_home_minutes_low: int | None = Field(
        description="Sum of the take-home / work-trial stages with a known length"
    )
    take_home_minutes_high: int | None
    time_basis: Literal["stated", "typical"]
    interview_stages_without_duration: int
    prep_items: int


class Checklist(BaseModel):
    format_version: int = FORMAT_VERSION
    kind: Literal["company", "custom", "typical"]
    key: str = Field(description="Prefix of the item ids: process id, 'custom-<slug>' or 'typical'")
    title: str
    company: CompanyInfo | None = None
    company_name: str | None = Field(None, description="The company, also for a custom checklist")
    process: ProcessSummary | None = None
    processes: list[ProcessSummary] = Field([], description="All processes of the company, the selected one included")
    process_sources: list[SourceLink] = Field([], description="The sources this process was reported in")
    rounds: list[Round]
    totals: Totals
    other_sources: list[SourceLink] = Field(
        [], description="Sources about the company tagged with no round type of this loop (nor backing the process)"
    )
    base_processes: int | None = Field(None, description="typical: the number of processes the base rates come from")

    @property
    def is_candidate_report(self) -> bool:
        return self.process is not None and self.process.kind == "candidate_report"


# --- Rows in ------------------------------------------------------------------------------------------


@dataclass
class Knowledge:
    """The round-type knowledge base: `round_types` rows (with `source_count`) and `prep_items` rows
    (with `source_links`, a JSON array of {url, title, platform, published})."""

    round_types: list[Row]
    prep_items: list[Row]

    def round_type(self, slug: str) -> Row:
        for row in self.round_types:
            if row["slug"] == slug:
                return row
        round_type = ROUND_TYPES_BY_SLUG[slug]  # a database older than the taxonomy: labels only
        return {
            "slug": slug,
            "label": round_type.label,
            "family": round_type.family,
            "is_interview": int(round_type.is_interview),
            "weight": 1.0,
            "source_count": 0,
        }

    def items_for(self, slug: str) -> list[Row]:
        return sorted((row for row in self.prep_items if row["round_type"] == slug), key=lambda row: row["position"])


@dataclass
class CompanyRows:
    """Everything the checklist of one company needs, as read from the database."""

    company: Row
    processes: list[Row]  # ordered by position
    steps: list[Row]  # of all the company's processes
    company_sources: list[Row]  # sources about the company; `round_types` is a JSON array
    process_sources: list[Row] = field(default_factory=list)  # with `process_id`


class UnknownProcess(ValueError):
    def __init__(self, choices: list[ProcessSummary]):
        super().__init__("unknown process")
        self.choices = choices


class UnknownRoundTypes(ValueError):
    def __init__(self, unknown: list[str]):
        super().__init__("unknown round types")
        self.unknown = unknown


# --- Helpers ------------------------------------------------------------------------------------------


def _json_list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


def _link(row: Row) -> SourceLink:
    return SourceLink(
        url=row["url"],
        title=row.get("title") or row["url"],
        platform=row.get("platform"),
        published=row.get("published"),
        score=row.get("score"),
    )


def _recency_key(row: Row) -> tuple:
    # Most recent first; undated last; then the most upvoted.
    return (row.get("published") or "", row.get("score") or 0)


def _evidence(rows: Sequence[Row], scope: Literal["company", "all_companies"], all_companies_count: int) -> Evidence:
    unique = list({row["url"]: row for row in rows}.values())
    ordered = sorted(unique, key=_recency_key, reverse=True)
    platforms = Counter(row.get("platform") or "other" for row in unique)
    dates = [row["published"] for row in unique if row.get("published")]
    return Evidence(
        scope=scope,
        count=len(unique),
        platforms=dict(sorted(platforms.items(), key=lambda pair: (-pair[1], pair[0]))),
        latest=max(dates) if dates else None,
        sources=[_link(row) for row in ordered[:EVIDENCE_LINKS]],
        all_companies_count=all_companies_count,
    )


def _items(key: str, item_rows: Iterable[Row], company_urls: frozenset[str] = frozenset()) -> list[ChecklistItem]:
    """Prep items with their sources; those citing a source about the company come first (stable sort)."""
    items = []
    for row in item_rows:
        links = {
            link["url"]: link
            for link in _json_list(row.get("source_links"))
            if isinstance(link, dict) and link.get("url")
        }
        ordered_urls = [url for url in _json_list(row.get("sources")) if url in links] or list(links)
        items.append(
            ChecklistItem(
                id=f"{key}:{row['id']}",
                prep_item_id=row["id"],
                round_type=row["round_type"],
                text=row["text"],
                sources=[_link(links[url]) for url in ordered_urls],
                cites_company=bool(company_urls & set(ordered_urls)),
            )
        )
    return sorted(items, key=lambda item: not item.cites_company)


def process_summary(row: Row) -> ProcessSummary:
    kind = row.get("kind") or "job_posting"
    label = row.get("name") or row.get("role") or row.get("level") or row["id"]
    return ProcessSummary(
        id=row["id"],
        kind=kind,
        kind_label=KIND_LABELS.get(kind, kind),
        label=label,
        name=row.get("name"),
        role=row.get("role"),
        level=row.get("level"),
        reported=row.get("reported"),
        timeline=row.get("timeline"),
        summary=row.get("summary"),
        notes=_json_list(row.get("notes")),
        step_count=row.get("step_count") or 0,
        interview_stage_count=row.get("interview_stage_count") or 0,
        posting_ids=[str(posting) for posting in _json_list(row.get("posting_ids"))],
        source_count=row.get("source_count") or 0,
    )


def _minutes_sum(rounds: list[Round]) -> tuple[int | None, int | None]:
    timed = [r for r in rounds if r.minutes_low is not None]
    if not timed:
        return None, None
    return (
        sum(r.minutes_low for r in timed),
        sum(r.minutes_high if r.minutes_high is not None else r.minutes_low for r in timed),
    )


def _totals(rounds: list[Round], time_basis: Literal["stated", "typical"]) -> Totals:
    interviews = [r for r in rounds if r.is_interview]
    take_homes = [r for r in interviews if r.family == TAKE_HOME_FAMILY]
    live_low, live_high = _minutes_sum([r for r in interviews if r.family != TAKE_HOME_FAMILY])
    take_home_low, take_home_high = _minutes_sum(take_homes)
    return Totals(
        rounds=len(rounds),
        interview_stages=len(interviews),
        known_minutes_low=live_low,
        known_minutes_high=live_high,
        take_home_minutes_low=take_home_low,
        take_home_minutes_high=take_home_high,
        time_basis=time_basis,
        interview_stages_without_duration=sum(1 for r in interviews if r.minutes_low is None),
        prep_items=sum(len(r.items) for r in rounds),
    )


def known_time_label(totals: Totals) -> str:
    """Live interview time: '7 h', '3 h 15 – 4 h', or 'not stated'."""
    if totals.known_minutes_low is None:
        return "not stated"
    return format_range(totals.known_minutes_low, totals.known_minutes_high)


def take_home_time_label(totals: Totals) -> str | None:
    if totals.take_home_minutes_low is None:
        return None
    return format_range(totals.take_home_minutes_low, totals.take_home_minutes_high)


_CLAUSE_SEPARATORS = re.compile(r",|;|\band\b|\bplus\b|\+", re.IGNORECASE)
_NOT_INCLUDED = {"panel", "other"}


def included_round_types(details: str | None) -> list[str]:
    """Round types named in the description of an onsite/panel round, clause by clause.

    '4 rounds, including distributed systems design and hybrid search' -> ['system_design'].
    """
    found = []
    for clause in _CLAUSE_SEPARATORS.split(details or ""):
        slug = classify(clause) if clause.strip() else "other"
        if slug not in _NOT_INCLUDED and ROUND_TYPES_BY_SLUG[slug].is_interview and slug not in found:
            found.append(slug)
    return found


def _assemble_rounds(
    key: str, specs: list[dict], knowledge: Knowledge, company_urls: frozenset[str] = frozenset()
) -> list[Round]:
    """Rounds from per-round specs (name, round type, duration, details...), prep listed once per round type."""
    rounds: list[Round] = []
    first_of_type: dict[str, int] = {}
    for position, spec in enumerate(specs, start=1):
        slug = spec["round_type"]
        round_type = knowledge.round_type(slug)
        same_prep_as = first_of_type.get(slug)
        items = [] if same_prep_as else _items(key, knowledge.items_for(slug), company_urls)
        first_of_type.setdefault(slug, position)
        includes = []
        for included in included_round_types(spec.get("details")) if slug == "panel" else []:
            if included not in first_of_type:
                items += _items(key, knowledge.items_for(included), company_urls)
                first_of_type[included] = position
            includes.append(
                IncludedRoundType(
                    round_type=included, label=knowledge.round_type(included)["label"], prep_in=first_of_type[included]
                )
            )
        rounds.append(
            Round(
                position=position,
                name=spec["name"],
                round_type=slug,
                round_type_label=round_type["label"],
                family=round_type["family"],
                is_interview=spec.get("is_interview", bool(round_type.get("is_interview", 1))),
                duration=spec.get("duration"),
                minutes_low=spec.get("minutes_low"),
                minutes_high=spec.get("minutes_high"),
                duration_basis=spec.get("duration_basis"),
                details=spec.get("details"),
                questions=spec.get("questions", []),
                what_candidates_report=round_type.get("what_candidates_report"),
                weight=round_type.get("weight") or 1.0,
                includes=includes,
                items=items,
                same_prep_as=same_prep_as,
                evidence=spec["evidence"],
                base_rate=spec.get("base_rate"),
            )
        )
    return rounds


def _typical_duration(round_type: Row) -> dict:
    if round_type.get("reported_minutes_low") is None:
        return {
            "duration": round_type.get("reported_duration"),
            "minutes_low": None,
            "minutes_high": None,
            "duration_basis": "typical" if round_type.get("reported_duration") else None,
        }
    return {
        "duration": round_type.get("reported_duration"),
        "minutes_low": round_type["reported_minutes_low"],
        "minutes_high": round_type.get("reported_minutes_high"),
        "duration_basis": "typical",
    }


def _round_type_evidence(slug: str, knowledge: Knowledge, round_type_sources: Sequence[Row]) -> Evidence:
    rows = [row for row in round_type_sources if row["round_type"] == slug]
    return _evidence(rows, "all_companies", knowledge.round_type(slug).get("source_count") or len(rows))


# --- Company checklist --------------------------------------------------------------------------------


DEFAULT_PROCESS_RULE = (
    "Without ?process=, a checklist follows the company's most complete loop (the most interview stages listed), "
    "and of equally complete ones the most recently reported (dated before undated), then the first in the data."
)


def default_process(processes: Sequence[Row]) -> Row:
    """The process a company's checklist opens on: DEFAULT_PROCESS_RULE."""
    by_recency = sorted(processes, key=lambda process: process.get("reported") or "", reverse=True)
    return min(by_recency, key=lambda process: -(process.get("interview_stage_count") or 0))


def select_process(rows: CompanyRows, process_id: str | None) -> Row:
    """The requested process, or the default one (DEFAULT_PROCESS_RULE); UnknownProcess lists the choices."""
    if not process_id:
        if not rows.processes:
            raise UnknownProcess([])
        return default_process(rows.processes)
    for process in rows.processes:
        if process["id"] == process_id:
            return process
    raise UnknownProcess([process_summary(process) for process in rows.processes])


def build_checklist(rows: CompanyRows, knowledge: Knowledge, process_id: str | None = None) -> Checklist:
    """The checklist of one company's loop: one round per step, in the data's order."""
    process = select_process(rows, process_id)
    company_sources = rows.company_sources
    steps = sorted(
        (step for step in rows.steps if step["process_id"] == process["id"]), key=lambda step: step["position"]
    )
    specs = []
    for step in steps:
        slug = step["round_type"]
        about_round = [source for source in company_sources if slug in _json_list(source.get("round_types"))]
        specs.append(
            {
                "name": step["name"],
                "round_type": slug,
                "is_interview": bool(step["is_interview"]),
                "duration": step.get("duration"),
                "minutes_low": step.get("minutes_low"),
                "minutes_high": step.get("minutes_high"),
                "duration_basis": "stated" if step.get("minutes_low") is not None or step.get("duration") else None,
                "details": step.get("details"),
                "questions": [str(q) for q in _json_list(step.get("questions"))],
                "evidence": _evidence(about_round, "company", knowledge.round_type(slug).get("source_count") or 0),
            }
        )
    company_urls = frozenset(row["url"] for row in company_sources) | {
        row["url"] for row in rows.process_sources if row.get("process_id") == process["id"]
    }
    rounds = _assemble_rounds(process["id"], specs, knowledge, company_urls)
    loop_types = {r.round_type for r in rounds}
    own_sources = [row for row in rows.process_sources if row.get("process_id") == process["id"]]
    own_urls = {row["url"] for row in own_sources}
    other = [
        source
        for source in company_sources
        if not loop_types & set(_json_list(source.get("round_types"))) and source["url"] not in own_urls
    ]
    company = rows.company
    return Checklist(
        kind="company",
        key=process["id"],
        title=f"Prep checklist: {company['name']}",
        company=CompanyInfo(
            slug=company["slug"],
            name=company["name"],
            category=company.get("category"),
            note=company.get("note"),
            website=company.get("website"),
            source_count=company.get("source_count") or len(company_sources),
        ),
        company_name=company["name"],
        process=process_summary(process),
        processes=[process_summary(row) for row in rows.processes],
        process_sources=[_link(row) for row in sorted(own_sources, key=_recency_key, reverse=True)],
        rounds=rounds,
        totals=_totals(rounds, "stated"),
        other_sources=[
            _link(row) for row in sorted({row["url"]: row for row in other}.values(), key=_recency_key, reverse=True)
        ],
    )


# --- Custom checklist ---------------------------------------------------------------------------------


def parse_round_types(values: Iterable[str]) -> list[str]:
    """'recruiter_screen,coding' (or several values) -> slugs in order; UnknownRoundTypes on any unknown one.

    Hyphens and capitals are forgiven ('Take-Home' is take_home); repeats are kept (two coding rounds).
    """
    slugs, unknown = [], []
    for value in values:
        for part in value.split(","):
            slug = part.strip().lower().replace("-", "_").replace(" ", "_")
            if not slug:
                continue
            (slugs if slug in ROUND_TYPES_BY_SLUG else unknown).append(slug)
    if unknown:
        raise UnknownRoundTypes(unknown)
    return slugs


def build_custom_checklist(
    round_type_slugs: Sequence[str],
    knowledge: Knowledge,
    round_type_sources: Sequence[Row],
    company_name: str | None = None,
) -> Checklist:
    """A checklist for the rounds a candidate was told about; durations and evidence are typical ones."""
    slug = slugify(company_name or "") or "your-loop"
    specs = []
    for round_slug in round_type_slugs:
        round_type = knowledge.round_type(round_slug)
        specs.append(
            {
                "name": round_type["label"],
                "round_type": round_slug,
                **_typical_duration(round_type),
                "evidence": _round_type_evidence(round_slug, knowledge, round_type_sources),
            }
        )
    key = f"custom-{slug}"
    rounds = _assemble_rounds(key, specs, knowledge)
    return Checklist(
        kind="custom",
        key=key,
        title=f"Prep checklist: {company_name}" if company_name else "Prep checklist for your loop",
        company_name=company_name,
        rounds=rounds,
        totals=_totals(rounds, "typical"),
    )


# --- Base rates and the typical loop ------------------------------------------------------------------


def compute_base_rates(step_rows: Iterable[Row]) -> list[BaseRate]:
    """Each round type's share of the processes (with at least one step) and its usual place in them.

    `step_rows` need `process_id`, `position` and `round_type`. The position of a round type in a process
    is that of its first step; "usual" is the median over the processes that have it.
    """
    steps_by_process: dict[str, list[Row]] = {}
    for row in step_rows:
        steps_by_process.setdefault(row["process_id"], []).append(row)
    total = len(steps_by_process)
    first_positions: dict[str, list[tuple[int, float]]] = {}
    for steps in steps_by_process.values():
        count = len(steps)
        seen: set[str] = set()
        for step_number, step in enumerate(sorted(steps, key=lambda step: step["position"]), start=1):
            slug = step["round_type"]
            if slug in seen:
                continue
            seen.add(slug)
            relative = (step_number - 1) / (count - 1) if count > 1 else 0.0
            first_positions.setdefault(slug, []).append((step_number, relative))
    taxonomy_order = {round_type.slug: index for index, round_type in enumerate(ROUND_TYPES)}
    rates = []
    for slug, positions in first_positions.items():
        if slug not in ROUND_TYPES_BY_SLUG:
            continue
        rates.append(
            BaseRate(
                round_type=slug,
                label=ROUND_TYPES_BY_SLUG[slug].label,
                process_count=len(positions),
                total_processes=total,
                share=len(positions) / total,
                usual_step=round(statistics.median(step for step, _ in positions)),
                relative_position=statistics.median(relative for _, relative in positions),
            )
        )
    return sorted(rates, key=lambda rate: (-rate.process_count, taxonomy_order[rate.round_type]))


def typical_loop(base_rates: Sequence[BaseRate], min_share: float = TYPICAL_MIN_SHARE) -> list[BaseRate]:
    """The round types common enough to expect (share >= min_share; 'other' excluded), in their usual order."""
    taxonomy_order = {round_type.slug: index for index, round_type in enumerate(ROUND_TYPES)}
    common = [rate for rate in base_rates if rate.share >= min_share and rate.round_type != "other"]
    return sorted(common, key=lambda rate: (rate.relative_position, rate.usual_step, taxonomy_order[rate.round_type]))


def build_typical_checklist(
    base_rates: Sequence[BaseRate], knowledge: Knowledge, round_type_sources: Sequence[Row]
) -> Checklist:
    loop = typical_loop(base_rates)
    specs = []
    for rate in loop:
        round_type = knowledge.round_type(rate.round_type)
        specs.append(
            {
                "name": round_type["label"],
                "round_type": rate.round_type,
                **_typical_duration(round_type),
                "evidence": _round_type_evidence(rate.round_type, knowledge, round_type_sources),
                "base_rate": rate,
            }
        )
    rounds = _assemble_rounds("typical", specs, knowledge)
    return Checklist(
        kind="typical",
        key="typical",
        title="Prep checklist: the typical loop (base rates)",
        rounds=rounds,
        totals=_totals(rounds, "typical"),
        base_processes=base_rates[0].total_processes if base_rates else 0,
    )
