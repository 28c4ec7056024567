"""/-/prep/{slug}[.json|.md|.ics]: a company's checklist; ?process=ID picks one of its processes.

A slug that is no company's is, in turn: another spelling of one (a redirect),
a company only the sources mention (its sources and the typical loop), or a
404 with the closest names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.planner.checklist import CompanyRows, LoopChoice, UnknownProcess, build_checklist
from datasette_interview_prep.planner.loops import CHOICE_FIELDS, UnknownChoice
from datasette_interview_prep.planner.mentioned import build_mentioned_company
from datasette_interview_prep.planner.questions import BankQuestion
from datasette_interview_prep.planner.schedule import PLAN_PARAMETERS
from datasette_interview_prep.render.mentioned import mentioned_markdown, nothing_reported_line
from datasette_interview_prep.web import prep_read, registry
from datasette_interview_prep.web.checklist_page import ChecklistExtras, ChecklistRequest, respond_with_checklist
from datasette_interview_prep.web.comments_read import comment_mentions
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.interview_db import cached, query_key, store
from datasette_interview_prep.web.prep_forms import (
    build_form,
    download_headers,
    name_suggestions,
    plan_query,
    prep_context,
    source_filter_url,
    today,
)

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request


def questions_links(
    datasette: Datasette, request: Request, page_path: str, query: dict[str, str], include_others: bool
) -> str:
    """The link that flips ?others= (keeping the process and the plan), for the checklist's toggle."""
    toggled = {key: value for key, value in query.items() if key != "others"}
    if not include_others:
        toggled["others"] = "1"
    toggled.update(plan_query(request))
    return str(datasette.urls.path(page_path)) + (f"?{urlencode(toggled)}" if toggled else "")


def _include_others(request: Request) -> bool:
    """?others=1 counts the prep items backed only by other companies' sources; 0 or nothing leaves them out."""
    value = (request.args.get("others") or "0").strip()
    if value not in ("0", "1"):
        raise HttpError(400, "Not a valid others value", "others= takes 1 (count them in) or 0 (leave them out).")
    return value == "1"


def _plain_page_key(datasette: Datasette, request: Request, slug: str, fmt: str | None) -> str | None:
    """For an anonymous visitor the HTML page is a function of the file, the query and, with a plan, today."""
    if fmt is not None or request.actor is not None:
        return None
    planned = today().isoformat() if any(request.args.get(name) for name in PLAN_PARAMETERS) else ""
    return f"prep_company_html:{datasette.urls.path('/')}:{planned}:{slug}:{query_key(request)}"


def _loop_choice(request: Request) -> LoopChoice:
    """?process=, ?role=, ?level= (whitespace folded; the planner matches role and level loosely)."""
    values = {
        name: " ".join((request.args.get(name) or "").split())[:100] or None for name in ("process", *CHOICE_FIELDS)
    }
    return LoopChoice(process_id=values["process"], role=values["role"], level=values["level"])


async def prep_company(page: registry.PageRequest) -> Response:
    datasette, request, db, fmt = page.datasette, page.request, page.database, page.fmt
    slug = unquote(page.url_var("slug"))  # routes match the still-encoded path
    # For an anonymous visitor the page is a function of the file and the query (and today, with a plan).
    page_key = _plain_page_key(datasette, request, slug, fmt)
    found, html = cached(db, page_key) if page_key else (False, None)
    if found:
        return Response.html(html)
    rows = await prep_read.company_rows(db, slug)
    if rows is None:
        return await _not_a_company_with_a_loop(page, slug)
    choice = _loop_choice(request)
    include_others = _include_others(request)
    knowledge = await prep_read.knowledge(db)
    try:
        checklist = build_checklist(rows, knowledge, include_others=include_others, choice=choice)
    except UnknownProcess as error:
        raise _process_not_found(datasette, rows, error, fmt) from None
    except UnknownChoice as error:
        raise _choice_not_found(datasette, rows, error, fmt) from None
    query = {
        name: value
        for name, value in (("process", choice.process_id), ("role", checklist.role), ("level", checklist.level))
        if value
    }
    if include_others:
        query["others"] = "1"
    similar = await prep_read.similar_companies_to(db, checklist, rows.company["slug"])
    page_path = f"/-/prep/{rows.company['slug']}"
    postings = [
        {**posting, "url": datasette.urls.row(db.name, "postings", tilde_encode(posting["job_id"]))}
        for posting in await prep_read.posting_rows(db, checklist.process.posting_ids if checklist.process else [])
    ]
    extras = ChecklistExtras(
        postings=postings,
        aggregate=bool(rows.company.get("aggregate")),
        others_toggle_url=questions_links(datasette, request, page_path, query, include_others),
        comment_mentions=await comment_mentions(datasette, db, rows.company["name"]),
        peers=await _peers(datasette, db, rows.company) if not checklist.rounds else None,
    )
    response = await respond_with_checklist(page, ChecklistRequest(checklist, page_path, query, similar, extras))
    if page_key and response.status == 200:
        store(db, page_key, response.body)  # only for companies and processes that exist
    return response


async def _peers(datasette: Datasette, db: Database, company: Mapping[str, Any]) -> list[dict[str, Any]]:
    """For a company whose loop lists no round: the companies of its category whose loops do, to start from."""
    category = company.get("category")
    return [
        {"name": row["name"], "url": registry.page_path(datasette, "company", slug=quote(row["slug"], safe=""))}
        for row in await prep_read.company_directory(db)
        if category and row["category"] == category and row["slug"] != company["slug"] and row["max_stages"]
    ]


def _process_not_found(datasette: Datasette, rows: CompanyRows, error: UnknownProcess, fmt: str | None) -> HttpError:
    company_page = datasette.urls.path(f"/-/prep/{rows.company['slug']}", format=fmt)
    return HttpError(
        404,
        "Process not found",
        f"{rows.company['name']} has no process with that id."
        if error.choices
        else f"{rows.company['name']} has no interview process in the data.",
        processes=[
            {
                "id": choice.id,
                "label": choice.label,
                "kind_label": choice.kind_label,
                "url": f"{company_page}?{urlencode({'process': choice.id})}",
            }
            for choice in error.choices
        ],
    )


def _choice_not_found(datasette: Datasette, rows: CompanyRows, error: UnknownChoice, fmt: str | None) -> HttpError:
    company_page = datasette.urls.path(f"/-/prep/{rows.company['slug']}", format=fmt)
    name = rows.company["name"]
    return HttpError(
        404,
        f"No loop for that {error.field}",
        f"No reported loop of {name} names that {error.field}"
        + (
            f"; {error.field}= takes one of: {', '.join(error.choices)}."
            if error.choices
            else f": its loops name no {error.field}."
        ),
        field=error.field,
        choices=[
            {"value": value, "url": f"{company_page}?{urlencode({error.field: value})}"} for value in error.choices
        ],
    )


async def _not_a_company_with_a_loop(page: registry.PageRequest, slug: str) -> Response:
    """/-/prep/{slug} for a slug that is no company's: its spelling, a company only sources mention, or a 404."""
    datasette, request, db = page.datasette, page.request, page.database
    canonical = (await prep_read.company_keys(db)).get(name_key(slug)) if slug.isprintable() else None
    if canonical and canonical != slug:
        path = datasette.urls.path(f"/-/prep/{quote(canonical, safe='')}", format=page.fmt)
        return Response.redirect(path + (f"?{request.query_string}" if request.query_string else ""))
    sources = await prep_read.mentioned_company_sources(db, slug)
    knowledge = await prep_read.knowledge(db)
    questions = knowledge.question_index.by_company.get(slug, []) if slug not in knowledge.company_names else []
    if sources or questions:
        return await _mentioned_company(page, db, slug, sources, questions)
    suggestions = name_suggestions(datasette, slug, await prep_read.company_names(db))
    raise HttpError(
        404,
        "Company not found",
        "No company by that name is in the data. Did you mean one of these? "
        "Otherwise build a checklist from the rounds you were told about."
        if suggestions
        else "No company by that name is in the data, and no name in it is close. "
        "Build a checklist from the rounds you were told about.",
        suggestions=suggestions,
        build_your_own=True,
        # Not prefilled with the address: a 404 never echoes what it was given.
        build_form=await build_form(db, ""),
    )


async def _mentioned_company(
    page: registry.PageRequest,
    db: Database,
    slug: str,
    sources: list[dict[str, Any]],
    questions: Sequence[BankQuestion],
) -> Response:
    """A company with sources or bank questions but no reported loop: what there is, and a clear 'nothing yet'."""
    datasette, request, fmt = page.datasette, page.request, page.fmt
    base_rates = await prep_read.base_rates_of(db)
    company = build_mentioned_company(slug, sources, base_rates)
    if not sources and questions:  # no title to read the name from: the bank's spelling of it
        company = company.model_copy(update={"name": questions[0].companies_named(slug) or company.name})
    typical_query = {"rounds": ",".join(rate.round_type for rate in company.typical_loop), "company": company.name}
    typical_url = registry.page_path(datasette, "prep", query=typical_query)
    similar = [
        {**row, "url": registry.page_path(datasette, "company", slug=quote(row["slug"], safe=""))}
        for row in await prep_read.co_mentioned_companies(db, slug)
    ]
    if fmt == "md":
        markdown = mentioned_markdown(
            company,
            questions,
            [(row["name"], datasette.absolute_url(request, row["url"]), row["shared"]) for row in similar],
            datasette.absolute_url(request, typical_url),
        )
        return Response(
            markdown, content_type="text/markdown; charset=utf-8", headers=download_headers(company.slug, "md")
        )
    if fmt == "json":
        return Response.json(
            {
                "kind": "mentioned_company",
                "company": {"slug": company.slug, "name": company.name},
                "has_loop": False,
                "nothing_reported": nothing_reported_line(company.name, len(company.sources), len(questions)),
                "sources": company.sources,
                "questions": [question.entry().model_dump(mode="json") for question in questions],
                "similar_companies": [
                    {"slug": row["slug"], "name": row["name"], "shared_sources": row["shared"]} for row in similar
                ],
                "typical_loop": [rate.model_dump(mode="json") for rate in company.typical_loop],
                "typical_checklist_url": datasette.absolute_url(request, typical_url),
            },
            headers=download_headers(company.slug, "json"),
        )
    if fmt is not None:
        raise HttpError(
            404,
            "No checklist to export",
            f"The data has no interview loop for {company.name}, so there is no checklist to export. "
            "Build one from the rounds you were told about, or start from the typical loop, and export that.",
        )
    context = {
        **prep_context(datasette),
        "company": company,
        "nothing_reported": nothing_reported_line(company.name, len(company.sources), len(questions)),
        "questions": questions,
        "similar": similar,
        "md_url": registry.page_path(datasette, "company", "md", slug=quote(slug, safe="")),
        "typical_url": typical_url,
        "process_total": base_rates[0].total_processes if base_rates else 0,
        "build_form": await build_form(db, company.name),
        "company_sources_url": source_filter_url(datasette, db.name, companies=slug),
        "json_url": registry.page_path(datasette, "company", "json", slug=quote(slug, safe="")),
    }
    return Response.html(await datasette.render_template("prep_mentioned.html", context, request=request))
