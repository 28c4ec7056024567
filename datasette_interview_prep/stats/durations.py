"""Durations by round type, for posting-derived and candidate-reported loops."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import NamedTuple

from datasette_interview_prep.core.durations import format_length, format_length_range, parse_duration
from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPE_SLUGS, ROUND_TYPES, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.text import plural
from datasette_interview_prep.stats.claims import Claim
from datasette_interview_prep.stats.context import CANDIDATE, DURATION_ROUND_TYPES, Context
from datasette_interview_prep.stats.models import DurationSummary, Figure, Params, StepRow


class Lengths(NamedTuple):
    """What the steps that state a length say, in minutes."""

    steps: int  # steps that state a length
    median: float  # of their midpoints
    shortest: int  # the lowest low
    longest: int  # the highest high


def duration_round_types(name: str) -> tuple[str, ...] | None:
    if name in DURATION_ROUND_TYPES:
        return DURATION_ROUND_TYPES[name]
    if name in ROUND_TYPE_SLUGS:
        return (name,)
    if name in FAMILIES:
        return tuple(rt.slug for rt in ROUND_TYPES if rt.family == name)
    return None


def summarise_durations(steps: Sequence[StepRow], round_types: tuple[str, ...]) -> Lengths | None:
    """The lengths stated by the steps of these round types; None when none of them states one."""
    timed = [
        (low, s["minutes_high"] or low)
        for s in steps
        if s["round_type"] in round_types and (low := s["minutes_low"]) is not None
    ]
    if not timed:
        return None
    midpoints = [(low + high) / 2 for low, high in timed]
    return Lengths(len(timed), statistics.median(midpoints), min(low for low, _ in timed), max(h for _, h in timed))


def lengths_value(lengths: Lengths | None) -> dict[str, float | None]:
    """A duration figure's machine-readable value."""
    if lengths is None:
        return {"steps": 0, "median_minutes": None, "min_minutes": None, "max_minutes": None}
    return {
        "steps": lengths.steps,
        "median_minutes": lengths.median,
        "min_minutes": lengths.shortest,
        "max_minutes": lengths.longest,
    }


# A check link names the candidate-reported processes one by one up to this many; past it (6,800 ids at 100x,
# 39 kB a link, 370 kB a page) it selects them by kind in SQL instead.
MAX_LINKED_PROCESSES = 50


def duration_check(ctx: Context, round_types: tuple[str, ...], candidate: bool) -> tuple[str, str]:
    """(url, label) of the steps a length figure counts, shortest first."""
    label = "those steps, shortest first"
    one = len(round_types) == 1
    params: Params = [("round_type", round_types[0]) if one else ("round_type__in", ",".join(round_types))]
    shortest_first: Params = [("minutes_low__notnull", 1), ("_sort", "minutes_low")]
    if not candidate:
        return ctx.links.table("steps", params + shortest_first), label
    if len(ctx.candidates) <= MAX_LINKED_PROCESSES:  # steps have no kind column: name the processes
        ids = ",".join(p["id"] for p in ctx.candidates)
        return ctx.links.table("steps", [*params, ("process_id__in", ids), *shortest_first]), label
    quoted = ", ".join("'" + rt.replace("'", "''") + "'" for rt in round_types)
    sql = (
        "select steps.* from steps join processes on processes.id = steps.process_id "
        f"where processes.kind = '{CANDIDATE}' and steps.round_type in ({quoted}) "
        "and steps.minutes_low is not null order by steps.minutes_low"
    )
    if ctx.links.sql_allowed:
        return ctx.links.sql(sql), label
    # Without SQL, too many processes to name: the population itself (its steps are one click from each).
    return ctx.links.table("processes", [("kind", CANDIDATE)]), "the candidate-reported processes"


def duration_figures(ctx: Context) -> tuple[list[Figure], list[DurationSummary]]:
    """A figure per duration key of the report, and a summary per round type whose posting steps state a length."""
    candidate_ids = {p["id"] for p in ctx.candidates}
    steps_of = {
        False: [s for s in ctx.steps if s["process_id"] in ctx.described_ids],
        True: [s for s in ctx.steps if s["process_id"] in candidate_ids],
    }
    figures = []
    stated: dict[str, Claim | None] = {}  # round type -> the report's length of its posting steps
    for key in [row["key"] for row in ctx.report_figures]:
        candidate = key.startswith("candidate_")
        round_types = duration_round_types(key.removeprefix("candidate_").removesuffix("_duration"))
        if round_types is None or not (candidate or key.endswith("_duration")):
            continue
        if not candidate and len(round_types) == 1:
            stated[round_types[0]] = ctx.claim(key)
        figures.append(duration_figure(ctx, key, round_types, candidate, steps_of[candidate]))
    return figures, duration_summaries(ctx, steps_of[False], stated)


def duration_figure(
    ctx: Context, key: str, round_types: tuple[str, ...], candidate: bool, steps: Sequence[StepRow]
) -> Figure:
    """The length of these round types' steps in one population, beside the length the report states."""
    claim = ctx.claim(key)
    reported = parse_duration(claim.text) if claim else None
    population = "candidate-reported loops" if candidate else "posting-derived loops"
    lengths = summarise_durations(steps, round_types)
    check_url, check_label = duration_check(ctx, round_types, candidate)
    of_type = sum(1 for s in steps if s["round_type"] in round_types)
    matches: bool | None
    explanation: str | None
    if lengths is None:
        matches, computed = None, "no step states a length"
        explanation = (
            f"None of the {plural(of_type, 'step')} of this type in the {population} states a length."
            if of_type
            else f"The {population} have no step of this type."
        )
    else:
        count, median, low, high = lengths
        matches = reported[0] <= median <= reported[1] if reported else None
        computed = f"median {format_length(median)} ({format_length_range(low, high)}, {plural(count, 'step')})"
        explanation = lengths_explanation(claim, matches, lengths, of_type)
    return ctx.figure(
        key,
        " / ".join(ROUND_TYPES_BY_SLUG[rt].label for rt in round_types) + f" length ({population})",
        "Durations",
        computed=computed,
        value=lengths_value(lengths),
        matches=matches,
        explanation=explanation,
        check_url=check_url,
        check_label=check_label,
        basis=f"steps of {population} that state a length",
    )


def lengths_explanation(claim: Claim | None, matches: bool | None, lengths: Lengths, of_type: int) -> str | None:
    if claim is not None and matches is False:
        return (
            f"{lengths.steps} of the {plural(of_type, 'step')} of this type state a length; their median, "
            f"{format_length(lengths.median)}, is outside the report's {claim.text}."
        )
    if matches is None:
        return "The report's value is not a length that can be compared."
    return None


def duration_summaries(
    ctx: Context, steps: Sequence[StepRow], stated: dict[str, Claim | None]
) -> list[DurationSummary]:
    """Each round type whose steps state a length, in taxonomy order, with the length the report states."""
    summaries = []
    for round_type in ROUND_TYPES:
        lengths = summarise_durations(steps, (round_type.slug,))
        if lengths is None:
            continue
        claim = stated.get(round_type.slug)
        reported = parse_duration(claim.text) if claim else None
        summaries.append(
            DurationSummary(
                round_type=round_type.slug,
                label=round_type.label,
                steps=lengths.steps,
                median=lengths.median,
                minimum=lengths.shortest,
                maximum=lengths.longest,
                report=claim.text if claim else None,
                report_low=reported[0] if reported else None,
                report_high=reported[1] if reported else None,
                check_url=duration_check(ctx, (round_type.slug,), candidate=False)[0],
            )
        )
    return summaries
