"""/-/search and /-/search.json: one box over steps, processes, sources, postings, questions and fetched comments.

    ?q=lru+cache            words, ANDed (the FTS sanitiser in fts.py makes any input safe)
    &kind=sources           one kind only (the page shows every kind's count)
    &page=2                 PAGE_SIZE hits a page

Works without JavaScript; every link is built with datasette.urls.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from datasette_interview_prep.core.search import SEARCH_KINDS_BY_PLURAL, SearchKind
from datasette_interview_prep.web import question_views, registry
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.fts import MAX_QUERY_CHARS
from datasette_interview_prep.web.links import highlight, link_url, prep_url
from datasette_interview_prep.web.pages import base_context
from datasette_interview_prep.web.search_read import Hit, SearchResult, indexed_kinds, search

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages rank too many hits to be worth serving; narrow the search instead
_MARKERS = re.compile(r"\[\[|\]\]")
_SPACE = re.compile(r"\s+")
_WEB_URL = re.compile(r"^https?://[^\s\"'<>]+$")


@dataclasses.dataclass(frozen=True)
class SearchParams:
    text: str
    kind: SearchKind | None
    page: int


def parse_params(args: Any, kinds: list[SearchKind]) -> SearchParams:
    """q, kind and page from the query string, or a 400 naming the bad one."""
    text = (args.get("q") or "")[: MAX_QUERY_CHARS * 2]
    kind_name = (args.get("kind") or "").strip()
    kind = None
    if kind_name and kind_name != "all":
        kind = SEARCH_KINDS_BY_PLURAL.get(kind_name)
        if kind is None or kind not in kinds:
            allowed = ", ".join(["all", *(each.plural for each in kinds)])
            raise _not_valid(f"kind: not a known kind; allowed: {allowed}")
    page_text = (args.get("page") or "1").strip()
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise _not_valid(f"page: expected a whole number from 1 to {MAX_PAGE}")
    return SearchParams(text, kind, int(page_text))


def _page_url(
    datasette: Datasette, params: SearchParams, page: int | None = None, kind: str | None = None, fmt: str = ""
) -> str:
    query = {"q": params.text}
    chosen = params.kind.plural if params.kind else ""
    chosen = chosen if kind is None else kind
    if chosen:
        query["kind"] = chosen
    if page and page > 1:
        query["page"] = str(page)
    return registry.page_path(datasette, "search", fmt or None, query)


def _plain(marked: str) -> str:
    return _MARKERS.sub("", marked)


@dataclasses.dataclass(frozen=True, slots=True)
class HitView:
    """A hit as the page and the JSON show it. An object, not a dict: Jinja reads `hit.title` from an
    object's attribute at once, but from a dict only after a failed getattr (a third of the time 20 hits
    took to render)."""

    kind: str
    title: str
    title_html: Markup
    snippet: str
    snippet_html: Markup
    url: str | None
    checklist_url: str | None
    company: str | None
    company_name: str | None
    process_id: str | None
    step: int | None
    round_type: str | None
    platform: str | None
    published: str | None
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if not field.name.endswith("_html")
        }


@dataclasses.dataclass(frozen=True, slots=True)
class KindCount:
    kind: str
    count: int
    url: str


def _hit_view(datasette: Datasette, database: str, hit: Hit) -> HitView:
    snippet = _SPACE.sub(" ", hit.snippet).strip()  # postings keep their Markdown line breaks
    checklist = None
    if hit.company:
        checklist = prep_url(datasette, hit.company)
        if hit.process_id:
            checklist += "?" + urlencode({"process": hit.process_id})
    title, url = hit.title, link_url(datasette, database, hit.link)
    if hit.kind == "question" and hit.link.startswith("questions/"):  # the question's own page, not its row
        url = question_views.question_url(datasette, hit.link.removeprefix("questions/"))
    if hit.kind == "comment":  # titled by its thread, linked to the comment on its platform
        title = hit.thread_title or title
        url = hit.permalink if hit.permalink and _WEB_URL.match(hit.permalink) else url
    return HitView(
        kind=hit.kind,
        title=_plain(title),
        title_html=highlight(title),
        snippet=snippet,
        snippet_html=highlight(snippet),
        url=url,
        checklist_url=checklist,
        company=hit.company,
        company_name=hit.company_name,
        process_id=hit.process_id,
        step=hit.position,
        round_type=hit.round_type,
        platform=hit.platform,
        published=hit.published,
        detail=hit.detail,
    )


def _context(
    datasette: Datasette, database: str, params: SearchParams, kinds: list[SearchKind], result: SearchResult
) -> dict[str, Any]:
    offset = (params.page - 1) * PAGE_SIZE
    last_page = min(MAX_PAGE, max(1, -(-result.total // PAGE_SIZE)))
    return {
        "q": params.text,
        "kind": params.kind.plural if params.kind else "",
        "page": params.page,
        "first": offset + 1 if result.hits else 0,
        "last": offset + len(result.hits),
        "total": result.total,
        "counts": [
            KindCount(kind.plural, result.counts.get(kind.name, 0), _page_url(datasette, params, kind=kind.plural))
            for kind in kinds
        ],
        "all_count": sum(result.counts.values()),
        "all_url": _page_url(datasette, params, kind=""),
        "hits": [_hit_view(datasette, database, hit) for hit in result.hits],
        "previous_url": _page_url(datasette, params, params.page - 1) if params.page > 1 else None,
        "next_url": _page_url(datasette, params, params.page + 1) if params.page < last_page else None,
        "previous_json_url": _page_url(datasette, params, params.page - 1, fmt="json") if params.page > 1 else None,
        "next_json_url": _page_url(datasette, params, params.page + 1, fmt="json") if params.page < last_page else None,
        "capped": result.total > MAX_PAGE * PAGE_SIZE,
        "max_hits": MAX_PAGE * PAGE_SIZE,
        "ranked_by": result.ranked_by,
        "searched": bool(params.text.strip()),
        "matched_nothing": result.match == '""',
    }


def _json_body(context: dict[str, Any], match: str, html_url: str) -> dict[str, Any]:
    hits = [hit.as_json() for hit in context["hits"]]
    return {
        "ok": True,
        "q": context["q"],
        "match": match,
        "kind": context["kind"] or None,
        "page": context["page"],
        "page_size": PAGE_SIZE,
        "total": context["total"],
        "counts": {count.kind: count.count for count in context["counts"]},
        "first": context["first"],
        "last": context["last"],
        "ranked_by": context["ranked_by"],
        "hits": hits,
        "next_url": context["next_json_url"],
        "previous_url": context["previous_json_url"],
        "html_url": html_url,
    }


def _not_valid(message: str) -> HttpError:
    return HttpError(400, "Not a valid search", message)


async def search_page(page: registry.PageRequest) -> Response:
    datasette, request, database = page.datasette, page.request, page.database
    fmt = "json" if page.fmt == "json" else None
    kinds = await indexed_kinds(database)
    if not kinds:
        raise HttpError(
            404, "No search index", "This interview database has no search index: rebuild it with build_db.py."
        )
    try:
        params = parse_params(request.args, kinds)
    except HttpError as error:
        error.page = _refused_search_page(datasette, request, error)
        raise
    offset = (params.page - 1) * PAGE_SIZE
    result = await search(database, params.text, kinds, params.kind, offset, PAGE_SIZE)
    context = _context(datasette, database.name, params, kinds, result)
    if fmt == "json":
        return Response.json(_json_body(context, result.match, _page_url(datasette, params, params.page)))
    context.update(
        {
            **base_context(datasette),
            "action": registry.page_path(datasette, "search"),
            "json_url": _page_url(datasette, params, params.page, fmt="json"),
            "sql_url": datasette.urls.query(database.name, "search") + "?" + urlencode({"q": params.text}),
            "kind_options": [{"value": kind.plural, "label": kind.plural} for kind in kinds],
        }
    )
    return Response.html(await datasette.render_template("search.html", context, request=request))


def _refused_search_page(datasette: Datasette, request: Request, error: HttpError) -> tuple[str, dict[str, Any]]:
    """A bad kind or page on the HTML page: the search form again, with the reason, so it can be fixed."""
    return "search.html", {
        **base_context(datasette),
        "action": registry.page_path(datasette, "search"),
        "error": Markup(f'<p class="prep-callout">{escape(error.message)}</p>'),
        "q": (request.args.get("q") or "")[:MAX_QUERY_CHARS],
        "kind_options": [],
        "kind": "",
        "hits": [],
        "counts": [],
    }
