"""The tables of interview.db, each declared once: columns and types, primary key, foreign keys, indexes
and the full-text index with its bm25 column weights.

The build creates every table from these declarations and refuses a row whose keys are not exactly
the declared columns; readers may name columns from here instead of spelling them again. The
search index (`search_items`, `search_fts`, `search_top`) is declared in core/search.py.

Pure data, no I/O. `TABLES` is in the order the build creates their indexes (plain ones table by
table, then the unique ones) and their full-text indexes: SQLite lists indexes and triggers in the
order they were made, so this order is part of the schema as dumped. Tables themselves are created
and filled parents first (`parents_first`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ColumnType = type[str] | type[int] | type[float]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # the table it references
    other_column: str  # the referenced column of that table


@dataclass(frozen=True)
class Weighted:
    """A full-text indexed column and its bm25 weight: how much a match in it counts (1.0 is bm25's default)."""

    column: str
    weight: float


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    pk: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[str, ...] = ()  # one single-column index each
    unique_indexes: tuple[tuple[str, ...], ...] = ()
    # The columns of `<name>_fts` (FTS5, porter) in index order, with the weights every ranker gives them.
    full_text: tuple[Weighted, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def fts_table(self) -> str:
        return f"{self.name}_fts"

    @property
    def fts_columns(self) -> tuple[str, ...]:
        return tuple(weighted.column for weighted in self.full_text)

    @property
    def fts_weights(self) -> tuple[float, ...]:
        return tuple(weighted.weight for weighted in self.full_text)


def _columns(*pairs: tuple[str, ColumnType]) -> tuple[Column, ...]:
    return tuple(Column(name, kind) for name, kind in pairs)


# bm25 weights (the README's "How search ranks"): what a row is called counts most (a source's title, a
# process's role, a step's name, a posting's title, the question itself), then short text that says what
# it is about (the company, topics, a topic's label, a source's summary), then long or incidental text
# (details, descriptions, notes, a source's community) at bm25's default 1.0.

ROUND_TYPES = Table(
    "round_types",
    _columns(
        ("slug", str),
        ("label", str),
        ("family", str),
        ("family_label", str),
        ("is_interview", int),
        ("position", int),
        ("what_candidates_report", str),
        ("reported_duration", str),
        ("reported_minutes_low", int),
        ("reported_minutes_high", int),
        ("weight", float),
        ("prep_item_count", int),
    ),
    pk=("slug",),
)

PROCESSES = Table(
    "processes",
    _columns(
        ("id", str),
        ("company", str),
        ("company_name", str),
        ("position", int),
        ("kind", str),
        ("name", str),
        ("role", str),
        ("level", str),
        ("label", str),
        ("reported", str),
        ("timeline", str),
        ("summary", str),
        ("notes", str),
        ("step_count", int),
        ("interview_stage_count", int),
        ("round_types", str),
        ("families", str),
        ("known_minutes_low", int),
        ("known_minutes_high", int),
        ("posting_ids", str),
        ("source_count", int),
    ),
    pk=("id",),
    foreign_keys=(ForeignKey("company", "companies", "slug"),),
    indexes=("company", "kind", "step_count", "interview_stage_count"),
    full_text=(
        Weighted("company_name", 3.0),
        Weighted("role", 5.0),
        Weighted("name", 3.0),
        Weighted("summary", 1.0),
        Weighted("notes", 1.0),
    ),
)

STEPS = Table(
    "steps",
    _columns(
        ("id", int),
        ("process_id", str),
        ("company", str),
        ("company_name", str),
        ("position", int),
        ("name", str),
        ("duration", str),
        ("minutes_low", int),
        ("minutes_high", int),
        ("minutes_source", str),
        ("details", str),
        ("questions", str),
        ("topics", str),
        ("round_type", str),
        ("family", str),
        ("is_interview", int),
        ("round_type_source", str),
    ),
    pk=("id",),
    foreign_keys=(
        ForeignKey("process_id", "processes", "id"),
        ForeignKey("company", "companies", "slug"),
        ForeignKey("round_type", "round_types", "slug"),
    ),
    indexes=("process_id", "company", "round_type", "family"),
    unique_indexes=(("process_id", "position"),),
    full_text=(
        Weighted("company_name", 3.0),
        Weighted("name", 5.0),
        Weighted("details", 1.0),
        Weighted("questions", 1.0),
        Weighted("topics", 2.0),
    ),
)

SOURCES = Table(
    "sources",
    _columns(
        ("id", int),
        ("url", str),
        ("domain", str),
        ("title", str),
        ("platform", str),
        ("community", str),
        ("score", int),
        ("published", str),
        ("year", int),
        ("inventory", str),
        ("section", str),
        ("companies", str),
        ("round_types", str),
        ("topics", str),
        ("summary", str),
        ("file", str),
    ),
    pk=("id",),
    indexes=("platform", "community", "year", "inventory", "domain"),
    unique_indexes=(("url",),),
    full_text=(
        Weighted("title", 5.0),
        Weighted("community", 1.0),
        Weighted("section", 1.0),
        Weighted("summary", 2.0),
        Weighted("topics", 2.0),
    ),
)

COMPANIES = Table(
    "companies",
    _columns(
        ("slug", str),
        ("name", str),
        ("category", str),
        ("note", str),
        ("website", str),
        ("process_count", int),
        ("kinds", str),
        ("round_types", str),
        ("source_count", int),
        ("files", str),
        ("aggregate", int),
    ),
    pk=("slug",),
    indexes=("category",),
)

PREP_ITEMS = Table(
    "prep_items",
    _columns(("id", str), ("round_type", str), ("position", int), ("text", str), ("sources", str)),
    pk=("id",),
    foreign_keys=(ForeignKey("round_type", "round_types", "slug"),),
    indexes=("round_type",),
)

SOURCE_COMPANIES = Table(
    "source_companies",
    _columns(("source_id", int), ("company", str)),
    pk=("source_id", "company"),
    foreign_keys=(ForeignKey("source_id", "sources", "id"),),
    indexes=("company",),
)

SOURCE_ROUND_TYPES = Table(
    "source_round_types",
    _columns(("source_id", int), ("round_type", str)),
    pk=("source_id", "round_type"),
    foreign_keys=(ForeignKey("source_id", "sources", "id"), ForeignKey("round_type", "round_types", "slug")),
    indexes=("round_type",),
)

PROCESS_SOURCES = Table(
    "process_sources",
    _columns(("process_id", str), ("source_id", int)),
    pk=("process_id", "source_id"),
    foreign_keys=(ForeignKey("process_id", "processes", "id"), ForeignKey("source_id", "sources", "id")),
    indexes=("source_id",),
)

# The build adds posting_id -> postings.job_id once every posting a process names is among the postings.
PROCESS_POSTINGS = Table(
    "process_postings",
    _columns(("process_id", str), ("posting_id", str)),
    pk=("process_id", "posting_id"),
    foreign_keys=(ForeignKey("process_id", "processes", "id"),),
    indexes=("posting_id",),
)

PREP_ITEM_SOURCES = Table(
    "prep_item_sources",
    _columns(("prep_item_id", str), ("source_id", int)),
    pk=("prep_item_id", "source_id"),
    foreign_keys=(ForeignKey("prep_item_id", "prep_items", "id"), ForeignKey("source_id", "sources", "id")),
    indexes=("source_id",),
)

QUESTIONS = Table(
    "questions",
    _columns(
        ("id", str),
        ("question", str),
        ("round_type", str),
        ("family", str),
        ("topic", str),
        ("topic_label", str),
        ("companies", str),
        ("sources", str),
        ("encounters", int),
        ("reported", str),
        ("year", int),
        ("format", str),
        ("file", str),
    ),
    pk=("id",),
    foreign_keys=(ForeignKey("round_type", "round_types", "slug"),),
    indexes=("round_type", "topic", "year"),
    full_text=(Weighted("question", 5.0), Weighted("format", 1.0), Weighted("topic_label", 2.0)),
)

# No foreign key to companies: a question may name a company that has no loop in data/processes.
QUESTION_COMPANIES = Table(
    "question_companies",
    _columns(("question_id", str), ("company_slug", str)),
    pk=("question_id", "company_slug"),
    foreign_keys=(ForeignKey("question_id", "questions", "id"),),
    indexes=("company_slug",),
)

# One row per question with an outline (data/outlines): written for this project, not from the sources.
# key_points and pitfalls are JSON lists of text; follow_ups a JSON list of {question, source (URL or null)}.
QUESTION_OUTLINES = Table(
    "question_outlines",
    _columns(
        ("question_id", str),
        ("tests", str),
        ("key_points", str),
        ("pitfalls", str),
        ("follow_ups", str),
        ("file", str),
    ),
    pk=("question_id",),
    foreign_keys=(ForeignKey("question_id", "questions", "id"),),
)

REPORT_FIGURES = Table(
    "report_figures",
    _columns(("key", str), ("position", int), ("label", str), ("value", str), ("section", str), ("note", str)),
    pk=("key",),
)

# Every table a build writes from data/ (postings are optional: POSTINGS below).
TABLES: tuple[Table, ...] = (
    ROUND_TYPES,
    PROCESSES,
    STEPS,
    SOURCES,
    COMPANIES,
    PREP_ITEMS,
    SOURCE_COMPANIES,
    SOURCE_ROUND_TYPES,
    PROCESS_SOURCES,
    PROCESS_POSTINGS,
    PREP_ITEM_SOURCES,
    QUESTIONS,
    QUESTION_COMPANIES,
    QUESTION_OUTLINES,
    REPORT_FIGURES,
)

SKILL_GROUPS = ("genai", "ml", "web", "databases", "data", "cloud", "ops", "languages", "domains", "other")
# The columns a posting's files give, in the table's order; JSON arrays as text.
POSTING_FILE_COLUMNS: tuple[Column, ...] = _columns(
    ("job_id", str),
    ("title", str),
    ("company", str),
    ("company_stage", str),
    ("company_focus", str),
    ("location", str),
    ("level", str),
    ("work_type", str),
    ("company_size", str),
    ("ai_type", str),
    ("industries", str),
    ("skills", str),
    *((f"skills_{group}", str) for group in SKILL_GROUPS),
    ("responsibilities", str),
    ("use_cases", str),
    ("description", str),
    ("is_customer_facing", int),
    ("is_management", int),
    ("posted_date", str),
    ("url", str),
    ("found_in", str),
    ("files", str),
)

# Written only by `build_db.py --postings`: the posting's files, then what the build links.
POSTINGS = Table(
    "postings",
    (*POSTING_FILE_COLUMNS, *_columns(("has_process", int), ("process_ids", str))),
    pk=("job_id",),
    indexes=("company", "company_stage", "ai_type", "level", "location", "work_type", "has_process"),
    full_text=(
        Weighted("title", 5.0),
        Weighted("company", 3.0),
        Weighted("responsibilities", 1.0),
        Weighted("description", 1.0),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in (*TABLES, POSTINGS)}


def parents_first(tables: Sequence[Table]) -> list[Table]:
    """`tables` in an order where each comes after the tables its foreign keys reference (else in the
    given order): the order to create them in and to fill them in with foreign keys enforced."""
    by_name = {table.name: table for table in tables}
    ordered: dict[str, Table] = {}

    def place(table: Table, path: tuple[str, ...]) -> None:
        if table.name in ordered:
            return
        if table.name in path:
            raise ValueError(f"foreign keys form a cycle: {' -> '.join((*path, table.name))}")
        for key in table.foreign_keys:
            if key.table in by_name and key.table != table.name:
                place(by_name[key.table], (*path, table.name))
        ordered[table.name] = table

    for table in tables:
        place(table, ())
    return list(ordered.values())


# The tables with a full-text index, in the order the build indexes them.
FULL_TEXT_TABLES: tuple[Table, ...] = tuple(table for table in (*TABLES, POSTINGS) if table.full_text)
