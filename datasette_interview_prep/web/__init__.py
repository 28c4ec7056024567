"""Datasette plugin hooks; each delegates to the module that owns the feature.

The hook marker comes from pluggy and the feature modules are imported inside
the hooks: `python build_db.py` imports this package too, and should not pay
for importing Datasette and every view (0.7 s of its 1.1 s).
"""

import pluggy

hookimpl = pluggy.HookimplMarker("datasette")


@hookimpl
def startup(datasette):
    from datasette_interview_prep.web import compat, metadata, ranked_tables
    from datasette_interview_prep.web.interview_db import detect_interview_databases

    async def inner():
        found = await detect_interview_databases(datasette)
        await ranked_tables.install(datasette, [database.name for database in found])
        # Datasette 1.0a no longer asks get_metadata: it gets the same metadata, config and queries once, here.
        await compat.apply_metadata(datasette, metadata.plugin_metadata(datasette))

    return inner


@hookimpl
def asgi_wrapper(datasette):
    from datasette_interview_prep.web import guard

    return guard.asgi_wrapper(datasette)


@hookimpl
def get_metadata(datasette, key, database, table):
    from datasette_interview_prep.web import metadata

    return metadata.plugin_metadata(datasette)


@hookimpl
def prepare_connection(conn, database, datasette):
    from datasette_interview_prep.web import fts
    from datasette_interview_prep.web.interview_db import is_interview_connection

    fts.register_sql_functions(conn, is_interview_connection(datasette, database, conn))


@hookimpl
def register_routes():
    from datasette_interview_prep.web import (
        company_views,
        compare_views,
        prep_views,
        questions_views,
        routes,
        search_views,
        stats_views,
    )

    return [
        (routes.PREP_INDEX, prep_views.prep_index),
        (routes.PREP_COMPARE, compare_views.prep_compare),
        (routes.PREP_COMPANY, company_views.prep_company),
        (routes.INTERVIEW_STATS, stats_views.interview_stats),
        (routes.QUESTIONS, questions_views.questions_page),
        (routes.SEARCH, search_views.search_page),
    ]


@hookimpl
def menu_links(datasette, actor, request):
    from datasette_interview_prep.web import links

    return links.menu_links(datasette)


@hookimpl
def database_actions(datasette, actor, database, request):
    from datasette_interview_prep.web import links

    return links.database_actions(datasette, database)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    from datasette_interview_prep.web import links

    return links.render_cell(row, value, column, table, database, datasette)
