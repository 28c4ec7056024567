"""A checklist as a response: HTML, JSON, Markdown or a calendar, with the prep plan when one is asked for.

Shared by the views that make checklists: a company's (company_views), a custom
or typical loop's (prep_views). Every checklist takes the planner's parameters,
?date=YYYY-MM-DD&hours=N (or ?weeks=N&hours=N; &per=total when the hours are
in all rather than a week): the page then carries a
schedule (planner/schedule.py), which the .json and .md include and .ics
exports as calendar events (render/ics.py).

The HTML page's template context is `ChecklistPage`, a typed record; the
helpers every plugin template uses (company_page, format_minutes, ...) come
from template_vars.py.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from datasette_interview_prep.planner.checklist_model import Checklist
from datasette_interview_prep.planner.schedule import PlanError, Schedule, build_schedule, parse_plan
from datasette_interview_prep.planner.similar import FOOTNOTE as SIMILARITY_FOOTNOTE
from datasette_interview_prep.planner.similar import SimilarCompany
from datasette_interview_prep.render.checklist import (
    SpecificShare,
    checklist_json,
    checklist_markdown,
    duration_text,
    evidence_summary,
    item_groups,
    own_sources_line,
    provenance,
    report_line,
    specific_line,
    specific_share,
    summary_line,
)
from datasette_interview_prep.render.ics import schedule_calendar
from datasette_interview_prep.render.plan import PeriodView, not_planned, plan_heading, plan_view
from datasette_interview_prep.web import registry
from datasette_interview_prep.web.comments_read import CommentMentions
from datasette_interview_prep.web.errors import HttpError
from datasette_interview_prep.web.prep_forms import (
    download_headers,
    plan_form,
    plan_query,
    prep_context,
    source_filter_url,
    today,
)

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request


@dataclasses.dataclass(frozen=True)
class ChecklistExtras:
    """What only some checklist pages show: a company's postings and ?others= toggle, a known company."""

    postings: list[dict[str, Any]] | None = None
    aggregate: bool = False  # several employers reported together
    others_toggle_url: str | None = None
    known_company: dict[str, Any] | None = None  # a custom loop named after a company in the data
    comment_mentions: CommentMentions | None = None  # None without fetched discussions
    peers: list[dict[str, Any]] | None = None  # no round reported: companies of its category that have a loop


@dataclasses.dataclass(frozen=True)
class ChecklistPage:
    """The checklist template's context (prep_company.html), besides prep_context and the template helpers."""

    checklist: Checklist
    rounds: list[dict[str, Any]]
    provenance: str
    summary_line: str
    own_sources_line: str | None
    specific_share: SpecificShare | None
    specific_line: str | None
    loop_links: dict[str, Any]  # process id / role / level -> the page with that choice (keeping the plan)
    json_url: str
    md_url: str
    ics_url: str | None
    page_url: str
    plan_action: str
    plan: dict[str, Any]
    schedule: Schedule | None
    plan_heading: str | None
    plan_periods: list[PeriodView] | None
    plan_not_planned: list[Any] | None  # the rounds a crash plan had no time for
    pace: list[dict[str, Any]] | None
    plan_query: str
    similar: list[SimilarCompany] | None
    similarity_footnote: str
    compare_url: Any  # slug -> the comparison with that company, or None off a company's page
    company_sources_url: str | None
    process_url: str | None
    steps_url: str | None
    extras: ChecklistExtras

    def template_context(self, datasette: Datasette) -> dict[str, Any]:
        fields = {field.name: getattr(self, field.name) for field in dataclasses.fields(self) if field.name != "extras"}
        extras = {
            field.name: getattr(self.extras, field.name)
            for field in dataclasses.fields(self.extras)
            if getattr(self.extras, field.name) not in (None, False)
        }
        return {**prep_context(datasette), **fields, **extras}


@dataclasses.dataclass(frozen=True)
class ChecklistRequest:
    """A checklist to answer with, and where it lives: its page's path and query (before the plan's)."""

    checklist: Checklist
    page_path: str
    query: dict[str, str]
    similar: list[SimilarCompany] | None = None
    extras: ChecklistExtras = ChecklistExtras()


def _plan(request: Request, checklist: Checklist) -> tuple[Schedule | None, PlanError | None]:
    try:
        plan = parse_plan(request.args, today())
        return (build_schedule(checklist.rounds, plan) if plan else None), None
    except PlanError as error:
        return None, error


async def respond_with_checklist(page: registry.PageRequest, wanted: ChecklistRequest) -> Response:
    """The checklist in the format asked for; a plan that cannot be made is a 400 (the page, with its form)."""
    datasette, request, checklist = page.datasette, page.request, wanted.checklist
    schedule, plan_error = _plan(request, checklist)
    if plan_error and page.fmt is not None:
        raise HttpError(400, "Cannot plan this", plan_error.message, field=plan_error.field)
    if page.fmt == "ics" and schedule is None:
        raise HttpError(
            400,
            "No plan to export",
            "The calendar holds a prep schedule: add date=YYYY-MM-DD (or weeks=N) and hours=N "
            "(hours of prep a week) to the address.",
        )
    full_query = {**wanted.query, **(plan_query(request) if schedule else {})}
    page_url = datasette.urls.path(wanted.page_path) + (f"?{urlencode(full_query)}" if full_query else "")
    download_name = checklist.company_name or checklist.key
    if page.fmt == "json":
        return _json_response(wanted, schedule, download_name)
    if page.fmt == "md":
        markdown = checklist_markdown(
            checklist,
            datasette.absolute_url(request, page_url),
            schedule,
            questions_url=datasette.absolute_url(request, registry.page_path(datasette, "questions")),
        )
        return Response(
            markdown, content_type="text/markdown; charset=utf-8", headers=download_headers(download_name, "md")
        )
    if page.fmt == "ics" and schedule is not None:  # without a plan, refused above
        calendar = schedule_calendar(
            checklist, schedule, datetime.now(timezone.utc), datasette.absolute_url(request, page_url)
        )
        return Response(
            calendar.decode("utf-8"),
            content_type="text/calendar; charset=utf-8",
            headers=download_headers(download_name, "ics"),
        )
    context = checklist_page(page, wanted, schedule, plan_error, full_query, page_url).template_context(datasette)
    if plan_error:
        raise HttpError(400, "Cannot plan this", plan_error.message, page=("prep_company.html", context))
    return Response.html(await datasette.render_template("prep_company.html", context, request=request))


def _json_response(wanted: ChecklistRequest, schedule: Schedule | None, download_name: str) -> Response:
    body = checklist_json(wanted.checklist)
    if schedule:
        body["schedule"] = schedule.model_dump(mode="json")
    if wanted.similar is not None:
        body["similar_companies"] = [match.model_dump(mode="json") for match in wanted.similar]
    if wanted.checklist.kind == "company":
        body["aggregate"] = wanted.extras.aggregate
    if wanted.extras.comment_mentions is not None:
        body["comment_mentions"] = dataclasses.asdict(wanted.extras.comment_mentions)
    return Response.json(body, headers=download_headers(download_name, "json"))


def _export_url(datasette: Datasette, wanted: ChecklistRequest, query: dict[str, str], fmt: str) -> str:
    """Company checklists export as /-/prep/{slug}.md; the others as /-/prep?...&format=md."""
    if wanted.checklist.kind == "company":
        return str(datasette.urls.path(wanted.page_path, format=fmt)) + (f"?{urlencode(query)}" if query else "")
    return str(datasette.urls.path(wanted.page_path)) + "?" + urlencode({**query, "format": fmt})


def _round_views(
    datasette: Datasette, db: Database, checklist: Checklist, schedule: Schedule | None
) -> list[dict[str, Any]]:
    company_slug = checklist.company.slug if checklist.company else None
    allocations = {allocation.position: allocation for allocation in schedule.allocations} if schedule else {}
    return [
        {
            "round": round_,
            "duration": duration_text(round_),
            "item_groups": item_groups(round_),
            "own_item_groups": item_groups(round_, cites_company=True) if company_slug else [],
            "general_item_groups": item_groups(round_, cites_company=False) if company_slug else item_groups(round_),
            "general_item_count": sum(1 for item in round_.items if not (company_slug and item.cites_company)),
            "report_lines": [(report.process_id, report_line(report)) for report in round_.reports],
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


def _loop_links(datasette: Datasette, wanted: ChecklistRequest, page: registry.PageRequest) -> dict[str, Any]:
    """Links to each loop of a company (?process=), each role and level (and back to the merged loops), keeping
    the plan and ?others= but no other loop choice."""
    checklist = wanted.checklist
    if checklist.kind != "company":
        return {}
    path = datasette.urls.path(wanted.page_path)
    kept = {**({"others": "1"} if checklist.includes_other_companies else {}), **plan_query(page.request)}

    def url(**choice: str) -> str:
        query = {**choice, **kept}
        return str(path) + (f"?{urlencode(query)}" if query else "")

    return {
        "all": url(),
        "process": {process.id: url(process=process.id) for process in checklist.processes},
        "role": [(role, url(role=role)) for role in checklist.roles],
        "level": [(level, url(level=level)) for level in checklist.levels],
    }


def _pace(schedule: Schedule) -> list[dict[str, Any]]:
    return [
        {"end": period.end.isoformat(), "expected": period.expected_done, "label": period.label}
        for period in schedule.periods
    ]


def checklist_page(
    page: registry.PageRequest,
    wanted: ChecklistRequest,
    schedule: Schedule | None,
    plan_error: PlanError | None,
    full_query: dict[str, str],
    page_url: str,
) -> ChecklistPage:
    datasette, db, checklist = page.datasette, page.database, wanted.checklist
    company_slug = checklist.company.slug if checklist.company else None
    process_id = checklist.process.id if checklist.process else None

    def compare_url(slug: str) -> str:
        return registry.page_path(datasette, "compare", query=[("company", company_slug or ""), ("company", slug)])

    return ChecklistPage(
        checklist=checklist,
        rounds=_round_views(datasette, db, checklist, schedule),
        provenance=provenance(checklist),
        summary_line=summary_line(checklist),
        own_sources_line=own_sources_line(checklist),
        specific_share=specific_share(checklist),
        specific_line=specific_line(checklist),
        loop_links=_loop_links(datasette, wanted, page),
        json_url=_export_url(datasette, wanted, full_query, "json"),
        md_url=_export_url(datasette, wanted, full_query, "md"),
        ics_url=_export_url(datasette, wanted, full_query, "ics") if schedule else None,
        page_url=page_url,
        plan_action=datasette.urls.path(wanted.page_path),
        plan=plan_form(page.request, wanted.query, plan_error),
        schedule=schedule,
        plan_heading=plan_heading(schedule) if schedule else None,
        plan_periods=plan_view(checklist, schedule) if schedule else None,
        plan_not_planned=not_planned(checklist, schedule) if schedule else None,
        pace=_pace(schedule) if schedule else None,
        plan_query=urlencode(plan_query(page.request)) if schedule else "",
        similar=wanted.similar,
        similarity_footnote=SIMILARITY_FOOTNOTE,
        compare_url=compare_url if company_slug else None,
        company_sources_url=source_filter_url(datasette, db.name, companies=company_slug) if company_slug else None,
        process_url=datasette.urls.row(db.name, "processes", tilde_encode(process_id)) if process_id else None,
        steps_url=f"{datasette.urls.table(db.name, 'steps')}?{urlencode({'process_id': process_id})}"
        if process_id
        else None,
        extras=wanted.extras,
    )
