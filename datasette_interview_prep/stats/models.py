"""The statistics page's input rows, its link builder, and the figures it shows.

The rows come from web/stats_read.py as plain mappings (`RawRow`); the figure
builders view them (stats/context.py) as the TypedDicts below, which name the
columns stats_read.py selects and their types in the database. The view is a
cast, no copy and no check, so a hand-made row in a test needs only the columns
the code under test reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypedDict
from urllib.parse import urlencode

Param = tuple[str, str | int]  # one query-string parameter of a link
Params = list[Param]
RawRow = Mapping[str, object]  # one database row, column -> value, as read
StageColumn = Literal["step_count", "interview_stage_count"]  # the processes' two counts of stages


class ProcessRow(TypedDict):
    id: str
    company: str
    company_name: str
    kind: str
    step_count: int
    interview_stage_count: int
    posting_ids: str | None  # JSON array


class StepRow(TypedDict):
    process_id: str
    position: int
    name: str
    round_type: str
    family: str
    is_interview: int
    minutes_low: int | None
    minutes_high: int | None


class _SourceColumns(TypedDict):
    platform: str | None
    domain: str | None
    year: int | None
    inventory: str | None  # the link list it was filed in


class SourceRow(_SourceColumns, total=False):
    sources: int  # how many sources have these values (1 when absent)


class ReportFigureRow(TypedDict):
    key: str
    label: str | None
    value: str | None  # as the report states it
    section: str | None
    note: str | None


class PostingsRow(TypedDict):
    postings: int  # rows of the postings table


@dataclass
class StatsRows:
    """What stats_read.py fetches: plain dicts, one per row."""

    processes: Sequence[RawRow]  # ProcessRow
    steps: Sequence[RawRow]  # StepRow
    sources: Sequence[RawRow]  # SourceRow
    report_figures: Sequence[RawRow]  # ReportFigureRow
    postings: RawRow | None = None  # PostingsRow, when a postings table exists
    loaded_posting_ids: set[str] | None = None  # cited posting ids the postings table holds (None: no table)


@dataclass(frozen=True)
class Links:
    """Path+query links into the database (the view passes datasette.urls.database(name), so base_url works)."""

    database_path: str
    sql_allowed: bool = True  # False when the actor lacks execute-sql (e.g. allow_sql off): no ?sql= links
    # The page that takes ?sql= (Datasette 1.0a: {database}/-/query); the database's by default.
    sql_path: str | None = None

    def table(self, table: str, params: Sequence[Param] = ()) -> str:
        query = urlencode(list(params))
        return f"{self.database_path}/{table}" + (f"?{query}" if query else "")

    def sql(self, sql: str) -> str:
        return f"{self.sql_path or self.database_path}?{urlencode({'sql': ' '.join(sql.split())})}"

    def sql_check(self, sql: str, sql_label: str, table: str, params: Params, table_label: str) -> dict[str, str]:
        """A figure's check link: the SQL that computes it, or a table page when SQL is not allowed."""
        if self.sql_allowed:
            return {"check_url": self.sql(sql), "check_label": sql_label}
        return {"check_url": self.table(table, params), "check_label": table_label}


@dataclass
class Figure:
    key: str
    label: str
    section: str
    report: str | None  # as the report states it; None: the report does not state it
    computed: str  # for display
    value: object  # machine-readable
    matches: bool | None  # None: nothing to compare against
    explanation: str | None  # why report and data differ; always set unless they match
    check_url: str
    check_label: str
    basis: str  # which rows the computed value counts
    note: str | None = None  # the report file's note


@dataclass
class StageSummary:
    name: str
    label: str
    column: StageColumn
    processes: int
    median: float | None
    minimum: int | None
    maximum: int | None
    in_typical_range: int
    share_in_typical_range: float | None
    leanest: list[str]
    longest: list[str]
    histogram: dict[int, int]
    reproduces: list[str] = field(default_factory=list)  # report keys this count reproduces


@dataclass
class RoundTypeShare:
    family: str
    label: str
    round_types: list[str]
    processes: int
    share: float
    by_round_type: dict[str, int]  # processes with each round type of the family
    report_rank: int | None
    data_rank: int
    check_url: str


@dataclass
class DurationSummary:
    round_type: str
    label: str
    steps: int  # steps that state a length (at least one: a round type without any has no summary)
    median: float
    minimum: int
    maximum: int
    report: str | None
    report_low: int | None
    report_high: int | None
    check_url: str

    @property
    def report_range(self) -> tuple[int, int] | None:
        """The length the report states, in minutes, when it states one."""
        if self.report_low is None or self.report_high is None:
            return None
        return self.report_low, self.report_high


@dataclass
class Count:
    label: str
    count: int
    check_url: str


@dataclass
class Populations:
    posting_processes: int
    described_posting_processes: int
    posting_companies: int
    candidate_reports: int
    candidate_companies: int


@dataclass
class Stats:
    populations: Populations
    stage_definition: str
    stage_definitions: list[StageSummary]
    figures: list[Figure]
    round_types: list[RoundTypeShare]
    durations: list[DurationSummary]  # posting-derived steps, per round type
    sources_by_platform: list[Count]
    sources_by_year: list[Count]
    undated_sources: int
    report_only: list[dict[str, object]]  # report figures not computed here

    def sections(self) -> list[tuple[str, list[Figure]]]:
        grouped: dict[str, list[Figure]] = {}
        for figure in self.figures:
            grouped.setdefault(figure.section, []).append(figure)
        return list(grouped.items())

    @property
    def differences(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.matches is False]
