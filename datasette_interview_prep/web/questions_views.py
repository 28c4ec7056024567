"""/-/questions[.json|.md]: the question bank, filtered, searched and paged.

    ?round_type=coding  ?topic=rag  ?company=openai  ?since=2025 (or 2025-06; also reported_after=)
    ?q=lru+cache  ?sort=encounters|newest|relevance  ?page=2

A thin view: rows from questions_read, filtering and order in planner/questions,
Markdown and JSON in render/questions. A filter value that is not allowed gets
a 400 naming the allowed values (the HTML page keeps the form to fix it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Response

from datasette_interview_prep.core.rounds import ROUND_TYPES
from datasette_interview_prep.core.topics import QUESTION_TOPICS
from datasette_interview_prep.planner.questions import (
    MAX_SEARCH_CHARS,
    BadQuestionFilter,
    QuestionFilters,
    QuestionPage,
    parse_filters,
    select_questions,
)
from datasette_interview_prep.render.questions import (
    entry_facts,
    filter_description,
    markdown_filename,
    questions_json,
    questions_markdown,
    source_facts,
)
from datasette_interview_prep.web import question_views, questions_read, registry
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.interview_db import cached, query_key, store
from datasette_interview_prep.web.links import prep_url
from datasette_interview_prep.web.pages import STATIC_PLUGIN, base_context

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database


def _page_url(datasette: Datasette, query: dict[str, str], fmt: str | None = None) -> str:
    return registry.page_path(datasette, "questions", fmt, query)


async def questions_page(page: registry.PageRequest) -> Response:
    datasette, request, db, fmt = page.datasette, page.request, page.database, page.fmt
    # The page, for an anonymous visitor, is a function of the database file and the query: rendered once per
    # query (filtered pages too: the filters and the page of 48,600 questions at 100x cost more than the page).
    plain_key = (
        f"questions_html:{datasette.urls.path('/')}:{query_key(request)}" if not (fmt or request.actor) else None
    )
    found, html = cached(db, plain_key) if plain_key else (False, None)
    if found:
        return Response.html(html)
    entries = await questions_read.question_entries(db)
    companies = await questions_read.company_filter_choices(db)
    named = await questions_read.companies_with_questions(db)
    try:
        filters = parse_filters(request.args, companies)
    except BadQuestionFilter as error:
        raise _bad_filter(
            datasette, db, error, select_questions(entries, QuestionFilters(), None), companies, named
        ) from None
    rank = await questions_read.search_rank(db, filters.q) if filters.q else None
    selected = select_questions(entries, filters, rank)
    if filters.page > selected.pages:
        past_last = BadQuestionFilter("page", [f"1 to {selected.pages}"], reason="past the last page")
        raise _bad_filter(datasette, db, past_last, select_questions(entries, filters, None), companies, named)
    if fmt == "json":
        return Response.json(questions_json(selected))
    if fmt == "md":
        # The download is a checklist: every matching question, whatever page the link was on.
        every = select_questions(
            entries, filters.model_copy(update={"page": 1}), rank, page_size=max(1, selected.total)
        )
        urls = {
            entry.id: datasette.absolute_url(request, question_views.question_url(datasette, entry.id))
            for entry in every.questions
        }
        markdown = questions_markdown(
            every, datasette.absolute_url(request, _page_url(datasette, filters.query())), companies, urls
        )
        return Response(
            markdown,
            content_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{markdown_filename(every.filters)}"'},
        )
    context = _page_context(datasette, db, selected, companies, named)
    html = await datasette.render_template("questions.html", context, request=request)
    if plain_key:
        store(db, plain_key, html)
    return Response.html(html)


def _bad_filter(
    datasette: Datasette,
    db: Database,
    error: BadQuestionFilter,
    shown: QuestionPage,
    companies: dict[str, str],
    named: dict[str, str],
) -> HttpError:
    """A 400 naming the allowed values; the HTML page keeps the form (and `shown` below it) to fix it."""
    title = f"Not a valid {error.field}"
    message = f"{error.reason[:1].upper()}{error.reason[1:]}." + (
        f" Allowed: {', '.join(error.allowed)}." if error.allowed else ""
    )
    context = _page_context(datasette, db, shown, companies, named)
    context["error"] = {"title": title, "field": error.field, "reason": error.reason, "allowed": error.allowed}
    return HttpError(400, title, message, page=("questions.html", context), field=error.field, allowed=error.allowed)


def _static(datasette: Datasette) -> dict[str, Any]:
    return {
        **base_context(datasette),
        "questions_css_url": datasette.urls.static_plugins(STATIC_PLUGIN, "questions.css"),
    }


def _company_options(
    named: dict[str, str], filters: QuestionFilters, companies: dict[str, str]
) -> list[tuple[str, str]]:
    """The companies some question names (and the one filtered on): a company with no question would only
    empty the list, and hundreds of options would slow every page. Any company is still a valid filter."""
    options = dict(named)
    if filters.company:
        options[filters.company] = companies.get(filters.company, filters.company)
    return sorted(options.items(), key=lambda pair: pair[1].casefold())


def _page_context(
    datasette: Datasette, db: Database, page: QuestionPage, companies: dict[str, str], named: dict[str, str]
) -> dict[str, Any]:
    filters = page.filters
    query = filters.query(page=filters.page)
    return {
        **_static(datasette),
        "page": page,
        "filters": filters,
        "description": filter_description(filters, companies),
        "round_types": [(rt.slug, rt.label) for rt in ROUND_TYPES if rt.is_interview],
        "round_type_labels": {rt.slug: rt.label for rt in ROUND_TYPES},
        "topics": list(QUESTION_TOPICS.items()),
        "companies": _company_options(named, filters, companies),
        "max_search_chars": MAX_SEARCH_CHARS,
        "action": registry.page_path(datasette, "questions"),
        "filter_url": lambda **changes: _page_url(datasette, filters.query(**changes)),
        # One link per round type and topic on the page, built once rather than for every question.
        "round_type_urls": {
            slug: _page_url(datasette, filters.query(round_type=slug))
            for slug in {entry.round_type for entry in page.questions} | set(page.round_type_counts)
        },
        "topic_urls": {
            slug: _page_url(datasette, filters.query(topic=slug)) for slug in {entry.topic for entry in page.questions}
        },
        # Only the companies of the questions shown: at 100x, 4,300 companies have questions.
        "prep_urls": {
            company.slug: prep_url(datasette, company.slug)
            for entry in page.questions
            for company in entry.companies
            if company.in_data
        },
        "json_url": _page_url(datasette, query, "json"),
        "md_url": _page_url(datasette, filters.query(), "md"),
        "md_filename": markdown_filename(filters.model_copy(update={"page": 1})),
        "question_urls": {entry.id: question_views.question_url(datasette, entry.id) for entry in page.questions},
        "table_url": datasette.urls.table(db.name, "questions"),
        "entry_facts": entry_facts,
        "source_facts": source_facts,
    }
