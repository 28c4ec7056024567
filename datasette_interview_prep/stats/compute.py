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

from datasette_interview_prep.core.text import unique
from datasette_interview_prep.stats.companies import company_figures
from datasette_interview_prep.stats.context import STAGE_DEFINITIONS, Context
from datasette_interview_prep.stats.durations import duration_figures
from datasette_interview_prep.stats.models import Links, Populations, Stats, StatsRows
from datasette_interview_prep.stats.round_types import (
    candidate_round_figures,
    example_figures,
    family_shares,
    round_type_figures,
)
from datasette_interview_prep.stats.sources import source_figures
from datasette_interview_prep.stats.stages import stage_figures, stage_reproduces, summarise_stages, typical_range


def compute_stats(rows: StatsRows, links: Links) -> Stats:
    ctx = Context(rows, links)
    summaries = []
    for name, label, column in STAGE_DEFINITIONS:
        summary = summarise_stages(ctx.described, column, name, label, typical_range(ctx))
        summary.reproduces = stage_reproduces(ctx, summary)
        summaries.append(summary)
    headline = max(summaries, key=lambda s: len(s.reproduces))  # on a tie, the first: every listed step
    other = next(s for s in summaries if s is not headline)

    figures = company_figures(ctx) + stage_figures(ctx, headline, other)
    shares, order_figure = family_shares(ctx)
    figures += [order_figure, *round_type_figures(ctx), *example_figures(ctx)]
    figures_of_durations, durations = duration_figures(ctx)
    figures += figures_of_durations + candidate_round_figures(ctx, headline.column)
    figures_of_sources, by_platform, by_year, undated = source_figures(ctx)
    figures += figures_of_sources

    return Stats(
        populations=Populations(
            posting_processes=len(ctx.posting),
            described_posting_processes=len(ctx.described),
            posting_companies=len(unique(p["company_name"] for p in ctx.posting)),
            candidate_reports=len(ctx.candidates),
            candidate_companies=len(unique(p["company_name"] for p in ctx.candidates)),
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
            for row in ctx.report_figures
            if row["key"] not in ctx.used_keys
        ],
    )
