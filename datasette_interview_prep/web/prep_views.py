"""/-/prep: pick a company; ?rounds=a,b&company=X a custom loop; ?loop=typical the typical loop.

The two loops also export with ?format=json|md|ics. Each view parses, calls the
planner and hands the checklist to checklist_page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from datasette.utils.asgi import Response

from datasette_interview_prep.core.names import name_key
from datasette_interview_prep.core.slugs import slugify
from datasette_interview_prep.planner.base_rates import typical_loop
from datasette_interview_prep.planner.checklist import (
    MAX_CUSTOM_ROUNDS,
    UnknownRoundTypes,
    build_custom_checklist,
    build_typical_checklist,
    parse_round_types,
)
from datasette_interview_prep.planner.schedule import PLAN_PARAMETERS
from datasette_interview_prep.planner.suggestions import similar_to
from datasette_interview_prep.web import prep_read, registry
from datasette_interview_prep.web.checklist_page import ChecklistExtras, ChecklistRequest, respond_with_checklist
from datasette_interview_prep.web.errors import HttpError, no_database
from datasette_interview_prep.web.prep_forms import MAX_COMPANY_NAME, build_form, prep_context, round_type_choices

if TYPE_CHECKING:
    from datasette.database import Database


async def prep_index(page: registry.PageRequest) -> Response:
    if page.db is None:
        if page.fmt is None and not _wants_checklist(page):
            context = {**prep_context(page.datasette), "no_database": True}
            return Response.html(await page.datasette.render_template("prep_index.html", context, request=page.request))
        raise no_database()
    if "rounds" in page.args:
        return await _custom_checklist(page, page.db)
    if "loop" in page.args:
        return await _typical_checklist(page, page.db)
    if page.fmt is not None:
        raise HttpError(400, "Nothing to export", "format= applies to a checklist: add rounds=... or loop=typical.")
    if "company" in page.args:
        return await _to_company(page, page.db)
    return await _company_picker(page, page.db)


async def _to_company(page: registry.PageRequest, db: Database) -> Response:
    """?company=<name>[&date=...&hours=...] (the picker on /): to that company's checklist, with the plan when a
    date is given; a name no company has leads to the picker, filtered by it."""
    name = " ".join(page.args.get("company", "").split())[:MAX_COMPANY_NAME]
    slug = (await prep_read.company_keys(db)).get(name_key(name)) if name else None
    if slug is None:
        return Response.redirect(registry.page_path(page.datasette, "prep", query={"q": name} if name else None))
    plan = {key: value for key in PLAN_PARAMETERS if (value := (page.args.get(key) or "").strip())}
    if "date" not in plan and "weeks" not in plan:
        plan = {}
    path = registry.page_path(page.datasette, "company", slug=quote(slug, safe=""))
    return Response.redirect(path + (f"?{urlencode(plan)}" if plan else "") + ("#plan" if plan else ""))


def _wants_checklist(page: registry.PageRequest) -> bool:
    return "rounds" in page.args or "loop" in page.args


def _round_types_error(title: str, message: str) -> HttpError:
    return HttpError(400, title, message, round_types=round_type_choices())


async def _custom_checklist(page: registry.PageRequest, db: Database) -> Response:
    try:
        slugs = parse_round_types(page.args.getlist("rounds"))
    except UnknownRoundTypes as error:
        count = len(error.unknown)
        raise _round_types_error(
            "Unknown round type" if count == 1 else "Unknown round types",
            f"{count} of the round types asked for {'is' if count == 1 else 'are'} not known. "
            "Use the slugs below, comma-separated, in the order of your loop.",
        ) from None
    if not slugs:
        raise _round_types_error("No rounds chosen", "Choose at least one round type for your loop.")
    if len(slugs) > MAX_CUSTOM_ROUNDS:
        raise _round_types_error("Too many rounds", f"A loop can have at most {MAX_CUSTOM_ROUNDS} rounds.")
    company_name = " ".join(page.args.get("company", "").split()) or None
    if company_name and len(company_name) > MAX_COMPANY_NAME:
        raise HttpError(400, "Company name too long", f"Keep the company name under {MAX_COMPANY_NAME} characters.")
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, slugs)
    checklist = build_custom_checklist(slugs, knowledge, sources, company_name)
    known_company = await prep_read.company_by_slug(db, slugify(company_name)) if company_name else None
    query = {"rounds": ",".join(slugs), **({"company": company_name} if company_name else {})}
    loops = await prep_read.company_loops(db)
    similar = similar_to(checklist, knowledge, loops, known_company["slug"] if known_company else None)
    wanted = ChecklistRequest(checklist, "/-/prep", query, similar, ChecklistExtras(known_company=known_company))
    return await respond_with_checklist(page, wanted)


async def _typical_checklist(page: registry.PageRequest, db: Database) -> Response:
    if page.args.get("loop") != "typical":
        raise HttpError(400, "Unknown loop", "loop= takes one value: typical.")
    base_rates = await prep_read.base_rates_of(db)
    knowledge = await prep_read.knowledge(db)
    sources = await prep_read.round_type_sources(db, [rate.round_type for rate in typical_loop(base_rates)])
    checklist = build_typical_checklist(base_rates, knowledge, sources)
    return await respond_with_checklist(page, ChecklistRequest(checklist, "/-/prep", {"loop": "typical"}))


async def _company_picker(page: registry.PageRequest, db: Database) -> Response:
    datasette = page.datasette
    directory = await prep_read.company_directory(db)
    base_rates = await prep_read.base_rates_of(db)
    search = " ".join(page.args.get("q", "").split())[:MAX_COMPANY_NAME]
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
    context: dict[str, Any] = {
        **prep_context(datasette),
        "companies": shown,
        "company_count": len(directory),
        "search": search,
        "base_rates": base_rates,
        "typical_slugs": set(typical),
        "process_total": base_rates[0].total_processes if base_rates else 0,
        "build_form": await build_form(db, search if needle and not shown else ""),
        "mentioned": mentioned,
        "mentioned_match": mentioned.get(needle) if needle and not shown else None,
        "typical_url": registry.page_path(datasette, "prep", query={"loop": "typical"}),
        "compare_url": registry.page_path(datasette, "compare"),
        "steps_facet_url": f"{datasette.urls.table(db.name, 'steps')}?_facet=round_type",
    }
    return Response.html(await datasette.render_template("prep_index.html", context, request=page.request))
