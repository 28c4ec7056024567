"""The prep checklist: plain rows from the interview database -> a `Checklist`.

Three kinds of checklist share one model:

- `company`: a company's loop as the data describes it, or its loops merged
  (`build_checklist`);
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
Questions from the bank (planner/questions.py) are ticked like items, as
`f"{checklist.key}:q:{question_id}"`: the questions a source ties to this
company for the round's type (`asked_here`), then others of the round type
(`most_reported`: on a company's checklist the most relevant to the company,
planner/relevance.py; else the most reported). The company's questions of round
types no round covers are `also_asked_here`, never dropped.

A company with several reported loops opens on them merged by round type
(planner/loops.py, LOOP_RULE; its key is the company's slug); `?process=` gives
one loop step by step, as below.

Whose advice. A prep item whose sources are all about other companies (each
source names companies, none of them this one) carries `reported_at` (their
names). On a company checklist such items are listed apart, in
`other_company_items`, and left out of the counts and the plan's hours, unless
`include_others` asks for them: then they join `items`, still marked.
`totals.own_source_items` counts the items resting on the company's own sources.

An onsite or panel round is several interviews in one: the round types its
description names ("4 rounds, including distributed systems design") are
listed in `includes`, and their prep joins the round's own (each item keeps
its `round_type`), unless an earlier round already covers that type.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from datasette_interview_prep.core.labels import PROCESS_KIND_LABELS
from datasette_interview_prep.core.rounds import (
    ROUND_TYPES_BY_SLUG,
    TAKE_HOME_FAMILY,
    classify,
)
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.core.text import json_list
from datasette_interview_prep.planner.base_rates import BaseRate, typical_loop
from datasette_interview_prep.planner.checklist_model import (
    EVIDENCE_LINKS,
    MOST_REPORTED_QUESTIONS,
    Checklist,
    ChecklistItem,
    CompanyInfo,
    Evidence,
    IncludedRoundType,
    ProcessSummary,
    Round,
    RoundQuestion,
    RoundReport,
    SourceLink,
    Totals,
)
from datasette_interview_prep.planner.loops import (
    LOOP_RULE,
    MergedLoop,
    MergedRound,
    choices,
    lead_order,
    merge_loops,
)
from datasette_interview_prep.planner.questions import BankQuestion, QuestionIndex, company_label
from datasette_interview_prep.planner.relevance import CompanyProfile, company_profile, most_relevant, words
from datasette_interview_prep.planner.rows import (
    CompanyRow,
    HeldRow,
    PrepItemRow,
    ProcessRow,
    RawRow,
    RoundTypeRow,
    SourceRow,
    StepRow,
)

MAX_CUSTOM_ROUNDS = 20


# --- Rows in ------------------------------------------------------------------------------------------


@dataclass
class Knowledge:
    """The round-type knowledge base: `round_types` rows (with `source_count`), `prep_items` rows
    (with `source_links`, a JSON array of {url, title, platform, published, companies}), the question
    bank and the names of the companies in the data (slug -> name)."""

    round_types: Sequence[HeldRow]  # planner.rows.RoundTypeRow
    prep_items: Sequence[HeldRow]  # planner.rows.PrepItemRow
    questions: list[BankQuestion] = field(default_factory=list)
    company_names: dict[str, str] = field(default_factory=dict)
    company_categories: dict[str, str | None] = field(default_factory=dict)

    def round_type(self, slug: str) -> RoundTypeRow:
        for row in cast("Sequence[RoundTypeRow]", self.round_types):
            if row["slug"] == slug:
                return row
        round_type = ROUND_TYPES_BY_SLUG[slug]  # a database older than the taxonomy: labels only
        return RoundTypeRow(
            slug=slug,
            label=round_type.label,
            family=round_type.family,
            is_interview=int(round_type.is_interview),
            weight=1.0,
            source_count=0,
        )

    @functools.cached_property
    def question_index(self) -> QuestionIndex:
        return QuestionIndex(self.questions)

    def items_for(self, slug: str) -> list[PrepItemRow]:
        items = cast("Sequence[PrepItemRow]", self.prep_items)
        return sorted((row for row in items if row["round_type"] == slug), key=lambda row: row["position"])


@dataclass
class CompanyRows:
    """Everything the checklist of one company needs, as read from the database."""

    company: HeldRow  # planner.rows.CompanyRow
    processes: Sequence[HeldRow]  # ProcessRow, ordered by position
    steps: Sequence[HeldRow]  # StepRow, of all the company's processes
    company_sources: Sequence[HeldRow]  # SourceRow: sources about the company; `round_types` is a JSON array
    process_sources: Sequence[HeldRow] = field(default_factory=list)  # SourceRow, with `process_id`

    @property
    def typed_company(self) -> CompanyRow:
        return cast(CompanyRow, self.company)

    @property
    def typed_processes(self) -> Sequence[ProcessRow]:
        return cast("Sequence[ProcessRow]", self.processes)

    @property
    def typed_steps(self) -> Sequence[StepRow]:
        return cast("Sequence[StepRow]", self.steps)

    @property
    def typed_company_sources(self) -> Sequence[SourceRow]:
        return cast("Sequence[SourceRow]", self.company_sources)

    @property
    def typed_process_sources(self) -> Sequence[SourceRow]:
        return cast("Sequence[SourceRow]", self.process_sources)


class UnknownProcess(ValueError):
    def __init__(self, choices: list[ProcessSummary]):
        super().__init__("unknown process")
        self.choices = choices


class UnknownRoundTypes(ValueError):
    def __init__(self, unknown: list[str]):
        super().__init__("unknown round types")
        self.unknown = unknown


# --- Helpers ------------------------------------------------------------------------------------------


def _link(row: SourceRow) -> SourceLink:
    return SourceLink(
        url=row["url"],
        title=row.get("title") or row["url"],
        platform=row.get("platform"),
        published=row.get("published"),
        score=row.get("score"),
    )


def _recency_key(row: SourceRow) -> tuple[str, int]:
    # Most recent first; undated last; then the most upvoted.
    return (row.get("published") or "", row.get("score") or 0)


def _newest_first(rows: Iterable[SourceRow]) -> list[SourceRow]:
    """Most recent first, undated last; of the same date, the most upvoted first."""
    return sorted(rows, key=_recency_key, reverse=True)


def _unique_urls(rows: Iterable[SourceRow]) -> list[SourceRow]:
    """One row per URL (the last one given) where the URL first appears."""
    return list({row["url"]: row for row in rows}.values())


def _evidence(
    rows: Sequence[SourceRow], scope: Literal["company", "all_companies"], all_companies_count: int
) -> Evidence:
    unique = _unique_urls(rows)
    ordered = _newest_first(unique)
    platforms = Counter(row.get("platform") or "other" for row in unique)
    dates = [published for row in unique if (published := row.get("published"))]
    return Evidence(
        scope=scope,
        count=len(unique),
        platforms=dict(sorted(platforms.items(), key=lambda pair: (-pair[1], pair[0]))),
        latest=max(dates) if dates else None,
        sources=[_link(row) for row in ordered[:EVIDENCE_LINKS]],
        all_companies_count=all_companies_count,
    )


def reported_elsewhere(links: Iterable[SourceRow], company_slug: str | None) -> list[str]:
    """The companies a prep item's sources are all about, when none is `company_slug`; else [].

    A source naming no company is general advice, so one such source makes the item general too.
    """
    slugs: list[str] = []
    links = list(links)
    for link in links:
        companies = [slug for slug in json_list(link.get("companies")) if isinstance(slug, str)]
        if not companies or company_slug in companies:
            return []
        slugs += [slug for slug in companies if slug not in slugs]
    return slugs if links else []


def _items(
    key: str,
    item_rows: Iterable[PrepItemRow],
    company_urls: frozenset[str] = frozenset(),
    company_slug: str | None = None,
    company_names: Mapping[str, str] | None = None,
) -> list[ChecklistItem]:
    """Prep items with their sources: those citing a source about the company first, those resting only on
    other companies' sources last (stable sort)."""
    items = []
    names = company_names or {}
    for row in item_rows:
        links: dict[str, SourceRow] = {
            link["url"]: cast(SourceRow, link)
            for link in json_list(row.get("source_links"))
            if isinstance(link, dict) and link.get("url")
        }
        ordered_urls = [url for url in json_list(row.get("sources")) if url in links] or list(links)
        cites_company = bool(company_urls & set(ordered_urls))
        elsewhere = [] if cites_company else reported_elsewhere((links[url] for url in ordered_urls), company_slug)
        items.append(
            ChecklistItem(
                id=f"{key}:{row['id']}",
                prep_item_id=row["id"],
                round_type=row["round_type"],
                text=row["text"],
                sources=[_link(links[url]) for url in ordered_urls],
                cites_company=cites_company,
                reported_at=[company_label(slug, names) for slug in elsewhere],
            )
        )
    return sorted(items, key=lambda item: (not item.cites_company, bool(item.reported_at)))


def _round_question(key: str, entry: BankQuestion) -> RoundQuestion:
    return RoundQuestion(
        id=f"{key}:q:{entry.id}",
        question_id=entry.id,
        round_type=entry.round_type,
        question=entry.question,
        topic_label=entry.topic_label,
        format=entry.format,
        date=entry.date,
        encounters=entry.encounters,
        companies=[company.name for company in entry.companies],
        sources=[
            SourceLink(url=source.url, title=source.title, platform=source.platform, published=source.published)
            for source in entry.sources
        ],
    )


def process_summary(row: ProcessRow) -> ProcessSummary:
    kind = row.get("kind") or "job_posting"
    label = row.get("name") or row.get("role") or row.get("level") or row["id"]
    return ProcessSummary(
        id=row["id"],
        kind=kind,
        kind_label=PROCESS_KIND_LABELS.get(kind, kind),
        label=label,
        name=row.get("name"),
        role=row.get("role"),
        level=row.get("level"),
        reported=row.get("reported"),
        timeline=row.get("timeline"),
        summary=row.get("summary"),
        notes=json_list(row.get("notes")),
        step_count=row.get("step_count") or 0,
        interview_stage_count=row.get("interview_stage_count") or 0,
        posting_ids=[str(posting) for posting in json_list(row.get("posting_ids"))],
        source_count=row.get("source_count") or 0,
    )


def _minutes_sum(rounds: list[Round]) -> tuple[int | None, int | None]:
    timed = [(r.minutes_low, r.minutes_high) for r in rounds if r.minutes_low is not None]
    if not timed:
        return None, None
    return sum(low for low, _ in timed), sum(low if high is None else high for low, high in timed)


def _totals(
    rounds: list[Round], time_basis: Literal["stated", "typical"], also_asked: Sequence[RoundQuestion] = ()
) -> Totals:
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
        own_source_items=sum(1 for r in rounds for item in r.items if item.cites_company),
        other_company_items=sum(1 for r in rounds for item in [*r.items, *r.other_company_items] if item.reported_at),
        questions=sum(len(r.asked_here) + len(r.most_reported) for r in rounds) + len(also_asked),
        own_questions=sum(len(r.asked_here) for r in rounds) + len(also_asked),
    )


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


@dataclass(frozen=True)
class RoundSpec:
    """What a loop says about one round, before its prep and the round type's knowledge are added."""

    name: str
    round_type: str
    evidence: Evidence
    is_interview: bool | None = None  # None: the round type's own answer
    duration: str | None = None
    minutes_low: int | None = None
    minutes_high: int | None = None
    duration_basis: Literal["stated", "typical"] | None = None
    details: str | None = None
    questions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    base_rate: BaseRate | None = None
    reports: tuple[RoundReport, ...] = ()

    def words(self) -> frozenset[str]:
        """What the company's data says about the round, as words (for the relevance of fallback questions)."""
        return words([self.name, self.details, *self.questions, *self.topics])


@dataclass(frozen=True)
class TypicalDuration:
    duration: str | None
    minutes_low: int | None
    minutes_high: int | None
    duration_basis: Literal["typical"] | None


@dataclass
class RoundPrep:
    """What a round lists: the prep items of the round types it is the first to cover, and their questions."""

    same_prep_as: int | None  # an earlier round of the same type, which lists the prep
    covered: list[str]  # the round types whose prep it lists: its own (unless same_prep_as), a panel's inclusions
    includes: list[IncludedRoundType]
    items: list[ChecklistItem]
    other_company_items: list[ChecklistItem] = field(default_factory=list)
    asked_here: list[RoundQuestion] = field(default_factory=list)
    most_reported: list[RoundQuestion] = field(default_factory=list)

    def set_apart_other_companies(self) -> None:
        """Move the items backed only by other companies' sources to `other_company_items`."""
        self.other_company_items = [item for item in self.items if item.reported_at]
        self.items = [item for item in self.items if not item.reported_at]


def _assemble_rounds(
    key: str,
    specs: Sequence[RoundSpec],
    knowledge: Knowledge,
    company_urls: frozenset[str] = frozenset(),
    company_slug: str | None = None,
    include_others: bool = True,
) -> list[Round]:
    """Rounds from per-round specs (name, round type, duration, details...), prep listed once per round type.

    With a `company_slug` and not `include_others`, items backed only by other companies' sources are set
    apart (`other_company_items`); the round's questions are those of the round types it holds prep for."""
    first_of_type: dict[str, int] = {}

    def items_of(round_type: str) -> list[ChecklistItem]:
        return _items(key, knowledge.items_for(round_type), company_urls, company_slug, knowledge.company_names)

    profile = (
        company_profile(
            company_slug, knowledge.company_categories, knowledge.question_index.by_company.get(company_slug, [])
        )
        if company_slug
        else None
    )
    rounds = []
    for position, spec in enumerate(specs, start=1):
        prep = _round_prep(position, spec, first_of_type, knowledge, items_of)
        if company_slug is not None and not include_others:
            prep.set_apart_other_companies()
        prep.asked_here, prep.most_reported = _round_questions(key, knowledge, prep.covered, profile, spec.words())
        rounds.append(_round(position, spec, knowledge, prep))
    return rounds


def _round_prep(
    position: int,
    spec: RoundSpec,
    first_of_type: dict[str, int],
    knowledge: Knowledge,
    items_of: Callable[[str], list[ChecklistItem]],
) -> RoundPrep:
    """The prep of the round at `position`: its round type's items unless an earlier round lists them, and
    those of the round types a panel includes that no round covers yet. Records in `first_of_type` (round
    type -> position of the round that lists its prep) the round types it covers."""
    slug = spec.round_type
    same_prep_as = first_of_type.get(slug)
    items = [] if same_prep_as else items_of(slug)
    covered = [] if same_prep_as else [slug]
    first_of_type.setdefault(slug, position)
    includes = []
    for included in included_round_types(spec.details) if slug == "panel" else []:
        if included not in first_of_type:
            items += items_of(included)
            covered.append(included)
            first_of_type[included] = position
        includes.append(
            IncludedRoundType(
                round_type=included, label=knowledge.round_type(included)["label"], prep_in=first_of_type[included]
            )
        )
    return RoundPrep(same_prep_as, covered, includes, items)


def _round_questions(
    key: str,
    knowledge: Knowledge,
    covered: Sequence[str],
    profile: CompanyProfile | None,
    round_words: frozenset[str] = frozenset(),
) -> tuple[list[RoundQuestion], list[RoundQuestion]]:
    """The questions asked at the company of the covered round types, then others of them (at most
    MOST_REPORTED_QUESTIONS, none of those asked here): on a company's checklist the most relevant to it
    (planner/relevance.py), elsewhere the most reported."""
    index = knowledge.question_index
    asked = index.asked_at_company(covered, profile.slug) if profile else []
    asked_ids = {entry.id for entry in asked}
    if profile is not None:
        candidates = [entry for rt in covered for entry in index.by_round_type.get(rt, [])]
        candidates.sort(key=lambda entry: -entry.encounters)  # stable: bank order among equals
        most = most_relevant(candidates, profile, round_words, MOST_REPORTED_QUESTIONS, asked_ids)
    else:
        most = sorted(
            (entry for rt in covered for entry in index.most_reported(rt, MOST_REPORTED_QUESTIONS, asked_ids)),
            key=lambda entry: -entry.encounters,
        )[:MOST_REPORTED_QUESTIONS]
    return [_round_question(key, entry) for entry in asked], [_round_question(key, entry) for entry in most]


def _round(position: int, spec: RoundSpec, knowledge: Knowledge, prep: RoundPrep) -> Round:
    round_type = knowledge.round_type(spec.round_type)
    return Round(
        position=position,
        name=spec.name,
        round_type=spec.round_type,
        round_type_label=round_type["label"],
        family=round_type["family"],
        is_interview=bool(round_type.get("is_interview", 1)) if spec.is_interview is None else spec.is_interview,
        duration=spec.duration,
        minutes_low=spec.minutes_low,
        minutes_high=spec.minutes_high,
        duration_basis=spec.duration_basis,
        details=spec.details,
        questions=list(spec.questions),
        topics=list(spec.topics),
        what_candidates_report=round_type.get("what_candidates_report"),
        weight=round_type.get("weight") or 1.0,
        includes=prep.includes,
        items=prep.items,
        other_company_items=prep.other_company_items,
        asked_here=prep.asked_here,
        most_reported=prep.most_reported,
        round_type_questions=knowledge.question_index.count(spec.round_type),
        same_prep_as=prep.same_prep_as,
        reports=list(spec.reports),
        evidence=spec.evidence,
        base_rate=spec.base_rate,
    )


def _typical_duration(round_type: RoundTypeRow) -> TypicalDuration:
    if round_type.get("reported_minutes_low") is None:
        return TypicalDuration(
            duration=round_type.get("reported_duration"),
            minutes_low=None,
            minutes_high=None,
            duration_basis="typical" if round_type.get("reported_duration") else None,
        )
    return TypicalDuration(
        duration=round_type.get("reported_duration"),
        minutes_low=round_type["reported_minutes_low"],
        minutes_high=round_type.get("reported_minutes_high"),
        duration_basis="typical",
    )


def _typical_spec(
    round_slug: str, knowledge: Knowledge, round_type_sources: Sequence[SourceRow], base_rate: BaseRate | None = None
) -> RoundSpec:
    """A round as the round type usually is: its label, typical length and the evidence about it."""
    round_type = knowledge.round_type(round_slug)
    typical = _typical_duration(round_type)
    return RoundSpec(
        name=round_type["label"],
        round_type=round_slug,
        evidence=_round_type_evidence(round_slug, knowledge, round_type_sources),
        duration=typical.duration,
        minutes_low=typical.minutes_low,
        minutes_high=typical.minutes_high,
        duration_basis=typical.duration_basis,
        base_rate=base_rate,
    )


def _round_type_evidence(slug: str, knowledge: Knowledge, round_type_sources: Sequence[SourceRow]) -> Evidence:
    rows = [row for row in round_type_sources if row["round_type"] == slug]
    return _evidence(rows, "all_companies", knowledge.round_type(slug).get("source_count") or len(rows))


# --- Company checklist --------------------------------------------------------------------------------


DEFAULT_PROCESS_RULE = LOOP_RULE  # planner/loops.py


def default_process(processes: Sequence[ProcessRow]) -> ProcessRow:
    """The lead of a company's loops when none is asked for: LOOP_RULE's lead loop."""
    return lead_order(processes)[0]


def select_process(rows: CompanyRows, process_id: str) -> ProcessRow:
    """The requested process; UnknownProcess lists the choices."""
    for process in rows.typed_processes:
        if process["id"] == process_id:
            return process
    raise UnknownProcess([process_summary(process) for process in rows.typed_processes])


@dataclass(frozen=True)
class LoopChoice:
    """Which loop a company checklist shows: `process_id` (one loop as reported) or the merged loops, kept by
    `role` and `level` (planner/loops.py)."""

    process_id: str | None = None
    role: str | None = None
    level: str | None = None


def build_checklist(
    rows: CompanyRows,
    knowledge: Knowledge,
    process_id: str | None = None,
    include_others: bool = False,
    choice: LoopChoice | None = None,
) -> Checklist:
    """The checklist of one company: one loop as reported (`process_id`, or a company's only loop), else its
    loops merged by round type (LOOP_RULE); UnknownProcess, loops.UnknownChoice for what matches nothing.

    `include_others` counts (and plans) the items backed only by other companies' sources too."""
    choice = choice or LoopChoice(process_id=process_id)
    processes, steps = rows.typed_processes, rows.typed_steps
    if not processes:
        raise UnknownProcess([])
    if choice.process_id:
        process = select_process(rows, choice.process_id)
        return _one_loop_checklist(rows, knowledge, process, include_others)
    with_steps = {step["process_id"] for step in steps}
    if sum(1 for process in processes if process["id"] in with_steps) < 2 and not (choice.role or choice.level):
        return _one_loop_checklist(rows, knowledge, default_process(processes), include_others)
    merged = merge_loops(processes, steps, choice.role, choice.level)
    if len(merged.processes) == 1:
        checklist = _one_loop_checklist(rows, knowledge, merged.lead, include_others)
        return checklist.model_copy(update={"role": merged.role, "level": merged.level})
    return _merged_checklist(rows, knowledge, merged, include_others)


def _company_checklist(
    rows: CompanyRows,
    knowledge: Knowledge,
    key: str,
    lead: ProcessRow,
    specs: Sequence[RoundSpec],
    own_sources: Sequence[SourceRow],
    include_others: bool,
) -> Checklist:
    company, company_sources = rows.typed_company, rows.typed_company_sources
    company_urls = frozenset(row["url"] for row in company_sources) | {row["url"] for row in own_sources}
    rounds = _assemble_rounds(key, specs, knowledge, company_urls, company["slug"], include_others=include_others)
    shown = {question.question_id for round_ in rounds for question in round_.asked_here}
    also_asked = [
        _round_question(key, entry)
        for entry in knowledge.question_index.by_company.get(company["slug"], [])
        if entry.id not in shown
    ]
    return Checklist(
        kind="company",
        key=key,
        title=f"Prep checklist: {company['name']}",
        company=_company_info(company, company_sources),
        company_name=company["name"],
        process=process_summary(lead),
        processes=[process_summary(row) for row in rows.typed_processes],
        process_sources=[_link(row) for row in _newest_first(_unique_urls(own_sources))],
        rounds=rounds,
        totals=_totals(rounds, "stated", also_asked),
        includes_other_companies=include_others,
        other_sources=[_link(row) for row in _newest_first(_other_sources(company_sources, own_sources, rounds))],
        roles=choices(rows.typed_processes, "role"),
        levels=choices(rows.typed_processes, "level"),
        also_asked_here=also_asked,
    )


def _one_loop_checklist(
    rows: CompanyRows, knowledge: Knowledge, process: ProcessRow, include_others: bool
) -> Checklist:
    """One loop as reported: one round per step, in the data's order."""
    steps = sorted(
        (step for step in rows.typed_steps if step["process_id"] == process["id"]), key=lambda step: step["position"]
    )
    specs = [_step_spec(step, rows.typed_company_sources, knowledge) for step in steps]
    own_sources = [row for row in rows.typed_process_sources if row.get("process_id") == process["id"]]
    return _company_checklist(rows, knowledge, process["id"], process, specs, own_sources, include_others)


def _merged_checklist(rows: CompanyRows, knowledge: Knowledge, merged: MergedLoop, include_others: bool) -> Checklist:
    """The company's loops merged by round type (LOOP_RULE); its key is the company's slug."""
    ids = [process["id"] for process in merged.processes]
    specs = [_merged_spec(round_, merged, rows.typed_company_sources, knowledge) for round_ in merged.rounds]
    own_sources = [row for row in rows.typed_process_sources if row.get("process_id") in ids]
    checklist = _company_checklist(
        rows, knowledge, rows.typed_company["slug"], merged.lead, specs, own_sources, include_others
    )
    return checklist.model_copy(update={"merged": ids, "role": merged.role, "level": merged.level})


def _step_label(step: StepRow) -> str:
    return f"{step['name']} ({step['duration']})" if step.get("duration") else step["name"]


def _merged_spec(
    round_: MergedRound, merged: MergedLoop, company_sources: Sequence[SourceRow], knowledge: Knowledge
) -> RoundSpec:
    """A round of the merged loop: named, timed and described by its first step that says (lead loop first),
    with the details, questions and topics of all its steps, and the reports that include it."""
    steps = round_.steps
    first = steps[0]
    timed = next((step for step in steps if step.get("minutes_low") is not None or step.get("duration")), None)
    base = _step_spec(timed or first, company_sources, knowledge)
    details = list(dict.fromkeys(detail for step in steps if (detail := step.get("details"))))
    by_id = {process["id"]: process for process in merged.processes}
    reports = tuple(
        RoundReport(
            process_id=process_id,
            label=process_summary(by_id[process_id]).label,
            reported=by_id[process_id].get("reported"),
            steps=[_step_label(step) for step in steps if step["process_id"] == process_id],
        )
        for process_id in round_.process_ids
    )
    return RoundSpec(
        name=first["name"] if len(steps) == 1 else knowledge.round_type(round_.round_type)["label"],
        round_type=round_.round_type,
        is_interview=any(bool(step["is_interview"]) for step in steps),
        duration=base.duration,
        minutes_low=base.minutes_low,
        minutes_high=base.minutes_high,
        duration_basis=base.duration_basis,
        details="; ".join(detail.rstrip(" .;") for detail in details) or None,
        questions=tuple(dict.fromkeys(str(q) for step in steps for q in json_list(step.get("questions")))),
        topics=tuple(dict.fromkeys(str(t) for step in steps for t in json_list(step.get("topics")))),
        evidence=base.evidence,
        reports=reports,
    )


def _step_spec(step: StepRow, company_sources: Sequence[SourceRow], knowledge: Knowledge) -> RoundSpec:
    """A step of the company's loop as the round it is, with the sources about the company and its round type."""
    slug = step["round_type"]
    about_round = [source for source in company_sources if slug in json_list(source.get("round_types"))]
    return RoundSpec(
        name=step["name"],
        round_type=slug,
        is_interview=bool(step["is_interview"]),
        duration=step.get("duration"),
        minutes_low=step.get("minutes_low"),
        minutes_high=step.get("minutes_high"),
        duration_basis="stated" if step.get("minutes_low") is not None or step.get("duration") else None,
        details=step.get("details"),
        questions=tuple(str(q) for q in json_list(step.get("questions"))),
        topics=tuple(str(topic) for topic in json_list(step.get("topics"))),
        evidence=_evidence(about_round, "company", knowledge.round_type(slug).get("source_count") or 0),
    )


def _other_sources(
    company_sources: Sequence[SourceRow], own_sources: Sequence[SourceRow], rounds: Sequence[Round]
) -> list[SourceRow]:
    """The sources about the company tagged with none of the loop's round types, nor backing the process."""
    loop_types = {r.round_type for r in rounds}
    own_urls = {row["url"] for row in own_sources}
    return _unique_urls(
        source
        for source in company_sources
        if not loop_types & set(json_list(source.get("round_types"))) and source["url"] not in own_urls
    )


def _company_info(company: CompanyRow, company_sources: Sequence[SourceRow]) -> CompanyInfo:
    return CompanyInfo(
        slug=company["slug"],
        name=company["name"],
        category=company.get("category"),
        note=company.get("note"),
        website=company.get("website"),
        source_count=company.get("source_count") or len(company_sources),
    )


# --- Custom checklist ---------------------------------------------------------------------------------


def parse_round_types(values: Iterable[str]) -> list[str]:
    """'recruiter_screen,coding' (or several values) -> slugs in order; UnknownRoundTypes on any unknown one.

    Hyphens and capitals are forgiven ('Take-Home' is take_home); repeats are kept (two coding rounds).
    """
    slugs: list[str] = []
    unknown: list[str] = []
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
    round_type_sources: Sequence[RawRow],
    company_name: str | None = None,
) -> Checklist:
    """A checklist for the rounds a candidate was told about; durations and evidence are typical ones.

    `round_type_sources`: SourceRow with `round_type`, one per source and round type."""
    slug = slugify(company_name or "") or "your-loop"
    sources = cast("Sequence[SourceRow]", round_type_sources)
    specs = [_typical_spec(round_slug, knowledge, sources) for round_slug in round_type_slugs]
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


def build_typical_checklist(
    base_rates: Sequence[BaseRate], knowledge: Knowledge, round_type_sources: Sequence[RawRow]
) -> Checklist:
    """The loop the base rates suggest (`typical_loop`), with typical durations and evidence."""
    loop = typical_loop(base_rates)
    sources = cast("Sequence[SourceRow]", round_type_sources)
    specs = [_typical_spec(rate.round_type, knowledge, sources, rate) for rate in loop]
    rounds = _assemble_rounds("typical", specs, knowledge)
    return Checklist(
        kind="typical",
        key="typical",
        title="Prep checklist: the typical loop (base rates)",
        rounds=rounds,
        totals=_totals(rounds, "typical"),
        base_processes=base_rates[0].total_processes if base_rates else 0,
    )
