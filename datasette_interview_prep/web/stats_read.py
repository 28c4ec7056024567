"""The read-only SQL behind the statistics page: the database's rows, as plain dicts."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from datasette_interview_prep.stats.models import StatsRows
from datasette_interview_prep.web.sql import Row

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
# Grouped: the figures count sources by these columns (161 groups of 72,500 rows at 100x).
SOURCES_SQL = """
select platform, domain, year, inventory, count(*) as sources from sources
group by platform, domain, year, inventory
"""
REPORT_FIGURES_SQL = "select key, label, value, section, note from report_figures order by position"
POSTINGS_SQL = "select count(*) as postings from postings"
LOADED_POSTINGS_SQL = """
select distinct process_postings.posting_id from process_postings
join postings on postings.job_id = process_postings.posting_id
"""


async def read_stats_rows(database: Database) -> StatsRows:
    """Every row the figures need, in one trip to Datasette's read thread.

    Read once per database file (stats_views.py keeps the figures), with execute_fn: whole tables
    (27,000 steps at 100x) that under load took longer than Datasette's per-query time limit
    (sql_time_limit_ms, meant for visitors' SQL), which answered the statistics page with a 500.
    """
    tables = set(await database.table_names())
    has_postings = "postings" in tables

    def read(conn: sqlite3.Connection) -> StatsRows:
        def select(sql: str) -> list[Row]:
            cursor = conn.execute(sql)
            columns = [column[0] for column in cursor.description]
            return [dict(zip(columns, values)) for values in cursor]

        return StatsRows(
            processes=select(PROCESSES_SQL),
            steps=select(STEPS_SQL),
            sources=select(SOURCES_SQL),
            report_figures=select(REPORT_FIGURES_SQL) if "report_figures" in tables else [],
            postings=select(POSTINGS_SQL)[0] if has_postings else None,
            loaded_posting_ids={str(row["posting_id"]) for row in select(LOADED_POSTINGS_SQL)}
            if has_postings
            else None,
        )

    result: StatsRows = await database.execute_fn(read)
    return result
