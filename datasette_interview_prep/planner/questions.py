"""The question bank: rows of the `questions` table -> filtered, ordered, paged `QuestionPage`s.

Pure: rows are plain dicts as web/questions_read.py returns them, so all of it is
tested on hand-made rows. Parsing a row (its JSON `companies` and `sources`
cells) happens once per database file (`entries_from_rows`); a request only
filters and orders the parsed entries.

The parsed bank is held for the life of the file, so its entries are compact
(`BankQuestion`: slotted, with shared source and company records and interned
labels, about 0.5 kB a question against 2.6 kB as pydantic models; 48,600
questions at 100x). Only the questions a page shows become `QuestionEntry`
models, the shape of the JSON.

A question's date (`date`) is the date the data gives for the question itself
(`reported`), else the most recent publication date among its sources, else
unknown. Recency filters (`since=2025`, `since=2025-06`) keep the questions
whose date is that month or later; an undated question never passes one, and
a date known only to the year ("2025") counts as January of that year.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, cast

from pydantic import BaseModel, Field

from datasette_interview_prep.core.names import slug_words
from datasette_interview_prep.core.rounds import ROUND_TYPE_ORDER, ROUND_TYPES, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.text import json_list
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.planner.rows import QuestionRow, RawRow

FORMAT_VERSION = 1
PAGE_SIZE = 50
MAX_PAGE = 10_000
MAX_SEARCH_CHARS = 200
SORTS = ("encounters", "newest", "relevance")
FILTER_PARAMETERS = ("round_type", "topic", "company", "since", "q", "sort", "page")
# `reported_after` reads better in some links; it is the same filter as `since`.
SINCE_ALIASES = ("since", "reported_after")
_SINCE = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")


class QuestionSource(BaseModel):
    url: str
    title: str
    platform: str | None = None
    published: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")


class CompanyRef(BaseModel):
    slug: str
    name: str = Field(description="The company's name where it is in the data, else its slug in words")
    in_data: bool = Field(description="The company has a loop (and so a checklist) in the data")


class QuestionEntry(BaseModel):
    id: str
    question: str
    round_type: str
    round_type_label: str
    topic: str
    topic_label: str
    companies: list[CompanyRef]
    sources: list[QuestionSource] = Field(description="Most recent first")
    encounters: int = Field(description="Distinct sources that report it")
    reported: str | None = Field(description="When the data says it was reported (YYYY or YYYY-MM)")
    date: str | None = Field(description="`reported`, else the latest source date, else null")
    format: str | None = Field(description="The round's format where a source gives it")

    def asked_at(self, company_slug: str) -> bool:
        return any(company.slug == company_slug for company in self.companies)


class BankSource(NamedTuple):
    url: str
    title: str
    platform: str | None
    published: str | None


class BankCompany(NamedTuple):
    slug: str
    name: str
    in_data: bool


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """A question of the bank as held in memory; `entry()` is its QuestionEntry (the JSON shape)."""

    id: str
    question: str
    round_type: str
    topic: str
    topic_label: str
    companies: tuple[BankCompany, ...]
    sources: tuple[BankSource, ...]  # most recent first
    encounters: int
    reported: str | None
    date: str | None
    format: str | None

    @property
    def round_type_label(self) -> str:
        round_type = ROUND_TYPES_BY_SLUG.get(self.round_type)
        return round_type.label if round_type else self.round_type

    def asked_at(self, company_slug: str) -> bool:
        return any(company.slug == company_slug for company in self.companies)

    def companies_named(self, company_slug: str) -> str | None:
        """The name of `company_slug` as this question's companies give it, if it is one of them."""
        return next((company.name for company in self.companies if company.slug == company_slug), None)

    def entry(self) -> QuestionEntry:
        return QuestionEntry(
            id=self.id,
            question=self.question,
            round_type=self.round_type,
            round_type_label=self.round_type_label,
            topic=self.topic,
            topic_label=self.topic_label,
            companies=[CompanyRef(**company._asdict()) for company in self.companies],
            sources=[QuestionSource(**source._asdict()) for source in self.sources],
            encounters=self.encounters,
            reported=self.reported,
            date=self.date,
            format=self.format,
        )


class QuestionFilters(BaseModel):
    round_type: str | None = None
    topic: str | None = None
    company: str | None = None
    since: str | None = Field(None, description="YYYY or YYYY-MM: questions dated then or later")
    q: str | None = Field(None, description="Full-text search of the question, its format and topic")
    sort: Literal["encounters", "newest", "relevance"] = "encounters"
    page: int = 1

    def query(self, **changes: object) -> dict[str, str]:
        """The filters as query-string parameters (defaults left out), with `changes` applied."""
        values = {**self.model_dump(), "page": None, **changes}
        default_sort = "relevance" if values.get("q") else "encounters"
        if values.get("sort") == default_sort:
            values["sort"] = None
        if values.get("page") == 1:
            values["page"] = None
        return {name: str(values[name]) for name in FILTER_PARAMETERS if values.get(name) not in (None, "")}

    @property
    def is_filtered(self) -> bool:
        return any((self.round_type, self.topic, self.company, self.since, self.q))


class QuestionPage(BaseModel):
    format_version: int = FORMAT_VERSION
    filters: QuestionFilters
    total: int = Field(description="Questions matching the filters, on all pages")
    bank_total: int = Field(description="Questions in the bank, unfiltered")
    page: int
    pages: int
    page_size: int
    questions: list[QuestionEntry]
    round_type_counts: dict[str, int] = Field(description="Matching questions per round type (before paging)")
    topic_counts: dict[str, int] = Field(description="Matching questions per topic (before paging)")


class BadQuestionFilter(ValueError):
    """A filter value that is not allowed: the page answers 400 naming the field and the allowed values.

    It is given no value: an error names the parameter and never echoes what was sent (a 400 in plain
    text carrying markup is an injection waiting for a browser that guesses the type)."""

    def __init__(self, field: str, allowed: Sequence[str], reason: str | None = None):
        self.field, self.allowed = field, list(allowed)
        self.reason = reason or f"not a known {field.replace('_', ' ')}"
        super().__init__(f"{field}: {self.reason}; allowed: {', '.join(self.allowed)}")


# --- Rows in ------------------------------------------------------------------------------------------


def _intern(value: str | None) -> str | None:
    return sys.intern(value) if value else value


class _Shared:
    """One record per distinct source and company across the bank (a source backs many questions)."""

    def __init__(self, company_names: Mapping[str, str]):
        self.company_names = company_names
        self.sources: dict[BankSource, BankSource] = {}
        self.companies: dict[str, BankCompany] = {}

    def source(self, value: object) -> BankSource | None:
        if not isinstance(value, dict) or not value.get("url"):
            return None
        source = BankSource(
            value["url"],
            value.get("title") or value["url"],
            _intern(value.get("platform")),
            _intern(value.get("published")),
        )
        return self.sources.setdefault(source, source)

    def company(self, slug: str) -> BankCompany:
        if slug not in self.companies:
            slug = sys.intern(slug)
            self.companies[slug] = BankCompany(
                slug, company_label(slug, self.company_names), slug in self.company_names
            )
        return self.companies[slug]


def company_label(slug: str, company_names: Mapping[str, str]) -> str:
    """The company's name where it is in the data; else its slug in words ('big-tech' -> 'Big Tech')."""
    return company_names.get(slug) or slug_words(slug)


def _entry_from_row(row: QuestionRow, shared: _Shared) -> BankQuestion:
    sources = [source for source in map(shared.source, json_list(row.get("sources"))) if source]
    sources.sort(key=lambda source: source.published or "", reverse=True)
    dates = [source.published for source in sources if source.published]
    topic = row.get("topic") or ""
    return BankQuestion(
        id=row["id"],
        question=row["question"],
        round_type=sys.intern(row["round_type"]),
        topic=sys.intern(topic),
        topic_label=sys.intern(row.get("topic_label") or QUESTION_TOPICS.get(topic, topic)),
        companies=tuple(shared.company(slug) for slug in json_list(row.get("companies")) if isinstance(slug, str)),
        sources=tuple(sources),
        encounters=row.get("encounters") or len(sources),
        reported=_intern(row.get("reported")),
        date=_intern(row.get("reported") or (max(dates) if dates else None)),
        format=_intern(row.get("format")),
    )


def _by_encounters(entry: BankQuestion) -> tuple[int, int, str]:
    return (-entry.encounters, ROUND_TYPE_ORDER.get(entry.round_type, 99), entry.id)


def entries_from_rows(rows: Iterable[RawRow], company_names: Mapping[str, str]) -> list[BankQuestion]:
    """`questions` rows as entries in bank order: most-reported first (ties: taxonomy order, id), the
    order every page starts from, so no request sorts the bank again. `company_names` (slug -> name)
    are the companies in the data."""
    shared = _Shared(company_names)
    return sorted((_entry_from_row(row, shared) for row in cast("Iterable[QuestionRow]", rows)), key=_by_encounters)


# --- Filters ------------------------------------------------------------------------------------------


def _one(args: Mapping[str, object], name: str) -> str | None:
    value = args.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    value = " ".join(str(value).split()) if value is not None else ""
    return value or None


def parse_filters(args: Mapping[str, object], known_companies: Collection[str]) -> QuestionFilters:
    """Query-string values -> QuestionFilters; BadQuestionFilter names the field and the allowed values.

    Slugs are forgiven their case and hyphens (`round_type=System-Design`). `known_companies` are the
    slugs a company filter may take: the companies in the data and those questions name.
    """
    round_type = _one(args, "round_type")
    if round_type is not None:
        round_type = round_type.lower().replace("-", "_")
        if round_type not in ROUND_TYPES_BY_SLUG:
            raise BadQuestionFilter("round_type", [rt.slug for rt in ROUND_TYPES])
    topic = _one(args, "topic")
    if topic is not None:
        topic = topic.lower().replace("-", "_")
        if topic not in QUESTION_TOPICS:
            raise BadQuestionFilter("topic", list(QUESTION_TOPICS))
    company = _one(args, "company")
    if company is not None:
        company = company.lower()
        if company not in known_companies:
            # Neither the value (never echoed) nor a list of every slug (hundreds): the parameter, and where
            # the slugs are.
            raise BadQuestionFilter(
                "company",
                [],
                reason="not a company the data, its sources or its questions name "
                "(company= takes a slug, as in /-/prep/{slug})",
            )
    since = None
    for name in SINCE_ALIASES:
        if (value := _one(args, name)) is not None:
            if not _SINCE.match(value):
                raise BadQuestionFilter(name, ["YYYY", "YYYY-MM"], reason="not a year or a year-month")
            since = value
            break
    q = _one(args, "q")
    q = q[:MAX_SEARCH_CHARS] if q else None
    sort = _one(args, "sort") or ("relevance" if q else "encounters")
    if sort not in SORTS:
        raise BadQuestionFilter("sort", SORTS)
    if sort == "relevance" and not q:
        raise BadQuestionFilter("sort", ["encounters", "newest"], reason="sort=relevance needs a search (q=...)")
    page_text = _one(args, "page") or "1"
    if not page_text.isascii() or not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise BadQuestionFilter("page", [f"1 to {MAX_PAGE}"], reason="not a page number")
    return QuestionFilters(
        round_type=round_type, topic=topic, company=company, since=since, q=q, sort=sort, page=int(page_text)
    )


def _passes(entry: BankQuestion, filters: QuestionFilters) -> bool:
    if filters.round_type and entry.round_type != filters.round_type:
        return False
    if filters.topic and entry.topic != filters.topic:
        return False
    if filters.company and not entry.asked_at(filters.company):
        return False
    # "2025" sorts before "2025-01", so a year-only date is January of that year.
    return not filters.since or (entry.date is not None and entry.date[:7] >= filters.since[:7])


def order_entries(
    entries: Iterable[BankQuestion], sort: str, search_rank: Mapping[str, int] | None = None
) -> list[BankQuestion]:
    """`entries` in bank order (most-reported first, as entries_from_rows gives them), newest first
    (undated last, ties in bank order), or by search rank."""
    ordered = list(entries)
    if sort == "newest":
        dated = sorted((e for e in ordered if e.date), key=lambda e: e.date or "", reverse=True)
        return dated + [e for e in ordered if not e.date]
    if sort == "relevance" and search_rank is not None:
        return sorted(ordered, key=lambda entry: search_rank.get(entry.id, math.inf))
    return ordered


def select_questions(
    entries: Sequence[BankQuestion],
    filters: QuestionFilters,
    search_rank: Mapping[str, int] | None = None,
    page_size: int = PAGE_SIZE,
) -> QuestionPage:
    """The page of questions the filters ask for. With a search, `search_rank` (question id -> rank, best
    0) holds the matches: questions missing from it are left out."""
    matching = [
        entry
        for entry in entries
        if _passes(entry, filters) and (not filters.q or (search_rank is not None and entry.id in search_rank))
    ]
    ordered = order_entries(matching, filters.sort, search_rank)
    pages = max(1, math.ceil(len(ordered) / page_size))
    start = (filters.page - 1) * page_size
    round_types = Counter(entry.round_type for entry in matching)
    topics = Counter(entry.topic for entry in matching)
    return QuestionPage(
        filters=filters,
        total=len(matching),
        bank_total=len(entries),
        page=filters.page,
        pages=pages,
        page_size=page_size,
        questions=[entry.entry() for entry in ordered[start : start + page_size]],
        round_type_counts={
            slug: round_types[slug] for slug in sorted(round_types, key=lambda slug: ROUND_TYPE_ORDER.get(slug, 99))
        },
        topic_counts={slug: topics[slug] for slug in QUESTION_TOPICS if topics[slug]},
    )


# --- For checklists -----------------------------------------------------------------------------------


class QuestionIndex:
    """The bank indexed for checklists: by round type and by company, each most-reported first.

    A checklist asks, for every round, what was asked at the company and what is most reported for the
    round type; scanning the whole bank for each (48,600 questions at 100x) cost a page 100 ms.
    Built once per Knowledge.
    """

    def __init__(self, entries: Iterable[BankQuestion]):
        """`entries` in bank order, as entries_from_rows gives them."""
        self.by_round_type: dict[str, list[BankQuestion]] = {}
        self.by_company: dict[str, list[BankQuestion]] = {}
        for entry in entries:
            self.by_round_type.setdefault(entry.round_type, []).append(entry)
            for company in {company.slug for company in entry.companies}:
                self.by_company.setdefault(company, []).append(entry)

    def asked_at_company(self, round_types: Collection[str], company: str) -> list[BankQuestion]:
        return [entry for entry in self.by_company.get(company, []) if entry.round_type in round_types]

    def most_reported(self, round_type: str, limit: int, leave_out: Collection[str] = ()) -> list[BankQuestion]:
        chosen = (entry for entry in self.by_round_type.get(round_type, []) if entry.id not in leave_out)
        return list(itertools.islice(chosen, limit))

    def count(self, round_type: str) -> int:
        return len(self.by_round_type.get(round_type, []))
