"""The report's figures recomputed from the database, beside what the report states.

Pure functions over plain rows (`StatsRows`, filled by stats_read.py) to a
`Stats` model; no Datasette objects, so every rule is tested on hand-made rows.

Which rows count:

- posting figures use the posting-derived processes (`kind = 'job_posting'`);
  stage, round-type and duration figures use those that list their steps
  (`step_count > 0`). Candidate reports are a separate population: counted and
  compared with the report's candidate figures, never mixed into the others.
- a "stage" is counted two ways, every listed step (`step_count`) and interview
  stages only (`interview_stage_count`: no application review, reference check
  or offer). The page uses whichever reproduces more of the report's stage
  figures, and shows both.

Each figure carries the report's value (from the report_figures table), the
computed value, whether they agree, why not, and a link that lets a reader
check it (a facet, a filtered table or a query).
"""

from __future__ import annotations

import itertools
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode

from datasette_interview_prep.core.durations import format_minutes, parse_duration
from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPE_SLUGS, ROUND_TYPES, ROUND_TYPES_BY_SLUG, classify

POSTING = "job_posting"
CANDIDATE = "candidate_report"
TYPICAL_RANGE = (3, 5)
WORKING_DAY = 8 * 60  # minutes, as durations.py counts a day

STAGE_DEFINITIONS = (  # (name, label, processes column)
    ("all_steps", "Every listed step", "step_count"),
    (
        "interview_stages",
        "Interview stages only (no application review, reference check or offer)",
        "interview_stage_count",
    ),
)

# Report keys of source counts -> the platforms they count (None: every source).
SOURCE_PLATFORM_KEYS: dict[str, tuple[str, ...] | None] = {
    "urls": None,
    "reddit_discussions": ("reddit",),
    "hn_discussions": ("hacker_news",),
    "x_posts": ("x",),
    "youtube_videos": ("youtube",),
    "personal_blogs": ("blog", "medium", "substack", "dev_to"),
}

PLATFORM_LABELS = {
    "reddit": "Reddit",
    "hacker_news": "Hacker News",
    "x": "X",
    "teamblind": "TeamBlind",
    "github": "GitHub",
    "youtube": "YouTube",
    "blog": "Blogs",
    "medium": "Medium",
    "substack": "Substack",
    "dev_to": "dev.to",
    "linkedin": "LinkedIn",
    "kaggle": "Kaggle",
}

# Duration keys are `<name>_duration` (postings) and `candidate_<name>` (candidate
# reports); name is a round type or family slug, or one of these:
DURATION_ROUND_TYPES: dict[str, tuple[str, ...]] = {
    "coding": ("coding", "technical"),  # the report's "Technical/coding" row
}

Params = list[tuple[str, str | int]]


# ---------------------------------------------------------------------------
# Input and output models


@dataclass
class StatsRows:
    """What stats_read.py fetches: plain dicts, one per row."""

    processes: list[dict]  # id, company, company_name, kind, step_count, interview_stage_count, posting_ids
    steps: list[dict]  # process_id, position, name, round_type, family, is_interview, minutes_low, minutes_high
    sources: list[dict]  # platform, domain, year
    report_figures: list[dict]  # key, label, value, section, note
    postings: dict | None = None  # {"postings": n} when a postings table exists
    loaded_posting_ids: set[str] | None = None  # cited posting ids the postings table holds (None: no table)


@dataclass(frozen=True)
class Links:
    """Path+query links into the database (the view passes datasette.urls.database(name), so base_url works)."""

    database_path: str
    sql_allowed: bool = True  # False when the actor lacks execute-sql (e.g. allow_sql off): no ?sql= links
    sql_path: str | None = (
        None  # the page that takes ?sql= (Datasette 1.0a: {database}/-/query); the database's by default
    )

    def table(self, table: str, params: Params = ()) -> str:
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
    column: str
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
    steps: int  # steps that state a length
    median: float | None
    minimum: int | None
    maximum: int | None
    report: str | None
    report_low: int | None
    report_high: int | None
    check_url: str


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
    report_only: list[dict]  # report figures not computed here

    def sections(self) -> list[tuple[str, list[Figure]]]:
        grouped: dict[str, list[Figure]] = {}
        for figure in self.figures:
            grouped.setdefault(figure.section, []).append(figure)
        return list(grouped.items())

    @property
    def differences(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.matches is False]


# ---------------------------------------------------------------------------
# The report's values


@dataclass(frozen=True)
class Claim:
    """A report value, understood: '1,765', '~80', '~4.5%', '700+', '3-5', 'A, B, C'."""

    text: str
    kind: Literal["exact", "approx", "at_least", "range", "list", "text"]
    number: float | None = None
    low: float | None = None
    high: float | None = None
    items: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return list(self.items or (self.text,))


_NUMBER = r"\d[\d,]*(?:\.\d+)?"


def _to_number(text: str) -> float:
    return float(text.replace(",", ""))


def parse_claim(value: object) -> Claim:
    text = str(value).strip()
    bare = text.replace("%", "").strip()
    if match := re.fullmatch(rf"(?:~|≈|about |around )\s*({_NUMBER})", bare, re.IGNORECASE):
        return Claim(text, "approx", number=_to_number(match.group(1)))
    if match := re.fullmatch(rf"({_NUMBER})\s*\+", bare):
        return Claim(text, "at_least", number=_to_number(match.group(1)))
    if re.fullmatch(_NUMBER, bare):
        return Claim(text, "exact", number=_to_number(bare))
    if match := re.fullmatch(rf"({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})", bare):
        return Claim(text, "range", low=_to_number(match.group(1)), high=_to_number(match.group(2)))
    items = tuple(item for item in re.split(r"\s*(?:,|;|\band\b)\s*", text) if item)
    return Claim(text, "list", items=items) if len(items) > 1 else Claim(text, "text")


def number_matches(claim: Claim | None, computed: float | None) -> bool | None:
    """Whether a computed number agrees with a numeric claim; None when there is nothing to compare."""
    if claim is None or computed is None or claim.number is None:
        return None
    if claim.kind == "exact":  # agrees when it rounds to the stated value
        decimals = len(claim.text.rstrip("%").split(".")[1]) if "." in claim.text else 0
        return abs(computed - claim.number) < 0.5 * 10**-decimals
    if claim.kind == "approx":
        return abs(computed - claim.number) <= 0.1 * claim.number
    return computed >= claim.number  # at_least


def family_of_phrase(phrase: str) -> str:
    """'CEO/founder interview' -> 'leadership', 'take_home' -> 'take_home', 'screen' -> 'screen'."""
    token = phrase.strip().lower()
    if token in FAMILIES:
        return token
    slug = token if token in ROUND_TYPE_SLUGS else classify(token)
    return ROUND_TYPES_BY_SLUG[slug].family


# ---------------------------------------------------------------------------
# Formatting


def format_length(minutes: float | None) -> str:
    """'45 min', '1 h 30', and whole working days as '3 days'."""
    if minutes is not None and minutes >= WORKING_DAY and minutes % WORKING_DAY == 0:
        days = int(minutes // WORKING_DAY)
        return "1 day" if days == 1 else f"{days} days"
    return format_minutes(None if minutes is None else round(minutes))


def format_length_range(low: int | None, high: int | None) -> str:
    if low is None:
        return "unknown"
    return format_length(low) if high in (None, low) else f"{format_length(low)} – {format_length(high)}"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _share_text(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part} of {whole})" if whole else "–"


def _names(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    if word.endswith("y"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}es" if word.endswith("s") else f"{count} {word}s"


def _quoted(steps: list[dict]) -> str:
    return "; ".join(f"“{step['name']}”" for step in steps)


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _same_names(a: Iterable[str], b: Iterable[str]) -> bool:
    return {_name_key(name) for name in a} == {_name_key(name) for name in b}


def _json_list(value: object) -> list:
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return parsed if isinstance(parsed, list) else []


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------------------
# The computation


class _Context:
    """The rows, indexed once, and the report's claims; shared by the figure builders."""

    def __init__(self, rows: StatsRows, links: Links):
        self.rows = rows
        self.links = links
        self.report = {row["key"]: row for row in rows.report_figures}
        self.used_keys: set[str] = set()
        self.posting = [p for p in rows.processes if p["kind"] == POSTING]
        self.described = [p for p in self.posting if p["step_count"]]
        self.described_ids = {p["id"] for p in self.described}
        self.candidates = [p for p in rows.processes if p["kind"] == CANDIDATE]
        self.steps_by_process: dict[str, list[dict]] = {}
        for step in sorted(rows.steps, key=lambda s: (s["process_id"], s["position"])):
            self.steps_by_process.setdefault(step["process_id"], []).append(step)

    def claim(self, key: str) -> Claim | None:
        row = self.report.get(key)
        return None if row is None or row.get("value") in (None, "") else parse_claim(row["value"])

    def figure(
        self,
        key: str,
        label: str,
        section: str,
        *,
        computed: str,
        value: object,
        matches: bool | None,
        explanation: str | None,
        check_url: str,
        check_label: str,
        basis: str,
    ) -> Figure:
        row = self.report.get(key)
        claim = self.claim(key)
        if claim is not None:
            self.used_keys.add(key)
        elif not explanation:
            explanation = "The report does not state this figure."
        return Figure(
            key=key,
            label=(row or {}).get("label") or label,
            section=section,
            report=claim.text if claim else None,
            computed=computed,
            value=value,
            matches=matches,
            explanation=explanation,
            check_url=check_url,
            check_label=check_label,
            basis=basis,
            note=(row or {}).get("note"),
        )

    def posting_filter(self, described: bool = True) -> Params:
        return [("kind", POSTING)] + ([("step_count__gt", 0)] if described else [])


def summarise_stages(
    processes: list[dict], column: str, name: str = "", label: str = "", typical: tuple[int, int] = TYPICAL_RANGE
) -> StageSummary:
    counts = [(p[column] or 0, p["company_name"]) for p in processes]
    values = [count for count, _ in counts]
    minimum, maximum = (min(values), max(values)) if values else (None, None)
    in_range = sum(typical[0] <= value <= typical[1] for value in values)
    return StageSummary(
        name=name,
        label=label,
        column=column,
        processes=len(values),
        median=statistics.median(values) if values else None,
        minimum=minimum,
        maximum=maximum,
        in_typical_range=in_range,
        share_in_typical_range=_share(in_range, len(values)) if values else None,
        leanest=_unique(company for count, company in counts if count == minimum),
        longest=_unique(company for count, company in counts if count == maximum),
        histogram=dict(sorted(Counter(values).items())),
    )


def _typical_range(ctx: _Context) -> tuple[int, int]:
    claim = ctx.claim("typical_range")
    return (int(claim.low), int(claim.high)) if claim and claim.kind == "range" else TYPICAL_RANGE


def _stage_reproduces(ctx: _Context, summary: StageSummary) -> list[str]:
    """The report's stage figures that this way of counting reproduces."""
    checks = {
        "median_stages": lambda c: number_matches(c, summary.median),
        "typical_range": lambda c: (summary.share_in_typical_range or 0) > 50,  # "most processes"
        "min_stages": lambda c: number_matches(c, summary.minimum),
        "leanest_companies": lambda c: _same_names(c.names, summary.leanest),
        "max_stages": lambda c: number_matches(c, summary.maximum),
        "longest_companies": lambda c: _same_names(c.names, summary.longest),
    }
    return [key for key, check in checks.items() if summary.processes and ctx.claim(key) and check(ctx.claim(key))]


def _loops_of(ctx: _Context, names: Iterable[str], column: str, expected: float | None) -> str:
    """'Infinity Constellation: 1 (“Paid week ...”); Watershed: 3 (...)' for the named companies not at expected."""
    parts = []
    for name in names:
        processes = [p for p in ctx.described if _name_key(p["company_name"]) == _name_key(name)]
        if not processes:
            parts.append(f"{name} has no loop with steps in the data")
        for process in processes:
            count = process[column] or 0
            if count == expected:
                continue
            steps = [
                s for s in ctx.steps_by_process.get(process["id"], []) if column == "step_count" or s["is_interview"]
            ]
            parts.append(f"{process['company_name']}: {count}" + (f" ({_quoted(steps)})" if count <= 4 else ""))
    return "; ".join(parts)


def _stage_figures(ctx: _Context, summary: StageSummary, other: StageSummary) -> list[Figure]:
    section, column, links = "Interview stages", summary.column, ctx.links
    unit = "steps" if column == "step_count" else "interview stages"
    common = {"basis": f"{summary.processes} posting-derived processes with steps, counting {summary.label.lower()}"}
    figures = []

    matches = number_matches(ctx.claim("median_stages"), summary.median)
    figures.append(
        ctx.figure(
            "median_stages",
            "Median number of stages",
            section,
            computed=_number(summary.median),
            value=summary.median,
            matches=matches,
            explanation=None
            if matches is not False
            else f"The median of the {summary.processes} processes is {_number(summary.median)} {unit} "
            f"({_number(other.median)} counting {other.label.lower()}).",
            check_url=links.table("processes", ctx.posting_filter() + [("_facet", column)]),
            check_label=f"processes faceted by {column}",
            **common,
        )
    )

    low, high = _typical_range(ctx)
    share = summary.share_in_typical_range
    matches = (share > 50) if ctx.claim("typical_range") and summary.processes else None
    figures.append(
        ctx.figure(
            "typical_range",
            f"Most processes have {low}-{high} stages",
            section,
            computed=f"{_share_text(summary.in_typical_range, summary.processes)} have {low}-{high}",
            value=share,
            matches=matches,
            explanation=None if matches is not False else f"Only {share:.0f}% of processes have {low}-{high} {unit}.",
            check_url=links.table(
                "processes", ctx.posting_filter() + [(f"{column}__gte", low), (f"{column}__lte", high)]
            ),
            check_label=f"processes with {low}-{high} {unit}",
            **common,
        )
    )

    for number_key, label, number, names_key, names, sort in (
        ("min_stages", "Fewest stages", summary.minimum, "leanest_companies", summary.leanest, "_sort"),
        ("max_stages", "Most stages", summary.maximum, "longest_companies", summary.longest, "_sort_desc"),
    ):
        check = {
            "check_url": links.table("processes", ctx.posting_filter() + [(sort, column)]),
            "check_label": f"processes sorted by {column}",
        }
        number_claim, names_claim = ctx.claim(number_key), ctx.claim(names_key)
        stated_number = number_claim.number if number_claim and number_claim.number is not None else number

        matches = number_matches(number_claim, number)
        explanation = None
        if matches is False:
            explanation = (
                f"The data's {label.lower()}: {_number(number)} ({_names(names)}); the report says {number_claim.text}."
            )
            if names_claim and (loops := _loops_of(ctx, names_claim.names, column, stated_number)):
                explanation += f" In the data: {loops}."
        figures.append(
            ctx.figure(
                number_key,
                label,
                section,
                computed=_number(number),
                value=number,
                matches=matches,
                explanation=explanation,
                **check,
                **common,
            )
        )

        matches = _same_names(names_claim.names, names) if names_claim else None
        explanation = None
        if matches is False:
            stated = names_claim.names
            loops = _loops_of(ctx, stated, column, stated_number)
            unnamed = [n for n in names if _name_key(n) not in {_name_key(s) for s in stated}]
            parts = []
            if loops:
                parts.append(f"The report names {_names(stated)} with {_number(stated_number)}; in the data {loops}.")
            if unnamed:
                parts.append(f"The data also has {_names(unnamed)} at {_number(number)}.")
            explanation = " ".join(parts) or f"The data has {_names(names)}."
        figures.append(
            ctx.figure(
                names_key,
                f"Companies with the {label.lower()}",
                section,
                computed=f"{_names(names)} ({_number(number)})",
                value=names,
                matches=matches,
                explanation=explanation,
                **check,
                **common,
            )
        )
    return figures


def _repeated_loops(ctx: _Context) -> list[tuple[str, int]]:
    """(company, postings) for each loop (the same round types in order) a company posted in separate postings."""
    loops: dict[tuple[str, tuple[str, ...]], list[set[str]]] = {}
    for process in ctx.described:
        round_types = tuple(step["round_type"] for step in ctx.steps_by_process.get(process["id"], []))
        postings = {str(posting) for posting in _json_list(process["posting_ids"])}
        loops.setdefault((process["company_name"], round_types), []).append(postings)
    repeated = []
    for (company, _), postings in loops.items():
        separate = [ids for ids in postings if ids]
        if len(separate) > 1 and not set.intersection(*separate):
            repeated.append((company, len(separate)))
    return repeated


def _company_figures(ctx: _Context) -> list[Figure]:
    section, links = "Postings and companies", ctx.links
    figures = []

    companies = _unique(p["company_name"] for p in ctx.posting)
    claim = ctx.claim("companies_with_process")
    matches = number_matches(claim, len(companies))
    explanation = None
    if matches is False:
        explanation = f"{len(companies)} distinct companies have posting-derived processes."
        if repeated := _repeated_loops(ctx):
            explanation += (
                " "
                + "; ".join(f"{name} posted the same loop in {count} separate postings" for name, count in repeated)
                + "."
            )
            if claim.number == len(companies) + sum(count - 1 for _, count in repeated):
                explanation += (
                    " Counting each such posting separately, as the field guide keeps one process file "
                    f"per posting, gives the report's {claim.text}."
                )
    figures.append(
        ctx.figure(
            "companies_with_process",
            "Companies whose postings describe a process",
            section,
            computed=f"{len(companies):,}",
            value=len(companies),
            matches=matches,
            explanation=explanation,
            **links.sql_check(
                "select count(distinct company) as companies, count(*) as processes "
                f"from processes where kind = '{POSTING}'",
                "count in SQL",
                "processes",
                [("kind", POSTING), ("_facet", "company")],
                "posting-derived processes by company",
            ),
            basis=f"{len(ctx.posting)} posting-derived processes",
        )
    )

    summary_only = [p["company_name"] for p in ctx.posting if not p["step_count"]]
    matches = number_matches(ctx.claim("processes_with_steps"), len(ctx.described))
    figures.append(
        ctx.figure(
            "processes_with_steps",
            "Posting-derived processes that list their steps",
            section,
            computed=f"{len(ctx.described)} of {len(ctx.posting)}",
            value=len(ctx.described),
            matches=matches,
            explanation=None
            if matches
            else f"{len(ctx.described)} processes ({len(_unique(p['company_name'] for p in ctx.described))} companies) list "
            f"their steps; {_plural(len(summary_only), 'process')} only summarise it ({_names(summary_only)}).",
            check_url=links.table("processes", ctx.posting_filter()),
            check_label="posting-derived processes with steps",
            basis=f"{len(ctx.posting)} posting-derived processes",
        )
    )

    postings = ctx.rows.postings
    for key, label in (("job_descriptions", "Job descriptions collected"), ("postings_analysed", "Postings analysed")):
        if key != "postings_analysed" and ctx.claim(key) is None:
            continue
        if postings is None:
            figures.append(
                ctx.figure(
                    key,
                    label,
                    section,
                    computed="not loaded",
                    value=None,
                    matches=None,
                    explanation="The postings are not in this database: build it with --postings to load them.",
                    check_url=links.table("process_postings"),
                    check_label="posting ids cited by processes",
                    basis="no postings table",
                )
            )
            continue
        matches = number_matches(ctx.claim(key), postings["postings"])
        figures.append(
            ctx.figure(
                key,
                label,
                section,
                computed=f"{postings['postings']:,}",
                value=postings["postings"],
                matches=matches,
                explanation=f"The postings table holds {postings['postings']:,}." if matches is False else None,
                check_url=links.table("postings"),
                check_label="the postings table",
                basis="rows of the postings table",
            )
        )

    cited_by_company: dict[str, set[str]] = {}
    for process in ctx.posting:
        cited_by_company.setdefault(process["company_name"], set()).update(map(str, _json_list(process["posting_ids"])))
    cited = set().union(*cited_by_company.values()) if cited_by_company else set()
    loaded = ctx.rows.loaded_posting_ids
    with_process = cited if loaded is None else cited & loaded
    claim = ctx.claim("postings_with_process")
    matches = number_matches(claim, len(with_process))
    explanation = None
    if matches is False:
        company, most = max(cited_by_company.items(), key=lambda item: len(item[1]))
        explanation = (
            f"The process files cite {len(cited)} distinct postings ({company} alone cites {len(most)}); "
            "the report gives its figure without listing the postings, so the difference cannot be traced."
        )
        if loaded is not None and len(with_process) < len(cited):
            explanation += f" {len(cited) - len(with_process)} cited postings are not in the postings table."
    figures.append(
        ctx.figure(
            "postings_with_process",
            "Postings that describe an interview process",
            section,
            computed=f"{len(with_process):,}",
            value=len(with_process),
            matches=matches,
            explanation=explanation,
            check_url=links.table("process_postings"),
            check_label="process → posting links",
            basis="distinct posting ids cited by posting-derived processes"
            + (" and present in the postings table" if loaded is not None else ""),
        )
    )

    if postings and postings["postings"]:
        total = postings["postings"]
        share = 100 * len(with_process) / total
        share_claim, count_claim = ctx.claim("share_with_process"), ctx.claim("postings_with_process")
        matches = number_matches(share_claim, share)
        explanation = None
        if matches is False:
            explanation = f"{len(with_process)} of {total:,} postings is {share:.1f}%."
            if count_claim and number_matches(share_claim, 100 * count_claim.number / total):
                explanation += (
                    f" The report's {share_claim.text} follows from its own {count_claim.text} postings "
                    f"with a process ({100 * count_claim.number / total:.1f}%), a count the process files "
                    "do not reach (see above)."
                )
        figures.append(
            ctx.figure(
                "share_with_process",
                "Share of postings that describe a process",
                section,
                computed=f"{share:.1f}%",
                value=round(share, 2),
                matches=matches,
                explanation=explanation,
                check_url=links.table("process_postings"),
                check_label="process → posting links",
                basis="postings with a process / postings analysed",
            )
        )
    else:
        figures.append(
            ctx.figure(
                "share_with_process",
                "Share of postings that describe a process",
                section,
                computed="not loaded",
                value=None,
                matches=None,
                explanation="Needs the postings table (build with --postings).",
                check_url=links.table("process_postings"),
                check_label="process → posting links",
                basis="no postings table",
            )
        )

    candidate_companies = _unique(p["company_name"] for p in ctx.candidates)
    figures.append(
        ctx.figure(
            "candidate_reports",
            "Candidate-reported loops (kept out of the posting figures)",
            section,
            computed=f"{len(ctx.candidates)} ({_plural(len(candidate_companies), 'company')})",
            value=len(ctx.candidates),
            matches=None,
            explanation=None,
            check_url=links.table("processes", [("kind", CANDIDATE)]),
            check_label="candidate-reported processes",
            basis="processes of kind candidate_report",
        )
    )
    return figures


def _family_shares(ctx: _Context) -> tuple[list[RoundTypeShare], Figure]:
    per_family: Counter = Counter()
    per_round_type: Counter = Counter()
    for process in ctx.described:
        steps = ctx.steps_by_process.get(process["id"], [])
        per_family.update(_unique(step["family"] for step in steps))
        per_round_type.update(_unique(step["round_type"] for step in steps))
    claim = ctx.claim("round_type_order")
    report_order = _unique(family_of_phrase(item) for item in (claim.names if claim else ()))
    families = report_order or [family for family in FAMILIES if family not in ("admin", "other")]
    data_order = sorted(families, key=lambda family: (-per_family[family], families.index(family)))
    total = len(ctx.described)

    def members(family: str) -> list[str]:
        return [rt.slug for rt in ROUND_TYPES if rt.family == family]

    def counted(family: str) -> str:
        parts = [
            f"{ROUND_TYPES_BY_SLUG[slug].label.lower()} {per_round_type[slug]}"
            for slug in members(family)
            if per_round_type[slug]
        ]
        return f"{FAMILIES[family]} ({per_family[family]}" + (f": {', '.join(parts)})" if len(parts) > 1 else ")")

    shares = [
        RoundTypeShare(
            family=family,
            label=FAMILIES[family],
            round_types=members(family),
            processes=per_family[family],
            share=_share(per_family[family], total),
            by_round_type={slug: per_round_type[slug] for slug in members(family) if per_round_type[slug]},
            report_rank=report_order.index(family) + 1 if family in report_order else None,
            data_rank=data_order.index(family) + 1,
            check_url=ctx.links.table("processes", ctx.posting_filter() + [("families__arraycontains", family)]),
        )
        for family in families
    ]
    matches = (report_order == data_order) if report_order else None
    explanation = None
    if matches is False:
        swaps = [
            f"{counted(later)} is more frequent than {counted(earlier)}"
            for i, earlier in enumerate(report_order)
            for later in report_order[i + 1 :]
            if per_family[later] > per_family[earlier]
        ]
        explanation = "Counting the processes that include each kind of round: " + "; ".join(swaps) + "."
    figure = ctx.figure(
        "round_type_order",
        "Round types, most frequent first",
        "Round types",
        computed=", ".join(FAMILIES[family] for family in data_order),
        value=data_order,
        matches=matches,
        explanation=explanation,
        check_url=ctx.links.table("processes", ctx.posting_filter() + [("_facet_array", "families")]),
        check_label="processes faceted by round-type family",
        basis=f"{total} posting-derived processes with steps; a process counts once per family",
    )
    return shares, figure


def _round_type_figures(ctx: _Context) -> list[Figure]:
    total = len(ctx.described)

    def having(test) -> list[dict]:
        return [p for p in ctx.described if any(test(step) for step in ctx.steps_by_process.get(p["id"], []))]

    with_take_home = having(lambda step: step["family"] == "take_home")
    trials = having(lambda step: step["round_type"] == "work_trial")
    share, share_text = _share(len(with_take_home), total), _share_text(len(with_take_home), total)
    take_home_matches = number_matches(ctx.claim("take_home_share"), share)
    trial_names = _unique(p["company_name"] for p in trials)
    trial_matches = number_matches(ctx.claim("paid_work_trials"), len(trials))
    basis = f"{total} posting-derived processes with steps"
    return [
        ctx.figure(
            "take_home_share",
            "Processes with a take-home or work trial",
            "Round types",
            computed=share_text,
            value=share,
            matches=take_home_matches,
            explanation=f"In the data: {share_text}." if take_home_matches is False else None,
            check_url=ctx.links.table("processes", ctx.posting_filter() + [("families__arraycontains", "take_home")]),
            check_label="those processes",
            basis=basis,
        ),
        ctx.figure(
            "paid_work_trials",
            "Processes with a paid work trial",
            "Round types",
            computed=f"{len(trials)} ({_names(trial_names)})",
            value=len(trials),
            matches=trial_matches,
            explanation=f"In the data: {len(trials)} ({_names(trial_names)})." if trial_matches is False else None,
            check_url=ctx.links.table(
                "processes", ctx.posting_filter() + [("round_types__arraycontains", "work_trial")]
            ),
            check_label="those processes",
            basis=basis,
        ),
    ]


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _example_figures(ctx: _Context) -> list[Figure]:
    """`<company>_steps` keys: the steps the report lists for an example posting, beside the data's."""
    by_company: dict[str, list[dict]] = {}
    for process in ctx.described:
        by_company.setdefault(_compact(process["company"]), []).append(process)
    figures = []
    for key in [row["key"] for row in ctx.rows.report_figures if row["key"].endswith("_steps")]:
        processes = by_company.get(_compact(key.removesuffix("_steps")))
        if not processes:
            continue
        claim, counts = ctx.claim(key), [p["step_count"] for p in processes]
        matches = any(number_matches(claim, count) for count in counts) if claim and claim.number is not None else None
        company = processes[0]
        figures.append(
            ctx.figure(
                key,
                f"{company['company_name']} steps",
                "Examples from job postings",
                computed=", ".join(map(str, counts)),
                value=counts[0] if len(counts) == 1 else counts,
                matches=matches,
                explanation=" ".join(_example_explanation(ctx, p, claim) for p in processes)
                if matches is False
                else None,
                check_url=ctx.links.table("steps", [("company", company["company"]), ("_sort", "id")]),
                check_label=f"{company['company_name']}'s steps in order",
                basis="steps of the company's posting-derived processes",
            )
        )
    return figures


def _example_explanation(ctx: _Context, process: dict, claim: Claim) -> str:
    steps = ctx.steps_by_process.get(process["id"], [])
    text = f"The data lists {_plural(len(steps), 'step')} for {process['company_name']}: {_quoted(steps)}."
    pairs = itertools.pairwise(steps)
    joined = sum(1 for a, b in pairs if (a["round_type"], b["round_type"]) == ("reference_check", "offer"))
    if joined and len(steps) - joined == claim.number:
        text += (
            f" The report's list joins the reference check and the offer into one step, which gives its {claim.text}."
        )
    return text


def _candidate_round_figures(ctx: _Context, column: str) -> list[Figure]:
    """The report's "3-6 rounds" (what candidates report): the share of candidate-reported loops in that range."""
    claim = ctx.claim("total_rounds")
    if claim is None or claim.kind != "range":
        return []
    described = [p for p in ctx.candidates if p["step_count"]]
    low, high = int(claim.low), int(claim.high)
    outside = [f"{p['company_name']} {p[column]}" for p in described if not low <= p[column] <= high]
    inside = len(described) - len(outside)
    share = _share(inside, len(described))
    matches = share > 50 if described else None
    if not described:
        explanation = "No candidate-reported loop lists its rounds."
    elif matches:
        explanation = f"Outside {low}-{high}: {', '.join(outside)}." if outside else None
    else:
        explanation = f"Only {share:.0f}% of candidate-reported loops have {low}-{high}; outside: {', '.join(outside)}."
    return [
        ctx.figure(
            "total_rounds",
            "Rounds in a candidate-reported loop",
            "Candidate reports",
            computed=f"{_share_text(inside, len(described))} have {low}-{high}",
            value=share,
            matches=matches,
            explanation=explanation,
            check_url=ctx.links.table("processes", [("kind", CANDIDATE), ("_sort", column)]),
            check_label="candidate-reported processes",
            basis=f"{len(described)} candidate-reported loops with rounds",
        )
    ]


def _duration_round_types(name: str) -> tuple[str, ...] | None:
    if name in DURATION_ROUND_TYPES:
        return DURATION_ROUND_TYPES[name]
    if name in ROUND_TYPE_SLUGS:
        return (name,)
    if name in FAMILIES:
        return tuple(rt.slug for rt in ROUND_TYPES if rt.family == name)
    return None


def summarise_durations(
    steps: list[dict], round_types: tuple[str, ...]
) -> tuple[int, float | None, int | None, int | None]:
    """(steps that state a length, median of their midpoints, shortest low, longest high), in minutes."""
    timed = [s for s in steps if s["round_type"] in round_types and s["minutes_low"] is not None]
    if not timed:
        return 0, None, None, None
    highs = [s["minutes_high"] or s["minutes_low"] for s in timed]
    midpoints = [(s["minutes_low"] + high) / 2 for s, high in zip(timed, highs, strict=True)]
    return len(timed), statistics.median(midpoints), min(s["minutes_low"] for s in timed), max(highs)


def _duration_check_url(ctx: _Context, round_types: tuple[str, ...], candidate: bool) -> str:
    one = len(round_types) == 1
    params: Params = [("round_type", round_types[0]) if one else ("round_type__in", ",".join(round_types))]
    if candidate:  # steps have no kind column: name the candidate-reported processes
        params.append(("process_id__in", ",".join(p["id"] for p in ctx.candidates)))
    return ctx.links.table("steps", params + [("minutes_low__notnull", 1), ("_sort", "minutes_low")])


def _duration_figures(ctx: _Context) -> tuple[list[Figure], list[DurationSummary]]:
    candidate_ids = {p["id"] for p in ctx.candidates}
    steps_of = {
        False: [s for s in ctx.rows.steps if s["process_id"] in ctx.described_ids],
        True: [s for s in ctx.rows.steps if s["process_id"] in candidate_ids],
    }
    figures, stated = [], {}
    for key in [row["key"] for row in ctx.rows.report_figures]:
        candidate = key.startswith("candidate_")
        round_types = _duration_round_types(key.removeprefix("candidate_").removesuffix("_duration"))
        if round_types is None or not (candidate or key.endswith("_duration")):
            continue
        claim = ctx.claim(key)
        reported = parse_duration(claim.text) if claim else None
        population = "candidate-reported loops" if candidate else "posting-derived loops"
        steps = steps_of[candidate]
        count, median, low, high = summarise_durations(steps, round_types)
        of_type = sum(1 for s in steps if s["round_type"] in round_types)
        if not candidate and len(round_types) == 1:
            stated[round_types[0]] = (claim.text if claim else None, reported)
        if median is None:
            matches, computed = None, "no step states a length"
            explanation = (
                f"None of the {_plural(of_type, 'step')} of this type in the {population} states a length."
                if of_type
                else f"The {population} have no step of this type."
            )
        else:
            matches = reported[0] <= median <= reported[1] if reported else None
            computed = f"median {format_length(median)} ({format_length_range(low, high)}, {_plural(count, 'step')})"
            explanation = None
            if matches is False:
                explanation = (
                    f"{count} of the {_plural(of_type, 'step')} of this type state a length; their median, "
                    f"{format_length(median)}, is outside the report's {claim.text}."
                )
            elif matches is None:
                explanation = "The report's value is not a length that can be compared."
        figures.append(
            ctx.figure(
                key,
                " / ".join(ROUND_TYPES_BY_SLUG[rt].label for rt in round_types) + f" length ({population})",
                "Durations",
                computed=computed,
                value={"steps": count, "median_minutes": median, "min_minutes": low, "max_minutes": high},
                matches=matches,
                explanation=explanation,
                check_url=_duration_check_url(ctx, round_types, candidate),
                check_label="those steps, shortest first",
                basis=f"steps of {population} that state a length",
            )
        )

    summaries = []
    for round_type in ROUND_TYPES:
        count, median, low, high = summarise_durations(steps_of[False], (round_type.slug,))
        if count:
            report, reported = stated.get(round_type.slug, (None, None))
            summaries.append(
                DurationSummary(
                    round_type=round_type.slug,
                    label=round_type.label,
                    steps=count,
                    median=median,
                    minimum=low,
                    maximum=high,
                    report=report,
                    report_low=reported[0] if reported else None,
                    report_high=reported[1] if reported else None,
                    check_url=_duration_check_url(ctx, (round_type.slug,), candidate=False),
                )
            )
    return figures, summaries


def _source_figures(ctx: _Context) -> tuple[list[Figure], list[Count], list[Count], int]:
    sources, links = ctx.rows.sources, ctx.links
    by_platform = Counter(s["platform"] or "unknown" for s in sources)
    figures = []
    for key, platforms in SOURCE_PLATFORM_KEYS.items():
        claim = ctx.claim(key)
        if claim is None and platforms is not None:
            continue
        count = len(sources) if platforms is None else sum(by_platform[p] for p in platforms)
        names = ", ".join(PLATFORM_LABELS.get(p, p) for p in platforms or ())
        what = "sources" if platforms is None else f"sources on {names}"
        matches = number_matches(claim, count)
        platform_filter = [("platform__in", ",".join(platforms))] if platforms else []
        figures.append(
            ctx.figure(
                key,
                "Sources (distinct URLs)" if platforms is None else f"Sources on {names}",
                "Sources",
                computed=f"{count:,}",
                value=count,
                matches=matches,
                explanation=None
                if matches is not False
                else f"The sources table has {count:,} {what}, one row per distinct URL; it holds every link of the "
                f"field guide's inventories, which list fewer than the report's {claim.text}.",
                check_url=links.table("sources", [("_facet", "platform"), *platform_filter]),
                check_label="sources faceted by platform",
                basis="rows of the sources table",
            )
        )

    domains = {s["domain"] for s in sources if s["domain"]}
    claim = ctx.claim("domains")
    matches = number_matches(claim, len(domains))
    figures.append(
        ctx.figure(
            "domains",
            "Distinct domains",
            "Sources",
            computed=f"{len(domains):,}",
            value=len(domains),
            matches=matches,
            explanation=None
            if matches is not False
            else f"The sources come from {len(domains)} distinct hosts (www. and the bare host count as one); the "
            f"field guide's inventories, held in full, span fewer than the report's {claim.text}.",
            **links.sql_check(
                "select domain, count(*) as sources from sources group by domain order by sources desc",
                "sources per domain, in SQL",
                "sources",
                [("_facet", "domain")],
                "sources by domain",
            ),
            basis="distinct domains of the sources",
        )
    )

    platforms = [
        Count(PLATFORM_LABELS.get(platform, platform), count, links.table("sources", [("platform", platform)]))
        for platform, count in by_platform.most_common()
    ]
    years = Counter(s["year"] for s in sources if s["year"])
    by_year = [
        Count(str(year), count, links.table("sources", [("year", year)])) for year, count in sorted(years.items())
    ]
    return figures, platforms, by_year, sum(1 for s in sources if not s["year"])


def compute_stats(rows: StatsRows, links: Links) -> Stats:
    ctx = _Context(rows, links)
    summaries = []
    for name, label, column in STAGE_DEFINITIONS:
        summary = summarise_stages(ctx.described, column, name, label, _typical_range(ctx))
        summary.reproduces = _stage_reproduces(ctx, summary)
        summaries.append(summary)
    headline = max(summaries, key=lambda s: len(s.reproduces))  # on a tie, the first: every listed step
    other = next(s for s in summaries if s is not headline)

    figures = _company_figures(ctx) + _stage_figures(ctx, headline, other)
    shares, order_figure = _family_shares(ctx)
    figures += [order_figure, *_round_type_figures(ctx), *_example_figures(ctx)]
    duration_figures, durations = _duration_figures(ctx)
    figures += duration_figures + _candidate_round_figures(ctx, headline.column)
    source_figures, by_platform, by_year, undated = _source_figures(ctx)
    figures += source_figures

    return Stats(
        populations=Populations(
            posting_processes=len(ctx.posting),
            described_posting_processes=len(ctx.described),
            posting_companies=len(_unique(p["company_name"] for p in ctx.posting)),
            candidate_reports=len(ctx.candidates),
            candidate_companies=len(_unique(p["company_name"] for p in ctx.candidates)),
        ),
        stage_definition=headline.name,
        stage_definitions=summaries,
        figures=figures,
        round_types=shares,
        durations=durations,
        sources_by_platform=by_platform,
        sources_by_year=by_year,
        undated_sources=undated,
        report_only=[
            {key: row.get(key) for key in ("key", "label", "value", "section", "note")}
            for row in rows.report_figures
            if row["key"] not in ctx.used_keys
        ],
    )
