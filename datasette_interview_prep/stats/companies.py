"""The company and posting figures: how many companies, which loops are leanest and longest."""

from __future__ import annotations

from datasette_interview_prep.core.text import json_list, plural, unique
from datasette_interview_prep.stats.claims import Claim, number_matches
from datasette_interview_prep.stats.context import CANDIDATE, POSTING, Context
from datasette_interview_prep.stats.models import Figure
from datasette_interview_prep.stats.stages import repeated_loops
from datasette_interview_prep.stats.text import names_text

SECTION = "Postings and companies"
POSTING_COUNTS = (("job_descriptions", "Job descriptions collected"), ("postings_analysed", "Postings analysed"))


def company_figures(ctx: Context) -> list[Figure]:
    with_process = postings_with_process(ctx)
    return [
        companies_figure(ctx),
        processes_with_steps_figure(ctx),
        *posting_count_figures(ctx),
        postings_with_process_figure(ctx, with_process),
        share_with_process_figure(ctx, with_process),
        candidate_reports_figure(ctx),
    ]


def companies_figure(ctx: Context) -> Figure:
    companies = unique(p["company_name"] for p in ctx.posting)
    claim = ctx.claim("companies_with_process")
    matches = number_matches(claim, len(companies))
    return ctx.figure(
        "companies_with_process",
        "Companies whose postings describe a process",
        SECTION,
        computed=f"{len(companies):,}",
        value=len(companies),
        matches=matches,
        explanation=companies_explanation(ctx, claim, len(companies)) if matches is False else None,
        **ctx.links.sql_check(
            "select count(distinct company) as companies, count(*) as processes "
            f"from processes where kind = '{POSTING}'",
            "count in SQL",
            "processes",
            [("kind", POSTING), ("_facet", "company")],
            "posting-derived processes by company",
        ),
        basis=f"{len(ctx.posting)} posting-derived processes",
    )


def companies_explanation(ctx: Context, claim: Claim | None, companies: int) -> str | None:
    """Why the company count differs: a company that posted one loop in several postings counts once here."""
    if claim is None:
        return None
    explanation = f"{companies} distinct companies have posting-derived processes."
    if repeated := repeated_loops(ctx):
        explanation += (
            " "
            + "; ".join(f"{name} posted the same loop in {count} separate postings" for name, count in repeated)
            + "."
        )
        if claim.number == companies + sum(count - 1 for _, count in repeated):
            explanation += (
                " Counting each such posting separately, as the field guide keeps one process file "
                f"per posting, gives the report's {claim.text}."
            )
    return explanation


def processes_with_steps_figure(ctx: Context) -> Figure:
    summary_only = [p["company_name"] for p in ctx.posting if not p["step_count"]]
    described, posting = len(ctx.described), len(ctx.posting)
    matches = number_matches(ctx.claim("processes_with_steps"), described)
    return ctx.figure(
        "processes_with_steps",
        "Posting-derived processes that list their steps",
        SECTION,
        computed=f"{described} of {posting}",
        value=described,
        matches=matches,
        explanation=None
        if matches
        else f"{described} processes ({len(unique(p['company_name'] for p in ctx.described))} companies) list "
        f"their steps; {plural(len(summary_only), 'process')} only summarise it ({names_text(summary_only)}).",
        check_url=ctx.described_link(),
        check_label="posting-derived processes with steps",
        basis=f"{posting} posting-derived processes",
    )


def posting_count_figures(ctx: Context) -> list[Figure]:
    """How many postings there are: 'postings_analysed' always, 'job_descriptions' when the report states it."""
    figures = []
    for key, label in POSTING_COUNTS:
        if key != "postings_analysed" and ctx.claim(key) is None:
            continue
        if ctx.postings_table is None:
            figures.append(
                not_loaded_figure(
                    ctx,
                    key,
                    label,
                    "The postings are not in this database: build it with --postings to load them.",
                    "posting ids cited by processes",
                )
            )
            continue
        postings = ctx.postings_table["postings"]
        matches = number_matches(ctx.claim(key), postings)
        figures.append(
            ctx.figure(
                key,
                label,
                SECTION,
                computed=f"{postings:,}",
                value=postings,
                matches=matches,
                explanation=f"The postings table holds {postings:,}." if matches is False else None,
                check_url=ctx.links.table("postings"),
                check_label="the postings table",
                basis="rows of the postings table",
            )
        )
    return figures


def not_loaded_figure(ctx: Context, key: str, label: str, explanation: str, check_label: str) -> Figure:
    """A posting figure that needs the postings table, in a database built without it."""
    return ctx.figure(
        key,
        label,
        SECTION,
        computed="not loaded",
        value=None,
        matches=None,
        explanation=explanation,
        check_url=ctx.links.table("process_postings"),
        check_label=check_label,
        basis="no postings table",
    )


def cited_postings(ctx: Context) -> dict[str, set[str]]:
    """Company name -> the posting ids its posting-derived processes cite."""
    cited_by_company: dict[str, set[str]] = {}
    for process in ctx.posting:
        cited_by_company.setdefault(process["company_name"], set()).update(map(str, json_list(process["posting_ids"])))
    return cited_by_company


def postings_with_process(ctx: Context) -> set[str]:
    """The posting ids the processes cite, less those missing from the postings table when there is one."""
    cited = set().union(*cited_postings(ctx).values())
    loaded = ctx.rows.loaded_posting_ids
    return cited if loaded is None else cited & loaded


def postings_with_process_figure(ctx: Context, with_process: set[str]) -> Figure:
    claim = ctx.claim("postings_with_process")
    matches = number_matches(claim, len(with_process))
    loaded = ctx.rows.loaded_posting_ids
    return ctx.figure(
        "postings_with_process",
        "Postings that describe an interview process",
        SECTION,
        computed=f"{len(with_process):,}",
        value=len(with_process),
        matches=matches,
        explanation=cited_postings_explanation(ctx, with_process) if matches is False else None,
        check_url=ctx.links.table("process_postings"),
        check_label="process → posting links",
        basis="distinct posting ids cited by posting-derived processes"
        + (" and present in the postings table" if loaded is not None else ""),
    )


def cited_postings_explanation(ctx: Context, with_process: set[str]) -> str:
    cited_by_company = cited_postings(ctx)
    cited = set().union(*cited_by_company.values())
    company, most = max(cited_by_company.items(), key=lambda item: len(item[1]))
    explanation = (
        f"The process files cite {len(cited)} distinct postings ({company} alone cites {len(most)}); "
        "the report gives its figure without listing the postings, so the difference cannot be traced."
    )
    if ctx.rows.loaded_posting_ids is not None and len(with_process) < len(cited):
        explanation += f" {len(cited) - len(with_process)} cited postings are not in the postings table."
    return explanation


def share_with_process_figure(ctx: Context, with_process: set[str]) -> Figure:
    label = "Share of postings that describe a process"
    postings = ctx.postings_table
    if not (postings and postings["postings"]):
        return not_loaded_figure(
            ctx,
            "share_with_process",
            label,
            "Needs the postings table (build with --postings).",
            "process → posting links",
        )
    total = postings["postings"]
    share = 100 * len(with_process) / total
    share_claim = ctx.claim("share_with_process")
    matches = number_matches(share_claim, share)
    return ctx.figure(
        "share_with_process",
        label,
        SECTION,
        computed=f"{share:.1f}%",
        value=round(share, 2),
        matches=matches,
        explanation=share_explanation(ctx, share_claim, len(with_process), total, share)
        if share_claim is not None and matches is False
        else None,
        check_url=ctx.links.table("process_postings"),
        check_label="process → posting links",
        basis="postings with a process / postings analysed",
    )


def share_explanation(ctx: Context, share_claim: Claim, with_process: int, total: int, share: float) -> str:
    """Why the share differs; the report's share may follow from its own count of postings with a process."""
    explanation = f"{with_process} of {total:,} postings is {share:.1f}%."
    count_claim = ctx.claim("postings_with_process")
    if count_claim and count_claim.number is not None:
        implied_share = 100 * count_claim.number / total
        if number_matches(share_claim, implied_share):
            explanation += (
                f" The report's {share_claim.text} follows from its own {count_claim.text} postings "
                f"with a process ({implied_share:.1f}%), a count the process files "
                "do not reach (see above)."
            )
    return explanation


def candidate_reports_figure(ctx: Context) -> Figure:
    candidate_companies = unique(p["company_name"] for p in ctx.candidates)
    return ctx.figure(
        "candidate_reports",
        "Candidate-reported loops (kept out of the posting figures)",
        SECTION,
        computed=f"{len(ctx.candidates)} ({plural(len(candidate_companies), 'company')})",
        value=len(ctx.candidates),
        matches=None,
        explanation=None,
        check_url=ctx.links.table("processes", [("kind", CANDIDATE)]),
        check_label="candidate-reported processes",
        basis="processes of kind candidate_report",
    )
