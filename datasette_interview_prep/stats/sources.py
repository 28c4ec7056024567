"""The sources behind the report: counts by platform and year, set beside the report's."""

from __future__ import annotations

from collections import Counter

from datasette_interview_prep.core.labels import PLATFORM_LABELS
from datasette_interview_prep.stats.claims import number_matches
from datasette_interview_prep.stats.context import SOURCE_PLATFORM_KEYS, Context
from datasette_interview_prep.stats.models import Count, Figure


def source_figures(ctx: Context) -> tuple[list[Figure], list[Count], list[Count], int]:
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
                if claim is None or matches is not False
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
            if claim is None or matches is not False
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

    platform_counts = [
        Count(PLATFORM_LABELS.get(platform, platform), count, links.table("sources", [("platform", platform)]))
        for platform, count in by_platform.most_common()
    ]
    years = Counter(s["year"] for s in sources if s["year"])
    by_year = [
        Count(str(year), count, links.table("sources", [("year", year)])) for year, count in sorted(years.items())
    ]
    return figures, platform_counts, by_year, sum(1 for s in sources if not s["year"])
