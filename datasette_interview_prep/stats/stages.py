"""Stage counts: how many steps a loop has, two ways of counting, and which reproduces the report."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.text import json_list, unique
from datasette_interview_prep.stats.claims import Claim, number_matches
from datasette_interview_prep.stats.context import TYPICAL_RANGE, Context
from datasette_interview_prep.stats.models import Figure, ProcessRow, StageColumn, StageSummary
from datasette_interview_prep.stats.text import (
    names_text,
    number_text,
    percent,
    percent_text,
    quoted_steps,
    same_names,
)


def summarise_stages(
    processes: Sequence[ProcessRow],
    column: StageColumn,
    name: str = "",
    label: str = "",
    typical: tuple[int, int] = TYPICAL_RANGE,
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
        share_in_typical_range=percent(in_range, len(values)) if values else None,
        leanest=unique(company for count, company in counts if count == minimum),
        longest=unique(company for count, company in counts if count == maximum),
        histogram=dict(sorted(Counter(values).items())),
    )


def typical_range(ctx: Context) -> tuple[int, int]:
    claim = ctx.claim("typical_range")
    bounds = claim.bounds if claim else None
    return (int(bounds[0]), int(bounds[1])) if bounds else TYPICAL_RANGE


def stage_reproduces(ctx: Context, summary: StageSummary) -> list[str]:
    """The report's stage figures that this way of counting reproduces."""
    checks: dict[str, Callable[[Claim], bool | None]] = {
        "median_stages": lambda c: number_matches(c, summary.median),
        "typical_range": lambda c: (summary.share_in_typical_range or 0) > 50,  # "most processes"
        "min_stages": lambda c: number_matches(c, summary.minimum),
        "leanest_companies": lambda c: same_names(c.names, summary.leanest),
        "max_stages": lambda c: number_matches(c, summary.maximum),
        "longest_companies": lambda c: same_names(c.names, summary.longest),
    }
    return [key for key, check in checks.items() if summary.processes and (claim := ctx.claim(key)) and check(claim)]


def loops_of(ctx: Context, names: Iterable[str], column: StageColumn, expected: float | None) -> str:
    """'Infinity Constellation: 1 (“Paid week ...”); Watershed: 3 (...)' for the named companies not at expected."""
    parts = []
    for name in names:
        processes = [p for p in ctx.described if name_key(p["company_name"]) == name_key(name)]
        if not processes:
            parts.append(f"{name} has no loop with steps in the data")
        for process in processes:
            count = process[column] or 0
            if count == expected:
                continue
            steps = [
                s for s in ctx.steps_by_process.get(process["id"], []) if column == "step_count" or s["is_interview"]
            ]
            parts.append(f"{process['company_name']}: {count}" + (f" ({quoted_steps(steps)})" if count <= 4 else ""))
    return "; ".join(parts)


SECTION = "Interview stages"


class Extreme(NamedTuple):
    """The fewest or the most stages: the report's keys for the number and the companies, and the data's."""

    number_key: str
    label: str
    number: int | None
    names_key: str
    names: list[str]
    sort: str  # the table page's sort parameter that puts these processes first


def stage_unit(column: StageColumn) -> str:
    return "steps" if column == "step_count" else "interview stages"


def stage_figures(ctx: Context, summary: StageSummary, other: StageSummary) -> list[Figure]:
    extremes = (
        Extreme("min_stages", "Fewest stages", summary.minimum, "leanest_companies", summary.leanest, "_sort"),
        Extreme("max_stages", "Most stages", summary.maximum, "longest_companies", summary.longest, "_sort_desc"),
    )
    figures = [median_figure(ctx, summary, other), typical_range_figure(ctx, summary)]
    for extreme in extremes:
        figures += extreme_figures(ctx, summary, extreme)
    return figures


def stage_basis(summary: StageSummary) -> str:
    return f"{summary.processes} posting-derived processes with steps, counting {summary.label.lower()}"


def median_figure(ctx: Context, summary: StageSummary, other: StageSummary) -> Figure:
    column = summary.column
    matches = number_matches(ctx.claim("median_stages"), summary.median)
    return ctx.figure(
        "median_stages",
        "Median number of stages",
        SECTION,
        computed=number_text(summary.median),
        value=summary.median,
        matches=matches,
        explanation=None
        if matches is not False
        else f"The median of the {summary.processes} processes is {number_text(summary.median)} "
        f"{stage_unit(column)} ({number_text(other.median)} counting {other.label.lower()}).",
        check_url=ctx.described_link(("_facet", column)),
        check_label=f"processes faceted by {column}",
        basis=stage_basis(summary),
    )


def typical_range_figure(ctx: Context, summary: StageSummary) -> Figure:
    column, unit = summary.column, stage_unit(summary.column)
    low, high = typical_range(ctx)
    share = summary.share_in_typical_range
    matches = (share > 50) if ctx.claim("typical_range") and share is not None else None  # None: no processes
    return ctx.figure(
        "typical_range",
        f"Most processes have {low}-{high} stages",
        SECTION,
        computed=f"{percent_text(summary.in_typical_range, summary.processes)} have {low}-{high}",
        value=share,
        matches=matches,
        explanation=None if matches is not False else f"Only {share:.0f}% of processes have {low}-{high} {unit}.",
        check_url=ctx.described_link((f"{column}__gte", low), (f"{column}__lte", high)),
        check_label=f"processes with {low}-{high} {unit}",
        basis=stage_basis(summary),
    )


def extreme_figures(ctx: Context, summary: StageSummary, extreme: Extreme) -> list[Figure]:
    """The fewest (or most) stages, and the companies with them, each beside the report's."""
    column = summary.column
    check = {
        "check_url": ctx.described_link((extreme.sort, column)),
        "check_label": f"processes sorted by {column}",
        "basis": stage_basis(summary),
    }
    number_claim, names_claim = ctx.claim(extreme.number_key), ctx.claim(extreme.names_key)
    number = extreme.number
    stated_number = number_claim.number if number_claim and number_claim.number is not None else number
    label, names = extreme.label, extreme.names

    matches = number_matches(number_claim, number)
    explanation = None
    if number_claim is not None and matches is False:
        explanation = f"The data's {label.lower()}: {number_text(number)} ({names_text(names)}); the report says {number_claim.text}."
        if names_claim and (loops := loops_of(ctx, names_claim.names, column, stated_number)):
            explanation += f" In the data: {loops}."
    number_figure = ctx.figure(
        extreme.number_key,
        label,
        SECTION,
        computed=number_text(number),
        value=number,
        matches=matches,
        explanation=explanation,
        **check,
    )

    matches = same_names(names_claim.names, names) if names_claim else None
    names_figure = ctx.figure(
        extreme.names_key,
        f"Companies with the {label.lower()}",
        SECTION,
        computed=f"{names_text(names)} ({number_text(number)})",
        value=names,
        matches=matches,
        explanation=names_explanation(ctx, names_claim.names, extreme, column, stated_number)
        if names_claim is not None and matches is False
        else None,
        **check,
    )
    return [number_figure, names_figure]


def names_explanation(
    ctx: Context, stated: list[str], extreme: Extreme, column: StageColumn, stated_number: float | None
) -> str:
    """Why the companies differ: the loops of those the report names, and those the data adds."""
    loops = loops_of(ctx, stated, column, stated_number)
    unnamed = [n for n in extreme.names if name_key(n) not in {name_key(s) for s in stated}]
    parts = []
    if loops:
        parts.append(f"The report names {names_text(stated)} with {number_text(stated_number)}; in the data {loops}.")
    if unnamed:
        parts.append(f"The data also has {names_text(unnamed)} at {number_text(extreme.number)}.")
    return " ".join(parts) or f"The data has {names_text(extreme.names)}."


def repeated_loops(ctx: Context) -> list[tuple[str, int]]:
    """(company, postings) for each loop (the same round types in order) a company posted in separate postings."""
    loops: dict[tuple[str, tuple[str, ...]], list[set[str]]] = {}
    for process in ctx.described:
        round_types = tuple(step["round_type"] for step in ctx.steps_by_process.get(process["id"], []))
        postings = {str(posting) for posting in json_list(process["posting_ids"])}
        loops.setdefault((process["company_name"], round_types), []).append(postings)
    repeated = []
    for (company, _), posting_sets in loops.items():
        separate = [ids for ids in posting_sets if ids]
        if len(separate) > 1 and not set.intersection(*separate):
            repeated.append((company, len(separate)))
    return repeated
