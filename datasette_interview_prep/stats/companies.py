"""The company and posting figures: how many companies, which loops are leanest and longest."""

from __future__ import annotations

from datasette_interview_prep.core.text import json_list, plural, unique
from datasette_interview_prep.stats.claims import number_matches
from datasette_interview_prep.stats.context import CANDIDATE, POSTING, Context
from datasette_interview_prep.stats.models import Figure
from datasette_interview_prep.stats.stages import repeated_loops
from datasette_interview_prep.stats.text import names_text


def company_figures(ctx: Context) -> list[Figure]:
    section, links = "Postings and companies", ctx.links
    figures = []

    companies = unique(p["company_name"] for p in ctx.posting)
    claim = ctx.claim("companies_with_process")
    matches = number_matches(claim, len(companies))
    explanation = None
    if claim is not None and matches is False:
        explanation = f"{len(companies)} distinct companies have posting-derived processes."
        if repeated := repeated_loops(ctx):
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
            else f"{len(ctx.described)} processes ({len(unique(p['company_name'] for p in ctx.described))} companies) list "
            f"their steps; {plural(len(summary_only), 'process')} only summarise it ({names_text(summary_only)}).",
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
        cited_by_company.setdefault(process["company_name"], set()).update(map(str, json_list(process["posting_ids"])))
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
        if share_claim is not None and matches is False:
            explanation = f"{len(with_process)} of {total:,} postings is {share:.1f}%."
            if count_claim and count_claim.number is not None:
                implied_share = 100 * count_claim.number / total
                if number_matches(share_claim, implied_share):
                    explanation += (
                        f" The report's {share_claim.text} follows from its own {count_claim.text} postings "
                        f"with a process ({implied_share:.1f}%), a count the process files "
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

    candidate_companies = unique(p["company_name"] for p in ctx.candidates)
    figures.append(
        ctx.figure(
            "candidate_reports",
            "Candidate-reported loops (kept out of the posting figures)",
            section,
            computed=f"{len(ctx.candidates)} ({plural(len(candidate_companies), 'company')})",
            value=len(ctx.candidates),
            matches=None,
            explanation=None,
            check_url=links.table("processes", [("kind", CANDIDATE)]),
            check_label="candidate-reported processes",
            basis="processes of kind candidate_report",
        )
    )
    return figures
