"""Datasette plugin hooks; each delegates to the module that owns the feature."""

from datasette import hookimpl

from . import guard, links, metadata, prep_views, search, stats_views
from .interview_db import detect_interview_databases


@hookimpl
def startup(datasette):
    async def inner():
        await detect_interview_databases(datasette)

    return inner


@hookimpl
def asgi_wrapper(datasette):
    return guard.asgi_wrapper(datasette)


@hookimpl
def get_metadata(datasette, key, database, table):
    return metadata.plugin_metadata(datasette)


@hookimpl
def prepare_connection(conn):
    search.register_sql_functions(conn)


@hookimpl
def register_routes():
    return [
        (r"^/-/prep$", prep_views.prep_index),
        (r"^/-/prep/compare(\.(?P<format>json|md))?$", prep_views.prep_compare),
        (r"^/-/prep/(?P<slug>[^/]+?)(\.(?P<format>json|md|ics))?$", prep_views.prep_company),
        (r"^/-/interview-stats(\.(?P<format>json))?$", stats_views.interview_stats),
    ]


@hookimpl
def menu_links(datasette, actor, request):
    return links.menu_links(datasette)


@hookimpl
def database_actions(datasette, actor, database, request):
    return links.database_actions(datasette, database)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return links.render_cell(row, value, column, table, database, datasette)
