"""A checklist as a response: HTML, JSON, Markdown or a calendar, with the prep plan when one is asked for.

Shared by the views that make checklists: a company's (company_views), a custom
or typical loop's (prep_views); also the base rates, the build-your-own-loop
form, name suggestions and the similar companies every checklist page shows.

Every checklist takes the planner's parameters, ?date=YYYY-MM-DD&hours=N
(or ?weeks=N&hours=N): the page then carries a schedule (schedule.py), which
the .json and .md include and .ics exports as calendar events (ics.py).
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.core.rounds import ROUND_TYPES, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.base_rates import BaseRate, compute_base_rates, typical_loop
from datasette_interview_prep.planner.checklist import (
    DEFAULT_PROCESS_RULE,
    Checklist,
    Knowledge,
)
from datasette_interview_prep.planner.schedule import (
    BY_DAY_UNDER_DAYS,
    MAX_DAYS_AHEAD,
    MAX_HOURS_PER_WEEK,
    MAX_WEEKS,
    PLAN_PARAMETERS,
    PlanError,
    Schedule,
    build_schedule,
    parse_plan,
)
from datasette_interview_prep.planner.similar import FOOTNOTE as SIMILARITY_FOOTNOTE
from datasette_interview_prep.planner.similar import SimilarCompany, loops_from_rows, similar_companies
from datasette_interview_prep.render.checklist import (
    checklist_json,
    checklist_markdown,
    duration_text,
    evidence_summary,
    item_groups,
    own_sources_line,
    plan_heading,
    provenance,
    summary_line,
)
from datasette_interview_prep.render.ics import schedule_calendar
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.interview_db import per_database_file
from datasette_interview_prep.web.links import prep_url
from datasette_interview_prep.web.pages import base_context

if TYPE_CHECKING:
    from datasette.database import Database

MAX_COMPANY_NAME = 100
FORMATS = ("json", "md", "ics")
CUSTOM_FORM_SLOTS = 8
DEFAULT_HOURS_PER_WEEK = 6
MAX_SLUG = 100


def prep_context(datasette) -> dict[str, Any]:
    return {**base_context(datasette), "default_process_rule": DEFAULT_PROCESS_RULE}


def round_type_choices() -> list[dict[str, str]]:
    return [{"slug": round_type.slug, "label": round_type.label} for round_type in ROUND_TYPES]


def source_filter_url(datasette, db_name: str, **filters: str) -> str:
    query = urlencode({f"{column}__arraycontains": value for column, value in filters.items()})
    return f"{datasette.urls.table(db_name, 'sources')}?{query}"


def _export_url(datasette, checklist: Checklist, page_path: str, query: dict[str, str], fmt: str) -> str:
    """Company checklists export as /-/prep/{slug}.md; the others as /-/prep?...&format=md."""
    if checklist.kind == "company":
        return datasette.urls.path(page_path, format=fmt) + (f"?{urlencode(query)}" if query else "")
    return datasette.urls.path(page_path) + "?" + urlencode({**query, "format": fmt})


def download_headers(name: str, fmt: str) -> dict[str, str]:
    """Exports download (a browser would otherwise open .md and .json in the tab) as '{name}-prep.{fmt}'."""
    return {"Content-Disposition": f'attachment; filename="{slugify(name) or "interview"}-prep.{fmt}"'}


def today() -> date:
    """The server's date: what 'in the past' and the first day of a plan are measured from."""
    return date.today()


def round_type_list(slugs: list[str]) -> str:
    """['coding', 'founder'] -> 'live coding, founder / CEO / leadership' (acronyms keep their capitals)."""
    labels = (ROUND_TYPES_BY_SLUG[slug].label for slug in slugs)
    return ", ".join(label if label[1:2].isupper() else label[:1].lower() + label[1:] for label in labels)


def _plan(request, checklist: Checklist) -> tuple[Schedule | None, PlanError | None]:
    try:
        plan = parse_plan(request.args, today())
        return (build_schedule(checklist.rounds, plan) if plan else None), None
    except PlanError as error:
        return None, error


def plan_query(request) -> dict[str, str]:
    return {name: request.args[name].strip() for name in PLAN_PARAMETERS if (request.args.get(name) or "").strip()}


def _plan_form(request, query: dict[str, str], plan_error: PlanError | None) -> dict[str, Any]:
    """What the plan form shows: the values as typed (escaped by the template), limits, the error."""
    start = today()
    return {
        "fields": {name: (request.args.get(name) or "")[:40] for name in PLAN_PARAMETERS},
        "default_hours": DEFAULT_HOURS_PER_WEEK,
        "hidden": query,
        "error": plan_error,
        "min_date": (start + timedelta(days=1)).isoformat(),
        "max_date": (start + timedelta(days=MAX_DAYS_AHEAD)).isoformat(),
        "max_hours": MAX_HOURS_PER_WEEK,
        "max_weeks": MAX_WEEKS,
        "by_day_under_days": BY_DAY_UNDER_DAYS,
    }


def _pace(schedule: Schedule) -> list[dict[str, Any]]:
    return [
        {"end": period.end.isoformat(), "expected": period.expected_done, "label": period.label}
        for period in schedule.periods
    ]


def similar_to(
    checklist: Checklist,
    knowledge: Knowledge,
    loops: dict[str, dict],
    company_slug: str | None,
) -> list[SimilarCompany]:
    weights = {row["slug"]: row.get("weight") or 1.0 for row in knowledge.round_types}
    loop = [round_.round_type for round_ in checklist.rounds if round_.is_interview]
    return similar_companies(loop, company_slug, loops, weights)


async def render_checklist(
    datasette,
    request,
    db,
    checklist: Checklist,
    fmt: str | None,
    page_path: str,
    query: dict[str, str],
    similar: list[SimilarCompany] | None = None,
    **context: Any,
) -> Response:
    schedule, plan_error = _plan(request, checklist)
    if plan_error and fmt is not None:
        raise HttpError(400, "Cannot plan this", plan_error.message, field=plan_error.field)
    if fmt == "ics" and schedule is None:
        raise HttpError(
            400,
            "No plan to export",
            "The calendar holds a prep schedule: add date=YYYY-MM-DD (or weeks=N) and hours=N "
            "(hours of prep a week) to the address.",
        )
    full_query = {**query, **(plan_query(request) if schedule else {})}
    page_url = datasette.urls.path(page_path) + (f"?{urlencode(full_query)}" if full_query else "")
    download_name = checklist.company_name or checklist.key
    if fmt == "json":
        body = checklist_json(checklist)
        if schedule:
            body["schedule"] = schedule.model_dump(mode="json")
        if similar is not None:
            body["similar_companies"] = [match.model_dump(mode="json") for match in similar]
        if checklist.kind == "company":
            body["aggregate"] = bool(context.get("aggregate"))  # several employers reported together
        return Response.json(body, headers=download_headers(download_name, "json"))
    if fmt == "md":
        markdown = checklist_markdown(
            checklist,
            datasette.absolute_url(request, page_url),
            schedule,
            questions_url=datasette.absolute_url(request, datasette.urls.path("/-/questions")),
        )
        return Response(
            markdown, content_type="text/markdown; charset=utf-8", headers=download_headers(download_name, "md")
        )
    if fmt == "ics" and schedule is not None:  # without a plan, refused above
        calendar = schedule_calendar(
            checklist, schedule, datetime.now(timezone.utc), datasette.absolute_url(request, page_url)
        )
        return Response(
            calendar.decode("utf-8"),
            content_type="text/calendar; charset=utf-8",
            headers=download_headers(download_name, "ics"),
        )
    company_slug = checklist.company.slug if checklist.company else None
    process_id = checklist.process.id if checklist.process else None
    allocations = {allocation.position: allocation for allocation in schedule.allocations} if schedule else {}
    rounds = [
        {
            "round": round_,
            "duration": duration_text(round_),
            "item_groups": item_groups(round_),
            "evidence_summary": evidence_summary(round_.evidence, checklist.company_name, mention_all_companies=False),
            "evidence_url": source_filter_url(
                datasette,
                db.name,
                round_types=round_.round_type,
                **({"companies": company_slug} if company_slug and round_.evidence.scope == "company" else {}),
            ),
            "round_type_url": source_filter_url(datasette, db.name, round_types=round_.round_type),
            "allocation": allocations.get(round_.position),
        }
        for round_ in checklist.rounds
    ]
    compare_url = (
        (
            lambda slug: (
                datasette.urls.path("/-/prep/compare") + "?" + urlencode([("company", company_slug), ("company", slug)])
            )
        )
        if company_slug
        else None
    )
    template_context = {
        **prep_context(datasette),
        "checklist": checklist,
        "rounds": rounds,
        "provenance": provenance(checklist),
        "summary_line": summary_line(checklist),
        "own_sources_line": own_sources_line(checklist),
        "json_url": _export_url(datasette, checklist, page_path, full_query, "json"),
        "md_url": _export_url(datasette, checklist, page_path, full_query, "md"),
        "ics_url": _export_url(datasette, checklist, page_path, full_query, "ics") if schedule else None,
        "page_url": page_url,
        "plan_action": datasette.urls.path(page_path),
        "plan": _plan_form(request, query, plan_error),
        "schedule": schedule,
        "plan_heading": plan_heading(schedule) if schedule else None,
        "pace": _pace(schedule) if schedule else None,
        "plan_query": urlencode(plan_query(request)) if schedule else "",
        "format_minutes": format_minutes,
        "similar": similar,
        "similarity_footnote": SIMILARITY_FOOTNOTE,
        "round_type_list": round_type_list,
        "compare_url": compare_url,
        "company_sources_url": source_filter_url(datasette, db.name, companies=company_slug) if company_slug else None,
        "process_url": datasette.urls.row(db.name, "processes", tilde_encode(process_id)) if process_id else None,
        "steps_url": f"{datasette.urls.table(db.name, 'steps')}?{urlencode({'process_id': process_id})}"
        if process_id
        else None,
        "company_page": lambda slug: prep_url(datasette, slug),
        **context,
    }
    return Response.html(
        await datasette.render_template("prep_company.html", template_context, request=request),
        status=400 if plan_error else 200,
    )


async def company_loops(db: Database) -> dict[str, dict[str, Any]]:
    """Every company's loops as round-type sequences, computed once per database file."""

    async def compute() -> dict[str, dict[str, Any]]:
        return loops_from_rows(*await prep_read.loop_rows(db))

    return await per_database_file(db, "checklist_response.loops", compute)


async def base_rates_of(db: Database) -> list[BaseRate]:
    """How often each round type appears across every process, computed once per database file
    (grouping and sorting 27,000 steps at 100x takes 36 ms)."""

    async def compute() -> list[BaseRate]:
        return compute_base_rates(await prep_read.base_rate_steps(db))

    return await per_database_file(db, "checklist_response.base_rates", compute)


async def build_form(db, company_name: str) -> dict[str, Any]:
    """The build-your-own-loop form: round-type choices, slots starting from the typical loop, the company's name."""
    typical = [rate.round_type for rate in typical_loop(await base_rates_of(db))]
    slots = (typical + [""] * CUSTOM_FORM_SLOTS)[: max(CUSTOM_FORM_SLOTS, len(typical) + 1)]
    return {"choices": round_type_choices(), "slots": slots, "company": company_name[:MAX_COMPANY_NAME]}


def name_suggestions(datasette, wanted: str, companies: list[dict]) -> list[dict[str, str]]:
    """The closest company names to what was asked for (difflib), as links."""
    wanted = slugify(wanted[:MAX_COMPANY_NAME])
    by_key: dict[str, dict] = {}
    for company in companies:
        by_key.setdefault(company["slug"], company)
        by_key.setdefault(slugify(company["name"]), company)
    matches = difflib.get_close_matches(wanted, list(by_key), n=8, cutoff=0.6)
    chosen = list({by_key[key]["slug"]: by_key[key] for key in matches}.values())[:5]
    return [{"slug": c["slug"], "name": c["name"], "url": prep_url(datasette, c["slug"])} for c in chosen]
