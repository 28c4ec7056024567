"""/-/interview-stats and /-/interview-stats.json: the report's figures beside the data's."""

from __future__ import annotations

import dataclasses

from datasette.utils.asgi import Response

from datasette_interview_prep.render.charts import stats_charts
from datasette_interview_prep.stats.compute import compute_stats
from datasette_interview_prep.stats.models import Links
from datasette_interview_prep.web.interview_db import interview_database, per_database_file
from datasette_interview_prep.web.stats_read import read_stats_rows

ALLOWED_METHODS = ("GET", "HEAD")
PLUGIN_STATIC = "datasette-interview-prep"


def _method_not_allowed() -> Response:
    return Response.text(
        "Method not allowed: this page only answers GET and HEAD.",
        status=405,
        headers={"Allow": ", ".join(ALLOWED_METHODS)},
    )


async def _no_database(datasette, request, as_json: bool) -> Response:
    message = "No interview database is attached: start Datasette with interview.db (built by build_db.py)."
    if as_json:
        return Response.json({"ok": False, "error": message}, status=404)
    return Response.html(
        await datasette.render_template("interview_stats.html", {"error": message}, request=request), status=404
    )


async def interview_stats(datasette, request) -> Response:
    if request.method not in ALLOWED_METHODS:
        return _method_not_allowed()
    as_json = request.url_vars.get("format") == "json"
    database = interview_database(datasette)
    if database is None:
        return await _no_database(datasette, request, as_json)
    database_url = datasette.urls.database(database.name)
    # Two figures link to ?sql=: without execute-sql (allow_sql off) they link to a facet instead.
    sql_allowed = await datasette.permission_allowed(request.actor, "execute-sql", database.name, default=True)

    async def compute():
        return compute_stats(await read_stats_rows(database), Links(database_url, sql_allowed))

    # Every figure is a function of the (read-only) file: computed once per file, base_url and SQL permission.
    stats = await per_database_file(database, f"stats:{database_url}:{sql_allowed}", compute)
    if as_json:
        return Response.json({"ok": True, "database": database.name, **dataclasses.asdict(stats)})
    return Response.html(
        await datasette.render_template(
            "interview_stats.html",
            {
                "stats": stats,
                "charts": stats_charts(stats),
                "database": database.name,
                "database_url": datasette.urls.database(database.name),
                "json_url": datasette.urls.path("/-/interview-stats.json"),
                "stylesheet": datasette.urls.static_plugins(PLUGIN_STATIC, "stats.css"),
            },
            request=request,
        )
    )
