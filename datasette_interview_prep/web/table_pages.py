"""How the postings table page reads: the columns a person scans, long text cut short.

Datasette shows every column of a table by default: for postings that is 33,
with full job descriptions, and 20 rows came to 59,000 px. On the HTML table
page (not its .json, not a row page) of the interview database:

- a request that picks no columns (`_col` / `_nocol`) gets `_nocol=` for the
  columns in HIDDEN_BY_DEFAULT (the column chooser can bring them back);
- `shorten()` (called by render_cell) shows JSON lists (skills) as plain
  lists, URLs shortened, and cuts any long text cell to SHORT_CHARS characters
  with a link to the row, where it is shown in full.

The guard tells this module which page is being served (state.serving), since
render_cell is not told whether it renders a table or a row page.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from datasette_interview_prep.web.state import current_request

if TYPE_CHECKING:
    from datasette.app import Datasette

SHORT_CHARS = 140
SHORT_LIST_CHARS = 90  # skills: about eight of them
URL_CHARS = 36
HIDDEN_BY_DEFAULT: dict[str, tuple[str, ...]] = {
    "postings": (
        "company_focus",
        "industries",
        "skills_genai",
        "skills_ml",
        "skills_web",
        "skills_databases",
        "skills_data",
        "skills_cloud",
        "skills_ops",
        "skills_languages",
        "skills_domains",
        "skills_other",
        "responsibilities",
        "use_cases",
        "description",
        "is_customer_facing",
        "is_management",
        "found_in",
        "files",
    ),
}
SHORTENED_TABLES = frozenset(HIDDEN_BY_DEFAULT)


def is_html_table_page(path: str) -> bool:
    return not path.rsplit("/", 1)[-1].count(".")


def default_scope(table: str, scope: dict[str, Any], html: bool) -> dict[str, Any]:
    """The table request with this table's defaults added where it sets nothing itself.

    `_nocol` for the hidden columns (HTML only: JSON keeps every column), and
    `_nosuggest`: Datasette suggests facets from every column, whatever is
    shown, and over 1,765 job descriptions that took 270 of the page's 300 ms;
    the table has its facets configured.
    """
    hidden = HIDDEN_BY_DEFAULT.get(table)
    if not hidden:
        return scope
    args = parse_qsl((scope.get("query_string") or b"").decode("latin-1"), keep_blank_values=True)
    keys = {key for key, _ in args}
    added = [] if "_nosuggest" in keys else [("_nosuggest", "1")]
    if html and not keys & {"_col", "_nocol"}:
        added.extend(("_nocol", column) for column in hidden)
    if not added:
        return scope
    return {**scope, "query_string": urlencode([*args, *added]).encode("latin-1")}


def _as_list_text(value: str) -> str | None:
    """A JSON list of strings as 'a, b, c' (a reader should not see JSON syntax), else None."""
    if not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return None
    return ", ".join(items)


def shorten(datasette: Datasette, database: str, table: str, row: Any, value: str, column: str) -> Markup | None:
    """A cell on a table page as readable text, long ones cut with a link to the full row; None: as usual."""
    if table not in SHORTENED_TABLES or current_request().table_page != (database, table):
        return None
    if value.startswith(("https://", "http://")):
        shown = value.split("://", 1)[1].removeprefix("www.")
        shown = shown if len(shown) <= URL_CHARS else shown[: URL_CHARS - 1] + "…"
        return Markup(f'<a href="{escape(value)}" title="{escape(value)}">{escape(shown)}</a>')
    listed = _as_list_text(value)
    text = value if listed is None else listed
    limit = SHORT_LIST_CHARS if listed is not None else SHORT_CHARS
    if len(text) <= limit:
        return None if listed is None else Markup(escape(text))
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-") + " …"
    try:
        pk = row["job_id"] if table == "postings" else None
    except (IndexError, KeyError):
        pk = None
    if not isinstance(pk, str):
        return Markup(escape(cut))
    href = datasette.urls.row(database, table, tilde_encode(pk))
    return Markup(f'{escape(cut)} <a href="{escape(href)}" aria-label="all of {escape(column)}">more</a>')
