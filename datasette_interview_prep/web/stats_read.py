"""The read-only SQL behind the statistics page: the database's rows, as plain dicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datasette_interview_prep.stats.models import StatsRows
from datasette_interview_prep.web.sql import rows

if TYPE_CHECKING:
    from datasette.database import Database

PROCESSES_SQL = """
select id, company, company_name, kind, step_count, interview_stage_count, posting_ids
from processes order by company, position
"""
STEPS_SQL = """
select process_id, position, name, round_type, family, is_interview, minutes_low, minutes_high
from steps order by process_id, position
"""
SOURCES_SQL = "select platform, domain, year, inventory from sources"
REPORT_FIGURES_SQL = "select key, label, value, section, note from report_figures order by position"
POSTINGS_SQL = "select count(*) as postings from postings"
LOADED_POSTINGS_SQL = """
select distinct process_postings.posting_id from process_postings
join postings on postings.job_id = process_postings.posting_id
"""


async def read_stats_rows(database: Database) -> StatsRows:
    tables = set(await database.table_names())
    has_postings = "postings" in tables
    return StatsRows(
        processes=await rows(database, PROCESSES_SQL),
        steps=await rows(database, STEPS_SQL),
        sources=await rows(database, SOURCES_SQL),
        report_figures=await rows(database, REPORT_FIGURES_SQL) if "report_figures" in tables else [],
        postings=(await rows(database, POSTINGS_SQL))[0] if has_postings else None,
        loaded_posting_ids={str(row["posting_id"]) for row in await rows(database, LOADED_POSTINGS_SQL)}
        if has_postings
        else None,
    )
