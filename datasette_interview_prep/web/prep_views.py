"""Views of the prep checklist pages: fetch rows (prep_read), build (checklist), render.

- /-/prep                          pick a company; ?rounds=a,b&company=X a custom loop;
                                   ?loop=typical the typical loop (both also ?format=json|md)
- /-/prep/{slug}[.json|.md|.ics]   a company's checklist; ?process=ID picks one of its processes
- /-/prep/compare[.json|.md]       ?company=a&company=b[&company=c]: loops side by side (compare.py)

Every checklist also takes the planner's parameters, ?date=YYYY-MM-DD&hours=N
(or ?weeks=N&hours=N): the page then carries a schedule (schedule.py), which
the .json and .md include and .ics exports as calendar events (ics.py).
"""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from datasette_interview_prep.core.durations import format_minutes
from datasette_interview_prep.core.labels import PROCESS_KIND_NOUNS
from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.rounds import ROUND_TYPES, ROUND_TYPES_BY_SLUG
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.base_rates import compute_base_rates, typical_loop
from datasette_interview_prep.planner.checklist import (
    DEFAULT_PROCESS_RULE,
    MAX_CUSTOM_ROUNDS,
    Checklist,
    Knowledge,
    UnknownProcess,
    UnknownRoundTypes,
    build_checklist,
    build_custom_checklist,
    build_typical_checklist,
    parse_round_types,
)
from datasette_interview_prep.planner.compare import MAX_COMPANIES, MIN_COMPANIES, build_comparison
from datasette_interview_prep.planner.mentioned import build_mentioned_company
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
from datasette_interview_prep.render.compare import comparison_markdown
from datasette_interview_prep.render.ics import schedule_calendar
from datasette_interview_prep.web import prep_read
from datasette_interview_prep.web.errors import HttpError as PrepError
from datasette_interview_prep.web.errors import check_method, error_response, no_database
from datasette_interview_prep.web.interview_db import cached, interview_database, per_database_file, store
from datasette_interview_prep.web.pages import base_context

if TYPE_CHECKING:
    from datasette.database import Database

MAX_COMPANY_NAME = 100
FORMATS = ("json", "md", "ics")
CUSTOM_FORM_SLOTS = 8
DEFAULT_HOURS_PER_WEEK = 6
MAX_SLUG = 100


def _base_context(datasette) -> dict[str, Any]:
    return {**base_context(datasette), "default_process_rule": DEFAULT_PROCESS_RULE}


def _round_type_choices() -> list[dict[str, str]]:
    return [{"slug": round_type.slug, "label": round_type.label} for round_type in ROUND_TYPES]


def _source_filter_url(datasette, db_name: str, **filters: str) -> str:
    query = urlencode({f"{column}__arraycontains": value for column, value in filters.items()})
    return f"{datasette.urls.table(db_name, 'sources')}?{query}"


def _export_url(datasette, checklist: Checklist, page_path: str, query: dict[str, str], fmt: str) -> str:
    """Company checklists export as /-/prep/{slug}.md; the others as /-/prep?...&format=md."""
    if checklist.kind == "company":
        return datasette.urls.path(page_path, format=fmt) + (f"?{urlencode(query)}" if query else "")
    return datasette.urls.path(page_path) + "?" + urlencode({**query, "format": fmt})


def _download_headers(name: str, fmt: str) -> dict[str, str]:
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


def _plan_query(request) -> dict[str, str]:
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


def _similar(
    checklist: Checklist,
    knowledge: Knowledge,
    loops: dict[str, dict],
    company_slug: str | None,
) -> list[SimilarCompany]:
    weights = {row["slug"]: row.get("weight") or 1.0 for row in knowledge.round_types}
    loop = [round_.round_type for round_ in checklist.rounds if round_.is_interview]
    return similar_companies(loop, company_slug, loops, weights)


async def _render_checklist(
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
        raise PrepError(400, "Cannot plan this", plan_error.message, field=plan_error.field)
    if fmt == "ics" and schedule is None:
        raise PrepError(
            400,
            "No plan to export",
            "The calendar holds a prep schedule: add date=YYYY-MM-DD (or weeks=N) and hours=N "
            "(hours of prep a week) to the address.",
        )
    full_query = {**query, **(_plan_query(request) if schedule else {})}
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
        return Response.json(body, headers=_download_headers(download_name, "json"))
    if fmt == "md":
        markdown = checklist_markdown(
            checklist,
            datasette.absolute_url(request, page_url),
            schedule,
            questions_url=datasette.absolute_url(request, datasette.urls.path("/-/questions")),
        )
        return Response(
            markdown, content_type="text/markdown; charset=utf-8", headers=_download_headers(download_name, "md")
        )
    if fmt == "ics" and schedule is not None:  # without a plan, refused above
        calendar = schedule_calendar(
            checklist, schedule, datetime.now(timezone.utc), datasette.absolute_url(request, page_url)
        )
        return Response(
            calendar.decode("utf-8"),
            content_type="text/calendar; charset=utf-8",
            headers=_download_headers(download_name, "ics"),
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
            "evidence_url": _source_filter_url(
                datasette,
                db.name,
                round_types=round_.round_type,
                **({"companies": company_slug} if company_slug and round_.evidence.scope == "company" else {}),
            ),
            "round_type_url": _source_filter_url(datasette, db.name, round_types=round_.round_type),
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
        **_base_context(datasette),
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
        "plan_query": urlencode(_plan_query(request)) if schedule else "",
        "format_minutes": format_minutes,
        "similar": similar,
        "similarity_footnote": SIMILARITY_FOOTNOTE,
        "round_type_list": round_type_list,
        "compare_url": compare_url,
        "company_sources_url": _source_filter_url(datasette, db.name, companies=company_slug) if company_slug else None,
        "process_url": datasette.urls.row(db.name, "processes", tilde_encode(process_id)) if process_id else None,
        "steps_url": f"{datasette.urls.table(db.name, 'steps')}?{urlencode({'process_id': process_id})}"
        if process_id
        else None,
        "company_page": lambda slug: datasette.urls.path(f"/-/prep/{slug}"),
        **context,
    }
    return Response.html(
        await datasette.render_template("prep_company.html", template_context, request=request),
        status=400 if plan_error else 200,
    )


async def _loops(db: Database) -> dict[str, dict[str, Any]]:
    """Every company's loops as round-type sequences, computed once per database file."""

    async def compute() -> dict[str, dict[str, Any]]:
        return loops_from_rows(*await prep_read.loop_rows(db))

    return await per_database_file(db, "prep_views.loops", compute)


# --- /-/prep ------------------------------------------------------------------------------------------


async def prep_index(datasette, request) -> Response:
    fmt = request.args.get("format") or None
    try:
        check_method(request.method)
        if fmt is not None and fmt not in FORMATS:
            fmt = None
            raise PrepError(400, "Unknown format", "The format parameter takes json, md or ics.")
        db = interview_database(datasette)
        if db is None:
            if fmt is None and not _wants_checklist(request):
                return Response.html(
                    await datasette.render_template(
                        "prep_index.html", {**_base_context(datasette), "no_database": True}, request=request
                    )
                )
            raise no_database()
        if "rounds" in request.args:
            return await _custom_checklist(datasette, request, db, fmt)
        if "loop" in request.args:
            return await _typical_checklist(datasette, request, db, fmt)
        if fmt is not None:
            raise PrepError(400, "Nothing to export", "format= applies to a checklist: add rounds=... or loop=typical.")
        return await _company_picker(datasette, request, db)
    except PrepError as error:
        return await error_response(datasette, request, error, fmt)


def _wants_checklist(request) -> bool:
    return "rounds" in request.args or "loop" in request.args


async def _custom_checklist(datasette, request, db, fmt: str | None) -> Response:
    try:
        slugs = parse_round_types(request.args.getlist("rounds"))
    except UnknownRoundTypes as error:
        count = len(error.unknown)
        raise PrepError(
            400,
            "Unknown round type" if count == 1 else "Unknown round types",
            f"{count} of the round types asked for {'is' if count == 1 else 'are'} not known. "
            "Use the slugs below, comma-separated, in the order of your loop.",
            round_types=_round_type_choices(),
        ) from None
    if not slugs:
        raise PrepError(
            400, "No rounds chosen", "Choose at least one round type for your loop.", round_types=_round_type_choices()
        )
    if len(slugs) > MAX_CUSTOM_ROUNDS:
        raise PrepError(
            400,
            "Too many rounds",
            f"A loop can have at most {MAX_CUSTOM_ROUNDS} rounds.",
            round_types=_round_type_choices(),
        )
    company_name = " ".join(request.args.get("company", "").split()) or None
    if company_name and len(company_name) > MAX_COMPANY_NAME:
        raise PrepError(400, "Company name too long", f"Keep the company name under {MAX_COMPANY_NAME} characters.")
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, slugs)
    checklist = build_custom_checklist(slugs, knowledge, sources, company_name)
    known_company = await prep_read.company_by_slug(db, slugify(company_name)) if company_name else None
    query = {"rounds": ",".join(slugs), **({"company": company_name} if company_name else {})}
    similar = _similar(checklist, knowledge, await _loops(db), known_company["slug"] if known_company else None)
    return await _render_checklist(
        datasette, request, db, checklist, fmt, "/-/prep", query, similar=similar, known_company=known_company
    )


async def _typical_checklist(datasette, request, db, fmt: str | None) -> Response:
    if request.args.get("loop") != "typical":
        raise PrepError(400, "Unknown loop", "loop= takes one value: typical.")
    base_rates = compute_base_rates(await prep_read.base_rate_steps(db))
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, [rate.round_type for rate in typical_loop(base_rates)])
    checklist = build_typical_checklist(base_rates, knowledge, sources)
    return await _render_checklist(datasette, request, db, checklist, fmt, "/-/prep", {"loop": "typical"})


async def _company_picker(datasette, request, db) -> Response:
    directory = await prep_read.company_directory(db)
    base_rates = compute_base_rates(await prep_read.base_rate_steps(db))
    search = " ".join(request.args.get("q", "").split())[:MAX_COMPANY_NAME]
    needle = name_key(search)
    shown = (
        [row for row in directory if needle in name_key(row["name"]) or needle in name_key(row["slug"])]
        if needle
        else directory
    )
    typical = [rate.round_type for rate in typical_loop(base_rates)]
    with_loops = {row["slug"] for row in directory}
    # Companies only the sources mention: typing one offers its page as well as the form.
    mentioned = {key: slug for key, slug in (await prep_read.company_keys(db)).items() if slug not in with_loops}
    context = {
        **_base_context(datasette),
        "companies": shown,
        "company_count": len(directory),
        "search": search,
        "base_rates": base_rates,
        "typical_slugs": set(typical),
        "process_total": base_rates[0].total_processes if base_rates else 0,
        "build_form": await _build_form(db, search if needle and not shown else ""),
        "mentioned": mentioned,
        "mentioned_match": mentioned.get(needle) if needle and not shown else None,
        "name_key": name_key,
        "typical_url": datasette.urls.path("/-/prep") + "?loop=typical",
        "compare_url": datasette.urls.path("/-/prep/compare"),
        "company_page": lambda slug: datasette.urls.path(f"/-/prep/{slug}"),
        "steps_facet_url": f"{datasette.urls.table(db.name, 'steps')}?_facet=round_type",
        "kinds_label": _kinds_label,
    }
    return Response.html(await datasette.render_template("prep_index.html", context, request=request))


def _kinds_label(kinds_json: str | None) -> str:
    kinds = json.loads(kinds_json or "[]")
    return " + ".join(PROCESS_KIND_NOUNS.get(kind, kind) for kind in kinds)


# --- /-/prep/{slug} -----------------------------------------------------------------------------------


def _suggestions(datasette, wanted: str, companies: list[dict]) -> list[dict[str, str]]:
    """The closest company names to what was asked for (difflib), as links."""
    wanted = slugify(wanted[:MAX_COMPANY_NAME])
    by_key: dict[str, dict] = {}
    for company in companies:
        by_key.setdefault(company["slug"], company)
        by_key.setdefault(slugify(company["name"]), company)
    matches = difflib.get_close_matches(wanted, list(by_key), n=8, cutoff=0.6)
    chosen = list({by_key[key]["slug"]: by_key[key] for key in matches}.values())[:5]
    return [{"slug": c["slug"], "name": c["name"], "url": datasette.urls.path(f"/-/prep/{c['slug']}")} for c in chosen]


def questions_links(datasette, request, page_path: str, query: dict[str, str], include_others: bool) -> dict:
    """The link that flips ?others= (keeping the process and the plan), for the checklist's toggle."""
    toggled = {key: value for key, value in query.items() if key != "others"}
    if not include_others:
        toggled["others"] = "1"
    toggled.update(_plan_query(request))
    return {"others_toggle_url": datasette.urls.path(page_path) + (f"?{urlencode(toggled)}" if toggled else "")}


def _include_others(request) -> bool:
    """?others=1 counts the prep items backed only by other companies' sources; 0 or nothing leaves them out."""
    value = (request.args.get("others") or "0").strip()
    if value not in ("0", "1"):
        raise PrepError(400, "Not a valid others value", "others= takes 1 (count them in) or 0 (leave them out).")
    return value == "1"


def _plain_page_key(datasette, request, slug: str, fmt: str | None) -> str | None:
    if fmt is not None or request.actor is not None or not set(request.args) <= {"process"}:
        return None
    return f"prep_company_html:{datasette.urls.path('/')}:{slug}:{request.args.get('process') or ''}"


async def prep_company(datasette, request) -> Response:
    fmt = request.url_vars.get("format")
    slug = unquote(request.url_vars["slug"])  # routes match the still-encoded path
    try:
        check_method(request.method)
        db = interview_database(datasette)
        if db is None:
            raise no_database()
        # The plain page (no plan, anonymous) is a function of the database file alone: render it once.
        page_key = _plain_page_key(datasette, request, slug, fmt)
        found, page = cached(db, page_key) if page_key else (False, None)
        if found:
            return Response.html(page)
        rows = await prep_read.company_rows(db, slug)
        if rows is None:
            return await _not_a_company_with_a_loop(datasette, request, db, slug, fmt)
        process_id = request.args.get("process") or None
        include_others = _include_others(request)
        knowledge = await prep_read.knowledge(db)
        try:
            checklist = build_checklist(rows, knowledge, process_id, include_others=include_others)
        except UnknownProcess as error:
            page = datasette.urls.path(f"/-/prep/{rows.company['slug']}", format=fmt)
            raise PrepError(
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
                        "url": f"{page}?{urlencode({'process': choice.id})}",
                    }
                    for choice in error.choices
                ],
            ) from None
        query = {"process": process_id} if process_id else {}
        if include_others:
            query["others"] = "1"
        similar = _similar(checklist, knowledge, await _loops(db), rows.company["slug"])
        page_path = f"/-/prep/{rows.company['slug']}"
        postings = [
            {**posting, "url": datasette.urls.row(db.name, "postings", tilde_encode(posting["job_id"]))}
            for posting in await prep_read.posting_rows(db, checklist.process.posting_ids if checklist.process else [])
        ]
        response = await _render_checklist(
            datasette,
            request,
            db,
            checklist,
            fmt,
            page_path,
            query,
            similar=similar,
            postings=postings,
            aggregate=bool(rows.company.get("aggregate")),
            **questions_links(datasette, request, page_path, query, include_others),
        )
        if page_key and response.status == 200:
            store(db, page_key, response.body)  # only for companies and processes that exist
        return response
    except PrepError as error:
        return await error_response(datasette, request, error, fmt)


async def _not_a_company_with_a_loop(datasette, request, db, slug: str, fmt: str | None) -> Response:
    """/-/prep/{slug} for a slug that is no company's: its spelling, a company only sources mention, or a 404."""
    canonical = (await prep_read.company_keys(db)).get(name_key(slug)) if slug.isprintable() else None
    if canonical and canonical != slug:
        path = datasette.urls.path(f"/-/prep/{quote(canonical, safe='')}", format=fmt)
        return Response.redirect(path + (f"?{request.query_string}" if request.query_string else ""))
    sources = await prep_read.mentioned_company_sources(db, slug)
    if sources:
        return await _mentioned_company(datasette, request, db, slug, sources, fmt)
    suggestions = _suggestions(datasette, slug, await prep_read.company_names(db))
    raise PrepError(
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
        build_form=await _build_form(db, ""),
    )


async def _build_form(db, company_name: str) -> dict[str, Any]:
    """The build-your-own-loop form: round-type choices, slots starting from the typical loop, the company's name."""
    base_rates = compute_base_rates(await prep_read.base_rate_steps(db))
    typical = [rate.round_type for rate in typical_loop(base_rates)]
    slots = (typical + [""] * CUSTOM_FORM_SLOTS)[: max(CUSTOM_FORM_SLOTS, len(typical) + 1)]
    return {"choices": _round_type_choices(), "slots": slots, "company": company_name[:MAX_COMPANY_NAME]}


async def _mentioned_company(datasette, request, db, slug: str, sources: list[dict], fmt: str | None) -> Response:
    base_rates = compute_base_rates(await prep_read.base_rate_steps(db))
    company = build_mentioned_company(slug, sources, base_rates)
    typical_query = urlencode(
        {"rounds": ",".join(rate.round_type for rate in company.typical_loop), "company": company.name}
    )
    typical_url = datasette.urls.path("/-/prep") + "?" + typical_query
    if fmt == "json":
        return Response.json(
            {
                "kind": "mentioned_company",
                "company": {"slug": company.slug, "name": company.name},
                "has_loop": False,
                "sources": company.sources,
                "typical_loop": [rate.model_dump(mode="json") for rate in company.typical_loop],
                "typical_checklist_url": datasette.absolute_url(request, typical_url),
            },
            headers=_download_headers(company.slug, "json"),
        )
    if fmt is not None:
        raise PrepError(
            404,
            "No checklist to export",
            f"The data has no interview loop for {company.name}, so there is no checklist to export. "
            "Build one from the rounds you were told about, or start from the typical loop, and export that.",
        )
    context = {
        **_base_context(datasette),
        "company": company,
        "typical_url": typical_url,
        "process_total": base_rates[0].total_processes if base_rates else 0,
        "build_form": await _build_form(db, company.name),
        "company_sources_url": _source_filter_url(datasette, db.name, companies=slug),
        "json_url": datasette.urls.path(f"/-/prep/{quote(slug, safe='')}", format="json"),
    }
    return Response.html(await datasette.render_template("prep_mentioned.html", context, request=request))


# --- /-/prep/compare ----------------------------------------------------------------------------------


def _compare_slugs(request) -> list[str]:
    """company=a&company=b or company=a,b -> slugs in order, repeats dropped."""
    slugs = []
    for value in request.args.getlist("company"):
        for part in value.split(","):
            slug = part.strip()[:MAX_SLUG]
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


async def prep_compare(datasette, request) -> Response:
    fmt = request.url_vars.get("format")
    try:
        check_method(request.method)
        db = interview_database(datasette)
        if db is None:
            raise no_database()
        directory = await prep_read.company_names(db)
        slugs = _compare_slugs(request)
        if not slugs and fmt is None:
            return await _compare_page(datasette, request, directory, None, [])
        if not MIN_COMPANIES <= len(slugs) <= MAX_COMPANIES:
            raise PrepError(
                400,
                "Pick two or three companies",
                f"Compare takes {MIN_COMPANIES} or {MAX_COMPANIES} different companies, "
                f"as company=a&company=b; {len(slugs)} {'was' if len(slugs) == 1 else 'were'} given.",
                compare_form=True,
                companies=directory,
            )
        checklists = []
        knowledge = await prep_read.knowledge(db)
        known = {row["slug"] for row in directory}
        keys = await prep_read.company_keys(db)
        for index, slug in enumerate(slugs):
            rows = await prep_read.company_rows(db, keys.get(name_key(slug), slugify(slug)))
            if rows is None:
                # Each suggestion links to the same comparison with the unknown company replaced.
                suggestions = []
                for suggestion in _suggestions(datasette, slug, directory):
                    replaced = [suggestion["slug"] if i == index else other for i, other in enumerate(slugs)]
                    query = urlencode([("company", other) for other in replaced if other in known])
                    suggestions.append({**suggestion, "url": datasette.urls.path("/-/prep/compare") + "?" + query})
                raise PrepError(
                    404,
                    "Company not found",
                    "One of the companies to compare is not in the data. Did you mean one of these?",
                    suggestions=suggestions,
                    compare_form=True,
                    companies=directory,
                    compare_chosen=[other for other in slugs if other in known],
                )
            try:
                checklists.append(build_checklist(rows, knowledge))
            except UnknownProcess:
                raise PrepError(
                    404,
                    "No loop to compare",
                    f"{rows.company['name']} has no interview process in the data.",
                    compare_form=True,
                    companies=directory,
                ) from None
        compared = [checklist.company.slug for checklist in checklists if checklist.company is not None]
        if len(set(compared)) < len(checklists):
            raise PrepError(
                400,
                "Pick two or three companies",
                "The same company was given twice.",
                compare_form=True,
                companies=directory,
            )
        comparison = build_comparison(checklists)
        company_query = urlencode([("company", slug) for slug in compared])
        page_url = datasette.urls.path("/-/prep/compare") + "?" + company_query
        download_name = "compare-" + "-".join(compared)
        if fmt == "json":
            return Response.json(comparison.model_dump(mode="json"), headers=_download_headers(download_name, "json"))
        if fmt == "md":
            return Response(
                comparison_markdown(comparison, datasette.absolute_url(request, page_url)),
                content_type="text/markdown; charset=utf-8",
                headers=_download_headers(download_name, "md"),
            )
        return await _compare_page(
            datasette,
            request,
            directory,
            comparison,
            compared,
            json_url=datasette.urls.path("/-/prep/compare", format="json") + "?" + company_query,
            md_url=datasette.urls.path("/-/prep/compare", format="md") + "?" + company_query,
        )
    except PrepError as error:
        return await error_response(datasette, request, error, fmt)


async def _compare_page(
    datasette, request, directory: list[dict], comparison, chosen: list[str], **context: Any
) -> Response:
    names = {row["slug"]: row["name"] for row in directory}
    template_context = {
        **_base_context(datasette),
        "comparison": comparison,
        "companies": directory,
        "chosen": chosen + [""] * (MAX_COMPANIES - len(chosen)),
        "compare_action": datasette.urls.path("/-/prep/compare"),
        "company_page": lambda slug: datasette.urls.path(f"/-/prep/{slug}"),
        "company_list": lambda slugs, separator: separator.join(names.get(slug, slug) for slug in slugs),
        "round_type_list": round_type_list,
        "min_companies": MIN_COMPANIES,
        **context,
    }
    return Response.html(await datasette.render_template("prep_compare.html", template_context, request=request))
