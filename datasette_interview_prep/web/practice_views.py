"""/-/prep/{slug}/practice and /-/prep/{slug}/today: a timed practice run of a company's loop, and what to
do today (the reviews due, kept in the browser, and the day's sessions of a plan).

    /-/prep/openai/practice?seed=abc&date=2027-01-15   one question per round (planner/practice.py)
    /-/prep/openai/today?date=2027-01-15&hours=6       reviews due today, and today's sessions of the plan

Thin views: the checklist as the company page builds it, the run drawn in pure code, the page rendered
with every question and its outline folded in <details> (readable without JavaScript). The loop itself
(countdown, notes, reveal, self-grade) is web/static/practice.js; the reviews (FSRS, ts-fsrs vendored in
static/vendor/) are web/static/reviews.js, kept in the browser through prep-store.js: the server stores
nothing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from datasette.utils.asgi import Response

from datasette_interview_prep.planner.checklist import UnknownProcess, build_checklist
from datasette_interview_prep.planner.checklist_model import Checklist
from datasette_interview_prep.planner.practice import BadSeed, parse_seed, practice_run
from datasette_interview_prep.planner.schedule import PlanError, build_schedule, parse_plan
from datasette_interview_prep.render.plan import day_view, plan_heading
from datasette_interview_prep.web import prep_read, questions_read, registry
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.interview_db import anonymous_html_key, cached, store
from datasette_interview_prep.web.links import prep_url
from datasette_interview_prep.web.pages import STATIC_PLUGIN, base_context
from datasette_interview_prep.web.prep_forms import plan_query, today

if TYPE_CHECKING:
    from datasette.app import Datasette

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


async def _company_checklist(page: registry.PageRequest) -> Checklist:
    slug = unquote(page.url_var("slug"))
    rows = await prep_read.company_rows(page.database, slug)
    if rows is None:
        raise HttpError(
            404,
            "Company not found",
            "No company by that name has an interview loop in the data, so there is no loop to practise. "
            "The question bank has every question.",
        )
    try:
        return build_checklist(rows, await prep_read.knowledge(page.database), page.request.args.get("process") or None)
    except UnknownProcess:
        raise HttpError(404, "Process not found", "This company has no process with that id.") from None


def _interview_date(value: str | None) -> str | None:
    """`?date=` as YYYY-MM-DD (the interview: no review is due after it), None when absent; 400 otherwise."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if not _DAY.match(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise HttpError(400, "Not a valid date", "date= takes the interview date as YYYY-MM-DD.") from None


def _static(datasette: Datasette) -> dict[str, Any]:
    return {
        **base_context(datasette),
        "questions_css_url": datasette.urls.static_plugins(STATIC_PLUGIN, "questions.css"),
        "practice_css_url": datasette.urls.static_plugins(STATIC_PLUGIN, "practice.css"),
        "fsrs_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "vendor/ts-fsrs-5.4.2.umd.js"),
        "practice_js_url": datasette.urls.static_plugins(STATIC_PLUGIN, "practice.js"),
        # A question's page, with "__id__" for the id: the today view links the reviews it renders.
        "question_url_template": registry.page_path(datasette, "question", id="__id__"),
    }


def _company_links(datasette: Datasette, checklist: Checklist, slug: str) -> dict[str, Any]:
    quoted = quote(slug, safe="")
    return {
        "checklist": checklist,
        "company_slug": slug,
        "company_url": prep_url(datasette, slug),
        "practice_url": registry.page_path(datasette, "practice", slug=quoted),
        "today_url": registry.page_path(datasette, "today", slug=quoted),
    }


async def practice_page(page: registry.PageRequest) -> Response:
    datasette, request, db = page.datasette, page.request, page.database
    # The default seed is today's date: the run, and so the page, is a function of the query and the day.
    page_key = anonymous_html_key("practice", datasette, request, page.fmt, today().isoformat())
    found, html = cached(db, page_key) if page_key else (False, None)
    if found:
        return Response.html(html)
    checklist = await _company_checklist(page)
    try:
        seed = parse_seed(request.args.get("seed"), today())
    except BadSeed as error:
        raise HttpError(400, "Not a valid seed", str(error)) from None
    interview_date = _interview_date(request.args.get("date"))
    knowledge = await prep_read.knowledge(db)
    index = knowledge.question_index
    slug = checklist.company.slug if checklist.company else checklist.key
    # Draw once without outlines to learn which questions are in the run, then read only their outlines.
    drawn = practice_run(checklist, index, {}, seed)
    ids = [round_.question.id for round_ in drawn.rounds if round_.question]
    outlines = await questions_read.outlines(db, ids)
    run = practice_run(checklist, index, outlines, seed)
    cited = [item.source for outline in outlines.values() for item in outline.follow_ups if item.source]
    keep = {
        name: value for name, value in (("date", interview_date), ("process", request.args.get("process"))) if value
    }
    context = {
        **_static(datasette),
        **_company_links(datasette, checklist, slug),
        "run": run,
        "interview_date": interview_date,
        "follow_up_titles": await questions_read.source_titles(db, cited),
        "question_urls": {
            question_id: registry.page_path(datasette, "question", id=quote(question_id, safe=""))
            for question_id in ids
        },
        "new_run_url": registry.page_path(datasette, "practice", slug=quote(slug, safe=""), query=keep)
        if request.args.get("seed")
        else None,
        "seed_url": registry.page_path(datasette, "practice", slug=quote(slug, safe=""), query={**keep, "seed": seed}),
        "notes_filename": f"{slug}-practice-{seed}.md",
    }
    html = await datasette.render_template("practice.html", context, request=request)
    if page_key:
        store(db, page_key, html)
    return Response.html(html)


async def today_page(page: registry.PageRequest) -> Response:
    datasette, request = page.datasette, page.request
    # The reviews are rendered in the browser; the rest is a function of the query and the day.
    page_key = anonymous_html_key("today", datasette, request, page.fmt, today().isoformat())
    found, html = cached(page.database, page_key) if page_key else (False, None)
    if found:
        return Response.html(html)
    checklist = await _company_checklist(page)
    slug = checklist.company.slug if checklist.company else checklist.key
    day = today()
    sessions, schedule, plan_error = None, None, None
    try:
        plan = parse_plan(request.args, day)
        schedule = build_schedule(checklist.rounds, plan) if plan else None
    except PlanError as error:
        plan_error = error
    if plan_error:
        raise HttpError(400, "Cannot plan this", plan_error.message, field=plan_error.field)
    if schedule is not None:
        sessions = day_view(checklist, schedule, day)
    plan_args = plan_query(request)
    company_links = _company_links(datasette, checklist, slug)
    checklist_url = company_links["company_url"] + (f"?{urlencode(plan_args)}" if schedule else "")
    context = {
        **_static(datasette),
        **company_links,
        "today": day,
        "schedule": schedule,
        "sessions": sessions,
        "interview_date": schedule.interview_date.isoformat()
        if schedule
        else _interview_date(request.args.get("date")),
        "checklist_url": checklist_url,
        "plan_heading": plan_heading(schedule)
        if schedule
        else None,  # the checklist with the same plan: the sessions' items link into it
        "plan_url": f"{checklist_url}#plan" if schedule else None,
        "practice_with_date_url": registry.page_path(
            datasette, "practice", slug=quote(slug, safe=""), query={"date": schedule.interview_date.isoformat()}
        )
        if schedule
        else company_links["practice_url"],
    }
    html = await datasette.render_template("practice_today.html", context, request=request)
    if page_key:
        store(page.database, page_key, html)
    return Response.html(html)
