"""/-/questions/{id}[.json|.md]: one question of the bank, with its sources, outline and related questions.

A thin view: the bank's entry from questions_read (parsed once per database file), its outline and the
related questions (one full-text query over the questions' index, same topic and round type), shaped by
render/question_page.py. An id that is no question's is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from datasette.utils.asgi import Response

from datasette_interview_prep.planner.questions import BankQuestion
from datasette_interview_prep.render.question_page import (
    QuestionPageData,
    RelatedQuestion,
    dated_source_facts,
    question_facts,
    question_markdown,
)
from datasette_interview_prep.web import questions_read, registry
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.interview_db import anonymous_html_key, cached, store
from datasette_interview_prep.web.links import prep_url
from datasette_interview_prep.web.pages import STATIC_PLUGIN, base_context

if TYPE_CHECKING:
    from datasette.app import Datasette


def question_url(datasette: Datasette, question_id: str, fmt: str | None = None) -> str:
    return registry.page_path(datasette, "question", fmt, id=quote(question_id, safe=""))


def practice_url(datasette: Datasette, entry: BankQuestion) -> tuple[str, str | None]:
    """(URL, company name): the practice loop of the first company with a loop that asked it, else the bank's
    questions of its round type (company name None)."""
    company = next((company for company in entry.companies if company.in_data), None)
    if company is not None:
        return registry.page_path(datasette, "practice", slug=quote(company.slug, safe="")), company.name
    return registry.page_path(datasette, "questions", query={"round_type": entry.round_type}), None


async def question_page(page: registry.PageRequest) -> Response:
    datasette, request, db, fmt = page.datasette, page.request, page.database, page.fmt
    page_key = anonymous_html_key("question", datasette, request, fmt)
    found, html = cached(db, page_key) if page_key else (False, None)
    if found:
        return Response.html(html)
    question_id = page.url_var("id")
    entry = (await questions_read.questions_by_id(db)).get(question_id)
    if entry is None:
        raise HttpError(
            404, "Question not found", "No question of the bank has that id. The question bank lists them all."
        )
    by_id = await questions_read.questions_by_id(db)
    outline = (await questions_read.outlines(db, [entry.id])).get(entry.id)
    related = [
        RelatedQuestion(id=related_id, question=by_id[related_id].question, url=question_url(datasette, related_id))
        for related_id in await questions_read.related_ids(db, entry)
        if related_id in by_id
    ]
    practise_at, practise_company = practice_url(datasette, entry)
    data = QuestionPageData(question=entry.entry(), outline=outline, related=related, practice_url=practise_at)
    cited = [item.source for item in outline.follow_ups if item.source] if outline else []
    titles = await questions_read.source_titles(db, cited)
    if fmt == "json":
        return Response.json(data.model_dump(mode="json"))
    if fmt == "md":
        page_url = datasette.absolute_url(request, question_url(datasette, entry.id))
        absolute = [item.model_copy(update={"url": datasette.absolute_url(request, item.url)}) for item in related]
        return Response(
            question_markdown(data.model_copy(update={"related": absolute}), page_url, titles),
            content_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="question-{entry.id}.md"'},
        )
    context = {
        **base_context(datasette),
        "questions_css_url": datasette.urls.static_plugins(STATIC_PLUGIN, "questions.css"),
        "data": data,
        "entry": data.question,
        "facts": question_facts(data.question),
        "source_facts": dated_source_facts,
        "follow_up_titles": titles,
        "prep_urls": {
            company.slug: prep_url(datasette, company.slug) for company in entry.companies if company.in_data
        },
        "practise_company": practise_company,
        "bank_url": registry.page_path(datasette, "questions"),
        "round_type_url": registry.page_path(datasette, "questions", query={"round_type": entry.round_type}),
        "json_url": question_url(datasette, entry.id, "json"),
        "md_url": question_url(datasette, entry.id, "md"),
    }
    html = await datasette.render_template("question.html", context, request=request)
    if page_key:
        store(db, page_key, html)
    return Response.html(html)
