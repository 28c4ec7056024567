"""Menu links, database actions and company cells that link to the prep pages."""

from __future__ import annotations


def menu_links(datasette):
    return []


def database_actions(datasette, database):
    return []


def render_cell(row, value, column, table, database, datasette):
    return None
