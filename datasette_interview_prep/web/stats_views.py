"""/-/interview-stats and /-/interview-stats.json: the report's figures beside the data's."""

from __future__ import annotations

import dataclasses

from datasette.utils.asgi import Response

from datasette_interview_prep.render.charts import stats_charts
from datasette_interview_prep.stats.compute import compute_stats
from datasette_interview_prep.stats.models import Links, Stats
from datasette_interview_prep.web import compat, registry
from datasette_interview_prep.web.interview_db import cached, per_database_file, store
from datasette_interview_prep.web.pages import STATIC_PLUGIN
from datasette_interview_prep.web.stats_read import read_stats_rows


async def interview_stats(page: registry.PageRequest) -> Response:
    datasette, database = page.datasette, page.database
    database_url = datasette.urls.database(database.name)
    # Two figures link to ?sql=: without execute-sql (allow_sql off) they link to a facet instead.
    sql_allowed = await compat.sql_links_allowed(datasette, page.request.actor, database.name)
    sql_path = compat.sql_page_path(datasette, database.name)

    async def compute() -> Stats:
        return compute_stats(await read_stats_rows(database), Links(database_url, sql_allowed, sql_path))

    # Every figure is a function of the (read-only) file: computed once per file, base_url and SQL permission.
    stats = await per_database_file(database, f"stats:{database_url}:{sql_allowed}", compute)
    if page.fmt == "json":
        return Response.json({"ok": True, "database": database.name, **dataclasses.asdict(stats)})
    # Rendering the 80 kB page (every figure, the charts) was most of its time, on both Datasette lines: for an
    # anonymous visitor the page is a function of the same things as the figures, so it is rendered once.
    page_key = None if page.request.actor is not None else f"stats_html:{database_url}:{sql_allowed}"
    found, html = cached(database, page_key) if page_key else (False, None)
    if found:
        return Response.html(html)
    html = await datasette.render_template(
        "interview_stats.html",
        {
            "stats": stats,
            "charts": stats_charts(stats),
            "database": database.name,
            "database_url": database_url,
            "json_url": registry.page_path(datasette, "stats", "json"),
            "stylesheet": datasette.urls.static_plugins(STATIC_PLUGIN, "stats.css"),
        },
        request=page.request,
    )
    if page_key:
        store(database, page_key, html)
    return Response.html(html)
