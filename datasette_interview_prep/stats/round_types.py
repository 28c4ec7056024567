"""Round types: how often each family appears, in what order, the report's examples, candidate rounds."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPES, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.text import plural, unique
from datasette_interview_prep.stats.claims import Claim, family_of_phrase, number_matches
from datasette_interview_prep.stats.context import CANDIDATE, Context
from datasette_interview_prep.stats.models import Figure, ProcessRow, RoundTypeShare, StageColumn, StepRow
from datasette_interview_prep.stats.text import names_text, percent, percent_text, quoted_steps


class FamilyCounts(NamedTuple):
    """How many described posting-derived processes include each family, and each round type."""

    per_family: Counter[str]
    per_round_type: Counter[str]

    def text(self, family: str) -> str:
        """The family's count, and its round types' when it has several:
        'Take-home / work trial (12: take-home assignment 9, paid work trial 3)'."""
        parts = [
            f"{ROUND_TYPES_BY_SLUG[slug].label.lower()} {self.per_round_type[slug]}"
            for slug in family_members(family)
            if self.per_round_type[slug]
        ]
        return f"{FAMILIES[family]} ({self.per_family[family]}" + (f": {', '.join(parts)})" if len(parts) > 1 else ")")


def family_members(family: str) -> list[str]:
    return [rt.slug for rt in ROUND_TYPES if rt.family == family]


def family_counts(ctx: Context) -> FamilyCounts:
    per_family: Counter[str] = Counter()
    per_round_type: Counter[str] = Counter()
    for process in ctx.described:
        steps = ctx.steps_by_process.get(process["id"], [])
        per_family.update(unique(step["family"] for step in steps))
        per_round_type.update(unique(step["round_type"] for step in steps))
    return FamilyCounts(per_family, per_round_type)


def family_shares(ctx: Context) -> tuple[list[RoundTypeShare], Figure]:
    """Each family's share of the processes, in the report's order, and the report's order beside the data's."""
    counts = family_counts(ctx)
    claim = ctx.claim("round_type_order")
    report_order = unique(family_of_phrase(item) for item in (claim.names if claim else ()))
    families = report_order or [family for family in FAMILIES if family not in ("admin", "other")]
    data_order = sorted(families, key=lambda family: (-counts.per_family[family], families.index(family)))
    shares = [family_share(ctx, family, counts, report_order, data_order) for family in families]
    matches = (report_order == data_order) if report_order else None
    figure = ctx.figure(
        "round_type_order",
        "Round types, most frequent first",
        "Round types",
        computed=", ".join(FAMILIES[family] for family in data_order),
        value=data_order,
        matches=matches,
        explanation=order_explanation(report_order, counts) if matches is False else None,
        check_url=ctx.described_link(("_facet_array", "families")),
        check_label="processes faceted by round-type family",
        basis=f"{len(ctx.described)} posting-derived processes with steps; a process counts once per family",
    )
    return shares, figure


def family_share(
    ctx: Context, family: str, counts: FamilyCounts, report_order: list[str], data_order: list[str]
) -> RoundTypeShare:
    members = family_members(family)
    return RoundTypeShare(
        family=family,
        label=FAMILIES[family],
        round_types=members,
        processes=counts.per_family[family],
        share=percent(counts.per_family[family], len(ctx.described)),
        by_round_type={slug: counts.per_round_type[slug] for slug in members if counts.per_round_type[slug]},
        report_rank=report_order.index(family) + 1 if family in report_order else None,
        data_rank=data_order.index(family) + 1,
        check_url=ctx.described_link(("families__arraycontains", family)),
    )


def order_explanation(report_order: list[str], counts: FamilyCounts) -> str:
    """Each pair of families the report puts in the opposite order to the data's counts."""
    swaps = [
        f"{counts.text(later)} is more frequent than {counts.text(earlier)}"
        for i, earlier in enumerate(report_order)
        for later in report_order[i + 1 :]
        if counts.per_family[later] > counts.per_family[earlier]
    ]
    return "Counting the processes that include each kind of round: " + "; ".join(swaps) + "."


def round_type_figures(ctx: Context) -> list[Figure]:
    total = len(ctx.described)

    def having(test: Callable[[StepRow], bool]) -> list[ProcessRow]:
        return [p for p in ctx.described if any(test(step) for step in ctx.steps_by_process.get(p["id"], []))]

    with_take_home = having(lambda step: step["family"] == "take_home")
    trials = having(lambda step: step["round_type"] == "work_trial")
    share, share_text = percent(len(with_take_home), total), percent_text(len(with_take_home), total)
    take_home_matches = number_matches(ctx.claim("take_home_share"), share)
    trial_names = unique(p["company_name"] for p in trials)
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
            check_url=ctx.described_link(("families__arraycontains", "take_home")),
            check_label="those processes",
            basis=basis,
        ),
        ctx.figure(
            "paid_work_trials",
            "Processes with a paid work trial",
            "Round types",
            computed=f"{len(trials)} ({names_text(trial_names)})",
            value=len(trials),
            matches=trial_matches,
            explanation=f"In the data: {len(trials)} ({names_text(trial_names)})." if trial_matches is False else None,
            check_url=ctx.described_link(("round_types__arraycontains", "work_trial")),
            check_label="those processes",
            basis=basis,
        ),
    ]


def example_figures(ctx: Context) -> list[Figure]:
    """`<company>_steps` keys: the steps the report lists for an example posting, beside the data's."""
    by_company: dict[str, list[ProcessRow]] = {}
    for process in ctx.described:
        by_company.setdefault(name_key(process["company"]), []).append(process)
    figures = []
    for key in [row["key"] for row in ctx.report_figures if row["key"].endswith("_steps")]:
        processes = by_company.get(name_key(key.removesuffix("_steps")))
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
                explanation=None
                if claim is None or matches is not False
                else " ".join(example_explanation(ctx, p, claim) for p in processes),
                check_url=ctx.links.table("steps", [("company", company["company"]), ("_sort", "id")]),
                check_label=f"{company['company_name']}'s steps in order",
                basis="steps of the company's posting-derived processes",
            )
        )
    return figures


def example_explanation(ctx: Context, process: ProcessRow, claim: Claim) -> str:
    steps = ctx.steps_by_process.get(process["id"], [])
    text = f"The data lists {plural(len(steps), 'step')} for {process['company_name']}: {quoted_steps(steps)}."
    pairs = itertools.pairwise(steps)
    joined = sum(1 for a, b in pairs if (a["round_type"], b["round_type"]) == ("reference_check", "offer"))
    if joined and len(steps) - joined == claim.number:
        text += (
            f" The report's list joins the reference check and the offer into one step, which gives its {claim.text}."
        )
    return text


def candidate_round_figures(ctx: Context, column: StageColumn) -> list[Figure]:
    """The report's "3-6 rounds" (what candidates report): the share of candidate-reported loops in that range."""
    claim = ctx.claim("total_rounds")
    bounds = claim.bounds if claim else None
    if bounds is None:
        return []
    described = [p for p in ctx.candidates if p["step_count"]]
    low, high = int(bounds[0]), int(bounds[1])
    outside = [f"{p['company_name']} {p[column]}" for p in described if not low <= p[column] <= high]
    inside = len(described) - len(outside)
    share = percent(inside, len(described))
    matches = share > 50 if described else None
    explanation: str | None
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
            computed=f"{percent_text(inside, len(described))} have {low}-{high}",
            value=share,
            matches=matches,
            explanation=explanation,
            check_url=ctx.links.table("processes", [("kind", CANDIDATE), ("_sort", column)]),
            check_label="candidate-reported processes",
            basis=f"{len(described)} candidate-reported loops with rounds",
        )
    ]
