"""Menu links, database actions and cells that link to the prep pages.

Every URL is built with `datasette.urls`, so a `base_url` setting is honoured;
every value from the database is escaped before it goes into HTML.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from datasette_interview_prep.core.slugs import SLUG_RE
from datasette_interview_prep.web import registry
from datasette_interview_prep.web.interview_db import interview_database_names
from datasette_interview_prep.web.state import plugin_state
from datasette_interview_prep.web.table_pages import SHORTENED_TABLES, shorten

if TYPE_CHECKING:
    from datasette.app import Datasette

_SLUG = SLUG_RE
# The `link` column of the canned queries: a row path relative to the database
# ("sources/12", "processes/acme-1") or a plugin page ("/-/prep/acme").
_ROW_LINK = re.compile(r"^(?P<table>[A-Za-z_][A-Za-z0-9_]*)/(?P<pk>[^/]+)$")
_PAGE_LINK = re.compile(r"^/-/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
_HIGHLIGHT = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)

# Which cells of the interview tables name a company, and where its slug is.
_COMPANY_NAME_CELLS = {
    ("companies", "name"): "slug",
    ("processes", "company_name"): "company",
    ("steps", "company_name"): "company",
}
_QUERY_COLUMNS = frozenset({"link", "title", "snippet", "company"})
_TABLE_CELLS = frozenset({*_COMPANY_NAME_CELLS, ("sources", "companies"), ("sources", "url")})
# Long thread URLs would squeeze the title column: show them shortened.
URL_TEXT_CHARS = 48


# Links a page prints by the hundred are plain str: datasette.urls returns PrefixedUrlString, whose every
# attribute lookup runs Python code, and escaping one in a template costs 4x a str (1.6 against 0.4 us).
def prep_url(datasette: Datasette, slug: str) -> str:
    return registry.page_path(datasette, "company", slug=quote(slug, safe=""))


def _anchor(href: str, text: object) -> Markup:
    # f-string + escape(): Markup.format costs 3x as much, on every cell of a search page.
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def entry_links_html(datasette: Datasette) -> Markup:
    """The entry pages (registry.entry_pages) as an HTML list, for the instance and database descriptions.

    Built once per Datasette (base_url is fixed once it runs): Datasette 0.65 asks the metadata hook
    for it hundreds of times a page."""
    state = plugin_state(datasette)
    if state.entry_links_html is None:
        items = "".join(
            f'<li><a href="{escape(datasette.urls.path(page.path))}">{escape(page.menu_label)}</a>: '
            f"{escape(page.menu_description)}</li>"
            for page in registry.entry_pages()
        )
        state.entry_links_html = Markup(f'<ul class="interview-entry-links">{items}</ul>')
    html: Markup = state.entry_links_html
    return html


def menu_links(datasette: Datasette) -> list[dict[str, str]]:
    if not interview_database_names(datasette):
        return []
    return [
        {"href": datasette.urls.path(page.path), "label": page.menu_label or page.name}
        for page in registry.entry_pages()
    ]


def database_actions(datasette: Datasette, database: str) -> list[dict[str, str]]:
    if database not in interview_database_names(datasette):
        return []
    return menu_links(datasette)


def link_url(datasette: Datasette, database: str, link: str) -> str | None:
    """The URL for a `link` value, or None when it is not one of the two accepted shapes."""
    if _PAGE_LINK.match(link):
        return str(datasette.urls.path(link))
    match = _ROW_LINK.match(link)
    if match:
        return str(datasette.urls.row(database, match["table"], tilde_encode(match["pk"])))
    return None


def highlight(snippet: str) -> Markup:
    """Escape an FTS5 snippet, then turn only its [[...]] markers into <mark>."""
    return Markup(_HIGHLIGHT.sub(r"<mark>\1</mark>", str(escape(snippet))))


def _column_value(row: Any, column: str) -> Any:
    try:
        value = row[column]
    except (IndexError, KeyError):
        return None
    return value.get("value") if isinstance(value, dict) else value  # an expanded foreign key


def _company_links(datasette: Datasette, value: str) -> Markup | None:
    try:
        slugs = json.loads(value)
    except ValueError:
        return None
    if not isinstance(slugs, list) or not all(isinstance(slug, str) and _SLUG.match(slug) for slug in slugs):
        return None
    return Markup(", ").join(_anchor(prep_url(datasette, slug), slug) for slug in slugs)


def _table_cell(datasette: Datasette, row: Any, value: str, column: str, table: str) -> Markup | None:
    if (table, column) in _COMPANY_NAME_CELLS:
        slug = _column_value(row, _COMPANY_NAME_CELLS[table, column])
        if isinstance(slug, str) and _SLUG.match(slug):
            return _anchor(prep_url(datasette, slug), value)
    elif table == "sources" and column == "companies":
        return _company_links(datasette, value)
    elif table == "sources" and column == "url" and value.startswith(("https://", "http://")):
        return Markup('<a href="{}" title="{}">{}</a>').format(value, value, short_url(value))
    return None


def short_url(url: str) -> str:
    text = url.split("://", 1)[1].removeprefix("www.")
    return text if len(text) <= URL_TEXT_CHARS else text[: URL_TEXT_CHARS - 1] + "…"


def _query_cell(datasette: Datasette, row: Any, value: str, column: str, database: str) -> Markup | None:
    if column == "snippet":
        return highlight(value)
    if column == "company":
        return _anchor(prep_url(datasette, value), value) if _SLUG.match(value) else None
    link = value if column == "link" else _column_value(row, "link")
    href = link_url(datasette, database, link) if isinstance(link, str) else None
    return _anchor(href, value) if href else None


def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | None:
    if not isinstance(value, str):
        return None
    if table in SHORTENED_TABLES and database in interview_database_names(datasette):
        return shorten(datasette, database, table, row, value, column)
    if table is None:
        if column not in _QUERY_COLUMNS:
            return None
    elif (table, column) not in _TABLE_CELLS:
        return None
    if database not in interview_database_names(datasette):
        return None
    if table is None:
        return _query_cell(datasette, row, value, column, database)
    return _table_cell(datasette, row, value, column, table)
