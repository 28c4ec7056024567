"""The sources behind the report: counts by platform and year, set beside the report's.

The report's "700+ URLs across 100+ domains" counts the URLs its chapters cite; the
database holds the sources transcribed into data/sources. The URL and domain figures
say what they count: distinct URLs by the link list (inventory) they were filed in, and
domains by how many URLs each has, all computed from the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from datasette_interview_prep.core.labels import PLATFORM_LABELS
from datasette_interview_prep.stats.claims import number_matches
from datasette_interview_prep.stats.context import SOURCE_PLATFORM_KEYS, Context
from datasette_interview_prep.stats.models import Count, Figure, SourceRow

UNFILED = "no link list (chapters, footnotes)"
TOP_DOMAINS = 5


def weight(source: SourceRow) -> int:
    """The sources a row stands for: stats_read.py reads them grouped by these columns, with their count."""
    return int(source.get("sources", 1))


def inventory_breakdown(sources: Sequence[SourceRow]) -> str:
    """'285 filed in discussion-threads, 124 in github-repos, 7 in report-footnotes' (most first)."""
    counts: Counter[str] = Counter()
    for s in sources:
        counts[s.get("inventory") or UNFILED] += weight(s)
    parts = [f"{count:,} in {name}" for name, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]
    return ", ".join(parts)


def domain_breakdown(sources: Sequence[SourceRow]) -> str:
    """'reddit.com 250, github.com 124, ...; 40 domains have a single URL'."""
    counts: Counter[str] = Counter()
    for s in sources:
        if s.get("domain"):
            counts[s["domain"] or ""] += weight(s)
    top = ", ".join(f"{domain} {count:,}" for domain, count in counts.most_common(TOP_DOMAINS))
    single = sum(1 for count in counts.values() if count == 1)
    return f"the most cited: {top}; {single:,} domain{'s' if single != 1 else ''} with a single URL"


def source_figures(ctx: Context) -> tuple[list[Figure], list[Count], list[Count], int]:
    sources = ctx.sources
    by_platform: Counter[str] = Counter()
    for s in sources:
        by_platform[s["platform"] or "unknown"] += weight(s)
    figures = [
        platform_figure(ctx, key, platforms, by_platform)
        for key, platforms in SOURCE_PLATFORM_KEYS.items()
        if ctx.claim(key) is not None or platforms is None
    ]
    figures.append(domains_figure(ctx))
    undated = sum(weight(s) for s in sources if not s["year"])
    return figures, platform_counts(ctx, by_platform), year_counts(ctx), undated


def platform_figure(ctx: Context, key: str, platforms: tuple[str, ...] | None, by_platform: Counter[str]) -> Figure:
    """A count of sources: all of them (`platforms` None), or those on some platforms, beside the report's."""
    sources = ctx.sources
    claim = ctx.claim(key)
    count = sum(weight(s) for s in sources) if platforms is None else sum(by_platform[p] for p in platforms)
    names = ", ".join(PLATFORM_LABELS.get(p, p) for p in platforms or ())
    matches = number_matches(claim, count)
    platform_filter = [("platform__in", ",".join(platforms))] if platforms else []
    stated = claim.text if claim else ""
    if platforms is None:
        explanation = (
            None
            if matches is not False
            else f"The report's {stated} counts the URLs its chapters cite; the sources table holds the "
            f"{count:,} transcribed into data/sources so far, so a chapter URL not yet transcribed is not counted."
        )
        basis = (
            f"distinct URLs in the sources table, by the link list they were filed in: {inventory_breakdown(sources)}"
        )
    else:
        explanation = (
            None
            if matches is not False
            else f"The sources table has {count:,} sources on {names}, one row per distinct URL; it holds every "
            f"link of the field guide's inventories, which list fewer than the report's {stated}."
        )
        basis = "rows of the sources table"
    return ctx.figure(
        key,
        "Sources (distinct URLs)" if platforms is None else f"Sources on {names}",
        "Sources",
        computed=f"{count:,}",
        value=count,
        matches=matches,
        explanation=explanation,
        check_url=ctx.links.table("sources", [("_facet", "platform"), *platform_filter]),
        check_label="sources faceted by platform",
        basis=basis,
    )


def domains_figure(ctx: Context) -> Figure:
    sources = ctx.sources
    domains = {s["domain"] for s in sources if s["domain"]}
    claim = ctx.claim("domains")
    matches = number_matches(claim, len(domains))
    return ctx.figure(
        "domains",
        "Distinct domains",
        "Sources",
        computed=f"{len(domains):,}",
        value=len(domains),
        matches=matches,
        explanation=None
        if claim is None or matches is not False
        else f"The sources come from {len(domains)} distinct hosts (www. and the bare host count as one); the "
        f"report's {claim.text} are the domains of the URLs its chapters cite, and the sources transcribed so "
        "far span fewer.",
        **ctx.links.sql_check(
            "select domain, count(*) as sources from sources group by domain order by sources desc",
            "sources per domain, in SQL",
            "sources",
            [("_facet", "domain")],
            "sources by domain",
        ),
        basis=f"distinct domains of the sources ({domain_breakdown(sources)})",
    )


def platform_counts(ctx: Context, by_platform: Counter[str]) -> list[Count]:
    """Sources per platform, most first, each linking to its rows."""
    return [
        Count(PLATFORM_LABELS.get(platform, platform), count, ctx.links.table("sources", [("platform", platform)]))
        for platform, count in by_platform.most_common()
    ]


def year_counts(ctx: Context) -> list[Count]:
    """Dated sources per year, oldest first, each linking to its rows."""
    years: Counter[int] = Counter()
    for s in ctx.sources:
        if s["year"]:
            years[s["year"]] += weight(s)
    return [
        Count(str(year), count, ctx.links.table("sources", [("year", year)])) for year, count in sorted(years.items())
    ]
