"""The plugin's pages: one record each, and everything that follows from the list.

A `Page` names a view, its address and the formats it answers in. From PAGES come:
Datasette's routes (`routes()`, for register_routes), the namespace the guard
answers 404s under (`in_namespace`, `is_plugin_route`), the entry links of the
menu, the database actions and the home page (`entry_pages()`), every URL the
plugin prints (`page_path()`), and the tests' tables of addresses. Adding a page
takes its view, its template and one line in PAGES.

Every view is called through one wrapper (`_answer`), which does what each of
them would otherwise repeat: the GET/HEAD check, the answer when no interview
database is attached, the output format (from the extension, or from `?format=`
where the page takes that), and every `HttpError` a view raises, answered by
errors.error_response in that format; and the headers of every answer: cache
(http_cache.py: Cache-Control, Vary, an ETag and the 304 it allows) and
security (security_headers.py), set by answer_headers.finish.

The package imports this module first; the view modules import it back as a
module (`registry.page_path(...)` at call time), never names from it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from datasette_interview_prep.web import (
    answer_headers,
    company_views,
    compare_views,
    practice_views,
    prep_views,
    question_views,
    questions_views,
    search_views,
    stats_views,
)
from datasette_interview_prep.web.errors import HttpError, check_method, error_response, no_database
from datasette_interview_prep.web.interview_db import interview_database

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request

_PATH_VARIABLE = re.compile(r"\{(?P<name>[a-z_]+)\}")


@dataclass(frozen=True)
class PageRequest:
    """What a view is called with: the request, the page it asked for, the format, the database."""

    datasette: Datasette
    request: Request
    page: Page
    fmt: str | None  # "json", "md", "ics", or None for HTML
    db: Database | None  # the interview database; never None for a page that needs one

    @property
    def database(self) -> Database:
        assert self.db is not None, f"{self.page.name} needs the interview database"
        return self.db

    @property
    def args(self) -> Any:
        return self.request.args

    def url_var(self, name: str) -> str:
        value: str = self.request.url_vars[name]
        return value


View = Callable[[PageRequest], Awaitable[Response]]


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # the address; "{slug}" stands for one path segment
    view: View
    formats: tuple[str, ...] = ()  # besides HTML
    format_parameter: bool = False  # formats are chosen with ?format= rather than an extension
    needs_database: bool = True  # False: the view answers without an interview database too
    menu_label: str | None = None  # an entry page: in the menu, the database actions and the home page
    menu_description: str = ""

    @property
    def pattern(self) -> str:
        """The route regex Datasette matches the raw (still percent-encoded) path against."""
        parts = _PATH_VARIABLE.split(self.path)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+?)" for index, part in enumerate(parts)
        )
        if self.formats and not self.format_parameter:
            regex += rf"(\.(?P<format>{'|'.join(self.formats)}))?"
        return f"^{regex}$"

    def requested_format(self, request: Request) -> str | None:
        """The format the address asks for, as given (an extension the route allowed, or ?format=)."""
        value = request.args.get("format") if self.format_parameter else request.url_vars.get("format")
        return str(value) if value else None

    def check_format(self, fmt: str | None) -> None:
        """An unknown ?format= value is a 400 (answered as HTML: the format it asked for does not exist)."""
        if fmt is not None and fmt not in self.formats:
            raise HttpError(400, "Unknown format", f"The format parameter takes {_either(self.formats)}.")


def _either(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


# Entry pages first, in the order a first-time visitor should meet them; then the others. A route matches
# in this order, so /-/prep/compare stands before /-/prep/{slug}.
PAGES: tuple[Page, ...] = (
    Page(
        "prep",
        "/-/prep",
        prep_views.prep_index,
        formats=("json", "md", "ics"),
        format_parameter=True,
        needs_database=False,
        menu_label="Interview prep planner",
        menu_description="a company's loop round by round, with what to practise, the sources, "
        "and a plan to your interview date",
    ),
    Page(
        "search",
        "/-/search",
        search_views.search_page,
        formats=("json",),
        menu_label="Search everything",
        menu_description="one box over the loops, their steps, the questions and the discussions, best match first",
    ),
    Page(
        "questions",
        "/-/questions",
        questions_views.questions_page,
        formats=("json", "md"),
        menu_label="Interview questions",
        menu_description="what candidates report being asked, by round type, topic and company, with sources and dates",
    ),
    Page(
        "stats",
        "/-/interview-stats",
        stats_views.interview_stats,
        formats=("json",),
        menu_label="Interview statistics",
        menu_description="the report's figures recomputed from the data, with charts",
    ),
    Page("question", "/-/questions/{id}", question_views.question_page, formats=("json", "md")),
    Page("compare", "/-/prep/compare", compare_views.prep_compare, formats=("json", "md")),
    Page("practice", "/-/prep/{slug}/practice", practice_views.practice_page),
    Page("today", "/-/prep/{slug}/today", practice_views.today_page),
    Page("company", "/-/prep/{slug}", company_views.prep_company, formats=("json", "md", "ics")),
)
PAGES_BY_NAME = {page.name: page for page in PAGES}
_COMPILED = tuple((page, re.compile(page.pattern)) for page in PAGES)
# Everything under the pages' first segments is the plugin's namespace, matched or not.
_NAMESPACE = re.compile(
    r"^/-/(" + "|".join(sorted({re.escape(page.path.split("/")[2]) for page in PAGES})) + r")(?:[/.]|$)"
)


def in_namespace(path: str) -> bool:
    return _NAMESPACE.match(path) is not None


def page_at(path: str) -> Page | None:
    """The page whose route matches `path` (the raw path Datasette routes on), or None."""
    return next((page for page, pattern in _COMPILED if pattern.match(path)), None)


def is_plugin_route(path: str) -> bool:
    return page_at(path) is not None


def entry_pages() -> list[Page]:
    return [page for page in PAGES if page.menu_label]


def page_path(
    datasette: Datasette,
    name: str,
    fmt: str | None = None,
    query: dict[str, str] | list[tuple[str, str]] | None = None,
    **path_values: str,
) -> str:
    """The URL of a page (base_url included), with its format and query string.

    `path_values` fill the address's variables, already quoted by the caller.
    A plain str: Datasette's PrefixedUrlString runs Python code on every attribute
    lookup, and pages print these links by the hundred.
    """
    page = PAGES_BY_NAME[name]
    path = _PATH_VARIABLE.sub(lambda match: path_values[match["name"]], page.path)
    if fmt is not None and page.format_parameter:
        query = [*(query.items() if isinstance(query, dict) else query or []), ("format", fmt)]
        fmt = None
    url = str(datasette.urls.path(path, format=fmt))
    return url + (f"?{urlencode(query)}" if query else "")


def _answer(page: Page) -> Callable[[Datasette, Request], Awaitable[Response]]:
    async def answer(datasette: Datasette, request: Request) -> Response:
        fmt = page.requested_format(request)
        db = interview_database(datasette)
        inputs = answer_headers.cache_inputs(datasette, request, db)
        tag = None
        try:
            check_method(request.method)
            try:
                page.check_format(fmt)
            except HttpError:
                fmt = None
                raise
            if db is None and page.needs_database:
                raise no_database()
            tag = answer_headers.etag(datasette, request, inputs, page.name, fmt)
            response = answer_headers.not_modified(request, tag)
            if response is None:
                response = await page.view(PageRequest(datasette, request, page, fmt, db))
        except HttpError as error:
            response = await error_response(datasette, request, error, fmt)
        return await answer_headers.finish(datasette, response, inputs, tag)

    return answer


def routes() -> list[tuple[str, Callable[[Datasette, Request], Awaitable[Response]]]]:
    """(regex, view) for register_routes, in PAGES order."""
    return [(page.pattern, _answer(page)) for page in PAGES]
